-- +goose Up
-- Daily check-ins of households under home health monitoring (households.monitored). The
-- database is the record of what was asked: one row per household and local day, so a restart
-- never prompts twice and a prompt missed while the bot was down is sent once when it is back.

CREATE TABLE checkin_days (
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    day          TEXT    NOT NULL,               -- local day in the configured zone, "20261129"
    prompted_at  INTEGER NOT NULL,
    answer       TEXT    CHECK (answer IN ('ok', 'help', 'sick')),  -- NULL: no answer yet
    answered_by  INTEGER,
    answered_at  INTEGER,
    temperature  TEXT,                           -- "36.x", "37.x", "38+" or typed "37.8"
    temp_open    INTEGER NOT NULL DEFAULT 0 CHECK (temp_open IN (0, 1)),  -- a temperature is asked for
    PRIMARY KEY (household_id, day)
) STRICT;
CREATE INDEX checkin_days_day ON checkin_days (day, answer);

-- Which outbox row carried each member's prompt, so the first answer can edit all of them.
CREATE TABLE checkin_prompts (
    household_id INTEGER NOT NULL,
    day          TEXT    NOT NULL,
    user_id      INTEGER NOT NULL,
    outbox_id    INTEGER NOT NULL,
    PRIMARY KEY (household_id, day, user_id),
    FOREIGN KEY (household_id, day) REFERENCES checkin_days (household_id, day) ON DELETE CASCADE
) STRICT;

-- The day's list of silent households, sent once at the deadline.
CREATE TABLE checkin_deadlines (
    day     TEXT    PRIMARY KEY,
    sent_at INTEGER NOT NULL,
    silent  INTEGER NOT NULL                     -- households listed
) STRICT;

-- +goose Down
DROP TABLE checkin_deadlines;
DROP TABLE checkin_prompts;
DROP TABLE checkin_days;
