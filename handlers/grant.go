package handlers

import (
	"slices"
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
)

// /grant gives a role, asking first when the id never wrote to the bot or the grant would take
// zones away or widen them to every zone (grantOrAsk); the person is told in their language.

// grant is /grant <user-id> admin|gridworker|organizer|counsellor [zone-key ...]: the role in
// those zones (none: every zone; a scoped admin's own zones). A scoped admin grants only inside
// their zones and never narrows a grant that reaches beyond them. The person is told.
func (h *Handlers) grant(r *request) error {
	user, role, keys, ok := roleArgs(r.cmd.Args)
	if !ok || !slices.Contains(grantable, role) {
		return userErr("grant.usage")
	}
	zones, err := h.checkZones(keys)
	if err != nil {
		return err
	}
	return h.grantOrAsk(r, user, role, zones)
}

// grantOrAsk gives the role at once, or asks the granter first: when the id has never written
// to the bot (the bot cannot say who it is, and a mistyped number would give a stranger the
// role), and when the grant takes zones away from someone or widens theirs to every zone (a
// grant replaces the zones of a role held, people.GrantChange). The refusals of a grant (zones
// beyond the granter's, a role reaching beyond them) come first, and are checked again when the
// granter confirms.
func (h *Handlers) grantOrAsk(r *request, user int64, role string, zones []string) error {
	scoped, err := h.grantScope(r, user, role, zones)
	if err != nil {
		return err
	}
	change, err := people.ChangeOfGrant(r.ctx, r.unit.Tx, user, role, scoped)
	if err != nil {
		return err
	}
	_, _, seen, err := h.whoIs(r, user)
	if err != nil {
		return err
	}
	unseen := !seen && user != r.user.ID
	if !unseen && !change.NeedsConfirm() {
		return h.grantTo(r, user, role, change)
	}
	data := map[string]string{
		"user": strconv.FormatInt(user, 10), "role": role, "zones": strings.Join(zones, " "),
		"from": scopeData(change.From), "to": scopeData(change.To),
	}
	if unseen {
		data["unseen"] = "1"
	}
	r.audited("grant:asked", grantArgs(data)) // nothing granted yet: the confirm or cancel press says what became of it
	return h.startFlow(r, h.flows()["grant"], "grant", data)
}

// grantFlow is the one question of a grant that needs confirming: give it, or cancel.
func (h *Handlers) grantFlow() *flowDef {
	return &flowDef{
		name: "grant", cancel: "grant.cancelled", finish: h.finishGrant,
		dropped: func(r *request, f *people.Flow) { r.audited("grant:cancelled", grantArgs(f.Data)) },
		steps: map[string]step{
			"grant": {
				ask: h.askGrant,
				button: func(r *request, f *people.Flow, v string) (string, error) {
					if v != "yes" {
						return "", userErr("error.stale_button")
					}
					return stepDone, nil
				},
			},
		},
	}
}

// askGrant asks the grant's question: who the id is not known to be, and what the grant would
// take away or widen.
func (h *Handlers) askGrant(r *request, f *people.Flow) error {
	user, _ := strconv.ParseInt(f.Data["user"], 10, 64)
	role := f.Data["role"]
	c := people.GrantChange{From: scopeFromData(f.Data["from"]), To: scopeFromData(f.Data["to"])}
	var parts []string
	label := r.label("grant.change_button")
	if f.Data["unseen"] == "1" {
		parts = append(parts, r.t("grant.confirm_unseen", user, r.t("role."+role), i18n.Raw(r.scopeText(c.To))))
		label = r.label("grant.confirm_button", user)
	}
	if c.NeedsConfirm() {
		q, err := h.changeQuestion(r, user, role, c)
		if err != nil {
			return err
		}
		parts = append(parts, q)
	}
	return r.reply(strings.Join(parts, "\n\n"), []outbox.Button{flowButton("grant", "yes", label)}, cancelRow(r, "grant"))
}

// changeQuestion says what a grant would take from user's role, or that it widens it to every
// zone, and how to add zones instead.
func (h *Handlers) changeQuestion(r *request, user int64, role string, c people.GrantChange) (string, error) {
	name, _, _, err := h.whoIs(r, user)
	if err != nil {
		return "", err
	}
	roleName, from, to := r.t("role."+role), i18n.Raw(r.scopeText(c.From)), i18n.Raw(r.scopeText(c.To))
	if c.Widens() {
		return r.t("grant.confirm_widen", name, user, roleName, from), nil
	}
	if c.From.All { // every zone, limited to some: the rest is lost
		return r.t("grant.confirm_narrow", name, user, roleName, from, to, i18n.Raw(r.t("grant.other_zones"))), nil
	}
	lost := i18n.Raw(r.scopeText(people.Scope{Zones: c.Removed()}))
	return r.t("grant.confirm_narrow", name, user, roleName, from, to, lost) + "\n" +
		r.t("grant.add_hint", user, role, strings.Join(c.From.Union(c.To).Zones, " ")), nil
}

