-- +goose Up
-- Roles beyond resident, conversation state of guided flows, relatives' link codes, and the
-- per-user message counter behind the abuse limit.

CREATE TABLE user_roles (
    user_id    INTEGER NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('admin', 'gridworker', 'counsellor', 'volunteer')),
    granted_by INTEGER NOT NULL DEFAULT 0,       -- 0: configuration or the program
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
) STRICT;

-- One guided flow per user at a time (registration, an order, ...); it survives restarts and
-- expires when untouched for long.
CREATE TABLE conversations (
    user_id    INTEGER PRIMARY KEY,
    flow       TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    data       TEXT    NOT NULL DEFAULT '{}',    -- JSON object of strings
    updated_at INTEGER NOT NULL
) STRICT;

-- One-time codes a household gives a relative (deep link start=f_<code>) to act for it.
CREATE TABLE link_codes (
    code         TEXT    PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    created_by   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_by      INTEGER,
    used_at      INTEGER
) STRICT;

-- Messages per user in the current minute (fixed window), for limits.messages_per_minute.
CREATE TABLE message_counts (
    user_id INTEGER PRIMARY KEY,
    minute  INTEGER NOT NULL,                    -- unix time / 60
    count   INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE message_counts;
DROP TABLE link_codes;
DROP TABLE conversations;
DROP TABLE user_roles;
