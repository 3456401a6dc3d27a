package handlers

import (
	"maps"
	"strconv"
	"strings"
	"unicode/utf8"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// Free text is an order: a resident who types what they need outside any guided flow gets a
// draft to confirm, its category guessed (orders.Catalog.Read) and the text as its items, with a
// button per category to pick another. Nothing is ordered before the confirming press. A
// greeting, a thank-you, a question or an emoji gets a short friendly answer with the main menu.
//
// The draft is a one-step flow ("draft"): its buttons carry f:draft:ok.<n> (place it),
// f:draft:c.<key>.<n> (another category) and f:draft:x (cancel), n naming the draft (the update
// that made it), so a press on an older draft's message cannot place a newer one. A message
// typed meanwhile is read afresh and replaces the draft.

// draftFlow is the order draft made from free text (and from a voice message or a photo).
func (h *Handlers) draftFlow() *flowDef {
	return &flowDef{
		name:      "draft",
		cancel:    "order.cancelled",
		yields:    true,
		residents: true,
		steps: map[string]step{
			"draft": {ask: h.askDraft, button: h.draftButton},
			"dup":   h.orderDupStep(), // a category under way: add to it, or a separate order
		},
		finish: func(r *request, f *people.Flow) error {
			if f.Data["merged"] == "1" { // added to the open order instead
				return nil
			}
			id, _ := strconv.ParseInt(f.Data["household"], 10, 64)
			r.replacePressed() // the draft becomes "placed": no ✅ left on it to press again
			return h.place(r, orders.NewOrder{HouseholdID: id, Category: f.Data["cat"], Items: f.Data["items"],
				Media: draftMedia(f.Data)})
		},
	}
}

// freeText answers a private text outside any flow that is no command.
func (h *Handlers) freeText(r *request) error { return h.draftFrom(r, r.msg.Text) }

// draftFrom answers text as freeText does: an order draft, a check-in answer, a friendly answer.
func (h *Handlers) draftFrom(r *request, text string) error {
	items := strings.TrimSpace(i18n.Clean(text))
	read := items
	if rs := []rune(items); len(rs) > orders.MaxItems { // reading costs as much as the text is long
		read = string(rs[:orders.MaxItems])
	}
	reading := h.orders.Catalog().Read(read)
	if said, err := h.saidAboutOrders(r, reading.Intent); said || err != nil {
		return err
	}
	if reading.Intent != orders.IntentNeed {
		if err := h.keepDraft(r); err != nil { // a "thank you" or a cry for help takes no draft away
			return err
		}
	}
	if reading.Intent == orders.IntentEmergency {
		return h.emergency(r, items)
	}
	if handled, err := h.checkinByText(r, items, reading); handled || err != nil {
		return err // checkin.go: an answer to today's check-in, or a reminder of its buttons
	}
	if reading.Intent != orders.IntentNeed {
		return h.menu(r, r.t("free."+string(reading.Intent)))
	}
	hh, err := h.draftHousehold(r, items)
	if err != nil || hh == 0 {
		return err
	}
	if utf8.RuneCountInString(items) > orders.MaxItems {
		return userErr("free.too_long", orders.MaxItems)
	}
	data := map[string]string{"household": strconv.FormatInt(hh, 10), "cat": reading.Category, "items": items,
		"n": strconv.FormatInt(r.unit.Update.ID, 10)}
	return h.startDraft(r, data)
}

// startDraft shows the draft of data. A draft still waiting for its press (the resident typed
// "药吃完了，需要胰岛素", then "还有降压药也没了"; or sent a photo of a list, then "照片上的东西帮我
// 买一下") takes the new message in: its items added, its category and media kept. One that
// cannot (another category, a second photo or voice, too long together) is not placed, and the
// resident is told so before the new draft, never left to think both were ordered.
func (h *Handlers) startDraft(r *request, data map[string]string) error {
	old := r.yielded
	if old == nil || old.Name != "draft" || old.Step != "draft" || old.Data["household"] != data["household"] {
		return h.startFlow(r, h.flows()["draft"], "draft", data)
	}
	oldCat, newCat := old.Data["cat"], data["cat"]
	items := joinItems(old.Data["items"], data["items"])
	if (oldCat == "" || newCat == "" || oldCat == newCat) && (old.Data["media"] == "" || data["media"] == "") &&
		utf8.RuneCountInString(items) <= orders.MaxItems {
		merged := maps.Clone(old.Data)
		if data["media"] != "" {
			merged["media"], merged["file"], merged["secs"] = data["media"], data["file"], data["secs"]
		}
		merged["items"], merged["n"] = items, data["n"]
		if oldCat == "" {
			merged["cat"] = newCat
		}
		return h.startFlow(r, h.flows()["draft"], "draft", merged)
	}
	what := itemsOf(r.lang(), old.Data["items"], draftMedia(old.Data), 60)
	if err := r.reply(r.t("free.earlier_not_placed", what)); err != nil {
		return err
	}
	return h.startFlow(r, h.flows()["draft"], "draft", data)
}

// keepDraft puts back the draft the message ended (r.yielded), its buttons still good, or the
// need kept before registering (want.go).
func (h *Handlers) keepDraft(r *request) error {
	if r.yielded == nil || r.yielded.Name != "draft" && r.yielded.Name != "want" {
		return nil
	}
	f := *r.yielded
	r.yielded = nil
	return people.SaveFlow(r.ctx, r.unit.Tx, r.user.ID, f, r.unit.Now)
}

// joinItems adds more to a draft's items, with the separator the resident would type.
func joinItems(items, more string) string {
	switch {
	case items == "":
		return more
	case more == "":
		return items
	case utf8.RuneCountInString(items) != len(items): // CJK
		return items + "；" + more
	}
	return items + "; " + more
}

// draftHousehold is the household a draft is for: the user's own, else the only one they act
// for. Someone not registered is answered (0), what they asked for kept (want.go); someone acting
// for several is sent to /order.
func (h *Handlers) draftHousehold(r *request, want string) (int64, error) {
	hh, acting, err := h.ownHousehold(r)
	switch {
	case err != nil:
		return 0, err
	case hh.ID != 0:
		return hh.ID, nil
	case acting == 0:
		if staff, err := h.staff(r); err != nil || staff { // a volunteer's "delivered" or door photo
			return 0, errOr(err, r.reply(r.t("free.staff")))
		}
		return 0, h.keepWant(r, want)
	}
	return 0, userErr("order.choose_household")
}

// askDraft shows the draft: the category (or a request to pick one), the items, and buttons; in
// place of the pressed draft when a category was picked.
func (h *Handlers) askDraft(r *request, f *people.Flow) error {
	cat, n := f.Data["cat"], "."+f.Data["n"]
	var rows [][]outbox.Button
	what := itemsOf(r.lang(), f.Data["items"], draftMedia(f.Data), orders.MaxItems)
	text := r.t("free.draft_pick", what)
	if cat != "" {
		text = r.t("free.draft", h.categoryLabel(r, cat), what)
		rows = append(rows, []outbox.Button{flowButton("draft", "ok"+n, "✅ "+r.t("free.place", h.categoryLabel(r, cat)))})
	}
	var row []outbox.Button
	for _, c := range h.orders.Catalog().Enabled() {
		if c.Key == cat {
			continue
		}
		row = append(row, flowButton("draft", "c."+c.Key+n, h.categoryLabel(r, c.Key)))
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, cancelRow(r, "draft"))
	if r.callback != nil && strings.HasPrefix(r.callback.Data, flowButtons.data("draft", "")) { // not the press that ended a registration
		return h.showAgain(r, text, rows...)
	}
	return r.reply(text, rows...)
}

// draftButton: ok places the draft; c.<key> picks that category and shows the draft again. A
// press naming another draft is stale.
func (h *Handlers) draftButton(r *request, f *people.Flow, v string) (string, error) {
	v, ok := strings.CutSuffix(v, "."+f.Data["n"])
	if !ok {
		return "", userErr("error.stale_button")
	}
	if v == "ok" {
		if f.Data["cat"] == "" {
			return "", userErr("free.pick_first")
		}
		if draftMedia(f.Data).Kind != "" { // a voice or a photo goes with an order of its own
			return stepDone, nil
		}
		return h.duplicateOf(r, f)
	}
	key, ok := strings.CutPrefix(v, "c.")
	if _, err := h.orders.Catalog().Lookup(key); !ok || err != nil {
		return "", userErr("error.stale_button")
	}
	f.Data["cat"] = key
	return "", nil
}
