-- +goose Up
-- Households (residents' homes) and who may act for each: the resident themself, relatives, and
-- the grid workers who register elderly people without a smartphone.

CREATE TABLE households (
    id             INTEGER PRIMARY KEY,
    zone           TEXT    NOT NULL,              -- a zone key from config
    building       TEXT    NOT NULL,              -- 楼栋, e.g. "3号楼"
    unit           TEXT    NOT NULL DEFAULT '',   -- 单元
    room           TEXT    NOT NULL,              -- 门牌号
    name           TEXT    NOT NULL,              -- contact person
    phone          TEXT    NOT NULL,              -- digits, optional leading +
    size           INTEGER NOT NULL DEFAULT 1 CHECK (size BETWEEN 1 AND 30),
    vulnerable     TEXT    NOT NULL DEFAULT '',   -- comma list: elderly_alone,chronic,pregnant,disabled,infant
    monitored      INTEGER NOT NULL DEFAULT 0,    -- under home health monitoring (daily check-in)
    registered_by  INTEGER,                       -- user id of who registered it (self or grid worker)
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX households_zone ON households (zone, building);
CREATE INDEX households_phone ON households (phone);

CREATE TABLE household_members (
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    relation     TEXT    NOT NULL CHECK (relation IN ('self', 'relative', 'gridworker')),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (household_id, user_id)
) STRICT;
CREATE INDEX household_members_user ON household_members (user_id);

-- +goose Down
DROP TABLE household_members;
DROP TABLE households;
