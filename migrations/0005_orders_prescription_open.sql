-- +goose Up
-- A medicine order can carry a photo of the prescription (a Telegram file id), shown to the
-- volunteer who claims it so the pharmacy can fill it.
ALTER TABLE orders ADD COLUMN prescription_photo TEXT NOT NULL DEFAULT '';

-- A household's orders still waiting or under way, for the per-household limit: partial, so the
-- count stays flat however long the household's history grows (CountOpen repeats the literals).
CREATE INDEX orders_household_open ON orders (household_id) WHERE status IN ('open', 'claimed');

-- +goose Down
DROP INDEX orders_household_open;
ALTER TABLE orders DROP COLUMN prescription_photo;
