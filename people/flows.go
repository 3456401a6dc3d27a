package people

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

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

// CountMessage counts one message or button press of user in the minute of now and returns how
// many they have sent in that minute so far, this one included.
func CountMessage(ctx context.Context, tx *sql.Tx, user int64, now time.Time) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO message_counts (user_id, minute, count) VALUES (?, ?, 1)
		ON CONFLICT (user_id) DO UPDATE SET
			count = CASE WHEN message_counts.minute = excluded.minute THEN message_counts.count + 1 ELSE 1 END,
			minute = excluded.minute
		RETURNING count`, user, now.Unix()/60).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("people: count message of %d: %w", user, err)
	}
	return n, nil
}
