-- +goose Up
-- An order urgent by its category (medicine) or its resident's word comes before one urgent only
-- because its household is vulnerable (issue 3's default, which makes all of theirs urgent): an
-- urgent insulin order no longer waits behind a vulnerable household's batteries.
ALTER TABLE orders ADD COLUMN asked_urgent INTEGER NOT NULL DEFAULT 0 CHECK (asked_urgent IN (0, 1));
-- Orders placed before this cannot tell a vulnerable household's default from its word: their
-- urgent orders count as asked only for medicine, the category urgent by default.
UPDATE orders SET asked_urgent = 1 WHERE urgent = 1 AND (vulnerable = 0 OR category = 'medicine');

DROP INDEX orders_queue;
CREATE INDEX orders_queue ON orders (zone, category, urgent DESC, asked_urgent DESC, vulnerable DESC, created_at, id)
    WHERE status = 'open';
DROP INDEX orders_queue_all;
CREATE INDEX orders_queue_all ON orders (urgent DESC, asked_urgent DESC, vulnerable DESC, created_at, id)
    WHERE status = 'open';

-- +goose Down
DROP INDEX orders_queue;
CREATE INDEX orders_queue ON orders (zone, category, urgent DESC, vulnerable DESC, created_at, id)
    WHERE status = 'open';
DROP INDEX orders_queue_all;
CREATE INDEX orders_queue_all ON orders (urgent DESC, vulnerable DESC, created_at, id)
    WHERE status = 'open';
ALTER TABLE orders DROP COLUMN asked_urgent;
