package handlers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
	"linli/store"
)

// The SLA sweep, which the app runs on a ticker. It is not an update, so it builds its messages
// itself, each in its recipient's language:
//   - an open order past its claim deadline is escalated: admins are told, and it is offered to
//     every volunteer on duty who takes its category, in any zone (but those already pushed it:
//     for an urgent order, its zone's volunteers);
//   - a claimed order past its delivery deadline reminds the claimer, once per claim; at twice
//     the time allowed (counted from the claim) it is released, reason "overdue", admins told;
//   - a daily order (Recurring "daily") recurs once per local day: one delivered or received
//     before today began is placed again as a new order for today, one that expired before today
//     is re-opened, and the household is told. One still open or claimed carries over, so a day
//     never gets two; cancelling the day's order ends the series.
//
// Each order is handled in its own savepoint: one that fails is logged and left for the next
// sweep, and the others go on.

// sweepBatch bounds the orders of each kind one sweep looks at.
const sweepBatch = 500

// reasonOverdue is the reason recorded on a claim the sweep takes back.
const reasonOverdue = "overdue"

// Sweep runs the SLA sweeps once, at now, in tx.
func (h *Handlers) Sweep(ctx context.Context, tx *sql.Tx, now time.Time) error {
	admins, err := h.adminIDs(ctx, tx)
	if err != nil {
		return err
	}
	if err := h.sweepDeliveries(ctx, tx, now, admins); err != nil {
		return err
	}
	if err := h.sweepClaims(ctx, tx, now, admins); err != nil {
		return err
	}
	if err := h.sweepRounds(ctx, tx, now); err != nil {
		return err
	}
	return h.repeatDaily(ctx, tx, now)
}

// each runs fn for order id in a savepoint: a failure is logged and undone, and the sweep goes on.
func (h *Handlers) each(ctx context.Context, tx *sql.Tx, step string, id int64, fn func() error) error {
	failed, err := store.TrySavepoint(ctx, tx, "sweep_order", fn)
	if failed != nil {
		h.o.Logger.Error("sweep", "component", "sweep", "step", step, "order_id", id, "err", failed)
	}
	return err
}

// sweepDeliveries reminds the claimers of overdue deliveries and takes back the very late ones.
func (h *Handlers) sweepDeliveries(ctx context.Context, tx *sql.Tx, now time.Time, admins []int64) error {
	late, err := h.orders.PastDeliverDeadline(ctx, tx, now, sweepBatch)
	if err != nil {
		return err
	}
	for _, o := range late {
		giveBack := o.DeliverDeadline.Add(o.DeliverDeadline.Sub(o.ClaimedAt))
		fn := func() error { return h.remind(ctx, tx, o, giveBack, now) }
		if !now.Before(giveBack) {
			fn = func() error { return h.takeBack(ctx, tx, o, admins, now) }
		}
		if err := h.each(ctx, tx, "deliveries", o.ID, fn); err != nil {
			return err
		}
	}
	return nil
}

// remind tells the claimer of o, once per claim, that it is overdue and when it goes back.
func (h *Handlers) remind(ctx context.Context, tx *sql.Tx, o orders.Order, giveBack, now time.Time) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO sla_reminders (order_id, deadline, reminded_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, o.ID, o.DeliverDeadline.UnixMilli(), now.UnixMilli())
	if err != nil {
		return fmt.Errorf("handlers: reminder of #%d: %w", o.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // reminded already
	}
	lang, err := h.langOf(ctx, tx, o.ClaimedBy)
	if err != nil {
		return err
	}
	id := strconv.FormatInt(o.ID, 10)
	buttons := []outbox.Button{
		{Text: i18n.Plain(i18n.T(lang, "queue.deliver_button", o.ID)), Data: "q:d:" + id},
		{Text: i18n.Plain(i18n.T(lang, "queue.release_button", o.ID)), Data: "q:r:" + id},
	}
	text := i18n.T(lang, "sla.remind", o.ID, i18n.Raw(span(lang, now.Sub(o.DeliverDeadline))),
		i18n.Raw(h.clock(lang, giveBack, now)), i18n.Raw(h.preClaimCard(lang, o, now)))
	_, err = outbox.Add(ctx, tx, outbox.Message{ChatID: o.ClaimedBy, Text: text, Buttons: [][]outbox.Button{buttons}},
		outbox.Options{Priority: outbox.PriorityNotify}, now)
	return err
}

