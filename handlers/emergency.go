package handlers

import (
	"slices"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
)

// emergency answers words of a life in danger (orders.IntentEmergency: 救命, chest pain, fell and
// cannot get up): call 120 first, never an order draft. For a household it knows, the bot opens
// a call-back and tells the people who can act at once, in private and before any notification:
// the zone's grid workers and its admins, with who wrote, where, their phone and the words.
func (h *Handlers) emergency(r *request, text string) error {
	hh, _, err := h.ownHousehold(r)
	if err != nil {
		return err
	}
	if hh.ID == 0 {
		return r.reply(r.t("emergency.unknown"))
	}
	c, _, err := h.orders.RequestCallback(r.ctx, r.unit.Tx, hh.ID, hh.Zone, hh.Building, r.user.ID, r.unit.Now)
	if err != nil {
		return err
	}
	staff, err := people.HoldersIn(r.ctx, r.unit.Tx, people.RoleGridWorker, hh.Zone)
	if err != nil {
		return err
	}
	admins, err := people.ZoneAdmins(r.ctx, r.unit.Tx, hh.Zone, h.o.Admins)
	if err != nil {
		return err
	}
	for _, u := range admins {
		if !slices.Contains(staff, u) {
			staff = append(staff, u)
		}
	}
	words := i18n.Clip(text, 300)
	for _, u := range staff {
		if u == r.user.ID {
			continue
		}
		lang, err := h.langOf(r.ctx, r.unit.Tx, u)
		if err != nil {
			return err
		}
		m := outbox.Message{ChatID: u, Text: i18n.T(lang, "emergency.alert", hh.Name, hh.Phone, h.zoneName(hh.Zone),
			address(hh.Building, hh.Unit, hh.Room), words, c.ID), Buttons: [][]outbox.Button{{claimCallbackButton(lang, c.ID)}}}
		if _, err := outbox.Add(r.ctx, r.unit.Tx, m, outbox.Options{Priority: outbox.PriorityReply}, r.unit.Now); err != nil {
			return err
		}
	}
	return r.reply(r.t("emergency.told", hh.Phone))
}

// ownHousehold is the household the user speaks for: their own, else the only one they act for
// (ID 0 when neither); acting is how many they act for.
func (h *Handlers) ownHousehold(r *request) (hh people.Household, acting int, err error) {
	ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return people.Household{}, 0, err
	}
	for _, m := range ms {
		if m.Relation == people.RelSelf {
			return m.Household, len(ms), nil
		}
	}
	if len(ms) == 1 {
		return ms[0].Household, 1, nil
	}
	return people.Household{}, len(ms), nil
}
