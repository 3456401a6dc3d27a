package telegram

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/store"
)

// storeUpdates commits updates to the inbox in one transaction and returns how many were new.
// A duplicate delivery of an update_id (Telegram re-sending after a lost confirmation, or a
// webhook retry) is ignored.
func storeUpdates(ctx context.Context, db *sql.DB, ups []rawUpdate, now time.Time) (int, error) {
	if len(ups) == 0 {
		return 0, nil
	}
	n := 0
	err := store.InTx(ctx, db, func(tx *sql.Tx) error {
		for _, u := range ups {
			res, err := tx.ExecContext(ctx,
				`INSERT INTO inbox (update_id, body, received_at) VALUES (?, ?, ?) ON CONFLICT (update_id) DO NOTHING`,
				u.ID, string(u.Body), now.UnixMilli())
			if err != nil {
				return fmt.Errorf("telegram: store update %d: %w", u.ID, err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	return n, err
}

type inboxRow struct {
	ID       int64
	Body     []byte
	Attempts int
}

// pendingUpdates returns inbox rows not yet handled, in the order they arrived.
func pendingUpdates(ctx context.Context, q store.Querier, limit int) ([]inboxRow, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT update_id, body, attempts FROM inbox WHERE done_at IS NULL
		ORDER BY received_at, update_id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("telegram: pending updates: %w", err)
	}
	defer rows.Close()
	var out []inboxRow
	for rows.Next() {
		var r inboxRow
		var body string
		if err := rows.Scan(&r.ID, &body, &r.Attempts); err != nil {
			return nil, fmt.Errorf("telegram: pending updates: %w", err)
		}
		r.Body = []byte(body)
		out = append(out, r)
	}
	return out, rows.Err()
}

// markDone records in tx that the updates ids were handled; errText is empty on success.
func markDone(ctx context.Context, tx *sql.Tx, now time.Time, errText string, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE inbox SET done_at = ?, attempts = attempts + 1, error = ?
		WHERE update_id `+store.InIDs, now.UnixMilli(), errText, store.IDs(ids))
	if err != nil {
		return fmt.Errorf("telegram: mark updates %v done: %w", ids, err)
	}
	return nil
}

// pruneInbox deletes handled updates older than keep. It must stay well under a week: Telegram
// restarts update ids at a random value after a week without updates, and a kept old row with
// a reused id would make a new update look like a duplicate.
func pruneInbox(ctx context.Context, db *sql.DB, now time.Time, keep time.Duration) (int64, error) {
	res, err := db.ExecContext(ctx,
		`DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?`, now.Add(-keep).UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("telegram: prune inbox: %w", err)
	}
	return res.RowsAffected()
}
