package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// Options tunes one Add.
type Options struct {
	Priority Priority
	// DedupKey makes the row unique per (key, chat): adding it again is a no-op. A notice run
	// uses "run:<id>" so a run expanded twice still reaches each resident once.
	DedupKey string
}

// Add queues m inside tx and returns the row id (0 if DedupKey made it a duplicate). A message to
// a chat known to be unreachable is recorded as such and never sent. An edit of an earlier row
// (Message.EditOf) goes to that row's chat with its priority.
func Add(ctx context.Context, tx *sql.Tx, m Message, opt Options, now time.Time) (int64, error) {
	if m.EditOf != 0 {
		var err error
		if m, opt, err = editBehind(ctx, tx, m, opt); err != nil {
			return 0, err
		}
	}
	payload, err := m.encode()
	if err != nil {
		return 0, fmt.Errorf("outbox: encode message to %d: %w", m.ChatID, err)
	}
	var dedup any
	if opt.DedupKey != "" {
		dedup = opt.DedupKey
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO outbox (chat_id, priority, payload, kind, paid, dedup_key, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?,
			CASE WHEN EXISTS (SELECT 1 FROM chats WHERE chat_id = ? AND unreachable_at IS NOT NULL)
			     THEN 'unreachable' ELSE 'pending' END, ?)
		ON CONFLICT (dedup_key, chat_id) DO NOTHING`,
		m.ChatID, int(opt.Priority), payload, string(m.Kind), m.Paid, dedup, m.ChatID, now.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("outbox: add message to %d: %w", m.ChatID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	return res.LastInsertId()
}

// Row is a queued message as the sender sees it.
type Row struct {
	ID       int64
	ChatID   int64
	Priority Priority
	Attempts int
	// Message is, as Due returns it, only the message's Kind and Paid, what the sender needs to
	// choose what goes next; MarkSending reads the rest of a row chosen, and Load decodes it.
	Message Message
	payload string
}

// ErrUnreadable is Load's error for a payload that is not a message: nothing can ever send it.
var ErrUnreadable = errors.New("outbox: the payload is not a message")

// Load decodes the message of a row MarkSending returned. Paid keeps the value set on r.Message,
// the sender's decision (a paid broadcast may go unpaid).
func (r *Row) Load() error {
	if r.payload == "" {
		return nil // loaded already, or built in memory
	}
	m, err := decode(r.payload)
	if err != nil {
		return fmt.Errorf("%w: #%d: %w", ErrUnreadable, r.ID, err)
	}
	m.Paid = r.Message.Paid
	r.Message, r.payload = m, ""
	return nil
}

// The status IN ('pending', 'sending') terms below repeat the partial indexes' own condition:
// SQLite uses a partial index only when the query's WHERE contains it, and without them every
// call scanned the whole table, sent rows included.

// Due returns up to limit rows ready to send at now: for each chat only the first in its own
// order (priority, then id), so one chat's messages keep their order, and none for a chat that
// has a send in flight. Answers to button presses (KindAnswer) stand apart: they show nothing in
// the chat, so they neither wait for its messages nor hold them back (the spinner stops while
// the message the press asked for is on its way).
func Due(ctx context.Context, q store.Querier, now time.Time, limit int) ([]Row, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT o.id, o.chat_id, o.priority, o.attempts, o.kind, o.paid
		FROM outbox o
		WHERE o.status IN ('pending', 'sending') AND o.status = 'pending' AND o.not_before <= ?
		  AND (o.kind = '`+string(KindAnswer)+`' OR NOT EXISTS (SELECT 1 FROM outbox p
		      WHERE p.chat_id = o.chat_id AND p.status IN ('pending', 'sending')
		        AND (p.status = 'sending' OR p.priority < o.priority
		             OR (p.priority = o.priority AND p.id < o.id))
		        AND p.kind <> '`+string(KindAnswer)+`'))
		ORDER BY o.priority, o.id LIMIT ?`, now.UnixMilli(), limit)
	if err != nil {
		return nil, fmt.Errorf("outbox: due: %w", err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.ID, &r.ChatID, &r.Priority, &r.Attempts, &r.Message.Kind, &r.Message.Paid); err != nil {
			return nil, fmt.Errorf("outbox: due: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// NextDue is when the earliest pending row held back by a backoff becomes due (zero if none).
func NextDue(ctx context.Context, q store.Querier) (time.Time, error) {
	var ms sql.NullInt64
	err := q.QueryRowContext(ctx,
		`SELECT min(not_before) FROM outbox WHERE status IN ('pending', 'sending') AND status = 'pending'`).Scan(&ms)
	if err != nil || !ms.Valid {
		return time.Time{}, err
	}
	return time.UnixMilli(ms.Int64), nil
}

// Held is the not_before of a row held back until further notice (the rows of a paused
// broadcast): Due never returns it, and MarkSending leaves it alone even if Due returned it
// just before it was held.
const Held int64 = 1 << 62

// MarkSending records that the rows are about to be handed to Telegram and returns those it
// marked, in batch's order, with their payloads for Load: a row no longer pending (settled as
// unreachable meanwhile) or held is left out. A row still 'sending' when the program starts had
// an unknown outcome (see RecoverInFlight).
func MarkSending(ctx context.Context, tx *sql.Tx, batch []Row) ([]Row, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	// One statement for the whole batch: a burst's replies are marked together. It reads the
	// payloads of those it marks too, where Due would read those of every row it looks at.
	ids := make([]int64, len(batch))
	for i, r := range batch {
		ids[i] = r.ID
	}
	rows, err := tx.QueryContext(ctx, `UPDATE outbox SET status = 'sending', attempts = attempts + 1
		WHERE status = 'pending' AND not_before < ? AND id `+store.InIDs+`
		RETURNING id, payload`, Held, store.IDs(ids))
	if err != nil {
		return nil, fmt.Errorf("outbox: mark %d sending: %w", len(batch), err)
	}
	defer rows.Close()
	payloads := make(map[int64]string, len(batch))
	for rows.Next() {
		var id int64
		var payload string
		if err := rows.Scan(&id, &payload); err != nil {
			return nil, fmt.Errorf("outbox: mark sending: %w", err)
		}
		payloads[id] = payload
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outbox: mark sending: %w", err)
	}
	marked := make([]Row, 0, len(payloads))
	for _, r := range batch {
		if p, ok := payloads[r.ID]; ok {
			r.payload = p
			marked = append(marked, r)
		}
	}
	return marked, nil
}

// RecoverInFlight turns rows left 'sending' by a crash back into pending ones, counting each as
// a send of unknown outcome: it may have reached the user, but a message lost is worse than one
// shown twice. It returns how many there were.
func RecoverInFlight(ctx context.Context, db *sql.DB) (int64, error) {
	res, err := db.ExecContext(ctx, `
		UPDATE outbox SET status = 'pending', unknown = unknown + 1,
			error = 'outcome unknown: the program stopped while sending'
		WHERE status = 'sending'`)
	if err != nil {
		return 0, fmt.Errorf("outbox: recover in-flight sends: %w", err)
	}
	return res.RowsAffected()
}
