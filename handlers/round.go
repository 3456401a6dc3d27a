package handlers

import (
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
	if zone := supplies.AudienceZone(audience); zone != "" {
		return sc.Covers(zone)
	}
	return sc.All
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
	return w.adminOf(x.Audience) || x.CreatedBy == userID
}

// roundCommand is /round: guided when bare, else the one-line form of CONTRACT.md.
func (h *Handlers) roundCommand(r *request) error {
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
	return h.createRound(r, w, n)
}

// createRound creates n for the sender and publishes it, or sends it to admins for approval.
func (h *Handlers) createRound(r *request, w rounder, n supplies.NewRound) error {
	n.CreatedBy, n.NeedsApproval = r.user.ID, w.needsApproval(n)
	if norm, err := h.supplies.Validate(n, r.unit.Now); err == nil && !w.covers(norm.Audience) {
		return userErr("round.not_your_zone", norm.Audience)
	}
	x, err := h.supplies.Create(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return h.refused(proposingRound, err)
	}
	if x.Status == supplies.StatusDraft {
		return r.reply(r.t("round.proposed", x.ID, x.Title))
	}
	if x, err = h.supplies.Publish(r.ctx, r.unit.Tx, x.ID, r.user.ID, r.unit.Now); err != nil {
		return h.refused(rounding, err, x.ID)
	}
	return r.reply(r.t("round.published", x.ID, x.Title, i18n.Raw(h.roundSummary(r.lang(), x))))
}
