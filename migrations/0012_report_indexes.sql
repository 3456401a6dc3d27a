-- +goose Up
-- Indexes for the admin dashboard's and the metrics scrape's reads (measured in
-- cmd/bot/bench_admin_test.go on 110,000 orders and 100,000 notice messages), each small:
--
-- The dashboard's order table (orders.Board): open and claimed orders by zone and category,
-- with the deadlines it compares, read from the index alone and already in GROUP BY order.
CREATE INDEX orders_board ON orders (zone, category, status, claim_deadline, deliver_deadline)
    WHERE status IN ('open', 'claimed');
-- Volunteers' deliveries today (orders.Loads), without reading every order ever claimed.
CREATE INDEX orders_delivered ON orders (delivered_at, claimed_by) WHERE delivered_at IS NOT NULL;
-- Orders by state for metrics (orders.CountByStatus): an index scan, not a table scan. The
-- condition holds for every order but only a query that says it (CountByStatus) can use the
-- index, so the planner, which runs without statistics, never picks it for a query on one status
-- over the partial indexes made for those.
CREATE INDEX orders_status ON orders (status) WHERE status <> '';
-- Delivery counts of a notice's messages (notices.Latest), by run and status from the index.
CREATE INDEX outbox_runs ON outbox (dedup_key, status) WHERE dedup_key IS NOT NULL;

-- +goose Down
DROP INDEX outbox_runs;
DROP INDEX orders_status;
DROP INDEX orders_delivered;
DROP INDEX orders_board;
