package handlers

import (
	"errors"
	"strconv"

	"linli/outbox"
	"linli/people"
)

// A household imported from a grid worker's list (bot import) has no one acting for it until its
// resident registers. The guided registration offers it after the phone step, but only for a
// phone Telegram vouches for (the user's own shared contact): the offer shows a name and an
// address. Whoever types both the phone and the address is linked to it at the end instead of
// registering a second household, since they know everything it holds. A household someone
// already acts for is never offered.

// offerImported goes to the "match" step when the phone just shared is that of an imported
// household no one acts for yet; otherwise to next.
func (h *Handlers) offerImported(r *request, f *people.Flow, next string) (string, error) {
	own := r.msg != nil && r.msg.Contact != nil && r.msg.Contact.UserID == r.user.ID
	if !own || f.Data["for"] == "other" || f.Data["household"] != "" {
		return next, nil
	}
	hh, err := people.UnlinkedByPhone(r.ctx, r.unit.Tx, f.Data["phone"])
	if errors.Is(err, people.ErrNotFound) || err == nil && strconv.FormatInt(hh.ID, 10) == f.Data["declined"] {
		return next, nil
	}
	if err != nil {
		return "", err
	}
	f.Data["match"] = strconv.FormatInt(hh.ID, 10)
	return "match", nil
}

// matchStep asks whether the imported household found is the user's.
func (h *Handlers) matchStep() step {
	return step{
		ask: func(r *request, f *people.Flow) error {
			id, _ := strconv.ParseInt(f.Data["match"], 10, 64)
			hh, err := people.GetHousehold(r.ctx, r.unit.Tx, id)
			if err != nil {
				return err
			}
			return r.reply(r.t("register.found", hh.Name, h.zoneName(hh.Zone), address(hh.Building, hh.Unit, hh.Room)),
				[]outbox.Button{flowButton("match", "me", r.label("register.this_is_me"))},
				[]outbox.Button{flowButton("match", "no", r.label("register.not_me"))},
				cancelRow(r, "match"))
		},
		button: func(r *request, f *people.Flow, v string) (string, error) {
			switch v {
			case "me":
				f.Data["link"] = f.Data["match"]
				return stepDone, nil
			case "no":
				f.Data["declined"] = f.Data["match"]
				delete(f.Data, "match")
				return h.nextOrConfirm(f, "zone"), nil
			}
			return "", userErr("error.stale_button")
		},
	}
}

// linkedAt finds the imported household no one acts for yet with in's phone and address, for a
// resident registering themself; ok is false when there is none (or they said it is not theirs).
func (h *Handlers) linkedAt(r *request, f *people.Flow, in people.HouseholdInput) (int64, bool, error) {
	if f != nil && (f.Data["household"] != "" || relationFor(f) != people.RelSelf) {
		return 0, false, nil
	}
	hh, err := people.UnlinkedAt(r.ctx, r.unit.Tx, in)
	if errors.Is(err, people.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil || f != nil && strconv.FormatInt(hh.ID, 10) == f.Data["declined"] {
		return 0, false, err
	}
	return hh.ID, true, nil
}

// linkImported makes the user the resident of imported household id and shows it with the menu.
func (h *Handlers) linkImported(r *request, id int64) error {
	hh, err := people.LinkImported(r.ctx, r.unit.Tx, id, r.user.ID, r.unit.Now)
	if err != nil {
		return h.refused(registering, err)
	}
	return h.menu(r, r.t("register.linked", h.householdText(r, inputOf(hh)), strconv.FormatInt(hh.ID, 10)))
}
