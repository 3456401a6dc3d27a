package handlers

import (
	"context"
	"database/sql"
	"time"
)

// sweepRounds is the supply rounds' part of the sweep: every round whose cut-off has come is
// closed (once: the close is a conditional UPDATE from open, so a sweep run again after a crash
// finds nothing to do), each in its own savepoint; then batch deadlines and pickup slots.
func (h *Handlers) sweepRounds(ctx context.Context, tx *sql.Tx, now time.Time) error {
	due, err := h.supplies.Due(ctx, tx, now)
	if err != nil {
		return err
	}
	for _, id := range due {
		err := h.each(ctx, tx, "cut-off", id, func() error {
			_, err := h.supplies.Close(ctx, tx, id, 0, now)
			return err
		})
		if err != nil {
			return err
		}
	}
	_, err = h.supplies.Sweep(ctx, tx, now)
	return err
}
