-- +goose Up
-- Every message that shows an order with a button on it (orders/cards.go): a group mirror's card,
-- an urgent or escalated order pushed to a volunteer, a /queue page in a private chat (one row
-- per order on the page), and the claimer's card with the address. When the order changes, each
-- is edited so that no message offers Claim for an order someone took, and no claimer's card
-- keeps the address of a task that is no longer theirs. group_cards, which tracked the group
-- mirrors alone, is folded into it.
CREATE TABLE order_cards (
    outbox_id  INTEGER NOT NULL,                 -- the message, by its outbox row: edits name it
    order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    chat_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('group', 'push', 'queue', 'task')),
    lang       TEXT    NOT NULL CHECK (lang IN ('zh', 'en')),
    position   INTEGER NOT NULL DEFAULT 0,       -- the order's place on a /queue page
    more       TEXT    NOT NULL DEFAULT '',      -- a /queue page's next-page button data
    created_at INTEGER NOT NULL,                 -- unix ms; the sweep drops old rows
    PRIMARY KEY (outbox_id, order_id)
) STRICT;
CREATE INDEX order_cards_order ON order_cards (order_id);
CREATE INDEX order_cards_created ON order_cards (created_at);
-- A pressed /queue page or claimer's card is found by its chat and Telegram message id.
CREATE INDEX order_cards_chat ON order_cards (chat_id, outbox_id);

INSERT INTO order_cards (outbox_id, order_id, chat_id, kind, lang, created_at)
    SELECT g.outbox_id, g.order_id, g.chat_id, 'group', g.lang, COALESCE(o.created_at, 0)
    FROM group_cards g LEFT JOIN outbox o ON o.id = g.outbox_id;
DROP TABLE group_cards;

-- +goose Down
CREATE TABLE group_cards (
    order_id  INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    chat_id   INTEGER NOT NULL,
    outbox_id INTEGER NOT NULL,
    lang      TEXT    NOT NULL CHECK (lang IN ('zh', 'en')),
    PRIMARY KEY (order_id, chat_id)
) STRICT;
INSERT OR IGNORE INTO group_cards (order_id, chat_id, outbox_id, lang)
    SELECT order_id, chat_id, outbox_id, lang FROM order_cards WHERE kind = 'group';
DROP INDEX order_cards_chat;
DROP INDEX order_cards_created;
DROP INDEX order_cards_order;
DROP TABLE order_cards;
