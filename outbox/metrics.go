package outbox

import (
	"context"

	"linli/store"
)

// Backlog counts the rows waiting to be sent (pending or being sent, held broadcasts included)
// by priority, for metrics. It reads only the outbox_due partial index.
func Backlog(ctx context.Context, q store.Querier) (map[Priority]int, error) {
	return store.QueryMap[Priority, int](ctx, q, "outbox: backlog", `
		SELECT priority, count(*) FROM outbox WHERE status IN ('pending', 'sending') GROUP BY priority`)
}
