package handlers

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// The volunteer queue: /queue [category] lists the open orders the user may take, urgent and
// vulnerable households first, then oldest, queuePageSize at a time, each with a Claim button.
// The queue's buttons carry "q:<verb>:<arg>": q:c:<id> claims, q:d:<id> delivers, q:r:<id>
// releases, q:u:<id> takes back a "Delivered" pressed by mistake, q:p:<offset>[:<category>] is the next page. Every press is authorised again from
// the presser, never from the data (see tasks.go).

// queuePageSize is how many orders one /queue message lists.
const queuePageSize = 10

// taker is someone who may take orders: a volunteer, or an admin (every zone, every category).
// Counselling is for counsellors only, admins included.
type taker struct {
	id         int64
	admin      bool
	counsellor bool
	joined     bool // has a volunteer record
	vol        people.Volunteer
	scope      people.Scope // where an admin takes orders as one: their admin zones
}

// taker reads who the presser or sender is as a taker of orders; anyone else is refused.
func (h *Handlers) taker(r *request) (taker, error) {
	t := taker{id: r.user.ID, admin: r.admin, scope: r.scope}
	v, err := people.GetVolunteer(r.ctx, r.unit.Tx, r.user.ID)
	switch {
	case err == nil:
		t.vol, t.joined = v, true
	case !errors.Is(err, people.ErrNotFound):
		return t, err
	case !r.admin:
		return t, userErr("error.volunteer_only")
	}
	t.counsellor, err = r.holds(people.RoleCounsellor)
	return t, err
}

// offDuty reports whether a volunteer is off duty (an admin never is).
func (t taker) offDuty() bool { return !t.admin && !t.vol.OnDuty }

// rules is t as the orders package's rules of taking see them (orders.Service.MayTake).
func (t taker) rules() orders.Taker {
	o := orders.Taker{Volunteer: t.joined, Zones: t.vol.Zones, Categories: t.vol.Categories, Counsellor: t.counsellor}
	if t.admin {
		o.AdminIn = t.scope.Covers
	}
	return o
}

// mayTake reports whether t may see and claim o (orders.Service.MayTake).
func (h *Handlers) mayTake(t taker, o orders.Order) bool { return h.orders.MayTake(t.rules(), o) }

// categories are the category keys t's queue shows: the enabled ones t takes.
func (h *Handlers) categories(t taker) []string { return h.orders.CategoriesFor(t.rules()) }

// queue is /queue [category].
func (h *Handlers) queue(r *request) error {
	t, err := h.taker(r)
	if err != nil {
		return err
	}
	cat := strings.ToLower(strings.TrimSpace(r.cmd.Args))
	if cat == querySupplies {
		return h.batchQueue(r, t)
	}
	cat = h.categoryTyped(cat)
	if cat != "" {
		if _, err := h.orders.Catalog().Lookup(cat); err != nil {
			return userErr("queue.unknown_category", i18n.Clip(cat, 32), i18n.Raw(strings.Join(h.categories(t), ", ")))
		}
		if !slices.Contains(h.categories(t), cat) {
			return userErr("queue.not_your_category", h.categoryLabel(r, cat))
		}
	}
	return h.queuePage(r, t, 0, cat, false)
}

// nextQueuePage is q:p:<offset>[:<category>].
func (h *Handlers) nextQueuePage(r *request, arg string) error {
	t, err := h.taker(r)
	if err != nil {
		return err
	}
	off, cat, _ := strings.Cut(arg, ":")
	offset, err := strconv.Atoi(off)
	if err != nil || offset < 0 || offset > 1_000_000 || (cat != "" && !slices.Contains(h.categories(t), cat)) {
		return userErr("error.stale_button")
	}
	return h.queuePage(r, t, offset, cat, true)
}

