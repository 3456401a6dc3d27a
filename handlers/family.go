package handlers

import (
	"errors"

	"linli/i18n"
	"linli/people"
)

// linkRelative takes /start f_<code>: a relative joins a household to order for it.
func (h *Handlers) linkRelative(r *request, code string) error {
	hh, err := people.UseLinkCode(r.ctx, r.unit.Tx, code, r.user.ID, r.unit.Now)
	if err != nil {
		return h.refused(linkingFamily, err)
	}
	return h.menu(r, r.t("family.linked", hh.Name, address(hh.Building, hh.Unit, hh.Room)))
}

// family is /family: a one-time link a resident sends a relative so they can order too.
func (h *Handlers) family(r *request) error {
	hh, err := people.SelfHousehold(r.ctx, r.unit.Tx, r.user.ID)
	if errors.Is(err, people.ErrNotFound) {
		// A relative or grid worker acting for a household: the link is the household's to give.
		if ms, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID); err != nil || len(ms) > 0 {
			if err != nil {
				return err
			}
			return userErr("family.not_own", i18n.Clip(ms[0].Household.Name, 60))
		}
	}
	if err != nil {
		return h.refused(askingFamily, err)
	}
	code, err := people.NewLinkCode(r.ctx, r.unit.Tx, hh.ID, r.user.ID, r.unit.Now, familyCodeTTL)
	if err != nil {
		return err
	}
	link := "https://t.me/" + h.me + "?start=f_" + code
	return r.reply(r.t("family.link", link, code))
}
