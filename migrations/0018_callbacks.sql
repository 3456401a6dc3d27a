-- +goose Up
-- Call-back requests (orders/callbacks.go): a household presses "please call me"; the grid
-- workers of its zone see the request without the phone, one claims it and gets the phone, and
-- marks it done with a one-line outcome. At most one request per household is under way.
CREATE TABLE callbacks (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id),
    zone         TEXT    NOT NULL,
    building     TEXT    NOT NULL DEFAULT '',
    requested_by INTEGER NOT NULL,                 -- user id of who pressed the button
    status       TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done')),
    version      INTEGER NOT NULL DEFAULT 1,
    claimed_by   INTEGER,
    created_at   INTEGER NOT NULL,                 -- unix ms, like every time here
    claimed_at   INTEGER,
    done_at      INTEGER,
    outcome      TEXT    NOT NULL DEFAULT '',      -- the grid worker's one line
    CHECK (status <> 'open' OR claimed_by IS NULL)
) STRICT;
-- One request under way per household: a second press finds the first.
CREATE UNIQUE INDEX callbacks_one_open ON callbacks (household_id) WHERE status IN ('open', 'claimed');
CREATE INDEX callbacks_queue ON callbacks (zone, created_at) WHERE status = 'open';

-- +goose Down
DROP TABLE callbacks;
