package outbox

import (
	"context"
	"fmt"

	"linli/store"
)

// Backlog counts the rows waiting to be sent (pending or being sent, held broadcasts included)
// by priority, for metrics. It reads only the outbox_due partial index.
func Backlog(ctx context.Context, q store.Querier) (map[Priority]int, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT priority, count(*) FROM outbox WHERE status IN ('pending', 'sending') GROUP BY priority`)
	if err != nil {
		return nil, fmt.Errorf("outbox: backlog: %w", err)
	}
	defer rows.Close()
	out := map[Priority]int{}
	for rows.Next() {
		var p Priority
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, fmt.Errorf("outbox: backlog: %w", err)
		}
		out[p] = n
	}
	return out, rows.Err()
}
