-- +goose Up
-- The foundation: durable intake, the outbox, chats and users.

-- Every update Telegram delivered, committed before Telegram is told it was received.
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    body        TEXT    NOT NULL,             -- the update as JSON
    received_at INTEGER NOT NULL,             -- unix milliseconds
    done_at     INTEGER,                      -- set in the transaction of the handler's effects
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX inbox_pending ON inbox (update_id) WHERE done_at IS NULL;
CREATE INDEX inbox_done_at ON inbox (done_at) WHERE done_at IS NOT NULL;

-- Chats the bot talks to; unreachable ones (403: blocked, deactivated) are not sent to again
-- until the user writes to the bot.
CREATE TABLE chats (
    chat_id        INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL DEFAULT 'private' CHECK (kind IN ('private', 'group', 'supergroup', 'channel')),
    unreachable_at INTEGER,
    reason         TEXT    NOT NULL DEFAULT ''
) STRICT;

-- People who have written to the bot.
CREATE TABLE users (
    user_id    INTEGER PRIMARY KEY,
    first_name TEXT    NOT NULL DEFAULT '',
    lang       TEXT    NOT NULL CHECK (lang IN ('zh', 'en')),
    lang_set   INTEGER NOT NULL DEFAULT 0,   -- 1 once the user chose a language themselves
    is_admin   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL
) STRICT;

-- Everything the bot sends goes through here. status: pending → sending → sent | failed |
-- unreachable; a row found in 'sending' at start had an unknown outcome and is recorded so.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    priority    INTEGER NOT NULL DEFAULT 1,  -- 0 reply to the user who just wrote, 1 notification, 2 broadcast
    payload     TEXT    NOT NULL,            -- outbox.Message as JSON
    dedup_key   TEXT,                        -- e.g. 'run:12' with chat_id: one row per recipient
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unreachable')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    unknown     INTEGER NOT NULL DEFAULT 0,  -- sends whose outcome was unknown (timeout after writing, crash)
    not_before  INTEGER NOT NULL DEFAULT 0,  -- unix ms; backoff after 5xx and network errors
    message_id  INTEGER,                     -- Telegram's id once sent
    error       TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    UNIQUE (dedup_key, chat_id)
) STRICT;
CREATE INDEX outbox_due ON outbox (priority, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_chat ON outbox (chat_id, id) WHERE status IN ('pending', 'sending');

-- +goose Down
DROP TABLE outbox;
DROP TABLE users;
DROP TABLE chats;
DROP TABLE inbox;
