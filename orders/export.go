package orders

import (
	"context"
	"fmt"

	"linli/store"
)

// Each calls fn with every order, oldest first: for exports, which read the whole history once.
func Each(ctx context.Context, q store.Querier, fn func(Order) error) error {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM orders ORDER BY id`)
	if err != nil {
		return fmt.Errorf("orders: export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scan(rows)
		if err != nil {
			return fmt.Errorf("orders: export: %w", err)
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Activity is what one volunteer did, counted from the orders' trails.
type Activity struct {
	Claims     int // orders they claimed
	Deliveries int // orders they marked delivered, but for deliveries taken back (EventUndelivered)
	Releases   int // orders they gave back (/release); releases by the SLA sweep are not theirs
}

// ActivityByUser counts each user's claims, deliveries and releases over all orders.
func ActivityByUser(ctx context.Context, q store.Querier) (map[int64]Activity, error) {
	// A delivery counts unless it was taken back (undone, or never received): unless the next
	// delivery or undelivery of the same order is an undelivery. One the household said never
	// came and then found (received while claimed, with no delivery between) counts after all.
	rows, err := q.QueryContext(ctx, `SELECT actor, sum(kind = ?),
			sum(kind = ? AND (coalesce((SELECT n.kind FROM order_events n WHERE n.order_id = e.order_id
				AND n.id > e.id AND n.kind IN (?, ?) ORDER BY n.id LIMIT 1), '') <> ?
				OR EXISTS (SELECT 1 FROM order_events f WHERE f.order_id = e.order_id AND f.id > e.id
					AND f.kind = ? AND f.from_status = ? AND NOT EXISTS (SELECT 1 FROM order_events d
						WHERE d.order_id = e.order_id AND d.kind = ? AND d.id > e.id AND d.id < f.id)))),
			sum(kind = ?)
		FROM order_events e WHERE actor <> 0 AND kind IN (?, ?, ?) GROUP BY actor`,
		EventClaimed, EventDelivered, EventDelivered, EventUndelivered, EventUndelivered,
		EventReceived, string(StatusClaimed), EventDelivered, EventReleased,
		EventClaimed, EventDelivered, EventReleased)
	if err != nil {
		return nil, fmt.Errorf("orders: activity: %w", err)
	}
	defer rows.Close()
	out := map[int64]Activity{}
	for rows.Next() {
		var user int64
		var a Activity
		if err := rows.Scan(&user, &a.Claims, &a.Deliveries, &a.Releases); err != nil {
			return nil, fmt.Errorf("orders: activity: %w", err)
		}
		out[user] = a
	}
	return out, rows.Err()
}
