package handlers

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// orderText renders an order for its own household: what, its state, and what happens next.
func (h *Handlers) orderText(r *request, o orders.Order) i18n.Raw {
	return i18n.Raw(h.renderOrder(r.lang(), o, r.unit.Now))
}

func (h *Handlers) renderOrder(lang string, o orders.Order, now time.Time) string {
	urgent := ""
	if o.Urgent {
		urgent = "🔴 "
	}
	card := i18n.T(lang, "order.card", urgent, o.ID, h.categoryLabelIn(lang, o.Category),
		itemsOf(lang, o.Items, o.Media, 300), i18n.Raw(i18n.T(lang, "status."+string(o.Status))), ago(lang, o.CreatedAt, now),
		i18n.Raw(i18n.T(lang, "next."+string(o.Status), o.ID)))
	if o.Recurring == orders.RecurDaily && !o.Status.Finished() {
		card += "\n🔁 " + i18n.T(lang, "order.daily_note") // and how to stop it
	}
	return card
}

// ago says how long ago t was, roughly.
func ago(lang string, t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return i18n.T(lang, "ago.now")
	case d < time.Hour:
		return i18n.T(lang, "ago.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		return i18n.T(lang, "ago.hours", int(d/time.Hour))
	}
	return i18n.T(lang, "ago.days", int(d/(24*time.Hour)))
}

// householdIDs are the households the user may act for.
func householdIDs(r *request) ([]int64, error) {
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.Household.ID
	}
	return ids, nil
}

// myOrders is /orders: the orders of every household the user acts for, newest first, with a
// button for what can be done next.
func (h *Handlers) myOrders(r *request) error {
	ids, err := householdIDs(r)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return userErr("order.register_first")
	}
	list, err := h.orders.ByHousehold(r.ctx, r.unit.Tx, ids, 10)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return r.reply(r.t("orders.none"))
	}
	var b strings.Builder
	b.WriteString(r.t("orders.title"))
	var rows [][]outbox.Button
	for _, o := range list {
		code, err := h.handoverLine(r.ctx, r.unit.Tx, r.lang(), o)
		if err != nil {
			return err
		}
		b.WriteString("\n\n" + h.renderOrder(r.lang(), o, r.unit.Now) + code)
		switch o.Status {
		case orders.StatusOpen, orders.StatusClaimed:
			row := []outbox.Button{cancelOrderButton(r, o.ID)}
			if found, err := orders.MayReceive(r.ctx, r.unit.Tx, o, ids); err != nil {
				return err
			} else if found { // said not received, then found at the door
				row = append(row, foundButton(r.lang(), o.ID))
			}
			rows = append(rows, row)
		case orders.StatusDelivered:
			rows = append(rows, receiptButtons(r.lang(), o.ID))
		}
	}
	return r.reply(b.String(), rows...)
}

// parseOrderID reads "#12" or "12".
func parseOrderID(s string) (int64, bool) {
	// Chinese keyboards type "＃３" as readily as "#3".
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(width.Narrow.String(s)), "#"), 10, 64)
	return id, err == nil && id > 0
}

// stateRefusal is the refusal of a household's action (cancel, received) on order id: when the
// order's state stands in the way, which state and what can be done ("#10 is not delivered yet:
// confirm it once it is"), else the usual table (not theirs, no such order).
func (h *Handlers) stateRefusal(r *request, action string, o orders.Order, id int64, err error) error {
	if !errors.Is(err, orders.ErrWrongState) || o.Status == "" {
		return h.refused(ordering, err)
	}
	return userErr("order.refused_"+action, id, i18n.Raw(r.t("status."+string(o.Status))), i18n.Raw(r.t("order.why_"+action+"."+string(o.Status))))
}

// cancelCommand is /cancel <id>; /cancel alone leaves the running guided flow, or with none
// shows the orders that can still be cancelled (cancelFlow).
func (h *Handlers) cancelCommand(r *request) error {
	if strings.TrimSpace(r.cmd.Args) == "" {
		return h.cancelFlow(r)
	}
	id, ok := parseOrderID(r.cmd.Args)
	if !ok {
		return userErr("cancel.usage")
	}
	return h.cancelOrder(r, id)
}

func (h *Handlers) cancelOrder(r *request, id int64) error {
	ids, err := householdIDs(r)
	if err != nil {
		return err
	}
	o, err := h.orders.Cancel(r.ctx, r.unit.Tx, id, ids, r.user.ID, r.unit.Now)
	if err != nil {
		return h.stateRefusal(r, "cancel", o, id, err)
	}
	if r.callback != nil { // the "are you sure?" message becomes the answer
		return h.showAgain(r, r.t("order.cancelled_ok", o.ID))
	}
	return r.reply(r.t("order.cancelled_ok", o.ID))
}

// askCancel asks whether order id should really be cancelled: a tap in /orders is easily a
// slip, and an urgent order cancelled by mistake is help that does not come.
func (h *Handlers) askCancel(r *request, id int64) error {
	ids, err := householdIDs(r)
	if err != nil {
		return err
	}
	o, err := h.orders.Get(r.ctx, r.unit.Tx, id)
	if err == nil {
		err = orders.MayCancel(o, ids)
	}
	if err != nil {
		return h.stateRefusal(r, "cancel", o, id, err)
	}
	s := strconv.FormatInt(id, 10)
	return r.reply(r.t("order.cancel_confirm", id, i18n.Raw(h.renderOrder(r.lang(), o, r.unit.Now))),
		[]outbox.Button{{Text: r.label("button.cancel_yes", id), Data: orderButtons.data("k", s)}},
		[]outbox.Button{{Text: r.label("button.cancel_no"), Data: orderButtons.data("x", s)}})
}

