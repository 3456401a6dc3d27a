package handlers

import (
	"strings"

	"linli/orders"
	"linli/outbox"
)

// What a resident types about their own orders is answered with those orders, never made a
// draft: "收到了" with the deliveries waiting for their word, "还没送到" with what is under way,
// "取消" with what can still be cancelled (or the draft they were making).

// saidAboutOrders answers reading's intent if it is about the sender's orders; false if not.
func (h *Handlers) saidAboutOrders(r *request, intent orders.Intent) (bool, error) {
	return h.aboutOrders(r, intent, false)
}

// aboutOrders answers intent with the sender's orders; asked (/received or /cancel alone, not
// words) says so when nothing waits for their word, rather than taking it for a thank-you.
func (h *Handlers) aboutOrders(r *request, intent orders.Intent, asked bool) (bool, error) {
	if intent != orders.IntentReceived && intent != orders.IntentWhere && intent != orders.IntentCancel {
		return false, nil
	}
	if intent == orders.IntentCancel && r.yielded != nil && r.yielded.Name == "draft" {
		r.yielded = nil // the draft they were making: dropped, as ✖ would
		return true, r.reply(r.t("order.cancelled"))
	}
	if err := h.keepDraft(r); err != nil {
		return true, err
	}
	ids, err := householdIDs(r)
	if err != nil {
		return true, err
	}
	if len(ids) == 0 {
		if staff, err := h.staff(r); err != nil || staff {
			switch { // an admin's /cancel or /received alone: no orders of theirs to show
			case err == nil && asked && intent == orders.IntentCancel:
				return true, userErr("flow.nothing_to_cancel")
			case err == nil && asked:
				return true, userErr("received.usage")
			}
			return true, errOr(err, r.reply(r.t("free.staff")))
		}
		return true, h.menu(r, r.t("free.not_registered"))
	}
	list, err := h.orders.ByHousehold(r.ctx, r.unit.Tx, ids, 20)
	if err != nil {
		return true, err
	}
	var b strings.Builder
	var rows [][]outbox.Button
	shown := func(o orders.Order) { b.WriteString("\n\n" + h.renderOrder(r.lang(), o, r.unit.Now)) }
	under := 0
	for _, o := range list {
		switch {
		case intent == orders.IntentReceived && o.Status == orders.StatusDelivered:
			shown(o)
			rows = append(rows, receiptButtons(r.lang(), o.ID))
		case intent == orders.IntentCancel && (o.Status == orders.StatusOpen || o.Status == orders.StatusClaimed):
			shown(o)
			rows = append(rows, []outbox.Button{cancelOrderButton(r, o.ID)})
		case intent != orders.IntentCancel && (o.Status == orders.StatusOpen || o.Status == orders.StatusClaimed ||
			o.Status == orders.StatusDelivered && intent == orders.IntentWhere):
			under++
			if intent == orders.IntentWhere || len(rows) == 0 {
				shown(o)
			}
		}
	}
	switch {
	case intent == orders.IntentReceived && len(rows) > 0:
		return true, r.reply(r.t("free.received_which")+b.String(), rows...)
	case intent == orders.IntentReceived && under > 0:
		return true, r.reply(r.t("free.received_not_yet") + b.String())
	case intent == orders.IntentReceived && asked:
		return true, h.menu(r, r.t("received.nothing"))
	case intent == orders.IntentReceived:
		return true, h.menu(r, r.t("free.thanks"))
	case intent == orders.IntentCancel && len(rows) > 0:
		return true, r.reply(r.t("free.cancel_which")+b.String(), rows...)
	case intent == orders.IntentCancel:
		return true, h.menu(r, r.t("free.cancel_none"))
	case under > 0:
		return true, r.reply(r.t("free.where") + b.String())
	}
	return true, h.menu(r, r.t("free.where_none"))
}
