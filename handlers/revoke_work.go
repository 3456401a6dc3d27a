package handlers

import (
	"strconv"
	"strings"

	"linli/i18n"
	"linli/orders"
	"linli/people"
	"linli/supplies"
)

// revokedReason is the order event detail of a release caused by a revocation.
const revokedReason = "role revoked"

// endWork ends what user had in hand once their roles were taken away, in the revocation's
// transaction: someone who may no longer take orders (no volunteer, no admin role left) gives
// back every order they claimed at once. Each is an ordinary release, so the household is told,
// the zone's volunteers are pushed again, group cards show Claim again and the volunteer's task
// cards lose the address (cards.go). It returns the orders that went back.
func (h *Handlers) endWork(r *request, user int64) ([]orders.Order, error) {
	if h.admins[user] {
		return nil, nil
	}
	if u, err := people.Get(r.ctx, r.unit.Tx, user); err == nil && u.Admin {
		return nil, nil
	}
	if vol, err := people.HasRole(r.ctx, r.unit.Tx, user, people.RoleVolunteer); err != nil || vol {
		return nil, err
	}
	// Supply batches went back with the volunteer role (revoke, issue 15; batch_release.go).
	return h.orders.ReleaseAllOf(r.ctx, r.unit.Tx, user, r.user.ID, revokedReason, r.unit.Now)
}

// backInQueue names what a revocation gave back, for the revoker: "B3 (3号楼), #7"; "" if nothing.
func backInQueue(lang string, batches []supplies.Batch, released []orders.Order) string {
	var names []string
	for _, b := range batches {
		names = append(names, i18n.T(lang, "revoke.batch_item", b.ID, i18n.Clip(b.Building, 40)))
	}
	for _, o := range released {
		names = append(names, "#"+strconv.FormatInt(o.ID, 10))
	}
	return strings.Join(names, i18n.T(lang, "revoke.item_sep"))
}
