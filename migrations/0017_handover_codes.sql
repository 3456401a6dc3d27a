-- +goose Up
-- Hand-over codes (config [orders] handover_code): the 4-digit code the household gives the
-- volunteer at the door, and the wrong tries at it (orders/handover.go). A row exists only for
-- orders placed while the setting was on; the code is never shown to anyone but the household.
CREATE TABLE handover_codes (
    order_id    INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    code        TEXT    NOT NULL CHECK (length(code) = 4),
    tries       INTEGER NOT NULL DEFAULT 0,   -- wrong codes entered so far
    locked_at   INTEGER,                      -- unix ms of the last allowed wrong try: delivery refused
    verified_at INTEGER                       -- unix ms the right code was entered
) STRICT;

-- +goose Down
DROP TABLE handover_codes;
