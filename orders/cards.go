package orders

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// Cards are the messages that show an order with a button on it: a group mirror's card, an
// urgent or escalated order pushed to a volunteer, a /queue page (several orders), and the
// claimer's card with the address. Each is tracked in order_cards by the outbox row that sent
// it, so it can be edited before Telegram has given it a message id. When an order changes,
// StaleCards says which of them the change made out of date: every card offering Claim when the
// order is claimed, released, re-opened, cancelled or expires, and the claimer's card when the
// task ends (delivered, released, cancelled, received while claimed) however it ended. Rendering the edit is the caller's.

// CardKind is what kind of message a card is.
type CardKind string

// The kinds of card.
const (
	CardGroup CardKind = "group" // a group mirror's card (one order)
	CardPush  CardKind = "push"  // an urgent or escalated order pushed to a volunteer (one order)
	CardQueue CardKind = "queue" // a /queue page in a private chat (several orders)
	CardTask  CardKind = "task"  // the claimer's card with the address (one order)
)

// cardTTL is how long a card is kept up to date; the sweep forgets older ones.
const cardTTL = 7 * 24 * time.Hour

// Card is one tracked message.
type Card struct {
	OutboxID int64 // the outbox row that sent it
	ChatID   int64
	Kind     CardKind
	Lang     string
	Orders   []int64 // the orders it shows, in order: one, but for a /queue page
	More     string  // a /queue page's next-page button data, "" if none
}

// TrackCard records that outbox row c.OutboxID shows c.Orders.
func TrackCard(ctx context.Context, tx *sql.Tx, c Card, now time.Time) error {
	for i, id := range c.Orders {
		_, err := tx.ExecContext(ctx, `INSERT INTO order_cards (outbox_id, order_id, chat_id, kind, lang, position, more, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (outbox_id, order_id) DO NOTHING`,
			c.OutboxID, id, c.ChatID, string(c.Kind), c.Lang, i, c.More, now.UnixMilli())
		if err != nil {
			return fmt.Errorf("orders: track card %d of #%d: %w", c.OutboxID, id, err)
		}
	}
	return nil
}

// CardAt is the outbox row of the tracked card that is Telegram message msgID in chat, or 0 if
// that message is not a tracked card.
func CardAt(ctx context.Context, q store.Querier, chat int64, msgID int) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT c.outbox_id FROM order_cards c JOIN outbox o ON o.id = c.outbox_id
		WHERE c.chat_id = ? AND o.chat_id = ? AND o.message_id = ? LIMIT 1`, chat, chat, msgID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("orders: card at %d/%d: %w", chat, msgID, err)
	}
	return id, nil
}

// ShownIn reports whether chat has a tracked group card of order id.
func ShownIn(ctx context.Context, q store.Querier, chat, id int64) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM order_cards WHERE chat_id = ? AND order_id = ? AND kind = 'group'`,
		chat, id).Scan(&n); err != nil {
		return false, fmt.Errorf("orders: cards of #%d in %d: %w", id, chat, err)
	}
	return n > 0, nil
}

// Retrack makes the tracked card c.OutboxID show c.Orders instead of what it showed: a /queue
// page turned to its next page in place.
func Retrack(ctx context.Context, tx *sql.Tx, c Card, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_cards WHERE outbox_id = ?`, c.OutboxID); err != nil {
		return fmt.Errorf("orders: retrack card %d: %w", c.OutboxID, err)
	}
	return TrackCard(ctx, tx, c, now)
}

// StaleCards lists the cards e makes out of date, each with every order it shows. The
// claimer's cards of a task that ended (a /mytasks page with all its orders) are forgotten as
// they are returned: once edited they show nothing to keep up to date.
func StaleCards(ctx context.Context, tx *sql.Tx, e Event) ([]Card, error) {
	var kinds []CardKind
	switch e.Kind {
	case EventClaimed, EventReopened, EventExpired, EventAmended: // amended: more items (duplicates.go)
		kinds = []CardKind{CardGroup, CardPush, CardQueue}
	case EventReleased, EventCancelled:
		kinds = []CardKind{CardGroup, CardPush, CardQueue, CardTask}
	case EventDelivered:
		kinds = []CardKind{CardTask}
	case EventReceived: // the household found it after all, while it was back with its claimer
		if e.From != StatusClaimed {
			return nil, nil
		}
		kinds = []CardKind{CardTask}
	default:
		return nil, nil
	}
	out, err := cardsOf(ctx, tx, e.OrderID, kinds)
	if err != nil {
		return nil, err
	}
	for _, c := range out {
		if c.Kind != CardTask {
			continue
		}
		// Once edited, a task card (a /mytasks page with it: every order it showed) shows no
		// address or button to keep up to date.
		if err := forgetCard(ctx, tx, c, e.OrderID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OutdatedTaskCards lists and forgets order id's claimer cards, which the household's new
// name, phone or address made wrong: the caller edits them to say so and sends a new one.
func OutdatedTaskCards(ctx context.Context, tx *sql.Tx, id int64) ([]Card, error) {
	out, err := cardsOf(ctx, tx, id, []CardKind{CardTask})
	if err != nil {
		return nil, err
	}
	for _, c := range out {
		if err := forgetCard(ctx, tx, c, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func forgetCard(ctx context.Context, tx *sql.Tx, c Card, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_cards WHERE outbox_id = ?`, c.OutboxID); err != nil {
		return fmt.Errorf("orders: forget task card %d of #%d: %w", c.OutboxID, id, err)
	}
	return nil
}

// cardsOf lists order id's cards of the kinds asked, each with all the orders it shows: group
// cards first, then pushed orders, /queue pages and claimers' cards, each by chat and message.
// One query for all the kinds (it was one per kind: three for every claim).
func cardsOf(ctx context.Context, tx *sql.Tx, id int64, kinds []CardKind) ([]Card, error) {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	list, _ := json.Marshal(names)
	rows, err := tx.QueryContext(ctx, `SELECT c.outbox_id, c.chat_id, c.kind, c.lang, c.more, o.order_id
		FROM order_cards c JOIN order_cards o ON o.outbox_id = c.outbox_id
		WHERE c.order_id = ? AND c.kind IN (SELECT value FROM json_each(?))
		ORDER BY CASE c.kind WHEN 'group' THEN 0 WHEN 'push' THEN 1 WHEN 'queue' THEN 2 ELSE 3 END,
			c.chat_id, c.outbox_id, o.position`, id, string(list))
	if err != nil {
		return nil, fmt.Errorf("orders: cards of #%d: %w", id, err)
	}
	defer rows.Close()
	var out []Card
	for rows.Next() {
		var c Card
		var shown int64
		if err := rows.Scan(&c.OutboxID, &c.ChatID, &c.Kind, &c.Lang, &c.More, &shown); err != nil {
			return nil, fmt.Errorf("orders: cards of #%d: %w", id, err)
		}
		if n := len(out); n > 0 && out[n-1].OutboxID == c.OutboxID {
			out[n-1].Orders = append(out[n-1].Orders, shown)
			continue
		}
		c.Orders = []int64{shown}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SweepCards forgets the cards nothing more can happen to: those of orders delivered, received
// or cancelled, and every card older than a week. It returns how many rows it dropped.
func SweepCards(ctx context.Context, tx *sql.Tx, now time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM order_cards WHERE created_at < ?
		OR order_id IN (SELECT id FROM orders WHERE status IN ('delivered', 'received', 'cancelled'))`,
		now.Add(-cardTTL).UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("orders: sweep cards: %w", err)
	}
	return res.RowsAffected()
}
