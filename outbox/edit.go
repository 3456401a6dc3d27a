package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"linli/store"
)

// An edit of a message that was queued but maybe not sent yet (a group card edited when its order
// is claimed) names the card's outbox row (Message.EditOf) instead of its Telegram message id.
// Add queues it in the card's chat with the card's priority, so it can only come up after the
// card was settled (one message per chat at a time, in id order within a priority); the sender
// calls ResolveEdit just before sending it.

// ErrEditPending is returned by ResolveEdit while the message to edit is still to be sent. An
// edit added with Add never comes up before its message, so this one was queued ahead of it.
var ErrEditPending = errors.New("outbox: the message to edit has not been sent yet")

// ErrEditTargetGone is returned by ResolveEdit when the message to edit will never exist: it
// failed, its chat is unreachable, or there is no such row. The edit is given up.
var ErrEditTargetGone = errors.New("outbox: the message to edit was never sent")

// editBehind points edit m at the chat of the row it edits and gives it that row's priority.
func editBehind(ctx context.Context, tx *sql.Tx, m Message, opt Options) (Message, Options, error) {
	var chat int64
	var prio int
	err := tx.QueryRowContext(ctx, `SELECT chat_id, priority FROM outbox WHERE id = ?`, m.EditOf).Scan(&chat, &prio)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return m, opt, fmt.Errorf("outbox: edit of #%d: no such message", m.EditOf)
	case err != nil:
		return m, opt, fmt.Errorf("outbox: edit of #%d: %w", m.EditOf, err)
	case m.ChatID != 0 && m.ChatID != chat:
		return m, opt, fmt.Errorf("outbox: edit of #%d: it went to chat %d, not %d", m.EditOf, chat, m.ChatID)
	}
	m.Kind, m.ChatID, m.EditMessageID = KindEdit, chat, 0
	opt.Priority = Priority(prio)
	return m, opt, nil
}

// ResolveEdit fills in the Telegram message id of the row m edits (m.EditOf), now that it may
// have been sent. A message without EditOf is returned as it is.
func ResolveEdit(ctx context.Context, q store.Querier, m Message) (Message, error) {
	if m.EditOf == 0 {
		return m, nil
	}
	var chat int64
	var status string
	var msgID sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT chat_id, status, message_id FROM outbox WHERE id = ?`, m.EditOf).
		Scan(&chat, &status, &msgID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return m, fmt.Errorf("outbox: edit of #%d: no such message: %w", m.EditOf, ErrEditTargetGone)
	case err != nil:
		return m, fmt.Errorf("outbox: edit of #%d: %w", m.EditOf, err)
	case status == "pending" || status == "sending":
		return m, fmt.Errorf("outbox: edit of #%d: %w", m.EditOf, ErrEditPending)
	case status != "sent" || msgID.Int64 == 0:
		return m, fmt.Errorf("outbox: edit of #%d (%s): %w", m.EditOf, status, ErrEditTargetGone)
	case chat != m.ChatID:
		return m, fmt.Errorf("outbox: edit of #%d: it is in chat %d, not %d: %w", m.EditOf, chat, m.ChatID, ErrEditTargetGone)
	}
	m.Kind, m.EditMessageID = KindEdit, int(msgID.Int64)
	return m, nil
}
