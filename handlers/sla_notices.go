package handlers

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// What the SLA sweep (orders.Service.Sweep) decides is told here, each message in its
// recipient's language: the claimer of an overdue order is reminded; the admins of its zone hear
// of an order taken back or escalated (with a Claim button for the latter); an escalated order is
// offered to every volunteer on duty who takes its category, in any zone, its own zone's reminded
// that it still waits (the household hears of it from NotifyOrder); whoever placed a daily order
// hears it is back for today.

// SweepTeller tells people what one sweep did; use it for one sweep (it keeps the admins and
// volunteers it looked up).
func (h *Handlers) SweepTeller() orders.Sweeper { return &sweepTeller{h: h} }

type sweepTeller struct {
	h      *Handlers
	admins map[string][]int64 // by zone
	vols   []people.Volunteer
	looked bool // vols
}

// Overdue tells the claimer of o that it is overdue and when it goes back.
func (t *sweepTeller) Overdue(ctx context.Context, tx *sql.Tx, o orders.Order, giveBack, now time.Time) error {
	h := t.h
	lang, err := h.langOf(ctx, tx, o.ClaimedBy)
	if err != nil {
		return err
	}
	text := i18n.T(lang, "sla.remind", o.ID, i18n.Raw(span(lang, now.Sub(o.DeliverDeadline))),
		i18n.Raw(h.clock(lang, giveBack, now)), i18n.Raw(h.preClaimCard(lang, o, now)))
	// Tracked like the claimer's card: its buttons go once the task ends (cards.go).
	return h.sendTaskCard(ctx, tx, o.ClaimedBy, lang, o.ID, text, outbox.PriorityNotify, now)
}

// TakenBack tells the admins that o was taken back from holder.
func (t *sweepTeller) TakenBack(ctx context.Context, tx *sql.Tx, o orders.Order, holder int64, now time.Time) error {
	h := t.h
	name, err := h.firstName(ctx, tx, holder)
	if err != nil {
		return err
	}
	return t.tellAdmins(ctx, tx, o.Zone, now, 0, func(lang string) outbox.Message {
		return outbox.Message{Text: i18n.T(lang, "sla.released_admin", o.ID, orDash(name), holder, i18n.Raw(span(lang, now.Sub(o.CreatedAt))),
			i18n.Raw(h.preClaimCard(lang, o, now)))}
	})
}

// Escalated offers o to the volunteers of every zone and tells the admins.
func (t *sweepTeller) Escalated(ctx context.Context, tx *sql.Tx, o orders.Order, now time.Time) error {
	h := t.h
	if !t.looked {
		vols, err := people.Volunteers(ctx, tx)
		if err != nil {
			return err
		}
		t.vols, t.looked = vols, true
	}
	told, err := h.widen(ctx, tx, o, t.vols, now)
	if err != nil {
		return err
	}
	// The admins may take it themselves, or find someone: the card has its Claim button, and is
	// tracked like a pushed one (edited once it is taken).
	return t.tellAdmins(ctx, tx, o.Zone, now, o.ID, func(lang string) outbox.Message {
		return outbox.Message{Text: i18n.T(lang, "sla.escalated_admin", o.ID, i18n.Raw(span(lang, now.Sub(o.CreatedAt))), told,
			i18n.Raw(h.preClaimCard(lang, o, now))), Buttons: [][]outbox.Button{{claimButton(lang, o.ID)}}}
	})
}

// Recurred tells whoever placed daily order from that it is back for today as o (the others of
// the household hear of it from NotifyOrder).
func (t *sweepTeller) Recurred(ctx context.Context, tx *sql.Tx, from int64, o orders.Order, now time.Time) error {
	h := t.h
	if o.PlacedBy == 0 {
		return nil
	}
	// A relative removed from the household since no longer hears of its orders.
	if ok, err := people.MayActFor(ctx, tx, o.PlacedBy, o.HouseholdID); err != nil || !ok {
		return err
	}
	lang, err := h.langOf(ctx, tx, o.PlacedBy)
	if err != nil {
		return err
	}
	text := i18n.T(lang, "daily.placed_again", from, o.ID, i18n.Raw(h.renderOrder(lang, o, now)))
	if o.ID == from {
		text = i18n.T(lang, "daily.reopened", o.ID, i18n.Raw(h.renderOrder(lang, o, now)))
	}
	_, err = outbox.Add(ctx, tx, outbox.Message{ChatID: o.PlacedBy, Text: text},
		outbox.Options{Priority: outbox.PriorityNotify}, now)
	return err
}

