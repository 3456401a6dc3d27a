package handlers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// orderFlow: for whom (when the user acts for several households), category, items (tap common
// ones or type), prescription for medicine, urgency, a note for the volunteer, then a summary.
func (h *Handlers) orderFlow() *flowDef {
	return &flowDef{
		name:      "order",
		cancel:    "order.cancelled",
		residents: true,
		photo: func(r *request, f *people.Flow, fileID string) (bool, error) {
			// "Yes, I have a prescription" tapped, then its photo sent at the next question.
			if f.Data["rx"] != "1" || f.Data["rx_photo"] != "" {
				return false, nil
			}
			f.Data["rx_photo"] = fileID
			return true, r.reply(r.t("order.rx_photo_ok"))
		},
		steps: map[string]step{
			"who":     h.orderWhoStep(),
			"cat":     h.orderCatStep(),
			"items":   {ask: h.askItems, button: h.tapItem, text: h.typeItems},
			"rx":      h.orderRxStep(),
			"repeat":  h.orderRepeatStep(),
			"urgent":  h.orderUrgentStep(),
			"note":    h.orderNoteStep(),
			"confirm": h.orderConfirmStep(),
			"dup":     h.orderDupStep(), // a category already under way (order_duplicates.go)
		},
		finish: func(r *request, f *people.Flow) error {
			if f.Data["merged"] == "1" { // added to the open order instead
				return nil
			}
			id, _ := strconv.ParseInt(f.Data["household"], 10, 64)
			var urgent *bool
			if v, ok := f.Data["urgent"]; ok {
				u := v == "1"
				urgent = &u
			}
			recurring := ""
			if f.Data["daily"] == "1" {
				recurring = orders.RecurDaily
			}
			return h.place(r, orders.NewOrder{HouseholdID: id, Category: f.Data["cat"], Items: f.Data["items"],
				Note: f.Data["note"], Urgent: urgent, Prescription: f.Data["rx"] == "1", PrescriptionPhoto: f.Data["rx_photo"],
				Recurring: recurring})
		},
	}
}

// orderWhoStep is the guided order's "who" step.
func (h *Handlers) orderWhoStep() step {
	return step{
		ask: h.askWho,
		button: func(r *request, f *people.Flow, v string) (string, error) {
			id, _ := strconv.ParseInt(v, 10, 64)
			if ok, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, id); err != nil || !ok {
				return "", errOr(err, userErr("error.stale_button"))
			}
			f.Data["household"] = v
			return "cat", nil
		},
	}
}

// orderCatStep is the guided order's "cat" step.
func (h *Handlers) orderCatStep() step {
	return step{
		ask: func(r *request, f *people.Flow) error {
			var rows [][]outbox.Button
			var row []outbox.Button
			for _, c := range h.orders.Catalog().Enabled() {
				row = append(row, flowButton("cat", c.Key, h.categoryLabel(r, c.Key)))
				if len(row) == 2 {
					rows, row = append(rows, row), nil
				}
			}
			if len(row) > 0 {
				rows = append(rows, row)
			}
			rows = append(rows, cancelRow(r, "cat"))
			return r.reply(r.t("order.ask_category"), rows...)
		},
		button: func(r *request, f *people.Flow, v string) (string, error) {
			if _, err := h.orders.Catalog().Lookup(v); err != nil {
				return "", userErr("error.stale_button")
			}
			f.Data["cat"] = v
			return "items", nil
		},
	}
}

// orderRxStep is the guided order's "rx" step.
func (h *Handlers) orderRxStep() step {
	return step{
		ask: func(r *request, f *people.Flow) error {
			return r.reply(r.t("order.ask_prescription"),
				[]outbox.Button{flowButton("rx", "1", r.t("button.yes")), flowButton("rx", "0", r.t("button.no"))},
				cancelRow(r, "rx"))
		},
		button: func(r *request, f *people.Flow, v string) (string, error) {
			if v != "0" && v != "1" {
				return "", userErr("error.stale_button")
			}
			f.Data["rx"] = v
			delete(f.Data, "rx_photo")
			return "urgent", nil
		},
		photo: func(r *request, f *people.Flow, fileID string) (string, error) {
			f.Data["rx"], f.Data["rx_photo"] = "1", fileID
			return "urgent", r.reply(r.t("order.rx_photo_ok"))
		},
	}
}

// orderRepeatStep is the guided order's "repeat" step.
func (h *Handlers) orderRepeatStep() step {
	return step{
		ask: func(r *request, f *people.Flow) error {
			return r.reply(r.t("order.ask_repeat"),
				[]outbox.Button{flowButton("repeat", "once", r.t("order.once")), flowButton("repeat", "daily", "🔁 "+r.t("order.daily"))},
				cancelRow(r, "repeat"))
		},
		button: func(r *request, f *people.Flow, v string) (string, error) {
			switch v {
			case "once":
				delete(f.Data, "daily")
			case "daily":
				f.Data["daily"] = "1"
			default:
				return "", userErr("error.stale_button")
			}
			return "urgent", nil
		},
	}
}

