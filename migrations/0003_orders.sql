-- +goose Up
-- Orders: help a household asked for, routed to the queue of its zone and category, claimed by one
-- volunteer, delivered, confirmed. Owned by package orders; every change is one conditional UPDATE
-- (status and version) plus one row in order_events.

CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    household_id     INTEGER NOT NULL REFERENCES households (id),
    placed_by        INTEGER NOT NULL,              -- user id: resident, relative or grid worker
    zone             TEXT    NOT NULL,              -- copied from the household when placed
    building         TEXT    NOT NULL DEFAULT '',   -- copied too: routing and the pre-claim view
    category         TEXT    NOT NULL,              -- a category key of the catalog
    shape            TEXT    NOT NULL CHECK (shape IN ('delivery', 'pickup', 'work', 'remote')),
    items            TEXT    NOT NULL CHECK (items <> ''),
    quantity         TEXT    NOT NULL DEFAULT '',   -- free text: "5kg", "2 bags", "12 head", "3 mu"
    urgent           INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    vulnerable       INTEGER NOT NULL DEFAULT 0 CHECK (vulnerable IN (0, 1)), -- the household, when placed
    prescription     INTEGER NOT NULL DEFAULT 0 CHECK (prescription IN (0, 1)),
    note             TEXT    NOT NULL DEFAULT '',
    recurring        TEXT    NOT NULL DEFAULT '' CHECK (recurring IN ('', 'daily')),
    status           TEXT    NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'claimed', 'delivered', 'received', 'cancelled', 'expired')),
    version          INTEGER NOT NULL DEFAULT 1,
    claimed_by       INTEGER,                       -- user id of the volunteer holding it
    created_at       INTEGER NOT NULL,              -- unix milliseconds, like every time below
    claimed_at       INTEGER,
    delivered_at     INTEGER,
    received_at      INTEGER,
    cancelled_at     INTEGER,
    expired_at       INTEGER,
    claim_deadline   INTEGER,                       -- open and unclaimed by then: escalate
    deliver_deadline INTEGER,                       -- claimed and undelivered by then: remind, release
    escalated        INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    rating           INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5), -- 0: none given
    comment          TEXT    NOT NULL DEFAULT '',
    delivery_photo   TEXT    NOT NULL DEFAULT '',   -- a Telegram file id
    CHECK (status <> 'open' OR claimed_by IS NULL),
    CHECK (status NOT IN ('claimed', 'delivered', 'received') OR claimed_by IS NOT NULL)
) STRICT;

-- The volunteer queue: open orders of some zones and categories, urgent first, then vulnerable
-- households, then oldest. Partial, so it holds only what is waiting however many orders are done.
CREATE INDEX orders_queue ON orders (zone, category, urgent DESC, vulnerable DESC, created_at, id)
    WHERE status = 'open';
-- The same order over every zone and category (an admin's view, a widened queue): no sorting.
CREATE INDEX orders_queue_all ON orders (urgent DESC, vulnerable DESC, created_at, id)
    WHERE status = 'open';
-- A household's orders, newest first (/orders) and its open count (the per-household limit).
CREATE INDEX orders_household ON orders (household_id, created_at DESC, id DESC);
-- A volunteer's tasks (/mytasks).
CREATE INDEX orders_claimer ON orders (claimed_by, status) WHERE claimed_by IS NOT NULL;
-- The SLA sweep: open orders past their claim deadline, claimed ones past their delivery deadline,
-- and open orders older than an expiry cutoff.
CREATE INDEX orders_claim_due ON orders (claim_deadline) WHERE status = 'open' AND escalated = 0;
CREATE INDEX orders_deliver_due ON orders (deliver_deadline) WHERE status = 'claimed';
CREATE INDEX orders_open_age ON orders (created_at) WHERE status = 'open';

-- The trail of every order: one row per transition, written in the transition's transaction.
CREATE TABLE order_events (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,                -- unix milliseconds
    actor       INTEGER NOT NULL DEFAULT 0,      -- user id; 0 is the system (the SLA sweep)
    kind        TEXT    NOT NULL CHECK (kind IN ('placed', 'claimed', 'released', 'delivered',
                    'received', 'cancelled', 'expired', 'escalated', 'reopened')),
    from_status TEXT    NOT NULL DEFAULT '',     -- '' for placed
    to_status   TEXT    NOT NULL,
    detail      TEXT    NOT NULL DEFAULT ''      -- e.g. why it was released
) STRICT;
CREATE INDEX order_events_order ON order_events (order_id, id);

-- +goose Down
DROP TABLE order_events;
DROP TABLE orders;
