package handlers

import (
	"linli/people"
)

// revokedReason is the order event detail of a release caused by a revocation.
const revokedReason = "role revoked"

// endWork ends what user had in hand once their roles were taken away, in the revocation's
// transaction: someone who may no longer take orders (no volunteer, no admin role left) gives
// back every order they claimed at once. Each is an ordinary release, so the household is told,
// the zone's volunteers are pushed again and group cards show Claim again. It returns how many
// tasks went back.
func (h *Handlers) endWork(r *request, user int64) (int, error) {
	if h.admins[user] {
		return 0, nil
	}
	if u, err := people.Get(r.ctx, r.unit.Tx, user); err == nil && u.Admin {
		return 0, nil
	}
	if vol, err := people.HasRole(r.ctx, r.unit.Tx, user, people.RoleVolunteer); err != nil || vol {
		return 0, err
	}
	released, err := h.orders.ReleaseAllOf(r.ctx, r.unit.Tx, user, r.user.ID, revokedReason, r.unit.Now)
	if err != nil {
		return 0, err
	}
	return len(released), nil // supply batches went back with the volunteer role (revoke, issue 15)
}
