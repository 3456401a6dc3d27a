package orders

import (
	"context"
	"fmt"
	"time"

	"linli/store"
)

// CountByStatus counts orders in each status, for metrics. It reads only the orders_status
// index, whose condition (true of every order) it repeats so the index can be used.
func CountByStatus(ctx context.Context, q store.Querier) (map[Status]int, error) {
	return store.QueryMap[Status, int](ctx, q, "orders: count by status",
		`SELECT status, count(*) FROM orders WHERE status <> '' GROUP BY status`)
}

// QueueAge is the oldest open order of one queue (zone, category, urgency).
type QueueAge struct {
	Zone, Category string
	Urgent         bool
	Oldest         time.Time // when the oldest open order of the queue was placed
	Open           int       // how many are open in it
}

// OpenAges returns one QueueAge per queue that has open orders, for metrics. It reads only the
// orders_queue partial index (open orders by zone, category, urgency), which covers the query.
func OpenAges(ctx context.Context, q store.Querier) ([]QueueAge, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT zone, category, urgent, min(created_at), count(*) FROM orders
		WHERE status = 'open' GROUP BY zone, category, urgent`)
	if err != nil {
		return nil, fmt.Errorf("orders: open ages: %w", err)
	}
	defer rows.Close()
	var out []QueueAge
	for rows.Next() {
		var a QueueAge
		var ms int64
		if err := rows.Scan(&a.Zone, &a.Category, &a.Urgent, &ms, &a.Open); err != nil {
			return nil, fmt.Errorf("orders: open ages: %w", err)
		}
		a.Oldest = time.UnixMilli(ms)
		out = append(out, a)
	}
	return out, rows.Err()
}