// finishGrant gives the role the granter confirmed, checked again as a typed /grant is. When the
// role changed since the question (another admin's grant), the question is asked again about
// what it is now.
func (h *Handlers) finishGrant(r *request, f *people.Flow) error {
	r.audited("grant:confirm", grantArgs(f.Data)) // refused, or granted (grantTo), or asked again
	user, err := strconv.ParseInt(f.Data["user"], 10, 64)
	role := f.Data["role"]
	if err != nil || !slices.Contains(grantable, role) {
		return userErr("error.stale_button")
	}
	zones, err := h.checkZones(strings.Fields(f.Data["zones"]))
	if err != nil {
		return err
	}
	scoped, err := h.grantScope(r, user, role, zones)
	if err != nil {
		return err
	}
	change, err := people.ChangeOfGrant(r.ctx, r.unit.Tx, user, role, scoped)
	if err != nil {
		return err
	}
	if scopeData(change.From) != f.Data["from"] || scopeData(change.To) != f.Data["to"] {
		return h.grantOrAsk(r, user, role, zones)
	}
	return h.grantTo(r, user, role, change)
}

// grantArgs are a grant's audit arguments from its question's data: "<user-id> <role> [zones]".
func grantArgs(data map[string]string) string {
	return auditGrant(data["user"], data["role"], data["zones"])
}

// auditGrant writes a grant for the audit log: "<user-id> <role> [zones]".
func auditGrant(user, role, zones string) string {
	return strings.TrimSpace(user + " " + role + " " + zones)
}

// grantTo makes the change (within the granter's own scope, checked by the caller) and tells the
// granter what it changed ("zones b2 → zones a1"), and the person: of a new role, or of the zones
// a role they had covers now and covered before. A grant that changes nothing says so.
func (h *Handlers) grantTo(r *request, user int64, role string, change people.GrantChange) error {
	name, lang, seen, err := h.whoIs(r, user)
	if err != nil {
		return err
	}
	roleName, to := r.t("role."+role), i18n.Raw(r.scopeText(change.To))
	args := auditGrant(strconv.FormatInt(user, 10), role, strings.Join(change.To.Zones, " "))
	if change.Same() {
		r.audited("grant:unchanged", args)
		return r.reply(r.t("grant.unchanged", name, user, roleName, to))
	}
	r.audited("grant:granted", args)
	if err := people.GrantIn(r.ctx, r.unit.Tx, user, role, change.To.Zones, r.user.ID, r.unit.Now); err != nil {
		return err
	}
	r.rolesChanged()
	if err := h.syncMenu(r.ctx, r.unit.Tx, user, r.unit.Now); err != nil { // the role's commands
		return err
	}
	text := r.t("grant.done", name, user, roleName, to)
	if !change.New() {
		text = r.t("grant.done_changed", name, user, roleName, i18n.Raw(r.scopeText(change.From)), to)
	}
	if !seen {
		text += "\n" + r.t("grant.not_seen")
	}
	if err := r.reply(text); err != nil {
		return err
	}
	if !seen || user == r.user.ID {
		return nil
	}
	told := &request{user: people.User{Lang: lang}}
	roleThere := i18n.Raw(i18n.T(lang, "role."+role))
	if !change.New() { // the same role, in other zones now
		return r.send(outbox.Message{ChatID: user, Text: i18n.T(lang, "grant.told_changed", roleThere,
			i18n.Raw(told.scopeText(change.To)), i18n.Raw(told.scopeText(change.From)))})
	}
	return r.send(outbox.Message{ChatID: user, Text: i18n.T(lang, "grant.told", roleThere,
		i18n.Raw(told.scopeText(change.To)), i18n.Raw(i18n.T(lang, "role."+role+".about")))})
}

// grantScope is the zones a grant of role to user in zones covers (a scoped admin asking for every
// zone is given theirs), or why the granter may not make it.
func (h *Handlers) grantScope(r *request, user int64, role string, zones []string) ([]string, error) {
	zones, err := r.within(zones)
	if err == nil {
		err = h.mayChange(r, user, role)
	}
	return zones, err
}
