package handlers

import (
	"errors"
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
)

// linkRelative takes /start f_<code>: a relative joins a household to order for it. Its
// residents are told at once who it is, with a button to remove them: a link forwarded on would
// otherwise give a stranger their address unseen.
func (h *Handlers) linkRelative(r *request, code string) error {
	hh, linked, err := people.UseLinkCode(r.ctx, r.unit.Tx, code, r.user.ID, r.unit.Now)
	if err != nil {
		return h.refused(linkingFamily, err)
	}
	if linked {
		if err := h.tellResidentsOfLink(r, hh); err != nil {
			return err
		}
	}
	return h.menu(r, r.t("family.linked", hh.Name, address(hh.Building, hh.Unit, hh.Room)))
}

// tellResidentsOfLink tells hh's residents, each in their language, that r's user has just linked
// to it: their name and @username, and a button that removes them.
func (h *Handlers) tellResidentsOfLink(r *request, hh people.Household) error {
	residents, err := people.ResidentsOf(r.ctx, r.unit.Tx, hh.ID)
	if err != nil {
		return err
	}
	username := ""
	if r.msg != nil && r.msg.From != nil {
		username = r.msg.From.Username
	}
	name := relativeName(r.user.FirstName, r.user.ID)
	for _, id := range residents {
		lang, err := h.langOf(r.ctx, r.unit.Tx, id)
		if err != nil {
			return err
		}
		var who any = name // escaped by T
		if username != "" {
			who = i18n.Raw(i18n.T(lang, "family.who_at", name, username))
		}
		if err := r.send(outbox.Message{ChatID: id, Text: i18n.T(lang, "family.told_linked", who),
			Buttons: [][]outbox.Button{{removeRelativeButton(lang, hh.ID, r.user.ID, name)}}}); err != nil {
			return err
		}
	}
	return nil
}

// relativeName is how a relative is named to the household: their first name, or their id.
func relativeName(first string, id int64) string {
	if n := i18n.Clip(strings.TrimSpace(first), 40); n != "" {
		return n
	}
	return strconv.FormatInt(id, 10)
}

// removeRelativeButton is p:x:<household>:<user>: the household's resident removes a relative.
func removeRelativeButton(lang string, household, user int64, name string) outbox.Button {
	return outbox.Button{Text: i18n.Plain(i18n.T(lang, "family.remove_button", i18n.Clip(name, 20))),
		Data: profileButtons.data("x", strconv.FormatInt(household, 10), strconv.FormatInt(user, 10))}
}

// removeRelative takes p:x:<household>:<user>: the resident who pressed it removes that relative,
// who is told they no longer order for the household. people.RemoveRelative checks the presser
// is the household's resident, whatever the button says; a relative removed already is told
// apart from a forged press.
func (h *Handlers) removeRelative(r *request, ids string) error {
	a, b, _ := strings.Cut(ids, ":")
	household, err1 := strconv.ParseInt(a, 10, 64)
	user, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil {
		return userErr("error.stale_button")
	}
	hh, err := people.RemoveRelative(r.ctx, r.unit.Tx, household, user, r.user.ID)
	if err != nil {
		return h.refused(removingRelative, err)
	}
	first, err := h.firstName(r.ctx, r.unit.Tx, user)
	if err != nil {
		return err
	}
	lang, err := h.langOf(r.ctx, r.unit.Tx, user)
	if err != nil {
		return err
	}
	if err := r.send(outbox.Message{ChatID: user, Text: i18n.T(lang, "family.removed_told", hh.Name)}); err != nil {
		return err
	}
	return r.reply(r.t("family.removed", relativeName(first, user)))
}

// relativesText lists who orders for hh through its /family link, for its resident's /profile,
// with a button to remove each; none: nothing.
func (h *Handlers) relativesText(r *request, hh people.Household) (string, [][]outbox.Button, error) {
	rels, err := people.Relatives(r.ctx, r.unit.Tx, hh.ID)
	if err != nil || len(rels) == 0 {
		return "", nil, err
	}
	var b strings.Builder
	b.WriteString(r.t("family.relatives"))
	var rows [][]outbox.Button
	for _, rel := range rels {
		name := relativeName(rel.Name, rel.UserID)
		b.WriteString("\n" + r.t("family.relative_line", name, rel.Since.In(h.o.Location).Format("2006-01-02")))
		rows = append(rows, []outbox.Button{removeRelativeButton(r.lang(), hh.ID, rel.UserID, name)})
	}
	return b.String(), rows, nil
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
