package orders

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/store"
)

// Events returns the trail of order id, oldest first (Event.Order is left zero). An order without
// events, or no order, gives an empty trail.
func (s *Service) Events(ctx context.Context, q store.Querier, id int64) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT order_id, kind, from_status, to_status, actor, at, detail
		FROM order_events WHERE order_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("orders: events of #%d: %w", id, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at int64
		if err := rows.Scan(&e.OrderID, &e.Kind, &e.From, &e.To, &e.Actor, &at, &e.Detail); err != nil {
			return nil, fmt.Errorf("orders: events of #%d: %w", id, err)
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orders: events of #%d: %w", id, err)
	}
	return out, nil
}

// PastClaimDeadline returns up to limit open orders not yet escalated whose claim deadline is at
// or before now, longest overdue first: what the SLA sweep escalates.
func (s *Service) PastClaimDeadline(ctx context.Context, q store.Querier, now time.Time, limit int) ([]Order, error) {
	return list(ctx, q, "past claim deadline", `SELECT `+columns+` FROM orders
		WHERE status = 'open' AND escalated = 0 AND claim_deadline <= ?
		ORDER BY claim_deadline, id LIMIT ?`, now.UnixMilli(), orDefault(limit, 100))
}

// PastDeliverDeadline returns up to limit claimed orders whose delivery deadline is at or before
// cutoff, longest overdue first. The sweep reminds the claimer with cutoff = now and releases
// with cutoff = now minus a grace period.
func (s *Service) PastDeliverDeadline(ctx context.Context, q store.Querier, cutoff time.Time, limit int) ([]Order, error) {
	return list(ctx, q, "past delivery deadline", `SELECT `+columns+` FROM orders
		WHERE status = 'claimed' AND deliver_deadline <= ?
		ORDER BY deliver_deadline, id LIMIT ?`, cutoff.UnixMilli(), orDefault(limit, 100))
}

// Expire withdraws open order id, by the system (actor 0), with reason kept in the event.
func (s *Service) Expire(ctx context.Context, tx *sql.Tx, id int64, reason string, now time.Time) (Order, error) {
	return s.transition(ctx, tx, id, step{action: "expire", kind: EventExpired, to: StatusExpired,
		set: `, expired_at = ?`, args: []any{now.UnixMilli()}, detail: reason,
		check: func(o Order) error { return allowedFrom(o, StatusOpen) }}, now)
}
