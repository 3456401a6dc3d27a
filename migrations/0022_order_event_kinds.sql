-- +goose Up
-- Two more kinds in an order's trail. SQLite cannot change a CHECK, so order_events is rebuilt
-- with every row and its index kept:
--   - undelivered: a delivered order back with its claimer (delivered → claimed), because the
--     claimer took back a "Delivered" pressed by mistake or the household says it never came;
--   - amended: items added to an open order (duplicates), which the trail could not hold.

CREATE TABLE order_events_new (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,                -- unix milliseconds
    actor       INTEGER NOT NULL DEFAULT 0,      -- user id; 0 is the system (the SLA sweep)
    kind        TEXT    NOT NULL CHECK (kind IN ('placed', 'claimed', 'released', 'delivered',
                    'received', 'cancelled', 'expired', 'escalated', 'reopened', 'undelivered', 'amended')),
    from_status TEXT    NOT NULL DEFAULT '',     -- '' for placed
    to_status   TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT ''      -- e.g. why it was released
) STRICT;
INSERT INTO order_events_new (id, order_id, at, actor, kind, from_status, to_status, detail)
    SELECT id, order_id, at, actor, kind, from_status, to_status, detail FROM order_events;
DROP TABLE order_events;
ALTER TABLE order_events_new RENAME TO order_events;
CREATE INDEX order_events_order ON order_events (order_id, id);

-- +goose Down
CREATE TABLE order_events_old (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    actor       INTEGER NOT NULL DEFAULT 0,
    kind        TEXT    NOT NULL CHECK (kind IN ('placed', 'claimed', 'released', 'delivered',
                    'received', 'cancelled', 'expired', 'escalated', 'reopened')),
    from_status TEXT    NOT NULL DEFAULT '',
    to_status   TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT ''
) STRICT;
INSERT INTO order_events_old (id, order_id, at, actor, kind, from_status, to_status, detail)
    SELECT id, order_id, at, actor, kind, from_status, to_status, detail FROM order_events
    WHERE kind NOT IN ('undelivered', 'amended');
DROP TABLE order_events;
ALTER TABLE order_events_old RENAME TO order_events;
CREATE INDEX order_events_order ON order_events (order_id, id);
