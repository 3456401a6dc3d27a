package handlers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// registerFlow asks for what a volunteer needs to bring help to the door: name, phone, zone,
// building, room, household size and vulnerable members, then shows a summary to confirm or edit.
func (h *Handlers) registerFlow() *flowDef {
	return &flowDef{
		name:      "register",
		cancel:    "register.cancelled",
		residents: true,
		steps: map[string]step{
			"name": {
				ask: func(r *request, f *people.Flow) error {
					return r.reply(r.t("register.ask_name"), cancelRow(r, "name"))
				},
				text: func(r *request, f *people.Flow, s string) (string, error) {
					// "我要买药" typed where the name is asked (a newcomer who sent /order first) is
					// kept and drafted once they are registered, not taken for their name.
					if want := strings.TrimSpace(i18n.Clean(s)); f.Data["name"] == "" && h.orders.Catalog().AsksFor(want) {
						f.Data["want"] = i18n.Clip(want, orders.MaxItems)
						return "name", r.reply(r.t("register.want_noted", f.Data["want"]))
					}
					return h.setField(r, f, "name", s, "phone")
				},
			},
			"phone": {
				ask: func(r *request, f *people.Flow) error {
					if f.Data["for"] == "other" { // their own contact would be the wrong phone
						return r.reply(r.t("register.ask_phone_other"), cancelRow(r, "phone"))
					}
					return r.send(outbox.Message{Text: r.t("register.ask_phone"), Keyboard: &outbox.ReplyKeyboard{
						OneTime: true, Rows: [][]outbox.KeyButton{{{Text: r.t("register.share_phone"), Contact: true}}},
					}})
				},
				text:    h.setPhone,
				contact: h.setPhone,
			},
			"zone": {
				ask: func(r *request, f *people.Flow) error {
					var rows [][]outbox.Button
					for _, z := range h.o.Zones {
						rows = append(rows, []outbox.Button{flowButton("zone", z.Key, z.Name)})
					}
					rows = append(rows, cancelRow(r, "zone"))
					return r.send(outbox.Message{Text: r.t("register.ask_zone"), Buttons: rows, RemoveKeyboard: true})
				},
				button: func(r *request, f *people.Flow, v string) (string, error) {
					if !h.zoneExists(v) {
						return "", userErr("error.stale_button")
					}
					f.Data["zone"] = v
					return h.nextOrConfirm(f, "building"), nil
				},
			},
			"building": {
				ask: func(r *request, f *people.Flow) error {
					return r.reply(r.t("register.ask_building"), cancelRow(r, "building"))
				},
				text: h.setBuilding,
			},
			"room": {
				ask: func(r *request, f *people.Flow) error {
					return r.reply(r.t("register.ask_room"), cancelRow(r, "room"))
				},
				text: func(r *request, f *people.Flow, s string) (string, error) {
					return h.setField(r, f, "room", s, "size")
				},
			},
			"size": {
				ask: func(r *request, f *people.Flow) error {
					var row []outbox.Button
					for n := 1; n <= 6; n++ {
						row = append(row, flowButton("size", strconv.Itoa(n), strconv.Itoa(n)))
					}
					return r.reply(r.t("register.ask_size"), row, cancelRow(r, "size"))
				},
				button: func(r *request, f *people.Flow, v string) (string, error) {
					return h.setField(r, f, "size", v, "vulnerable")
				},
				text: func(r *request, f *people.Flow, s string) (string, error) {
					return h.setField(r, f, "size", s, "vulnerable")
				},
			},
			"vulnerable": {
				ask:    h.askVulnerable,
				button: h.toggleVulnerable,
			},
			"match": h.matchStep(), // an imported household with the shared phone (register_link.go)
			"confirm": {
				ask:    h.askConfirmRegistration,
				button: h.confirmRegistration,
			},
		},
		finish: h.finishRegistration,
	}
}

// setField checks one answer by the household rules and moves on.
func (h *Handlers) setField(r *request, f *people.Flow, field, value, next string) (string, error) {
	clean, err := people.CleanField(field, value)
	if err != nil {
		return "", h.refused(registering, err)
	}
	f.Data[field] = clean
	return h.nextOrConfirm(f, next), nil
}

