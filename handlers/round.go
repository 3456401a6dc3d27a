package handlers

import (
	"strconv"
	"strings"

	"linli/i18n"
	"linli/people"
	"linli/supplies"
)

// Supply rounds: /round (one line, or guided when bare) creates a round. An admin's round is
// published at once; an organiser's group buy waits for an admin's approval (round_admin.go).
// Publishing sends it to its audience through the notice machinery, with a Sign-up button
// (buy.go). Only admins and organisers may run rounds; an organiser limited to zones only for
// audiences inside them.

// rounder is who may run rounds and where: the organiser role's zones widened by their admin
// zones (people.ActingScope); an admin in a round's zones needs no approval and may manage it.
type rounder struct {
	admin      bool
	adminScope people.Scope
	scope      people.Scope
}

// rounder reads where the sender may run rounds; anyone who may nowhere is refused.
func (h *Handlers) rounder(r *request) (rounder, error) {
	sc, err := people.ActingScope(r.ctx, r.unit.Tx, r.user.ID, people.RoleOrganizer, h.admins[r.user.ID])
	if err != nil {
		return rounder{}, err
	}
	if !sc.Held() {
		return rounder{}, userErr("round.forbidden")
	}
	return rounder{admin: r.admin, adminScope: r.scope, scope: sc}, nil
}

// roundInScope reports whether sc covers audience ("all" only a global scope).
func roundInScope(sc people.Scope, audience string) bool {
	return supplies.AudienceWithin(audience, sc.All, sc.Zones)
}

// covers reports whether the rounder may address audience.
func (w rounder) covers(audience string) bool { return roundInScope(w.scope, audience) }

// adminOf reports whether the rounder is an admin of audience's zones.
func (w rounder) adminOf(audience string) bool {
	return w.admin && roundInScope(w.adminScope, audience)
}

// needsApproval reports whether n, by this rounder, waits for an admin: an organiser's group buy
// (a distribution costs households nothing).
func (w rounder) needsApproval(n supplies.NewRound) bool {
	return !w.adminOf(n.Audience) && n.Kind == supplies.GroupBuy
}

// mayManage reports whether the rounder may change round x: its admins, and its organiser.
func (w rounder) mayManage(userID int64, x supplies.Round) bool {
	m := supplies.Manager{User: userID}
	if w.admin {
		m.All, m.Zones = w.adminScope.All, w.adminScope.Zones
	}
	return m.Manages(x)
}

// roundCommand is /round: guided when bare, else the one-line form of CONTRACT.md.
func (h *Handlers) roundCommand(r *request) error {
	if f := strings.Fields(r.cmd.Args); len(f) > 0 { // bare /round only asks its first question
		r.audited("round", strings.Join(f[:min(2, len(f))], " ")) // kind and audience; the rest is text
	}
	w, err := h.rounder(r)
	if err != nil {
		return err
	}
	if r.cmd.Args == "" {
		return h.startFlow(r, h.flows()["round"], "kind", nil)
	}
	n, err := supplies.ParseRound(r.cmd.Args, h.o.Location)
	if err != nil {
		return h.refused(proposingRound, err)
	}
	if big, err := h.roundIsBig(r, w, n); err != nil || big {
		r.audited("", "") // shown to check first: nothing is stored before Publish
		return err
	}
	return h.createRound(r, w, n)
}

// roundIsBig shows a one-line round to more than [notices] confirm_over households as the guided
// /round's preview, to publish or change, as a large /notice is (and reports true): a typo in a
// price must not reach 2,000 households before its organiser has seen it. A smaller round, or
// one that Create would refuse, is left to createRound.
func (h *Handlers) roundIsBig(r *request, w rounder, n supplies.NewRound) (bool, error) {
	norm, err := h.supplies.Validate(n, r.unit.Now)
	if err != nil || !w.covers(norm.Audience) {
		return false, nil
	}
	households, err := supplies.Households(r.ctx, r.unit.Tx, norm.Audience)
	if err != nil || households <= h.o.ConfirmOver {
		return false, err
	}
	specs := make([]string, len(n.Items))
	for i, it := range n.Items {
		specs[i] = it.Spec()
	}
	data := map[string]string{"kind": string(n.Kind), "title": n.Title, "items": strings.Join(specs, "\n"),
		"cutoff": n.Cutoff.In(h.o.Location).Format("2006-01-02 15:04"), "audience": norm.Audience,
		"handover": string(norm.Handover), "minimum": strconv.Itoa(n.MinHouseholds)}
	if norm.Handover == supplies.Pickup {
		data["point"], data["slot"] = n.PickupPoint, strconv.Itoa(n.SlotMinutes)
	}
	return true, h.startFlow(r, h.flows()["round"], "confirm", data)
}

// createRound creates n for the sender and publishes it, or sends it to admins for approval.
func (h *Handlers) createRound(r *request, w rounder, n supplies.NewRound) error {
	r.audited("round", string(n.Kind)+" "+n.Audience)
	n.CreatedBy, n.NeedsApproval = r.user.ID, w.needsApproval(n)
	if norm, err := h.supplies.Validate(n, r.unit.Now); err == nil && !w.covers(norm.Audience) {
		return userErr("round.not_your_zone", norm.Audience)
	}
	x, err := h.supplies.Create(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return h.refused(proposingRound, err)
	}
	if x.Status == supplies.StatusDraft {
		r.audited("round:proposed", roundArgs(x.ID, string(x.Kind), x.Audience))
		return r.reply(r.t("round.proposed", x.ID, x.Title))
	}
	if x, err = h.supplies.Publish(r.ctx, r.unit.Tx, x.ID, r.user.ID, r.unit.Now); err != nil {
		return h.refused(rounding, err, x.ID)
	}
	r.audited("round:published", roundArgs(x.ID, string(x.Kind), x.Audience))
	return r.reply(r.t("round.published", x.ID, x.Title, i18n.Raw(h.roundSummary(r.lang(), x))))
}
