package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	json "github.com/goccy/go-json"

	"linli/store"
)

// Flow is where a user is in a guided conversation (registration, an order): stored, so a
// restart in the middle continues where they were.
type Flow struct {
	Name      string
	Step      string
	Data      map[string]string
	UpdatedAt time.Time
}

// Expired reports whether the flow has waited longer than ttl for its next answer.
func (f Flow) Expired(now time.Time, ttl time.Duration) bool { return now.Sub(f.UpdatedAt) > ttl }

// LoadFlow returns the user's flow; ok is false when there is none.
func LoadFlow(ctx context.Context, q store.Querier, user int64) (f Flow, ok bool, err error) {
	var data string
	var updated int64
	err = q.QueryRowContext(ctx, `SELECT flow, step, data, updated_at FROM conversations WHERE user_id = ?`, user).
		Scan(&f.Name, &f.Step, &data, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Flow{}, false, nil
	}
	if err != nil {
		return Flow{}, false, fmt.Errorf("people: flow of %d: %w", user, err)
	}
	if err := json.Unmarshal([]byte(data), &f.Data); err != nil {
		return Flow{}, false, fmt.Errorf("people: flow of %d: %w", user, err)
	}
	if f.Data == nil {
		f.Data = map[string]string{}
	}
	f.UpdatedAt = time.UnixMilli(updated)
	return f, true, nil
}

// SaveFlow stores f as the user's flow, replacing any other.
func SaveFlow(ctx context.Context, tx *sql.Tx, user int64, f Flow, now time.Time) error {
	data, err := json.Marshal(f.Data)
	if err != nil {
		return fmt.Errorf("people: save flow of %d: %w", user, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO conversations (user_id, flow, step, data, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET flow = excluded.flow, step = excluded.step, data = excluded.data,
			updated_at = excluded.updated_at`, user, f.Name, f.Step, string(data), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("people: save flow of %d: %w", user, err)
	}
	return nil
}

// ClearFlow ends the user's flow, if any.
func ClearFlow(ctx context.Context, tx *sql.Tx, user int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM conversations WHERE user_id = ?`, user); err != nil {
		return fmt.Errorf("people: clear flow of %d: %w", user, err)
	}
	return nil
}

// MessageCounts counts each user's messages in the current minute (a fixed window), for
// limits.messages_per_minute. The counts live in memory: a flood limit needs no history, and a
// row written for every message was one more statement and page in every update's commit. A
// restart starts every count again. Safe for concurrent use; the zero value is ready.
type MessageCounts struct {
	mu     sync.Mutex
	minute int64         // unix time / 60 of the counts
	counts map[int64]int // user → messages in minute
}

// Count counts one message or button press of user in the minute of now and returns how many
// they have sent in that minute so far, this one included. The counts of other minutes are
// forgotten: only the users who wrote in the current one are held.
func (c *MessageCounts) Count(user int64, now time.Time) int {
	minute := now.Unix() / 60
	c.mu.Lock()
	defer c.mu.Unlock()
	if minute != c.minute || c.counts == nil {
		c.minute, c.counts = minute, map[int64]int{}
	}
	c.counts[user]++
	return c.counts[user]
}
