package supplies

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Sweep runs the batch deadlines and pickup slots at now in tx: a batch open or claimed past
// its deadline is escalated once (EventBatchLate); a pickup slot that has begun is announced
// once to its building (EventSlotStart). It returns how many events it raised.
func (s *Service) Sweep(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	late, err := s.batches(ctx, tx, `WHERE b.status IN ('open', 'claimed') AND b.escalated = 0 AND b.deadline <= ?
		ORDER BY b.deadline LIMIT 200`, now.UnixMilli())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, b := range late {
		if _, err := tx.ExecContext(ctx, `UPDATE supply_batches SET escalated = 1 WHERE id = ?`, b.ID); err != nil {
			return n, fmt.Errorf("supplies: escalate B%d: %w", b.ID, err)
		}
		b.Escalated = true
		if err := s.batchEvent(ctx, tx, EventBatchLate, b, 0, now); err != nil {
			return n, err
		}
		n++
	}
	slots, err := s.batches(ctx, tx, `WHERE b.slot_told = 0 AND b.slot_at > 0 AND b.slot_at <= ?
		AND b.status <> 'cancelled' ORDER BY b.slot_at LIMIT 200`, now.UnixMilli())
	if err != nil {
		return n, err
	}
	for _, b := range slots {
		if _, err := tx.ExecContext(ctx, `UPDATE supply_batches SET slot_told = 1 WHERE id = ?`, b.ID); err != nil {
			return n, fmt.Errorf("supplies: slot B%d: %w", b.ID, err)
		}
		households, err := ids(ctx, tx, `SELECT household_id FROM supply_deliveries WHERE batch_id = ? AND status = 'pending' ORDER BY seq`, b.ID)
		if err != nil {
			return n, err
		}
		r, err := s.Get(ctx, tx, b.RoundID)
		if err != nil {
			return n, err
		}
		if err := s.notify(ctx, tx, Event{Kind: EventSlotStart, Round: r, Batch: b, Households: households, At: now}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
