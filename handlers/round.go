package handlers

import (
	"errors"
	"slices"

	"linli/i18n"
	"linli/people"
	"linli/supplies"
)

// Supply rounds: /round (one line, or guided when bare) creates a round. An admin's round is
// published at once; an organiser's group buy waits for an admin's approval (round_admin.go).
// Publishing sends it to its audience through the notice machinery, with a Sign-up button
// (buy.go). Only admins and organisers may run rounds; an organiser limited to zones only for
// audiences inside them.

// roleOrganizer is the role that runs supply rounds (people.RoleOrganizer once roles are scoped).
const roleOrganizer = "organizer"

// rounder is who may run rounds: an admin, or an organiser of some zones (none: every zone).
type rounder struct {
	admin bool
	zones []string
}

// rounder reads whether the sender may run rounds; anyone else is refused.
func (h *Handlers) rounder(r *request) (rounder, error) {
	if r.admin {
		return rounder{admin: true}, nil
	}
	ok, err := people.HasRole(r.ctx, r.unit.Tx, r.user.ID, roleOrganizer)
	if err != nil {
		return rounder{}, err
	}
	if !ok {
		return rounder{}, userErr("round.forbidden")
	}
	return rounder{}, nil
}

// runsRounds reports whether the sender may run rounds (for /help).
func (h *Handlers) runsRounds(r *request) (bool, error) {
	if r.admin {
		return true, nil
	}
	return people.HasRole(r.ctx, r.unit.Tx, r.user.ID, roleOrganizer)
}

// covers reports whether the rounder may address audience.
func (w rounder) covers(audience string) bool {
	zone := supplies.AudienceZone(audience)
	return w.admin || len(w.zones) == 0 || (zone != "" && slices.Contains(w.zones, zone))
}

// mayManage reports whether the rounder may change round x: admins every round, organisers theirs.
func (w rounder) mayManage(userID int64, x supplies.Round) bool {
	return w.admin || x.CreatedBy == userID
}

// roundCommand is /round: guided when bare, else the one-line form of CONTRACT.md.
func (h *Handlers) roundCommand(r *request) error {
	if !r.private {
		return userErr("round.private_only")
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
		return h.roundInputError(err)
	}
	return h.createRound(r, w, n)
}

// createRound creates n for the sender and publishes it, or sends it to admins for approval.
func (h *Handlers) createRound(r *request, w rounder, n supplies.NewRound) error {
	n.CreatedBy = r.user.ID
	n.NeedsApproval = !w.admin && n.Kind == supplies.GroupBuy
	if n.Handover == "" && h.isSealed(n.Audience) {
		n.Handover = supplies.Door
	}
	if norm, err := h.supplies.Validate(n, r.unit.Now); err == nil && !w.covers(norm.Audience) {
		return userErr("round.not_your_zone", norm.Audience)
	}
	x, err := h.supplies.Create(r.ctx, r.unit.Tx, n, r.unit.Now)
	if err != nil {
		return h.roundInputError(err)
	}
	if x.Status == supplies.StatusDraft {
		return r.reply(r.t("round.proposed", x.ID, x.Title))
	}
	if x, err = h.supplies.Publish(r.ctx, r.unit.Tx, x.ID, r.user.ID, r.unit.Now); err != nil {
		return h.roundError(err, x.ID)
	}
	return r.reply(r.t("round.published", x.ID, x.Title, i18n.Raw(h.roundSummary(r.lang(), x))))
}

// isSealed reports whether an audience's zone is sealed (door delivery by default).
func (h *Handlers) isSealed(audience string) bool {
	z, ok := h.o.Zones.Find(supplies.AudienceZone(audience))
	return ok && z.Level == "sealed"
}

// roundInputError answers bad input to /round by the field at fault, with the usage.
func (h *Handlers) roundInputError(err error) error {
	var ie *supplies.InputError
	if errors.As(err, &ie) {
		return userErr("round.bad_" + fieldKey(ie.Field))
	}
	return err
}

// fieldKey maps an input field to the catalogue's round.bad_<field> keys.
func fieldKey(f string) string {
	switch f {
	case "kind", "title", "audience", "cutoff", "items", "item", "price", "max", "stock", "pickup", "minimum":
		return f
	}
	return "round"
}
