-- +goose Up
-- The admin dashboard's logins (package people, logins.go): one-time links the bot sends to an
-- admin by /dashboard, and the browser sessions they open. Only SHA-256 hashes of the tokens are
-- stored, so a copy of the database opens no dashboard.

CREATE TABLE web_logins (
    token_hash TEXT    PRIMARY KEY,              -- hex SHA-256 of the token in the link
    user_id    INTEGER NOT NULL,                 -- the admin it was sent to
    created_at INTEGER NOT NULL,                 -- unix ms
    expires_at INTEGER NOT NULL,
    used_at    INTEGER                           -- set when opened: a link works once
) STRICT;
CREATE INDEX web_logins_expires ON web_logins (expires_at);

CREATE TABLE web_sessions (
    session_hash TEXT    PRIMARY KEY,            -- hex SHA-256 of the cookie's value
    user_id      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);

-- The dashboard's chart of today's waiting times reads the orders placed since the day began
-- (orders.PlacedBetween).
CREATE INDEX orders_created ON orders (created_at);

-- +goose Down
DROP INDEX orders_created;
DROP TABLE web_sessions;
DROP TABLE web_logins;