// queuePage shows the orders of t's queue from offset (only category's, if one is given), in
// place of the pressed page if again. The page is tracked, so its Claim buttons follow the
// orders (cards.go).
func (h *Handlers) queuePage(r *request, t taker, offset int, category string, again bool) error {
	f := orders.QueueFilter{Zones: t.vol.Zones, Widened: true, Categories: h.categories(t), Limit: queuePageSize + 1, Offset: offset}
	if t.admin && t.scope.All {
		f.Zones = nil
	} else if t.admin && len(t.vol.Zones) > 0 { // a scoped admin: their zones and those they volunteer in
		f.Zones = t.scope.Union(people.Scope{Zones: t.vol.Zones}).Zones
	} else if t.admin && !t.joined {
		f.Zones = t.scope.Zones
	}
	if category != "" {
		f.Categories = []string{category}
	}
	var list []orders.Order
	if len(f.Categories) > 0 {
		var err error
		if list, err = h.orders.Queue(r.ctx, r.unit.Tx, f, r.unit.Now); err != nil {
			return err
		}
	}
	hint := ""
	if t.offDuty() {
		hint = "\n\n" + r.t("queue.off_duty_hint")
	}
	if len(list) == 0 {
		text := r.t("queue.empty") + hint
		if offset > 0 {
			text = r.t("queue.no_more") + hint
		}
		return h.showPage(r, outbox.Message{Text: text}, orders.Card{}, again)
	}
	more := len(list) > queuePageSize
	list = list[:min(len(list), queuePageSize)]
	var b strings.Builder
	b.WriteString(r.t("queue.title", offset+1, offset+len(list)))
	var rows [][]outbox.Button
	var row []outbox.Button
	card := orders.Card{ChatID: r.chatID, Kind: orders.CardQueue, Lang: r.lang()}
	for _, o := range list {
		card.Orders = append(card.Orders, o.ID)
		b.WriteString("\n\n" + h.preClaimCard(r.lang(), o, r.unit.Now))
		row = append(row, claimButton(r.lang(), o.ID))
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if more {
		data := queueButtons.data("p", strconv.Itoa(offset+queuePageSize))
		if category != "" {
			data += ":" + category
		}
		rows = append(rows, []outbox.Button{{Text: r.label("queue.next"), Data: data}})
		card.More = data
	}
	b.WriteString("\n\n" + r.t("queue.footer") + hint)
	return h.showPage(r, outbox.Message{Text: b.String(), Buttons: rows}, card, again)
}

// showPage sends /queue page m (in place of the pressed one if again) and tracks it as card,
// which lists the orders it shows (none: an empty page, which is no longer tracked).
func (h *Handlers) showPage(r *request, m outbox.Message, card orders.Card, again bool) error {
	if again && r.msg != nil && carriesButton(r.msg.ReplyMarkup, r.callback.Data) {
		m.Kind, m.EditMessageID = outbox.KindEdit, r.msg.ID
		if err := r.send(m); err != nil {
			return err
		}
		id, err := orders.CardAt(r.ctx, r.unit.Tx, r.chatID, r.msg.ID)
		if err != nil || id == 0 {
			return err
		}
		card.OutboxID = id
		return orders.Retrack(r.ctx, r.unit.Tx, card, r.unit.Now)
	}
	id, err := r.sendID(m)
	if err != nil || len(card.Orders) == 0 {
		return err
	}
	card.OutboxID = id
	return orders.TrackCard(r.ctx, r.unit.Tx, card, r.unit.Now)
}

func claimButton(lang string, id int64) outbox.Button {
	return outbox.Button{Text: i18n.Plain(i18n.T(lang, "queue.claim", id)), Data: queueButtons.data("c", strconv.FormatInt(id, 10))}
}

// flags names what puts an order first in a queue: urgent, a vulnerable household.
func flags(lang string, o orders.Order) string {
	var out string
	if o.Urgent {
		out += " · " + i18n.T(lang, "queue.flag_urgent")
	}
	if o.Vulnerable {
		out += " · " + i18n.T(lang, "queue.flag_care")
	}
	return out
}

// preClaimCard renders o for a volunteer who has not claimed it: category, items (clipped),
// urgency, the vulnerable flag, zone, building and age. Never the household's name, phone, unit,
// room or note: those are the claimer's alone (claimerCard); phone and room numbers typed into the
// items are masked (orders.PublicText).
func (h *Handlers) preClaimCard(lang string, o orders.Order, now time.Time) string {
	return i18n.T(lang, "queue.card", o.ID, h.categoryLabelIn(lang, o.Category), i18n.Raw(flags(lang, o)),
		itemsOf(lang, orders.PublicText(o.Items), o.Media, 120), i18n.Clip(h.zoneName(o.Zone), 40), i18n.Clip(o.Building, 40),
		i18n.Raw(ago(lang, o.CreatedAt, now)))
}

// claimerCard renders o for the volunteer who holds it (or an admin): everything needed to
// deliver, the household's name, phone, full address and note included. Only ever sent to the
// claimer's private chat, and only while the task is theirs.
func (h *Handlers) claimerCard(r *request, o orders.Order) (string, error) {
	return h.taskCard(r.ctx, r.unit.Tx, r.lang(), o, r.unit.Now)
}

// taskCard is claimerCard in lang, for a claimer who is not the one writing.
func (h *Handlers) taskCard(ctx context.Context, tx *sql.Tx, lang string, o orders.Order, now time.Time) (string, error) {
	hh, err := people.GetHousehold(ctx, tx, o.HouseholdID)
	if err != nil {
		return "", err
	}
	note := o.Note
	if note == "" {
		note = "—"
	}
	rx := ""
	switch {
	case o.PrescriptionPhoto != "":
		rx = "\n" + i18n.T(lang, "queue.rx_photo")
	case o.Prescription:
		rx = "\n" + i18n.T(lang, "queue.rx_yes")
	}
	return i18n.T(lang, "queue.task", o.ID, h.categoryLabelIn(lang, o.Category), i18n.Raw(flags(lang, o)),
		itemsOf(lang, o.Items, o.Media, 300), i18n.Clip(hh.Name, 60), hh.Phone, i18n.Clip(h.zoneName(o.Zone), 40),
		i18n.Clip(address(hh.Building, hh.Unit, hh.Room), 100), i18n.Clip(note, 300), i18n.Raw(rx),
		i18n.Raw(due(lang, o.DeliverDeadline, now))), nil
}

// taskButtons are the claimer's Deliver and Release buttons for order id.
func taskButtons(r *request, id int64) []outbox.Button { return taskButtonsIn(r.lang(), id) }

func taskButtonsIn(lang string, id int64) []outbox.Button {
	s := strconv.FormatInt(id, 10)
	return []outbox.Button{
		{Text: i18n.Plain(i18n.T(lang, "queue.deliver_button", id)), Data: queueButtons.data("d", s)},
		{Text: i18n.Plain(i18n.T(lang, "queue.release_button", id)), Data: queueButtons.data("r", s)},
	}
}

// undoButton takes back the claimer's "Delivered" on order id, pressed by mistake.
func undoButton(lang string, id int64) []outbox.Button {
	return []outbox.Button{{Text: i18n.Plain(i18n.T(lang, "queue.undo_button", id)), Data: queueButtons.data("u", strconv.FormatInt(id, 10))}}
}

// due says how long is left to deliver, in whole minutes rounded up.
func due(lang string, deadline, now time.Time) string {
	d := deadline.Sub(now)
	mins := int((d + time.Minute - 1) / time.Minute)
	switch {
	case deadline.IsZero():
		return ""
	case d <= 0:
		return i18n.T(lang, "queue.overdue")
	case mins < 60:
		return i18n.T(lang, "queue.due_minutes", mins)
	case mins%60 == 0:
		return i18n.T(lang, "queue.due_whole_hours", mins/60)
	}
	return i18n.T(lang, "queue.due_hours", mins/60, mins%60)
}
