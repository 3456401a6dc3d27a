-- +goose Up
-- The audit log: one row per admin action (a command, a button press) and per run of the
-- command-line tools (import, export, purge, backup). Append-only: the triggers below refuse
-- every UPDATE and DELETE, so a row, once written, stays as it was. See package audit.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,                    -- unix milliseconds
    actor   INTEGER NOT NULL DEFAULT 0,          -- Telegram user id; 0: the command line or the bot itself
    source  TEXT    NOT NULL CHECK (source IN ('command', 'button', 'cli', 'system')),
    action  TEXT    NOT NULL,                    -- "grant", "button:n:s", "purge", ...
    args    TEXT    NOT NULL DEFAULT '',         -- cleaned and shortened: never a phone, a name or an address
    outcome TEXT    NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed'))
) STRICT;
CREATE INDEX audit_log_actor ON audit_log (actor, id);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- The purge's marks: when an order's texts and a household's name, phone and address were
-- anonymised (package retention). NULL: never.
ALTER TABLE orders ADD COLUMN purged_at INTEGER;
ALTER TABLE households ADD COLUMN purged_at INTEGER;

-- +goose Down
ALTER TABLE households DROP COLUMN purged_at;
ALTER TABLE orders DROP COLUMN purged_at;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_log;