// receivedCommand is /received <id> [1-5] [comment]; /received alone shows the deliveries waiting
// for the household's word, with their buttons, as "收到了" typed does.
func (h *Handlers) receivedCommand(r *request) error {
	fields := strings.Fields(r.cmd.Args)
	if len(fields) == 0 {
		_, err := h.aboutOrders(r, orders.IntentReceived, true)
		return err
	}
	id, ok := parseOrderID(fields[0])
	if !ok {
		return userErr("received.usage")
	}
	rating, comment := 0, ""
	if len(fields) > 1 {
		n, err := strconv.Atoi(width.Narrow.String(fields[1]))
		if err != nil || n < 1 || n > 5 {
			return userErr("received.usage")
		}
		rating = n
		_, rest, _ := strings.Cut(strings.TrimSpace(r.cmd.Args), fields[1])
		comment = strings.TrimSpace(i18n.Clean(rest))
	}
	return h.receive(r, id, rating, comment)
}

func (h *Handlers) receive(r *request, id int64, rating int, comment string) error {
	ids, err := householdIDs(r)
	if err != nil {
		return err
	}
	o, err := h.orders.Receive(r.ctx, r.unit.Tx, id, ids, r.user.ID, rating, comment, r.unit.Now)
	if err != nil {
		return h.stateRefusal(r, "received", o, id, err)
	}
	if rating == 0 {
		var row []outbox.Button
		for n := 1; n <= 5; n++ {
			row = append(row, outbox.Button{Text: strings.Repeat("⭐", 1) + strconv.Itoa(n), Data: orderButtons.data("s", strconv.FormatInt(o.ID, 10), strconv.Itoa(n))})
		}
		return r.reply(r.t("order.received_ok", o.ID), row)
	}
	return r.reply(r.t("order.thanks", o.ID))
}

// receiptButtons answer a delivery of order id: received, or it never came.
func receiptButtons(lang string, id int64) []outbox.Button {
	s := strconv.FormatInt(id, 10)
	return []outbox.Button{
		{Text: i18n.Plain(i18n.T(lang, "button.received", id)), Data: orderButtons.data("r", s)},
		{Text: i18n.Plain(i18n.T(lang, "button.not_received", id)), Data: orderButtons.data("n", s)},
	}
}

// notReceived is the household saying delivered order id never came: it goes back to the
// volunteer who delivered it, who is told (notify_volunteers.go).
func (h *Handlers) notReceived(r *request, id int64) error {
	ids, err := householdIDs(r)
	if err != nil {
		return err
	}
	o, err := h.orders.NotReceived(r.ctx, r.unit.Tx, id, ids, r.user.ID, r.unit.Now)
	if err != nil {
		return h.stateRefusal(r, "not_received", o, id, err)
	}
	// A second look at the door often finds it: one tap takes "not received" back (orders.Receive).
	return r.reply(r.t("order.not_received_ok", o.ID), []outbox.Button{foundButton(r.lang(), o.ID)})
}

// cancelOrderButton asks whether order id should be cancelled (o:c:<id>, askCancel).
func cancelOrderButton(r *request, id int64) outbox.Button {
	return outbox.Button{Text: r.label("button.cancel_order", id), Data: orderButtons.data("c", strconv.FormatInt(id, 10))}
}

// foundButton confirms order id after all, once the household said it never came: it is the
// Received button (o:r:<id>) under another name.
func foundButton(lang string, id int64) outbox.Button {
	return outbox.Button{Text: i18n.Plain(i18n.T(lang, "button.found_it", id)), Data: orderButtons.data("r", strconv.FormatInt(id, 10))}
}

// orderButton takes the buttons under /orders: o:c:<id> cancel (asks first: o:k:<id> yes,
// o:x:<id> keep it), o:r:<id> received, o:n:<id> not received,
// o:s:<id>:<n> rating. The id in the data is only a pointer: the domain checks again that the
// presser acts for the order's household.
func (h *Handlers) orderButton(r *request) error {
	_, rest := callbackData(r.callback.Data)
	verb, rest, _ := strings.Cut(rest, ":")
	idText, arg, _ := strings.Cut(rest, ":")
	id, ok := parseOrderID(idText)
	if !ok {
		return userErr("error.stale_button")
	}
	if err := r.answer("", false); err != nil {
		return err
	}
	if verb == "r" || verb == "n" || verb == "s" {
		// Pressed under a message about this order alone (its delivery notice, the rating
		// question), the answer takes its place: no Received or stars left to press again.
		r.replacePressedIfOnly(func(data string) bool {
			_, rest, _ := strings.Cut(strings.TrimPrefix(data, orderButtons.data("")), ":")
			idText, _, _ := strings.Cut(rest, ":")
			return strings.HasPrefix(data, orderButtons.data("")) && idText == strconv.FormatInt(id, 10)
		})
	}
	switch verb {
	case "c":
		return h.askCancel(r, id)
	case "k": // "yes, cancel it"
		return h.cancelOrder(r, id)
	case "x": // "keep it"
		return h.showAgain(r, r.t("order.cancel_kept", id))
	case "r":
		return h.receive(r, id, 0, "")
	case "n":
		return h.notReceived(r, id)
	case "s":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n > 5 {
			return userErr("error.stale_button")
		}
		return h.rate(r, id, n)
	}
	return userErr("error.stale_button")
}

func (h *Handlers) rate(r *request, id int64, n int) error {
	ids, err := householdIDs(r)
	if err != nil {
		return err
	}
	if err := h.orders.Rate(r.ctx, r.unit.Tx, id, ids, n, r.unit.Now); err != nil {
		return h.refused(ordering, err)
	}
	return r.reply(r.t("order.thanks", id))
}
