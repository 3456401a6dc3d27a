-- +goose Up
-- Notices: broadcasts now and on a schedule. The database is the record of what is scheduled
-- and what was sent: a schedule firing only inserts a run under UNIQUE (notice_id,
-- scheduled_for), and a run is expanded into one outbox row per recipient under the outbox's
-- UNIQUE (dedup_key, chat_id) with dedup_key 'run:<run id>'. See package notices.

-- One notice: sent once (spec '') or on a cron schedule in the configured time zone.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    author      INTEGER NOT NULL,                -- the admin's user id; progress and reports go there
    audience    TEXT    NOT NULL,                -- all | residents | volunteers | zone:<key>[/<building>]
    text        TEXT    NOT NULL,                -- as the admin typed it (cleaned); escaped when rendered
    spec        TEXT    NOT NULL DEFAULT '',     -- five cron fields or a descriptor; '' = once
    urgent      INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),  -- 1: not held by quiet hours
    state       TEXT    NOT NULL DEFAULT 'active' CHECK (state IN ('draft', 'active', 'cancelled')),
    created_at  INTEGER NOT NULL,                -- unix ms
    last_run_at INTEGER NOT NULL DEFAULT 0       -- unix ms: the newest scheduled time recorded as a run
) STRICT;
CREATE INDEX notices_scheduled ON notices (state) WHERE spec <> '';

-- One sending of a notice. state: pending (waiting for send_after) → expanding (outbox rows being
-- added, cursor = last user id added) → sending → done; or skipped (missed by more than the
-- catch-up window), paused, cancelled.
CREATE TABLE notice_runs (
    id            INTEGER PRIMARY KEY,
    notice_id     INTEGER NOT NULL REFERENCES notices (id),
    scheduled_for INTEGER NOT NULL,              -- unix ms: when the schedule (or the admin) said
    send_after    INTEGER NOT NULL,              -- unix ms: later than scheduled_for in quiet hours
    state         TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'expanding', 'sending', 'done', 'skipped', 'cancelled', 'paused')),
    cursor        INTEGER NOT NULL DEFAULT 0,    -- expansion: recipients up to this user id are in the outbox
    expanded      INTEGER NOT NULL DEFAULT 0 CHECK (expanded IN (0, 1)),
    recipients    INTEGER NOT NULL DEFAULT 0,    -- the audience's size when expansion began
    status_id     INTEGER,                       -- outbox id of the author's progress message
    status_text   TEXT    NOT NULL DEFAULT '',   -- what it shows now (an edit to the same text is refused)
    status_at     INTEGER NOT NULL DEFAULT 0,    -- unix ms of its last edit
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    UNIQUE (notice_id, scheduled_for)
) STRICT;
CREATE INDEX notice_runs_open ON notice_runs (state)
    WHERE state IN ('pending', 'expanding', 'sending', 'paused');

-- +goose Down
DROP TABLE notice_runs;
DROP TABLE notices;