// takeBack releases o, overdue, and tells the admins. The claimer, the household and the group
// cards are told by the release's own notifications.
func (h *Handlers) takeBack(ctx context.Context, tx *sql.Tx, o orders.Order, admins []int64, now time.Time) error {
	holder := o.ClaimedBy
	name, err := h.firstName(ctx, tx, holder)
	if err != nil {
		return err
	}
	if name == "" {
		name = "—"
	}
	if o, err = h.orders.Release(ctx, tx, o.ID, 0, true, reasonOverdue, now); err != nil {
		return err
	}
	return h.tellAdmins(ctx, tx, admins, now, func(lang string) string {
		return i18n.T(lang, "sla.released_admin", o.ID, name, holder, i18n.Raw(span(lang, now.Sub(o.CreatedAt))),
			i18n.Raw(h.preClaimCard(lang, o, now)))
	})
}

// sweepClaims escalates the open orders nobody claimed in time.
func (h *Handlers) sweepClaims(ctx context.Context, tx *sql.Tx, now time.Time, admins []int64) error {
	late, err := h.orders.PastClaimDeadline(ctx, tx, now, sweepBatch)
	if err != nil || len(late) == 0 {
		return err
	}
	vols, err := people.Volunteers(ctx, tx)
	if err != nil {
		return err
	}
	for _, o := range late {
		err := h.each(ctx, tx, "claims", o.ID, func() error { return h.escalate(ctx, tx, o, vols, admins, now) })
		if err != nil {
			return err
		}
	}
	return nil
}

// escalate marks o escalated, offers it to the volunteers of every zone and tells the admins.
func (h *Handlers) escalate(ctx context.Context, tx *sql.Tx, o orders.Order, vols []people.Volunteer, admins []int64, now time.Time) error {
	o, err := h.orders.Escalate(ctx, tx, o.ID, now)
	if err != nil {
		return err
	}
	told, err := h.widen(ctx, tx, o, vols, now)
	if err != nil {
		return err
	}
	return h.tellAdmins(ctx, tx, admins, now, func(lang string) string {
		return i18n.T(lang, "sla.escalated_admin", o.ID, i18n.Raw(span(lang, now.Sub(o.CreatedAt))), told,
			i18n.Raw(h.preClaimCard(lang, o, now)))
	})
}

// widen pushes o's pre-claim card with a Claim button to every volunteer on duty who takes its
// category, whatever their zones, but those pushed it before; it returns how many it told.
func (h *Handlers) widen(ctx context.Context, tx *sql.Tx, o orders.Order, vols []people.Volunteer, now time.Time) (int, error) {
	counsellors := h.counsellorsOnly(o)
	told := 0
	for _, v := range vols {
		switch {
		case !v.OnDuty, !takesWidened(v, o):
			continue
		case o.Urgent && v.Serves(o.Zone, o.Category):
			continue // pushed when it was placed (or released)
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
		m := outbox.Message{ChatID: v.UserID, Buttons: [][]outbox.Button{{claimButton(lang, o.ID)}},
			Text: i18n.T(lang, "sla.widened", o.ID, i18n.Raw(span(lang, now.Sub(o.CreatedAt))), i18n.Raw(h.preClaimCard(lang, o, now)))}
		if _, err := outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
			return told, err
		}
		told++
	}
	return told, nil
}

// takesWidened reports whether volunteer v is offered o once it is escalated: any zone, if they
// take its category (counselling is still for counsellors only). The offer carries the Claim
// button of /queue, so the claim's authorisation (mayTake) has to accept the same.
func takesWidened(v people.Volunteer, o orders.Order) bool {
	return o.Escalated && o.Status == orders.StatusOpen &&
		(len(v.Categories) == 0 || slices.Contains(v.Categories, o.Category))
}

