package notices

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// PurgeTexts blanks, in tx, the texts of the notices done with before cutoff: created before it,
// not a schedule still active, and with every run finished before it; and the progress texts of
// their runs. A draft the admin may still confirm is kept unless it is a day old. The rows stay,
// for the counts. It returns how many notices it blanked; a second call blanks nothing.
func PurgeTexts(ctx context.Context, tx *sql.Tx, cutoff, now time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE notices SET text = '' WHERE text <> '' AND created_at < ?1
		AND NOT (spec <> '' AND state = 'active')
		AND (state <> 'draft' OR created_at < ?2)
		AND NOT EXISTS (SELECT 1 FROM notice_runs r WHERE r.notice_id = notices.id
			AND (r.state IN ('pending', 'expanding', 'sending', 'paused') OR coalesce(r.finished_at, r.created_at) >= ?1))`,
		cutoff.UnixMilli(), now.Add(-24*time.Hour).UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("notices: purge texts: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("notices: purge texts: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notice_runs SET status_text = '' WHERE status_text <> ''
		AND notice_id IN (SELECT id FROM notices WHERE text = '')`); err != nil {
		return 0, fmt.Errorf("notices: purge progress texts: %w", err)
	}
	return n, nil
}