// setBuilding takes the building as the address parser writes it ("Building 3" and "3栋" are
// both 3号楼, so notices to zone:a1/3号楼 reach them); a whole address typed at once ("3号楼2单元501",
// "Building 3, Room 301") fills the room too and skips its question.
func (h *Handlers) setBuilding(r *request, f *people.Flow, s string) (string, error) {
	if b, ok := people.ParseBuilding(i18n.Clean(s)); ok {
		return h.setField(r, f, "building", b, "room")
	}
	a, ok := people.ParseAddress(i18n.Clean(s))
	if !ok {
		return h.setField(r, f, "building", s, "room")
	}
	room, err := people.CleanField("room", a.Room)
	if err != nil {
		return h.setField(r, f, "building", s, "room")
	}
	f.Data["room"] = room
	return h.setField(r, f, "building", a.Building, "size")
}

// setPhone takes the phone, typed or shared, and takes the share-contact keyboard away (the next
// question has inline buttons, and a message carries one keyboard only).
func (h *Handlers) setPhone(r *request, f *people.Flow, s string) (string, error) {
	if f.Data["for"] == "other" && r.msg.Contact != nil {
		return "", userErr("register.ask_phone_other")
	}
	next, err := h.setField(r, f, "phone", s, "zone")
	if err != nil {
		return "", err
	}
	if err := r.send(r.removeKeyboard(r.t("register.phone_ok", f.Data["phone"]))); err != nil {
		return "", err
	}
	if next, err = h.offerImported(r, f, next); err != nil || next == "match" {
		return next, err
	}
	return next, h.phoneFree(r, f, true)
}

// nextOrConfirm goes back to the summary once the part of it being edited is answered: one field
// ("1"), the address (zone, building and room: "address") or the household (size and vulnerable
// members: "household").
func (h *Handlers) nextOrConfirm(f *people.Flow, next string) string {
	switch f.Data["editing"] {
	case "1":
		return "confirm"
	case "address":
		if next == "size" || next == "vulnerable" {
			return "confirm"
		}
	}
	return next
}

func householdInput(d map[string]string) people.HouseholdInput {
	size, _ := strconv.Atoi(d["size"])
	var vuln []string
	if d["vuln"] != "" {
		vuln = strings.Split(d["vuln"], ",")
	}
	return people.HouseholdInput{Zone: d["zone"], Building: d["building"], Room: d["room"],
		Name: d["name"], Phone: d["phone"], Size: size, Vulnerable: vuln}
}

func (h *Handlers) askVulnerable(r *request, f *people.Flow) error {
	chosen := strings.Split(f.Data["vuln"], ",")
	var rows [][]outbox.Button
	for _, v := range people.Vulnerabilities {
		mark := "▫️ "
		if slices.Contains(chosen, v) {
			mark = "✅ "
		}
		rows = append(rows, []outbox.Button{flowButton("vulnerable", v, mark+r.t("vuln."+v))})
	}
	rows = append(rows, []outbox.Button{flowButton("vulnerable", "ok", r.t("button.done"))}, cancelRow(r, "vulnerable"))
	return r.reply(r.t("register.ask_vulnerable"), rows...)
}

func (h *Handlers) toggleVulnerable(r *request, f *people.Flow, v string) (string, error) {
	if v == "ok" {
		return "confirm", nil
	}
	if !slices.Contains(people.Vulnerabilities, v) {
		return "", userErr("error.stale_button")
	}
	var chosen []string
	for _, c := range strings.Split(f.Data["vuln"], ",") {
		if c != "" && c != v {
			chosen = append(chosen, c)
		}
	}
	if !strings.Contains(","+f.Data["vuln"]+",", ","+v+",") {
		chosen = append(chosen, v)
	}
	f.Data["vuln"] = strings.Join(chosen, ",")
	return "", nil
}

func (h *Handlers) askConfirmRegistration(r *request, f *people.Flow) error {
	text := r.t("register.summary", h.householdText(r, householdInput(f.Data)))
	return r.reply(text,
		[]outbox.Button{flowButton("confirm", "yes", r.t("button.confirm"))},
		[]outbox.Button{flowButton("confirm", "name", r.t("register.edit_name")), flowButton("confirm", "phone", r.t("register.edit_phone"))},
		[]outbox.Button{flowButton("confirm", "zone", r.t("register.edit_address")), flowButton("confirm", "size", r.t("register.edit_household"))},
		cancelRow(r, "confirm"))
}

