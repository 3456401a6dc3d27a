package outbox

import (
	"context"
	"fmt"
	"time"

	"linli/store"
)

// Undone counts the rows due at now and not sent yet, and those being sent: what stopping the
// sender now would leave for the next start.
func Undone(ctx context.Context, q store.Querier, now time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')
		AND (status = 'sending' OR not_before <= ?)`, now.UnixMilli()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("outbox: undone: %w", err)
	}
	return n, nil
}
