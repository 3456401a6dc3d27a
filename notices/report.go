package notices

import (
	"context"
	"fmt"
	"time"

	"linli/store"
)

// Summary is a notice with the fate of its messages over all its runs: sent (delivered to
// Telegram), unreachable (blocked or deactivated chats), failed, cancelled, and pending (queued or
// being sent).
type Summary struct {
	ID                                 int64
	Audience, Text, Spec, State        string
	Urgent                             bool
	Created                            time.Time
	Sent, Unreachable, Failed, Pending int
	Cancelled                          int
}

// Latest lists the newest n notices that were sent or scheduled (drafts waiting for the admin's
// confirmation are left out), newest first.
func Latest(ctx context.Context, q store.Querier, n int) ([]Summary, error) {
	rows, err := q.QueryContext(ctx, `SELECT n.id, n.audience, n.text, n.spec, n.state, n.urgent, n.created_at,
			coalesce(sum(o.status = 'sent'), 0), coalesce(sum(o.status = 'unreachable'), 0),
			coalesce(sum(o.status = 'failed' AND o.error <> 'cancelled'), 0),
			coalesce(sum(o.status IN ('pending', 'sending')), 0),
			coalesce(sum(o.status = 'failed' AND o.error = 'cancelled'), 0)
		FROM (SELECT * FROM notices WHERE state <> 'draft' ORDER BY id DESC LIMIT ?) n
		LEFT JOIN notice_runs r ON r.notice_id = n.id
		LEFT JOIN outbox o ON o.dedup_key = 'run:' || r.id
		GROUP BY n.id ORDER BY n.id DESC`, n)
	if err != nil {
		return nil, fmt.Errorf("notices: latest: %w", err)
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var s Summary
		var created int64
		if err := rows.Scan(&s.ID, &s.Audience, &s.Text, &s.Spec, &s.State, &s.Urgent, &created,
			&s.Sent, &s.Unreachable, &s.Failed, &s.Pending, &s.Cancelled); err != nil {
			return nil, fmt.Errorf("notices: latest: %w", err)
		}
		s.Created = time.UnixMilli(created)
		out = append(out, s)
	}
	return out, rows.Err()
}
