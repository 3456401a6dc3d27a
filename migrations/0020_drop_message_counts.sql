-- +goose Up
-- The per-minute message counts live in memory now (people.MessageCounts): a flood limit needs
-- no history, and the row written for every message was one more page in every commit (issue 17).
DROP TABLE message_counts;

-- +goose Down
CREATE TABLE message_counts (
    user_id INTEGER PRIMARY KEY,
    minute  INTEGER NOT NULL,                    -- unix time / 60
    count   INTEGER NOT NULL
) STRICT;
