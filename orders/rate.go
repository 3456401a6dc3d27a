package orders

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

// OpenPerHousehold is how many open or claimed orders one household may have at once.
func (s *Service) OpenPerHousehold() int { return s.o.OpenPerHousehold }

// Rate records the household's 1–5 rating of a received order that has none yet (the rating
// buttons under "received"). It is not a change of state, so no event is written.
func (s *Service) Rate(ctx context.Context, tx *sql.Tx, id int64, householdIDs []int64, rating int, now time.Time) error {
	if rating < 1 || rating > 5 {
		return refused("rate", id, Order{}, &InputError{Field: "rating", Reason: "not 1-5"})
	}
	o, err := get(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("orders: rate #%d: %w", id, err)
	}
	if !slices.Contains(householdIDs, o.HouseholdID) {
		return refused("rate", id, o, ErrNotYours)
	}
	if o.Status != StatusReceived || o.Rating != 0 {
		return refused("rate", id, o, ErrWrongState)
	}
	if _, err := tx.ExecContext(ctx,
		`UPDATE orders SET rating = ?, version = version + 1 WHERE id = ? AND version = ?`,
		rating, id, o.Version); err != nil {
		return fmt.Errorf("orders: rate #%d: %w", id, err)
	}
	return nil
}
