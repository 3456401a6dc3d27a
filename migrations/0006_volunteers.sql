-- +goose Up
-- Volunteers (the role 'volunteer' in user_roles says who is one; this says what they serve),
-- their one-time invites, and the group chats that mirror a queue.

CREATE TABLE volunteers (
    user_id    INTEGER PRIMARY KEY,
    zones      TEXT    NOT NULL DEFAULT '',   -- comma list of zone keys; '' = every zone
    categories TEXT    NOT NULL DEFAULT '',   -- comma list of category keys; '' = every category
    on_duty    INTEGER NOT NULL DEFAULT 1 CHECK (on_duty IN (0, 1)),
    invited_by INTEGER NOT NULL DEFAULT 0,
    joined_at  INTEGER NOT NULL,
    active_at  INTEGER NOT NULL               -- last claim, delivery or duty change
) STRICT;

CREATE TABLE volunteer_invites (
    code       TEXT    PRIMARY KEY,
    zones      TEXT    NOT NULL DEFAULT '',   -- the zones the volunteer will serve; '' = every zone
    created_by INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by    INTEGER,
    used_at    INTEGER
) STRICT;

-- A group chat bound by an admin to mirror the queue of some zones: new orders are posted there as
-- cards with a Claim button.
CREATE TABLE group_queues (
    chat_id  INTEGER PRIMARY KEY,
    zones    TEXT    NOT NULL DEFAULT '',     -- '' = every zone
    bound_by INTEGER NOT NULL,
    bound_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE group_queues;
DROP TABLE volunteer_invites;
DROP TABLE volunteers;
