package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Some messages set a state of a chat rather than say something: a chat's command menu. Each is
// queued like any message (so a 429 or a restart does not lose it), tagged with its state's key,
// and queued again only when the state changes.

// SetState queues m as the new value of state key in m.ChatID (e.g. "menu"), unless the last
// row queued for that state carries the same message and was not refused or undeliverable: a
// state is sent again only when it changed, or when its last sending came to nothing. A clearing
// message (clear: the state back to Telegram's default) is queued only over an earlier row. It
// returns the new row's id, or 0 when nothing was queued.
func SetState(ctx context.Context, tx *sql.Tx, key string, m Message, clear bool, opt Options, now time.Time) (int64, error) {
	payload, err := m.encode()
	if err != nil {
		return 0, fmt.Errorf("outbox: encode %s of %d: %w", key, m.ChatID, err)
	}
	var last int64
	var was, status string
	err = tx.QueryRowContext(ctx, `SELECT id, payload, status FROM outbox
		WHERE dedup_key >= ? AND dedup_key < ? AND chat_id = ? ORDER BY id DESC LIMIT 1`,
		key+":", key+";", m.ChatID).Scan(&last, &was, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows) && clear:
		return 0, nil // never set: it is at its default already
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, fmt.Errorf("outbox: last %s of %d: %w", key, m.ChatID, err)
	case sameMessage(was, payload) && status != "failed" && status != "unreachable":
		return 0, nil
	}
	// The key names the row it follows, so each is unique per chat.
	opt.DedupKey = key + ":" + strconv.FormatInt(last, 10)
	return Add(ctx, tx, m, opt, now)
}

// sameMessage reports whether two payloads carry the same message, also when the older was
// written with JSON's HTML escapes (before encode kept <, > and & as they are).
func sameMessage(was, payload string) bool {
	if was == payload {
		return true
	}
	m, err := decode(was)
	if err != nil {
		return false
	}
	again, err := m.encode()
	return err == nil && again == payload
}
