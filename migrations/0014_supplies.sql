-- +goose Up
-- Supply rounds (package supplies): free distributions to every household of an audience and
-- group buys (团购接龙) households sign up for; their items, the sign-ups with stock taken by one
-- conditional UPDATE and a waiting list in arrival order; and, once a round is closed, one or
-- more delivery batches per building with a row per household to tick off.

CREATE TABLE supply_rounds (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('distribution', 'groupbuy')),
    title          TEXT    NOT NULL CHECK (title <> ''),
    audience       TEXT    NOT NULL,              -- all | zone:<key> | zone:<key>/<building>
    handover       TEXT    NOT NULL DEFAULT 'door' CHECK (handover IN ('door', 'pickup')),
    pickup_point   TEXT    NOT NULL DEFAULT '',
    slot_minutes   INTEGER NOT NULL DEFAULT 0 CHECK (slot_minutes BETWEEN 0 AND 1440),
    pickup_start   INTEGER NOT NULL DEFAULT 0,    -- unix ms: the first building's slot
    min_households INTEGER NOT NULL DEFAULT 0 CHECK (min_households >= 0),
    cutoff_at      INTEGER NOT NULL,              -- unix milliseconds, like every time below
    status         TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN
                   ('draft', 'approved', 'open', 'closed', 'delivering', 'done', 'cancelled')),
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     INTEGER NOT NULL,
    approved_by    INTEGER NOT NULL DEFAULT 0,
    reason         TEXT    NOT NULL DEFAULT '',   -- why it was cancelled
    created_at     INTEGER NOT NULL,
    opened_at      INTEGER NOT NULL DEFAULT 0,
    closed_at      INTEGER NOT NULL DEFAULT 0,
    finished_at    INTEGER NOT NULL DEFAULT 0     -- done or cancelled
) STRICT;
-- The cut-off job: open rounds whose cut-off has come.
CREATE INDEX supply_rounds_cutoff ON supply_rounds (cutoff_at) WHERE status = 'open';
CREATE INDEX supply_rounds_status ON supply_rounds (status, id);

CREATE TABLE supply_items (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES supply_rounds (id) ON DELETE CASCADE,
    no         INTEGER NOT NULL CHECK (no >= 1),  -- the number people type: /buy R3 2x1
    name       TEXT    NOT NULL CHECK (name <> ''),
    unit       TEXT    NOT NULL DEFAULT '',       -- 份, 袋, kg
    price      INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0), -- fen; shown only, settled outside
    max_qty    INTEGER NOT NULL DEFAULT 1 CHECK (max_qty >= 1), -- per household
    stock      INTEGER CHECK (stock IS NULL OR stock >= 1),     -- NULL: no limit
    taken      INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
    UNIQUE (round_id, no),
    CHECK (stock IS NULL OR taken <= stock)
) STRICT;

CREATE TABLE supply_signups (
    id           INTEGER PRIMARY KEY,            -- arrival order: the waiting list's order
    round_id     INTEGER NOT NULL REFERENCES supply_rounds (id) ON DELETE CASCADE,
    household_id INTEGER NOT NULL REFERENCES households (id),
    item_id      INTEGER NOT NULL REFERENCES supply_items (id) ON DELETE CASCADE,
    quantity     INTEGER NOT NULL CHECK (quantity >= 1),
    status       TEXT    NOT NULL CHECK (status IN ('confirmed', 'waiting')),
    signed_by    INTEGER NOT NULL,               -- the resident, a relative or a grid worker
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (round_id, household_id, item_id)
) STRICT;
CREATE INDEX supply_signups_waiting ON supply_signups (item_id, id) WHERE status = 'waiting';
CREATE INDEX supply_signups_household ON supply_signups (household_id, round_id);

CREATE TABLE supply_batches (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES supply_rounds (id) ON DELETE CASCADE,
    zone        TEXT    NOT NULL,
    building    TEXT    NOT NULL,
    part        INTEGER NOT NULL DEFAULT 1,       -- a building over 40 households has several
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
    version     INTEGER NOT NULL DEFAULT 1,
    claimed_by  INTEGER,
    claimed_at  INTEGER NOT NULL DEFAULT 0,
    deadline    INTEGER NOT NULL,                 -- not done by then: escalated once
    escalated   INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    slot_at     INTEGER NOT NULL DEFAULT 0,       -- pickup mode: the building's slot
    slot_told   INTEGER NOT NULL DEFAULT 0 CHECK (slot_told IN (0, 1)),
    done_at     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (round_id, zone, building, part),
    CHECK (status <> 'open' OR claimed_by IS NULL)
) STRICT;
CREATE INDEX supply_batches_queue ON supply_batches (zone, round_id, id) WHERE status = 'open';
CREATE INDEX supply_batches_claimer ON supply_batches (claimed_by) WHERE status = 'claimed';
CREATE INDEX supply_batches_due ON supply_batches (deadline) WHERE status IN ('open', 'claimed') AND escalated = 0;
CREATE INDEX supply_batches_slot ON supply_batches (slot_at) WHERE slot_told = 0 AND slot_at > 0;

CREATE TABLE supply_deliveries (
    batch_id     INTEGER NOT NULL REFERENCES supply_batches (id) ON DELETE CASCADE,
    household_id INTEGER NOT NULL REFERENCES households (id),
    round_id     INTEGER NOT NULL,
    seq          INTEGER NOT NULL,                -- building → unit → room order within the batch
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'delivered', 'nobody_home', 'received')),
    at           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (batch_id, household_id)
) STRICT;
CREATE INDEX supply_deliveries_household ON supply_deliveries (household_id, round_id);
CREATE INDEX supply_deliveries_round ON supply_deliveries (round_id, status);

-- A notice that announces a round carries the round's buttons to each recipient.
ALTER TABLE notices ADD COLUMN round_id INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE notices DROP COLUMN round_id;
DROP TABLE supply_deliveries;
DROP TABLE supply_batches;
DROP TABLE supply_signups;
DROP TABLE supply_items;
DROP TABLE supply_rounds;
