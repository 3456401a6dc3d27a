package people

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// Errors of the dashboard's one-time login links and sessions.
var (
	ErrLoginInvalid = errors.New("people: no such login link") // forged, guessed or mangled
	ErrLoginUsed    = errors.New("people: login link already used")
	ErrLoginExpired = errors.New("people: login link expired")
	ErrNoSession    = errors.New("people: no such session") // unknown, expired or logged out
)

// tokenBytes is the randomness of a login token and of a session: 256 bits.
const tokenBytes = 32

// NewToken is a random URL-safe token of tokenBytes bytes from crypto/rand.
func NewToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("people: random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken is what the database keeps of a token: its hex SHA-256.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewLogin makes a one-time login link token for user, valid for ttl; only its hash is stored.
// Links and sessions long expired are deleted on the way.
func NewLogin(ctx context.Context, tx *sql.Tx, user int64, now time.Time, ttl time.Duration) (string, error) {
	token, err := NewToken()
	if err != nil {
		return "", err
	}
	if err := deleteExpiredLogins(ctx, tx, now); err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO web_logins (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		HashToken(token), user, now.UnixMilli(), now.Add(ttl).UnixMilli())
	if err != nil {
		return "", fmt.Errorf("people: login link for %d: %w", user, err)
	}
	return token, nil
}

// UseLogin spends a login token and opens a session of sessionTTL for its user: it returns the
// user and the session's token (for the cookie). A token works once and only before it expires.
func UseLogin(ctx context.Context, tx *sql.Tx, token string, now time.Time, sessionTTL time.Duration) (int64, string, error) {
	if len(token) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return 0, "", ErrLoginInvalid
	}
	var user, expires int64
	var used sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT user_id, expires_at, used_at FROM web_logins WHERE token_hash = ?`,
		HashToken(token)).Scan(&user, &expires, &used)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, "", ErrLoginInvalid
	case err != nil:
		return 0, "", fmt.Errorf("people: login link: %w", err)
	case used.Valid:
		return user, "", ErrLoginUsed
	case now.UnixMilli() >= expires:
		return user, "", ErrLoginExpired
	}
	if _, err := tx.ExecContext(ctx, `UPDATE web_logins SET used_at = ? WHERE token_hash = ?`,
		now.UnixMilli(), HashToken(token)); err != nil {
		return 0, "", fmt.Errorf("people: spend login link: %w", err)
	}
	session, err := NewToken()
	if err != nil {
		return 0, "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO web_sessions (session_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		HashToken(session), user, now.UnixMilli(), now.Add(sessionTTL).UnixMilli())
	if err != nil {
		return 0, "", fmt.Errorf("people: session for %d: %w", user, err)
	}
	return user, session, nil
}

// SessionUser returns the user of a session that has not expired.
func SessionUser(ctx context.Context, q store.Querier, session string, now time.Time) (int64, error) {
	var user int64
	err := q.QueryRowContext(ctx, `SELECT user_id FROM web_sessions WHERE session_hash = ? AND expires_at > ?`,
		HashToken(session), now.UnixMilli()).Scan(&user)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNoSession
	}
	if err != nil {
		return 0, fmt.Errorf("people: session: %w", err)
	}
	return user, nil
}

// EndSession logs a session out (nothing happens for one that does not exist).
func EndSession(ctx context.Context, tx *sql.Tx, session string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE session_hash = ?`, HashToken(session)); err != nil {
		return fmt.Errorf("people: end session: %w", err)
	}
	return nil
}

// EndSessionsOf logs every session of user out and forgets their unused login links (an admin
// no longer).
func EndSessionsOf(ctx context.Context, tx *sql.Tx, user int64) error {
	for _, table := range []string{"web_sessions", "web_logins"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE user_id = ?`, user); err != nil {
			return fmt.Errorf("people: end sessions of %d: %w", user, err)
		}
	}
	return nil
}

// deleteExpiredLogins forgets links and sessions that expired more than a day ago.
func deleteExpiredLogins(ctx context.Context, tx *sql.Tx, now time.Time) error {
	cutoff := now.Add(-24 * time.Hour).UnixMilli()
	for _, q := range []string{`DELETE FROM web_logins WHERE expires_at < ?`, `DELETE FROM web_sessions WHERE expires_at < ?`} {
		if _, err := tx.ExecContext(ctx, q, cutoff); err != nil {
			return fmt.Errorf("people: forget expired logins: %w", err)
		}
	}
	return nil
}
