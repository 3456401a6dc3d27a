-- +goose Up
-- A claim moves an order from open to claimed, and every index whose key or condition names the
-- status is rewritten by it: 200 volunteers claiming at 8:00 pay for each (issue 17). Two were
-- rewritten for little:
--
-- orders_open_age served only orders.ExpireOpen, which nothing called (removed).
DROP INDEX orders_open_age;
-- orders_status (every order, by status) served only the metrics scrape's counts by state, and a
-- claim deleted and re-inserted its entry. The open and claimed orders are counted from their own
-- partial indexes; the finished ones from this index, which a claim does not touch: an order
-- enters it when it is delivered, cancelled or expired.
DROP INDEX orders_status;
CREATE INDEX orders_done ON orders (status) WHERE status NOT IN ('open', 'claimed');

-- +goose Down
DROP INDEX orders_done;
CREATE INDEX orders_status ON orders (status) WHERE status <> '';
CREATE INDEX orders_open_age ON orders (created_at) WHERE status = 'open';