// adminIDs are the admins from config and those granted in the bot, each once, in id order.
func (h *Handlers) adminIDs(ctx context.Context, tx *sql.Tx) ([]int64, error) {
	out := slices.Clone(h.o.Admins)
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM user_roles WHERE role = 'admin'
		UNION SELECT user_id FROM users WHERE is_admin = 1`)
	if err != nil {
		return nil, fmt.Errorf("handlers: admins: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("handlers: admins: %w", err)
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out), rows.Err()
}

// tellAdmins sends every admin the text render makes in their language.
func (h *Handlers) tellAdmins(ctx context.Context, tx *sql.Tx, admins []int64, now time.Time, render func(lang string) string) error {
	for _, a := range admins {
		lang, err := h.langOf(ctx, tx, a)
		if err != nil {
			return err
		}
		if _, err := outbox.Add(ctx, tx, outbox.Message{ChatID: a, Text: render(lang)},
			outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
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

// dailyDue lists the daily orders finished before a day began and not repeated yet.
const dailyDue = `SELECT id FROM orders
	WHERE recurring = 'daily' AND status IN ('delivered', 'received', 'expired')
	  AND coalesce(delivered_at, expired_at) < ?
	  AND NOT EXISTS (SELECT 1 FROM order_repeats r WHERE r.from_id = orders.id)
	ORDER BY id LIMIT ?`

// repeatDaily brings back the daily orders finished before today began (in the configured zone).
func (h *Handlers) repeatDaily(ctx context.Context, tx *sql.Tx, now time.Time) error {
	local := now.In(h.o.Location)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, h.o.Location)
	rows, err := tx.QueryContext(ctx, dailyDue, today.UnixMilli(), sweepBatch)
	if err != nil {
		return fmt.Errorf("handlers: daily orders: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("handlers: daily orders: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("handlers: daily orders: %w", err)
	}
	for _, id := range ids {
		if err := h.each(ctx, tx, "daily", id, func() error { return h.repeat(ctx, tx, id, now) }); err != nil {
			return err
		}
	}
	return nil
}

// repeat brings daily order id back for today: re-opened if it expired, else placed again for
// the household as it is now. A series whose category or household is gone ends; a household
// with too many orders open is tried again at the next sweep.
func (h *Handlers) repeat(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	o, err := h.orders.Get(ctx, tx, id)
	if err != nil {
		return err
	}
	if o.Status == orders.StatusExpired {
		if o, err = h.orders.Reopen(ctx, tx, id, 0, now); err != nil {
			return err
		}
		return h.tellPlacer(ctx, tx, o, now, func(lang string) string {
			return i18n.T(lang, "daily.reopened", o.ID, i18n.Raw(h.renderOrder(lang, o, now)))
		})
	}
	next, err := h.placeAgain(ctx, tx, o, now)
	switch {
	case errors.Is(err, orders.ErrTooManyOpen):
		h.o.Logger.Info("daily order waits: its household has too many open", "component", "sweep", "order_id", id)
		return nil
	case errors.Is(err, orders.ErrCategoryDisabled), errors.Is(err, orders.ErrUnknownCategory), errors.Is(err, orders.ErrNotFound):
		h.o.Logger.Info("daily order ends", "component", "sweep", "order_id", id, "reason", err.Error())
	case err != nil:
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO order_repeats (from_id, to_id, at) VALUES (?, ?, ?)`,
		id, next.ID, now.UnixMilli()); err != nil {
		return fmt.Errorf("handlers: repeat of #%d: %w", id, err)
	}
	if next.ID == 0 {
		return nil
	}
	return h.tellPlacer(ctx, tx, next, now, func(lang string) string {
		return i18n.T(lang, "daily.placed_again", id, next.ID, i18n.Raw(h.renderOrder(lang, next, now)))
	})
}

// placeAgain places a copy of daily order o for today, at the household's address of now.
func (h *Handlers) placeAgain(ctx context.Context, tx *sql.Tx, o orders.Order, now time.Time) (orders.Order, error) {
	hh, err := people.GetHousehold(ctx, tx, o.HouseholdID)
	if err != nil {
		if errors.Is(err, people.ErrNotFound) {
			return orders.Order{}, fmt.Errorf("handlers: household %d: %w", o.HouseholdID, orders.ErrNotFound)
		}
		return orders.Order{}, err
	}
	urgent := o.Urgent
	return h.orders.Place(ctx, tx, orders.NewOrder{
		HouseholdID: o.HouseholdID, PlacedBy: o.PlacedBy, Zone: hh.Zone, Building: hh.Building,
		Category: o.Category, Items: o.Items, Quantity: o.Quantity, Note: o.Note,
		Urgent: &urgent, Vulnerable: hh.IsVulnerable(), Recurring: orders.RecurDaily,
	}, now)
}

// tellPlacer tells whoever placed o (the others of the household hear of it from notifyOrder).
func (h *Handlers) tellPlacer(ctx context.Context, tx *sql.Tx, o orders.Order, now time.Time, render func(lang string) string) error {
	if o.PlacedBy == 0 {
		return nil
	}
	lang, err := h.langOf(ctx, tx, o.PlacedBy)
	if err != nil {
		return err
	}
	_, err = outbox.Add(ctx, tx, outbox.Message{ChatID: o.PlacedBy, Text: render(lang)},
		outbox.Options{Priority: outbox.PriorityNotify}, now)
	return err
}
