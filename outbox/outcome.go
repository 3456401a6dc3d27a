package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Outcome is what became of one send.
type Outcome struct {
	ID        int64
	ChatID    int64
	Status    Status
	MessageID int       // with StatusSent
	Err       string    // with everything but StatusSent
	NotBefore time.Time // with StatusRetry: when to try again
	Unknown   bool      // with StatusRetry: the request may have reached Telegram
	Throttled bool      // with StatusRetry: Telegram answered 429 (NotBefore is its retry_after)
	Kind      Kind      // of the message sent: the sender's bookkeeping, and a document's bytes are dropped
}

// Status of an Outcome.
type Status int

// The outcomes a send can have.
const (
	StatusSent        Status = iota
	StatusRetry              // 5xx, network error, 429: back to pending until NotBefore
	StatusFailed             // Telegram refused it (400): never retried
	StatusUnreachable        // 403: the chat blocked the bot; the chat is marked and skipped from now on
)

// Record stores outcomes in tx.
func Record(ctx context.Context, tx *sql.Tx, outs []Outcome, now time.Time) error {
	for _, o := range outs {
		if err := record(ctx, tx, o, now); err != nil {
			return fmt.Errorf("outbox: record outcome of #%d: %w", o.ID, err)
		}
	}
	return nil
}

func record(ctx context.Context, tx *sql.Tx, o Outcome, now time.Time) error {
	var err error
	payload := "payload"
	if o.Kind == KindDocument {
		payload = dropDocument
	}
	switch o.Status {
	case StatusSent:
		_, err = tx.ExecContext(ctx,
			`UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, error = '', payload = `+payload+` WHERE id = ?`,
			o.MessageID, now.UnixMilli(), o.ID)
	case StatusRetry:
		unknown := 0
		if o.Unknown {
			unknown = 1
		}
		_, err = tx.ExecContext(ctx,
			`UPDATE outbox SET status = 'pending', not_before = ?, error = ?, unknown = unknown + ? WHERE id = ?`,
			o.NotBefore.UnixMilli(), o.Err, unknown, o.ID)
	case StatusFailed:
		_, err = tx.ExecContext(ctx,
			`UPDATE outbox SET status = 'failed', error = ?, payload = `+payload+` WHERE id = ?`, o.Err, o.ID)
	case StatusUnreachable:
		err = MarkUnreachable(ctx, tx, o.ChatID, o.Err, now)
	}
	return err
}

// dropDocument is a document's payload without its bytes: once sent (or refused) an export with
// residents' phones has no reason to stay in the database until the next purge. The outcome's
// Kind decides it, so that recording a send parses no JSON (and a payload that is not JSON
// cannot make the whole batch of outcomes fail).
const dropDocument = `json_remove(payload, '$.document.data')`

// MarkUnreachable records that chatID cannot be reached (blocked the bot, deactivated) and
// settles every message still waiting for it.
func MarkUnreachable(ctx context.Context, tx *sql.Tx, chatID int64, reason string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO chats (chat_id, kind, unreachable_at, reason) VALUES (?, ?, ?, ?)
		ON CONFLICT (chat_id) DO UPDATE SET unreachable_at = excluded.unreachable_at, reason = excluded.reason`,
		chatID, chatKind(chatID), now.UnixMilli(), reason); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE outbox SET status = 'unreachable', error = ?
		WHERE chat_id = ? AND status IN ('pending', 'sending')`, reason, chatID)
	return err
}

// MarkReachable clears the unreachable mark of chatID: the user wrote to the bot again.
// It reports whether the chat had been marked.
func MarkReachable(ctx context.Context, tx *sql.Tx, chatID int64) (bool, error) {
	res, err := tx.ExecContext(ctx,
		`UPDATE chats SET unreachable_at = NULL, reason = '' WHERE chat_id = ? AND unreachable_at IS NOT NULL`, chatID)
	if err != nil {
		return false, fmt.Errorf("outbox: mark %d reachable: %w", chatID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func chatKind(chatID int64) string {
	if chatID < 0 {
		return "supergroup"
	}
	return "private"
}

// Stats counts rows by status, for progress reports and metrics.
func Stats(ctx context.Context, db *sql.DB) (map[string]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT status, count(*) FROM outbox GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("outbox: stats: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}