// tellAdmins sends every admin of zone the message render makes in their language; a card of
// order card (not 0) is tracked as pushed cards are.
func (t *sweepTeller) tellAdmins(ctx context.Context, tx *sql.Tx, zone string, now time.Time, card int64, render func(lang string) outbox.Message) error {
	admins, ok := t.admins[zone]
	if !ok {
		var err error
		if admins, err = people.ZoneAdmins(ctx, tx, zone, t.h.o.Admins); err != nil {
			return err
		}
		if t.admins == nil {
			t.admins = map[string][]int64{}
		}
		t.admins[zone] = admins
	}
	return t.h.tellAdminsMessage(ctx, tx, admins, now, card, render)
}

// widen pushes o's pre-claim card with a Claim button to every volunteer on duty who takes its
// category, whatever their zones: those of its zone are reminded it still waits there (an urgent
// one was pushed to them when placed, and is again), the others asked to help beyond their zones.
// It returns how many it told.
func (h *Handlers) widen(ctx context.Context, tx *sql.Tx, o orders.Order, vols []people.Volunteer, now time.Time) (int, error) {
	counsellors := h.orders.CounsellorsOnly(o)
	told := 0
	for _, v := range vols {
		if !v.OnDuty || !orders.TakesWidened(v.Categories, o) {
			continue
		}
		if counsellors {
			ok, err := people.HasRole(ctx, tx, v.UserID, people.RoleCounsellor)
			if err != nil {
				return told, err
			}
			if !ok {
				continue
			}
		}
		lang, err := h.langOf(ctx, tx, v.UserID)
		if err != nil {
			return told, err
		}
		key := "sla.widened"
		if v.Serves(o.Zone, o.Category) {
			key = "sla.waiting_in_zone"
		}
		m := outbox.Message{ChatID: v.UserID, Buttons: [][]outbox.Button{{claimButton(lang, o.ID)}},
			Text: i18n.T(lang, key, o.ID, i18n.Raw(span(lang, now.Sub(o.CreatedAt))), i18n.Raw(h.preClaimCard(lang, o, now)))}
		if err := h.pushCard(ctx, tx, m, lang, o.ID, now); err != nil { // tracked: edited once it is taken
			return told, err
		}
		told++
	}
	return told, nil
}

// tellAdmins sends every admin the text render makes in their language.
func (h *Handlers) tellAdmins(ctx context.Context, tx *sql.Tx, admins []int64, now time.Time, render func(lang string) string) error {
	return h.tellAdminsMessage(ctx, tx, admins, now, 0, func(lang string) outbox.Message { return outbox.Message{Text: render(lang)} })
}

// tellAdminsMessage sends every admin the message render makes in their language; a card of
// order card (not 0) is tracked as pushed cards are, to be edited once the order is taken.
func (h *Handlers) tellAdminsMessage(ctx context.Context, tx *sql.Tx, admins []int64, now time.Time, card int64,
	render func(lang string) outbox.Message) error {
	for _, a := range admins {
		lang, err := h.langOf(ctx, tx, a)
		if err != nil {
			return err
		}
		m := render(lang)
		m.ChatID = a
		if card != 0 {
			err = h.pushCard(ctx, tx, m, lang, card, now)
		} else {
			_, err = outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, now)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// firstName is user's first name as Telegram gave it ("" for someone who never wrote).
func (h *Handlers) firstName(ctx context.Context, tx *sql.Tx, user int64) (string, error) {
	u, err := people.Get(ctx, tx, user)
	if errors.Is(err, people.ErrNotFound) {
		return "", nil
	}
	return i18n.Clip(strings.TrimSpace(u.FirstName), 40), err
}

// span says how long d is, in whole minutes, or hours and minutes.
func span(lang string, d time.Duration) string {
	mins := int(d / time.Minute)
	switch {
	case mins < 1:
		return i18n.T(lang, "sla.under_a_minute")
	case mins < 60:
		return i18n.T(lang, "sla.minutes", mins)
	}
	return i18n.T(lang, "sla.hours", mins/60, mins%60)
}

// clock says when t is in the configured time zone: the time of day, with the date if it is not
// on now's day.
func (h *Handlers) clock(lang string, t, now time.Time) string {
	t, now = t.In(h.o.Location), now.In(h.o.Location)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04")
	}
	return i18n.T(lang, "sla.date_time", int(t.Month()), t.Day(), t.Format("15:04"))
}
