package orders

import (
	"context"
	"fmt"
	"time"

	"linli/store"
)

// CountByStatus counts orders in each status, for metrics. Each count reads an index alone, and
// none that a claim rewrites: the open orders' (orders_queue_all), the claimed orders'
// (orders_deliver_due) and the finished orders' (orders_done), whose conditions the query repeats
// so that they can be used.
func CountByStatus(ctx context.Context, q store.Querier) (map[Status]int, error) {
	return store.QueryMap[Status, int](ctx, q, "orders: count by status", `
		SELECT 'open', count(*) FROM orders WHERE status = 'open'
		UNION ALL SELECT 'claimed', count(*) FROM orders WHERE status = 'claimed'
		UNION ALL SELECT status, count(*) FROM orders WHERE status NOT IN ('open', 'claimed') GROUP BY status`)
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
