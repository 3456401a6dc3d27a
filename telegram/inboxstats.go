package telegram

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/store"
)

// InboxLag reports how many updates are committed but not yet handled, and when the oldest of
// them arrived (zero when none), for metrics. It reads only the inbox_pending partial index and
// the rows it names, so it stays cheap however many handled updates are kept.
func InboxLag(ctx context.Context, q store.Querier) (pending int, oldest time.Time, err error) {
	var ms sql.NullInt64
	err = q.QueryRowContext(ctx,
		`SELECT count(*), min(received_at) FROM inbox WHERE done_at IS NULL`).Scan(&pending, &ms)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("telegram: inbox lag: %w", err)
	}
	if ms.Valid {
		oldest = time.UnixMilli(ms.Int64)
	}
	return pending, oldest, nil
}
