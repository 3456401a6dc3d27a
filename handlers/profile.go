package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
)

// profile is /profile: the households the user acts for, each with an Edit button.
func (h *Handlers) profile(r *request) error {
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return userErr("order.register_first")
	}
	var b strings.Builder
	b.WriteString(r.t("profile.title"))
	var rows [][]outbox.Button
	for _, m := range ms {
		b.WriteString("\n\n" + string(h.householdText(r, inputOf(m.Household))))
		rows = append(rows, []outbox.Button{{
			Text: r.label("profile.edit", i18n.Clip(m.Household.Name, 20)),
			Data: profileButtons.data("e", strconv.FormatInt(m.Household.ID, 10)),
		}})
		if m.Relation != people.RelSelf {
			continue // its relatives are its resident's to see and remove
		}
		rels, remove, err := h.relativesText(r, m.Household)
		if err != nil {
			return err
		}
		if rels != "" {
			b.WriteString("\n" + rels)
		}
		rows = append(rows, remove...)
	}
	return r.reply(b.String(), rows...)
}

func inputOf(hh people.Household) people.HouseholdInput {
	return people.HouseholdInput{Zone: hh.Zone, Building: hh.Building, Unit: hh.Unit, Room: hh.Room,
		Name: hh.Name, Phone: hh.Phone, Size: hh.Size, Vulnerable: hh.Vulnerable}
}

// profileButton: p:e:<id> edits a household the presser acts for, through the registration
// summary; p:x:<id>:<user> removes a relative from it (removeRelative).
func (h *Handlers) profileButton(r *request) error {
	_, rest := callbackData(r.callback.Data)
	if ids, ok := strings.CutPrefix(rest, "x:"); ok {
		return h.removeRelative(r, ids)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(rest, "e:"), 10, 64)
	if err != nil {
		return userErr("error.stale_button")
	}
	if ok, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, id); err != nil || !ok {
		return errOr(err, userErr("error.forbidden"))
	}
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, id)
	if err != nil {
		return err
	}
	data := map[string]string{
		"household": fmt.Sprint(hh.ID), "zone": hh.Zone, "building": hh.Building, "room": address(hh.Unit, hh.Room),
		"name": hh.Name, "phone": hh.Phone, "size": fmt.Sprint(hh.Size), "vuln": strings.Join(hh.Vulnerable, ","),
		"editing": "1",
	}
	return h.startFlow(r, h.flows()["register"], "confirm", data)
}
