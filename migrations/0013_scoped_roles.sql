-- +goose Up
-- Scoped roles (issue 12): a role may be limited to some zones, and organisers (supply rounds)
-- join the roles. SQLite cannot change a CHECK, so user_roles is rebuilt; every existing grant
-- keeps working with zones '' (every zone). The audit log records the scope an action ran with.

CREATE TABLE user_roles_new (
    user_id    INTEGER NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('admin', 'gridworker', 'organizer', 'counsellor', 'volunteer')),
    zones      TEXT    NOT NULL DEFAULT '',      -- comma list of zone keys; '' = every zone
    granted_by INTEGER NOT NULL DEFAULT 0,       -- 0: configuration or the program
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
) STRICT;
INSERT INTO user_roles_new (user_id, role, granted_by, granted_at)
    SELECT user_id, role, granted_by, granted_at FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

ALTER TABLE audit_log ADD COLUMN scope TEXT NOT NULL DEFAULT '';   -- '' = global; else comma list of zones

-- +goose Down
ALTER TABLE audit_log DROP COLUMN scope;
CREATE TABLE user_roles_old (
    user_id    INTEGER NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('admin', 'gridworker', 'counsellor', 'volunteer')),
    granted_by INTEGER NOT NULL DEFAULT 0,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
) STRICT;
INSERT INTO user_roles_old (user_id, role, granted_by, granted_at)
    SELECT user_id, role, granted_by, granted_at FROM user_roles WHERE role <> 'organizer';
DROP TABLE user_roles;
ALTER TABLE user_roles_old RENAME TO user_roles;
