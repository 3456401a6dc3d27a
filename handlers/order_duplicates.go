package handlers

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// A household ordering a category again while an order of it is under way is shown that order
// (#id, items) before anything is placed, in the order flow's "dup" step: add these items to it
// (only while no volunteer has taken it; if one took it meanwhile the step says so and offers a
// separate order only), or place a separate order. Both the one-line /order and the guided
// flow's last step come here. The flow's data keeps the new order ("household", "cat", "items",
// "urgent") and the open one ("dup"); "dup_ok" lets a separate order through, "merged" says the
// items went into the open one.

// duplicateOf goes to the "dup" step when the household has an order of the same category under
// way; else the order is placed (stepDone).
func (h *Handlers) duplicateOf(r *request, f *people.Flow) (string, error) {
	if f.Data["dup_ok"] == "1" {
		return stepDone, nil
	}
	household, _ := strconv.ParseInt(f.Data["household"], 10, 64)
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, household)
	if err != nil {
		return "", err
	}
	if err := h.mayServe(r, hh.ID, hh.Zone); err != nil { // before an open order of it is shown
		return "", err
	}
	o, ok, err := h.orders.OpenOfCategory(r.ctx, r.unit.Tx, household, f.Data["cat"])
	if err != nil || !ok {
		return stepDone, err
	}
	f.Data["dup"] = strconv.FormatInt(o.ID, 10)
	delete(f.Data, "dup_gone")
	return "dup", nil
}

// orderDupStep asks what to do with an order of a category already under way.
func (h *Handlers) orderDupStep() step {
	return step{ask: h.askDuplicate, button: h.answerDuplicate}
}

func (h *Handlers) askDuplicate(r *request, f *people.Flow) error {
	id, _ := strconv.ParseInt(f.Data["dup"], 10, 64)
	o, err := h.orders.Get(r.ctx, r.unit.Tx, id)
	if err != nil {
		return err
	}
	separate := []outbox.Button{flowButton("dup", "new", "🆕 "+r.label("dup.separate"))}
	if gone := f.Data["dup_gone"]; gone != "" { // taken or closed meanwhile: a separate order only
		key := map[string]string{"claimed": "dup.gone_claimed"}[gone]
		if key == "" {
			key = "dup.gone_closed"
		}
		return r.reply(r.t(key, id, f.Data["items"]), separate, cancelRow(r, "dup"))
	}
	return r.reply(r.t("dup.ask", id, h.categoryLabel(r, o.Category), i18n.Clip(o.Items, 300),
		i18n.Raw(r.t("status."+string(o.Status))), i18n.Clip(f.Data["items"], 300)),
		[]outbox.Button{flowButton("dup", "add", "➕ "+r.label("dup.add", id))}, separate, cancelRow(r, "dup"))
}

func (h *Handlers) answerDuplicate(r *request, f *people.Flow, v string) (string, error) {
	switch {
	case v == "new":
		f.Data["dup_ok"] = "1"
		return stepDone, nil
	case v != "add" || f.Data["dup_gone"] != "":
		return "", userErr("error.stale_button")
	}
	id, _ := strconv.ParseInt(f.Data["dup"], 10, 64)
	ids, err := householdIDs(r)
	if err != nil {
		return "", err
	}
	o, err := h.orders.AddItems(r.ctx, r.unit.Tx, id, ids, r.user.ID, f.Data["items"], r.unit.Now)
	switch {
	case errors.Is(err, orders.ErrWrongState) && o.Status == orders.StatusClaimed:
		f.Data["dup_gone"] = "claimed" // asked again: a separate order, or nothing
		return "", nil
	case errors.Is(err, orders.ErrWrongState):
		f.Data["dup_gone"] = "closed"
		return "", nil
	case err != nil:
		if e := h.refused(addingItems, err); isRefusal(e) {
			return "", e
		}
		return "", h.refused(ordering, err)
	}
	f.Data["merged"] = "1"
	return stepDone, r.reply(r.t("dup.added", o.ID, h.orderText(r, o)))
}

// oneLineDuplicate starts the "dup" step for a one-line /order whose category the household has
// under way; ok is false when it has none (the order is placed as it is).
func (h *Handlers) oneLineDuplicate(r *request, n orders.NewOrder) (bool, error) {
	if utf8.RuneCountInString(n.Items) > orders.MaxItems {
		return false, nil // refused by Place, with its own answer
	}
	o, ok, err := h.orders.OpenOfCategory(r.ctx, r.unit.Tx, n.HouseholdID, n.Category)
	if err != nil || !ok {
		return false, err
	}
	data := map[string]string{"household": strconv.FormatInt(n.HouseholdID, 10), "cat": n.Category,
		"items": n.Items, "dup": strconv.FormatInt(o.ID, 10)}
	if n.Urgent != nil {
		data["urgent"] = map[bool]string{true: "1", false: "0"}[*n.Urgent]
	}
	return true, h.startFlow(r, h.flows()["order"], "dup", data)
}
