package handlers

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
)

// No stale cards: every message that shows an order with a button is tracked (orders.TrackCard)
// and edited when the order changes, as orders.StaleCards decides: a group's card, a pushed
// card and a /queue page lose the Claim button once the order is taken (and get it back when it
// is released), and the claimer's card (also a /mytasks page, an overdue reminder) loses the
// address and its buttons once the task ends, also when it ended by a command, an admin, the
// household or the sweep.

// editStaleCards edits every card e made out of date to the order as it stands after e.
func (h *Handlers) editStaleCards(ctx context.Context, tx *sql.Tx, e orders.Event) error {
	cards, err := orders.StaleCards(ctx, tx, e)
	if err != nil || len(cards) == 0 {
		return err
	}
	who, err := h.claimerName(ctx, tx, e)
	if err != nil {
		return err
	}
	for _, c := range cards {
		var m outbox.Message
		switch c.Kind {
		case orders.CardQueue:
			if m, err = h.queuePageAgain(ctx, tx, c, e); err != nil {
				return err
			}
		case orders.CardTask:
			m = outbox.Message{Text: i18n.T(c.Lang, "cards.task_"+e.Kind, e.OrderID)}
			if len(c.Orders) > 1 { // a /mytasks page: the other tasks' addresses go too
				m.Text = i18n.T(c.Lang, "cards.tasks_changed", e.OrderID, i18n.Raw(i18n.T(c.Lang, "status."+string(e.Order.Status))))
			}
			if e.Kind == orders.EventDelivered && len(c.Orders) == 1 { // pressed by mistake: one tap takes it back
				m.Buttons = [][]outbox.Button{undoButton(c.Lang, e.OrderID)}
			}
		default: // a group's or a pushed card
			m = h.groupCard(c.Lang, e, who)
		}
		m.EditOf = c.OutboxID
		// outbox.Add puts the edit in the card's chat, behind the card, with its priority.
		if _, err := outbox.Add(ctx, tx, m, outbox.Options{}, e.At); err != nil {
			return err
		}
	}
	return nil
}

// queuePageAgain renders /queue page c as it stands after e: the orders still open with their
// card and Claim button, the others as one line saying where they went.
func (h *Handlers) queuePageAgain(ctx context.Context, tx *sql.Tx, c orders.Card, e orders.Event) (outbox.Message, error) {
	var b strings.Builder
	b.WriteString(i18n.T(c.Lang, "cards.queue_title"))
	var rows [][]outbox.Button
	var row []outbox.Button
	for _, id := range c.Orders {
		o, err := h.orders.Get(ctx, tx, id)
		switch {
		case errors.Is(err, orders.ErrNotFound):
			continue
		case err != nil:
			return outbox.Message{}, err
		case o.Status != orders.StatusOpen:
			b.WriteString("\n\n" + i18n.T(c.Lang, "cards.queue_gone", o.ID, i18n.Raw(i18n.T(c.Lang, "status."+string(o.Status)))))
			continue
		}
		b.WriteString("\n\n" + h.preClaimCard(c.Lang, o, e.At))
		row = append(row, claimButton(c.Lang, o.ID))
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if c.More != "" {
		rows = append(rows, []outbox.Button{{Text: i18n.Plain(i18n.T(c.Lang, "queue.next")), Data: c.More}})
	}
	b.WriteString("\n\n" + i18n.T(c.Lang, "queue.footer"))
	return outbox.Message{Text: b.String(), Buttons: rows}, nil
}

// pressedCard reports whether the button pressed sits on a tracked card, which editStaleCards
// edits: the handler then answers with a toast instead of replacing the card itself.
func (h *Handlers) pressedCard(r *request) (bool, error) {
	if r.callback == nil || r.msg == nil {
		return false, nil
	}
	id, err := orders.CardAt(r.ctx, r.unit.Tx, r.chatID, r.msg.ID)
	return id != 0, err
}
