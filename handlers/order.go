package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// orderFlow: for whom (when the user acts for several households), category, items (tap common
// ones or type), prescription for medicine, urgency, a note for the volunteer, then a summary.
func (h *Handlers) orderFlow() *flowDef {
	return &flowDef{
		name:   "order",
		cancel: "order.cancelled",
		steps: map[string]step{
			"who": {
				ask: h.askWho,
				button: func(r *request, f *people.Flow, v string) (string, error) {
					id, _ := strconv.ParseInt(v, 10, 64)
					if ok, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, id); err != nil || !ok {
						return "", errOr(err, userErr("error.stale_button"))
					}
					f.Data["household"] = v
					return "cat", nil
				},
			},
			"cat": {
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
			},
			"items": {ask: h.askItems, button: h.tapItem, text: h.typeItems},
			"rx": {
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
			},
			"repeat": {
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
			},
			"urgent": {
				ask: func(r *request, f *people.Flow) error {
					return r.reply(r.t("order.ask_urgent"),
						[]outbox.Button{flowButton("urgent", "1", "🔴 "+r.t("order.urgent")), flowButton("urgent", "0", r.t("order.not_urgent"))},
						cancelRow(r, "urgent"))
				},
				button: func(r *request, f *people.Flow, v string) (string, error) {
					f.Data["urgent"] = v
					return "note", nil
				},
			},
			"note": {
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
			},
			"confirm": {
				ask: func(r *request, f *people.Flow) error {
					return r.reply(r.t("order.summary", h.draftText(r, f)),
						[]outbox.Button{flowButton("confirm", "yes", "✅ "+r.t("order.place"))},
						[]outbox.Button{flowButton("confirm", "items", r.t("order.edit_items"))},
						cancelRow(r, "confirm"))
				},
				button: func(r *request, f *people.Flow, v string) (string, error) {
					switch v {
					case "yes":
						return stepDone, nil
					case "items":
						return "items", nil
					}
					return "", userErr("error.stale_button")
				},
			},
		},
		finish: func(r *request, f *people.Flow) error {
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
		return h.startFlow(r, h.flows()["register"], "name", nil)
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

func (h *Handlers) askItems(r *request, f *people.Flow) error {
	cat, err := h.orders.Catalog().Lookup(f.Data["cat"])
	if err != nil {
		return userErr("error.stale_button")
	}
	var rows [][]outbox.Button
	var row []outbox.Button
	for _, it := range cat.Items {
		row = append(row, flowButton("items", it, "+ "+h.itemLabel(r, it)))
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []outbox.Button{flowButton("items", "ok", r.t("button.done")), flowButton("items", "clear", r.t("order.clear_items"))})
	rows = append(rows, cancelRow(r, "items"))
	current := f.Data["items"]
	if current == "" {
		current = r.t("order.items_empty")
	}
	return r.reply(r.t("order.ask_items."+string(cat.Shape), current), rows...)
}

func (h *Handlers) tapItem(r *request, f *people.Flow, v string) (string, error) {
	switch v {
	case "ok":
		if strings.TrimSpace(f.Data["items"]) == "" {
			return "", userErr("order.items_required")
		}
		return h.afterItems(f), nil
	case "clear":
		f.Data["items"] = ""
		return "", nil
	}
	cat, _ := h.orders.Catalog().Lookup(f.Data["cat"])
	for _, it := range cat.Items {
		if it == v {
			return "", h.addItem(f, h.itemLabel(r, it))
		}
	}
	return "", userErr("error.stale_button")
}

func (h *Handlers) typeItems(r *request, f *people.Flow, s string) (string, error) {
	s = strings.TrimSpace(i18n.Clean(s))
	if s == "" {
		return "", userErr("order.items_required")
	}
	return "", h.addItem(f, s)
}

// addItem adds item to the order being composed; an item tapped again counts up ("大米 ×2").
func (h *Handlers) addItem(f *people.Flow, item string) error {
	items := countUp(f.Data["items"], item)
	if len([]rune(items)) > orders.MaxItems {
		return userErr("order.items_too_long", orders.MaxItems)
	}
	f.Data["items"] = items
	return nil
}

func (h *Handlers) afterItems(f *people.Flow) string {
	cat, err := h.orders.Catalog().Lookup(f.Data["cat"])
	switch {
	case err != nil:
		return "urgent"
	case cat.Prescription:
		return "rx"
	case cat.MayRecur():
		return "repeat"
	}
	return "urgent"
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

// place opens the order n (household, category, what, note, urgency, prescription) for the
// user and tells them its number, its state and what happens next. Where it goes is the
// household's.
func (h *Handlers) place(r *request, n orders.NewOrder) error {
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, n.HouseholdID)
	if err != nil {
		return err
	}
	if ok, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, hh.ID); err != nil || !ok {
		return errOr(err, userErr("error.forbidden"))
	}
	n.PlacedBy, n.Zone, n.Building, n.Vulnerable = r.user.ID, hh.Zone, hh.Building, hh.IsVulnerable()
	o, err := h.orders.Place(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return h.orderError(err)
	}
	return r.send(outbox.Message{Text: r.t("order.placed", o.ID, h.orderText(r, o)), RemoveKeyboard: true})
}

// orderFieldKeys answer an order refused for one of its fields (orders.InputError.Field); a
// field not here is the program's fault, not the user's (the household, a photo's file id).
var orderFieldKeys = map[string]string{
	"items": "order.bad_items", "quantity": "order.bad_quantity", "note": "order.bad_note",
	"comment": "order.bad_comment", "rating": "order.bad_rating", "prescription": "order.bad_prescription",
	"recurring": "order.bad_recurring", "zone": "order.bad_zone",
}

// orderError turns the domain's refusals into answers; anything else is a failure.
func (h *Handlers) orderError(err error) error {
	var ie *orders.InputError
	switch {
	case errors.As(err, &ie) && orderFieldKeys[ie.Field] != "":
		return userErr(orderFieldKeys[ie.Field])
	case errors.Is(err, orders.ErrTooManyOpen):
		return userErr("order.too_many_open", h.orders.OpenPerHousehold())
	case errors.Is(err, orders.ErrUnknownCategory), errors.Is(err, orders.ErrCategoryDisabled):
		return userErr("order.unknown_category", i18n.Raw(strings.Join(h.categoryKeys(), ", ")))
	case errors.Is(err, orders.ErrNotFound):
		return userErr("order.not_found")
	case errors.Is(err, orders.ErrNotYours):
		return userErr("order.not_yours")
	case errors.Is(err, orders.ErrWrongState):
		return userErr("order.wrong_state")
	case errors.Is(err, orders.ErrAlreadyClaimed):
		return userErr("order.already_claimed")
	}
	return err
}

func (h *Handlers) categoryKeys() []string {
	var keys []string
	for _, c := range h.orders.Catalog().Enabled() {
		keys = append(keys, c.Key)
	}
	return keys
}

// categoryLabel names a category in the user's language.
func (h *Handlers) categoryLabel(r *request, key string) string {
	return h.categoryLabelIn(r.lang(), key)
}

// categoryLabelIn names a category in lang: the name from config, else the catalogue's, else the
// key. Every text and button that shows a category goes through here.
func (h *Handlers) categoryLabelIn(lang, key string) string {
	if name := h.o.CategoryNames[key][lang]; name != "" {
		return name
	}
	if orders.BuiltIn(key) {
		return i18n.T(lang, "cat."+key)
	}
	return key
}

func (h *Handlers) itemLabel(r *request, key string) string {
	if orders.BuiltInItem(key) {
		return r.t("item." + key)
	}
	return key
}

// orderCommand is /order (guided) and /order <category> [!urgent] <items> (one line).
func (h *Handlers) orderCommand(r *request) error {
	args := strings.TrimSpace(r.cmd.Args)
	if args == "" {
		return h.startOrder(r)
	}
	cat, items, _ := strings.Cut(args, " ")
	cat = strings.ToLower(cat)
	var urgent *bool
	items = strings.TrimSpace(i18n.Clean(items))
	if rest, ok := strings.CutPrefix(items, "!urgent"); ok {
		u := true
		urgent, items = &u, strings.TrimSpace(rest)
	}
	if items == "" {
		return userErr("order.usage", i18n.Raw(strings.Join(h.categoryKeys(), ", ")))
	}
	if _, err := h.orders.Catalog().Lookup(cat); err != nil {
		return h.orderError(err)
	}
	hh, err := h.oneLineHousehold(r)
	if err != nil {
		return err
	}
	return h.place(r, orders.NewOrder{HouseholdID: hh.ID, Category: cat, Items: items, Urgent: urgent})
}

// oneLineHousehold is the household a one-line /order is for: the user's own, else the only one
// they act for; someone acting for several chooses in the guided /order.
func (h *Handlers) oneLineHousehold(r *request) (people.Household, error) {
	hh, err := people.SelfHousehold(r.ctx, r.unit.Tx, r.user.ID)
	if !errors.Is(err, people.ErrNotFound) {
		return hh, err
	}
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	switch {
	case err != nil:
		return people.Household{}, err
	case len(ms) == 0:
		return people.Household{}, userErr("order.register_first")
	case len(ms) > 1:
		return people.Household{}, userErr("order.choose_household")
	}
	return ms[0].Household, nil
}

// countUp adds item to the "; "-separated list, or counts it up if it is there already.
func countUp(list, item string) string {
	var parts []string
	if list != "" {
		parts = strings.Split(list, "; ")
	}
	for i, p := range parts {
		name, n := p, 1
		if j := strings.LastIndex(p, " ×"); j > 0 {
			if k, err := strconv.Atoi(p[j+len(" ×"):]); err == nil && k > 0 {
				name, n = p[:j], k
			}
		}
		if name == item {
			parts[i] = item + " ×" + strconv.Itoa(n+1)
			return strings.Join(parts, "; ")
		}
	}
	return strings.Join(append(parts, item), "; ")
}
