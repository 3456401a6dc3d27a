// Package people owns the people the bot knows: users and their language and roles (and, as the
// product grows, residents, volunteers, zones and invites). It knows nothing of Telegram.
package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// ErrNotFound is returned for a user the bot has never seen.
var ErrNotFound = errors.New("people: no such user")

// User is someone who has written to the bot.
type User struct {
	ID        int64
	FirstName string
	Lang      string // "zh" or "en"
	LangSet   bool   // chosen by the user, not guessed from Telegram
	Admin     bool   // granted in the bot (/grant; config admins are checked by the caller)
	First     bool   // Touch: this was their first contact
}

// Seen is what an incoming update tells about its sender.
type Seen struct {
	ID        int64
	FirstName string
	Lang      string // the guess for a new user: Telegram's language, else the configured default
}

// Touch records that s.ID wrote now and returns the user, creating them on first contact. A user
// seen within seenEvery whose name and language are unchanged is only read: writing the row for
// every update made it one more page of every commit.
func Touch(ctx context.Context, tx *sql.Tx, s Seen, now time.Time) (User, error) {
	var u User
	var seen int64
	err := tx.QueryRowContext(ctx, `SELECT `+userColumns+`, seen_at FROM users WHERE user_id = ?`, s.ID).
		Scan(&u.ID, &u.FirstName, &u.Lang, &u.LangSet, &u.Admin, &seen)
	switch {
	case err == nil && u.FirstName == s.FirstName && (u.LangSet || u.Lang == s.Lang) &&
		now.UnixMilli()-seen < seenEvery.Milliseconds():
		return u, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return User{}, fmt.Errorf("people: touch user %d: %w", s.ID, err)
	}
	err = tx.QueryRowContext(ctx, `
		INSERT INTO users (user_id, first_name, lang, created_at, seen_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name, seen_at = excluded.seen_at,
			lang = CASE WHEN users.lang_set = 1 THEN users.lang ELSE excluded.lang END
		RETURNING `+userColumns+`, created_at = seen_at`,
		s.ID, s.FirstName, s.Lang, now.UnixMilli(), now.UnixMilli()).
		Scan(&u.ID, &u.FirstName, &u.Lang, &u.LangSet, &u.Admin, &u.First)
	if err != nil {
		return User{}, fmt.Errorf("people: touch user %d: %w", s.ID, err)
	}
	return u, nil
}

// seenEvery is how out of date users.seen_at may be.
const seenEvery = time.Minute

// userColumns are a User's, from users.
const userColumns = `user_id, first_name, lang, lang_set,
	is_admin OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.user_id AND r.role = 'admin')`

// Get returns the user with id.
func Get(ctx context.Context, q store.Querier, id int64) (User, error) {
	var u User
	err := q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE user_id = ?`, id).
		Scan(&u.ID, &u.FirstName, &u.Lang, &u.LangSet, &u.Admin)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("people: user %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("people: user %d: %w", id, err)
	}
	return u, nil
}

// SetLang records the language the user chose.
func SetLang(ctx context.Context, tx *sql.Tx, id int64, lang string) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET lang = ?, lang_set = 1 WHERE user_id = ?`, lang, id)
	if err != nil {
		return fmt.Errorf("people: set language of %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("people: set language of %d: %w", id, ErrNotFound)
	}
	return nil
}