func (h *Handlers) confirmRegistration(r *request, f *people.Flow, v string) (string, error) {
	switch v {
	case "yes":
		return stepDone, nil
	case "name", "phone":
		f.Data["editing"] = "1"
		return v, nil
	case "size": // the household: its size, then its vulnerable members
		f.Data["editing"] = "household"
		return v, nil
	case "zone": // the address: zone, building and room together
		f.Data["editing"] = "address"
		return v, nil
	}
	return "", userErr("error.stale_button")
}

func (h *Handlers) finishRegistration(r *request, f *people.Flow) error {
	if id, err := strconv.ParseInt(f.Data["link"], 10, 64); err == nil { // "This is me"
		return h.linkImported(r, id)
	}
	in, err := people.ValidateHousehold(householdInput(f.Data), h.zoneExists)
	if err != nil {
		return userErr("register.incomplete")
	}
	if id, ok, err := h.linkedAt(r, f, in); err != nil {
		return err
	} else if ok {
		return h.linkImported(r, id)
	}
	if err := h.phoneFree(r, f, false); err != nil {
		return err
	}
	var hh people.Household
	if id, _ := strconv.ParseInt(f.Data["household"], 10, 64); id > 0 {
		if ok, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, id); err != nil || !ok {
			return errOr(err, userErr("error.forbidden"))
		}
		var was people.Household
		if was, err = people.GetHousehold(r.ctx, r.unit.Tx, id); err == nil {
			hh, err = people.UpdateHousehold(r.ctx, r.unit.Tx, id, in, r.unit.Now)
		}
		if err == nil {
			err = h.tellClaimersOfChange(r, was, hh)
		}
	} else if err = h.registerIn(r, f, in.Zone); err == nil {
		hh, err = people.Register(r.ctx, r.unit.Tx, in, r.user.ID, relationFor(f), r.unit.Now)
	}
	if err != nil {
		return h.refused(registering, err)
	}
	done := r.t("register.done", h.householdText(r, in), fmt.Sprint(hh.ID))
	if f.Data["household"] != "" { // edited from /profile: saved, not registered
		done = r.t("profile.saved", h.householdText(r, in))
	}
	want := f.Data["want"]
	if want == "" { // the contact keyboard went at the phone's answer: the menu's buttons can come
		return h.menu(r, done)
	}
	if err := r.send(outbox.Message{Text: done, RemoveKeyboard: true}); err != nil {
		return err
	}
	return h.draftFrom(r, want) // what they asked for before registering: its draft now
}

// registerIn refuses a grid worker the registration of someone in a zone they do not serve.
func (h *Handlers) registerIn(r *request, f *people.Flow, zone string) error {
	if relationFor(f) != people.RelGridWorker {
		return nil
	}
	return h.mayServe(r, 0, zone)
}

func relationFor(f *people.Flow) people.Relation {
	if f.Data["for"] == "other" {
		return people.RelGridWorker
	}
	return people.RelSelf
}

func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// householdText renders a household for its own people (never for a volunteer before a claim).
func (h *Handlers) householdText(r *request, in people.HouseholdInput) i18n.Raw {
	var vuln []string
	for _, v := range in.Vulnerable {
		vuln = append(vuln, r.t("vuln."+v))
	}
	if len(vuln) == 0 {
		vuln = []string{r.t("vuln.none")}
	}
	return i18n.Raw(r.t("household.card", in.Name, in.Phone, h.zoneName(in.Zone),
		address(in.Building, in.Unit, in.Room), in.Size, strings.Join(vuln, "、")))
}

// address joins the parts of an address that are there.
func address(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

func (h *Handlers) zoneExists(key string) bool {
	_, ok := h.o.Zones.Find(key)
	return ok
}

func (h *Handlers) zoneName(key string) string {
	if z, ok := h.o.Zones.Find(key); ok {
		return z.Name
	}
	return key
}

// flowButton is a button of the running flow's step.
func flowButton(stepName, value, text string) outbox.Button {
	return outbox.Button{Text: text, Data: flowButtons.data(stepName, value)}
}

// cancelRow is the row with the flow's Cancel button.
func cancelRow(r *request, stepName string) []outbox.Button {
	return []outbox.Button{flowButton(stepName, "x", "✖ "+r.t("button.cancel"))}
}
