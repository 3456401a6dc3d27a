package handlers

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// notifyVolunteers tells volunteers what they need to know of a change someone else made: a new
// urgent order is pushed to those on duty who may take it (with a Claim button); a claim taken
// back by an admin or the sweep is told to the volunteer who held it, and an urgent one pushed
// again; a cancellation or receipt is told to the claimer. Pushed cards are pre-claim cards:
// nothing in them names the household.
func (h *Handlers) notifyVolunteers(ctx context.Context, tx *sql.Tx, e orders.Event) error {
	switch e.Kind {
	case orders.EventPlaced:
		if e.Order.Urgent {
			return h.pushUrgent(ctx, tx, e, 0)
		}
	case orders.EventReleased:
		holder, err := h.lastClaimer(ctx, tx, e.OrderID)
		if err != nil {
			return err
		}
		if holder != 0 && holder != e.Actor {
			err := h.tellVolunteer(ctx, tx, holder, e, func(lang string) string {
				return i18n.T(lang, "queue.taken_back", e.OrderID, i18n.Raw(releasedBy(lang, e)))
			})
			if err != nil {
				return err
			}
		}
		if e.Order.Urgent {
			return h.pushUrgent(ctx, tx, e, holder)
		}
	case orders.EventUndelivered:
		// The household says it never came: back among the claimer's tasks, with the address.
		if c := e.Order.ClaimedBy; c != 0 && c != e.Actor {
			lang, err := h.langOf(ctx, tx, c)
			if err != nil {
				return err
			}
			return h.sendTask(ctx, tx, c, lang, e.Order, i18n.T(lang, "queue.told_not_received", e.OrderID), e.At)
		}
	case orders.EventCancelled, orders.EventReceived:
		key := "queue.told_" + e.Kind
		if e.Kind == orders.EventReceived && e.From == orders.StatusClaimed {
			key = "queue.told_found" // they said it never came, then found it: no need to bring it
		}
		if c := e.Order.ClaimedBy; c != 0 && c != e.Actor {
			return h.tellVolunteer(ctx, tx, c, e, func(lang string) string {
				return i18n.T(lang, key, e.OrderID)
			})
		}
	}
	return nil
}

// pushUrgent sends e's order, as a pre-claim card with a Claim button, to every volunteer on
// duty who may take it, but the one who made the change and skip.
func (h *Handlers) pushUrgent(ctx context.Context, tx *sql.Tx, e orders.Event, skip int64) error {
	o := e.Order
	vols, err := people.OnDuty(ctx, tx, o.Zone, o.Category)
	if err != nil {
		return err
	}
	counsellors := h.orders.CounsellorsOnly(o)
	for _, v := range vols {
		if v.UserID == e.Actor || v.UserID == skip {
			continue
		}
		if counsellors {
			if ok, err := people.HasRole(ctx, tx, v.UserID, people.RoleCounsellor); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
		}
		lang, err := h.langOf(ctx, tx, v.UserID)
		if err != nil {
			return err
		}
		m := outbox.Message{ChatID: v.UserID, Text: i18n.T(lang, "queue.push", i18n.Raw(h.preClaimCard(lang, o, e.At))),
			Buttons: [][]outbox.Button{{claimButton(lang, o.ID)}}}
		if err := h.pushCard(ctx, tx, m, lang, o.ID, e.At); err != nil {
			return err
		}
	}
	return nil
}

// pushCard sends m, a pre-claim card of order id with its Claim button, to a volunteer and
// tracks it, so it is edited when the order is taken.
func (h *Handlers) pushCard(ctx context.Context, tx *sql.Tx, m outbox.Message, lang string, id int64, at time.Time) error {
	box, err := outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, at)
	if err != nil {
		return err
	}
	return orders.TrackCard(ctx, tx, orders.Card{OutboxID: box, ChatID: m.ChatID, Kind: orders.CardPush, Lang: lang, Orders: []int64{id}}, at)
}

// tellVolunteer sends user the text render makes in their language. Someone who never wrote to
// the bot (a claim recorded by other means) cannot be written to and is skipped.
func (h *Handlers) tellVolunteer(ctx context.Context, tx *sql.Tx, user int64, e orders.Event, render func(lang string) string) error {
	u, err := people.Get(ctx, tx, user)
	switch {
	case errors.Is(err, people.ErrNotFound):
		return nil
	case err != nil:
		return err
	}
	_, err = outbox.Add(ctx, tx, outbox.Message{ChatID: user, Text: render(u.Lang)},
		outbox.Options{Priority: outbox.PriorityNotify}, e.At)
	return err
}

// releasedBy says who took a claim back, with the reason if one was given.
func releasedBy(lang string, e orders.Event) string {
	who := i18n.T(lang, "queue.by_admin")
	if e.Actor == 0 {
		return i18n.T(lang, "queue.by_system") // the sweep: "automatically, as it was overdue"
	}
	if e.Detail != "" {
		who += i18n.T(lang, "queue.reason", i18n.Clip(e.Detail, 200))
	}
	return who
}

// lastClaimer is who held order id last (0 if no one ever did), from its trail.
func (h *Handlers) lastClaimer(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	events, err := h.orders.Events(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == orders.EventClaimed {
			return events[i].Actor, nil
		}
	}
	return 0, nil
}

// langOf is user's language, the default for someone who never wrote.
func (h *Handlers) langOf(ctx context.Context, tx *sql.Tx, user int64) (string, error) {
	u, err := people.Get(ctx, tx, user)
	switch {
	case errors.Is(err, people.ErrNotFound):
		return h.o.DefaultLang, nil
	case err != nil:
		return "", err
	}
	return u.Lang, nil
}

// claimerName is the first name of the volunteer who claimed e's order, for telling the
// household who is coming; "" for other events or a volunteer without one.
func (h *Handlers) claimerName(ctx context.Context, tx *sql.Tx, e orders.Event) (string, error) {
	if e.Kind != orders.EventClaimed || e.Order.ClaimedBy == 0 {
		return "", nil
	}
	return h.firstName(ctx, tx, e.Order.ClaimedBy)
}