// orderUrgentStep is the guided order's "urgent" step.
func (h *Handlers) orderUrgentStep() step {
	return step{
		ask: func(r *request, f *people.Flow) error {
			return r.reply(r.t("order.ask_urgent"),
				[]outbox.Button{flowButton("urgent", "1", "🔴 "+r.t("order.urgent")), flowButton("urgent", "0", r.t("order.not_urgent"))},
				cancelRow(r, "urgent"))
		},
		button: func(r *request, f *people.Flow, v string) (string, error) {
			if v != "0" && v != "1" {
				return "", userErr("error.stale_button")
			}
			f.Data["urgent"] = v
			return "note", nil
		},
		// Typed rather than tapped ("急", "不急", "yes"): read by the catalogue's words for each
		// answer, in every language.
		text: func(r *request, f *people.Flow, s string) (string, error) {
			said := typedAnswer(s)
			for v, key := range map[string]string{"1": "order.urgent_words", "0": "order.not_urgent_words"} {
				for _, lang := range i18n.Langs {
					if slices.Contains(strings.Split(i18n.T(lang, key), ","), said) {
						f.Data["urgent"] = v
						return "note", nil
					}
				}
			}
			return "", userErr("order.urgent_which", r.t("order.urgent"), r.t("order.not_urgent"))
		},
	}
}

// typedAnswer is a short typed answer as the catalogue's word lists hold it: lower case, with no
// spaces or punctuation around or inside ("急！" is "急", "Not urgent." is "noturgent").
func typedAnswer(s string) string {
	return strings.Map(func(c rune) rune {
		if unicode.IsSpace(c) || unicode.IsPunct(c) || unicode.IsSymbol(c) {
			return -1
		}
		return unicode.ToLower(c)
	}, i18n.Clean(s))
}

// orderNoteStep is the guided order's "note" step.
func (h *Handlers) orderNoteStep() step {
	return step{
		ask: func(r *request, f *people.Flow) error {
			return r.reply(r.t("order.ask_note"),
				[]outbox.Button{flowButton("note", "door", r.t("note.door")), flowButton("note", "call", r.t("note.call"))},
				[]outbox.Button{flowButton("note", "none", r.t("note.none"))},
				cancelRow(r, "note"))
		},
		button: func(r *request, f *people.Flow, v string) (string, error) {
			switch v {
			case "door", "call":
				f.Data["note"] = r.t("note." + v)
			case "none":
				f.Data["note"] = ""
			default:
				return "", userErr("error.stale_button")
			}
			return "confirm", nil
		},
		text: func(r *request, f *people.Flow, s string) (string, error) {
			s = strings.TrimSpace(i18n.Clean(s))
			if n := len([]rune(s)); n > orders.MaxNote {
				return "", userErr("order.note_too_long", orders.MaxNote)
			}
			f.Data["note"] = s
			return "confirm", nil
		},
	}
}

// orderConfirmStep is the guided order's "confirm" step.
func (h *Handlers) orderConfirmStep() step {
	return step{
		ask: func(r *request, f *people.Flow) error {
			return r.reply(r.t("order.summary", h.draftText(r, f)),
				[]outbox.Button{flowButton("confirm", "yes", "✅ "+r.t("order.place"))},
				[]outbox.Button{flowButton("confirm", "items", r.t("order.edit_items"))},
				cancelRow(r, "confirm"))
		},
		button: func(r *request, f *people.Flow, v string) (string, error) {
			switch v {
			case "yes":
				return h.duplicateOf(r, f)
			case "items": // and back here: the other answers stand
				f.Data["editing"] = "items"
				return "items", nil
			}
			return "", userErr("error.stale_button")
		},
	}
}

// startOrder begins the guided order, first asking for whom if the user acts for several
// households; someone not registered is sent to registration.
func (h *Handlers) startOrder(r *request) error {
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return err
	}
	switch len(ms) {
	case 0:
		if err := r.reply(r.t("order.register_first")); err != nil {
			return err
		}
		return h.startRegistration(r, nil)
	case 1:
		return h.startFlow(r, h.flows()["order"], "cat", map[string]string{"household": fmt.Sprint(ms[0].Household.ID)})
	}
	return h.startFlow(r, h.flows()["order"], "who", nil)
}

func (h *Handlers) askWho(r *request, f *people.Flow) error {
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return err
	}
	var rows [][]outbox.Button
	for _, m := range ms {
		label := i18n.Clip(m.Household.Name+" · "+address(m.Household.Building, m.Household.Unit, m.Household.Room), 40)
		rows = append(rows, []outbox.Button{flowButton("who", fmt.Sprint(m.Household.ID), label)})
	}
	rows = append(rows, cancelRow(r, "who"))
	return r.reply(r.t("order.ask_who"), rows...)
}

// draftText renders the order being composed.
func (h *Handlers) draftText(r *request, f *people.Flow) i18n.Raw {
	urgent := r.t("order.default_urgency")
	switch f.Data["urgent"] {
	case "1":
		urgent = "🔴 " + r.t("order.urgent")
	case "0":
		urgent = r.t("order.not_urgent")
	}
	note := f.Data["note"]
	if note == "" {
		note = "—"
	}
	draft := r.t("order.draft", h.categoryLabel(r, f.Data["cat"]), f.Data["items"], urgent, note)
	switch {
	case f.Data["rx_photo"] != "":
		draft += "\n" + r.t("order.rx_photo")
	case f.Data["rx"] == "1":
		draft += "\n" + r.t("order.rx_yes")
	case f.Data["rx"] == "0":
		draft += "\n" + r.t("order.rx_no")
	}
	if f.Data["daily"] == "1" {
		draft += "\n🔁 " + r.t("order.daily_note")
	}
	id, _ := strconv.ParseInt(f.Data["household"], 10, 64)
	if hh, err := people.GetHousehold(r.ctx, r.unit.Tx, id); err == nil {
		draft = r.t("order.for", hh.Name+" · "+address(hh.Building, hh.Unit, hh.Room)) + "\n" + draft
	}
	return i18n.Raw(draft)
}
