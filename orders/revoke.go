package orders

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/store"
)

// HeldBy lists the orders volunteer holds now (claimed, not delivered), oldest claim first.
func HeldBy(ctx context.Context, q store.Querier, volunteer int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM orders WHERE status = 'claimed' AND claimed_by = ?
		ORDER BY claimed_at, id`, volunteer)
	if err != nil {
		return nil, fmt.Errorf("orders: held by %d: %w", volunteer, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("orders: held by %d: %w", volunteer, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ReleaseAllOf puts every order volunteer holds back in the queue at once, as actor (an admin
// revoking them) with reason, in tx: each release is an ordinary one, so the household is told,
// the queue's volunteers are pushed again and group cards are edited, in the same transaction.
func (s *Service) ReleaseAllOf(ctx context.Context, tx *sql.Tx, volunteer, actor int64, reason string, now time.Time) ([]Order, error) {
	ids, err := HeldBy(ctx, tx, volunteer)
	if err != nil {
		return nil, err
	}
	var out []Order
	for _, id := range ids {
		o, err := s.Release(ctx, tx, id, actor, true, reason, now)
		if err != nil {
			return out, fmt.Errorf("orders: release #%d of %d: %w", id, volunteer, err)
		}
		out = append(out, o)
	}
	return out, nil
}
