-- +goose Up
-- Bookkeeping of the group mirrors and the SLA sweep (handlers/groups.go, handlers/sweep.go).

-- The language of a group's cards: that of the admin who bound it (/bindqueue).
CREATE TABLE group_langs (
    chat_id INTEGER PRIMARY KEY,
    lang    TEXT    NOT NULL CHECK (lang IN ('zh', 'en'))
) STRICT;

-- The card of an order posted in a group chat: the outbox row that sent it, so later edits
-- (claimed, back in the queue, cancelled) can name it before Telegram has given it a message id,
-- and the language it was posted in, which its edits keep.
CREATE TABLE group_cards (
    order_id  INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    chat_id   INTEGER NOT NULL,
    outbox_id INTEGER NOT NULL,
    lang      TEXT    NOT NULL CHECK (lang IN ('zh', 'en')),
    PRIMARY KEY (order_id, chat_id)
) STRICT;

-- A claimer reminded of an overdue delivery, once per claim (its delivery deadline).
CREATE TABLE sla_reminders (
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    deadline    INTEGER NOT NULL,                -- the claim's deliver_deadline, unix ms
    reminded_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, deadline)
) STRICT;

-- A daily order done and placed again for the next day: from_id was followed by to_id.
CREATE TABLE order_repeats (
    from_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    to_id   INTEGER NOT NULL,
    at      INTEGER NOT NULL
) STRICT;
-- The sweep looks for daily orders to repeat: few among many.
CREATE INDEX orders_recurring ON orders (id) WHERE recurring = 'daily';

-- +goose Down
DROP INDEX orders_recurring;
DROP TABLE order_repeats;
DROP TABLE sla_reminders;
DROP TABLE group_cards;
DROP TABLE group_langs;
