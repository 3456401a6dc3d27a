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

// runCount sums over a notice's runs r the messages that meet cond. Each count reads a range
// of the outbox_runs index (run, status): no row is read but the few failed ones, and no row
// is sorted, which reading every message and grouping them would (ten times slower).
func runCount(cond string) string {
	return `coalesce(sum((SELECT count(*) FROM outbox o WHERE o.dedup_key = 'run:' || r.id AND ` + cond + `)), 0)`
}

var latestQuery = `SELECT n.id, n.audience, n.text, n.spec, n.state, n.urgent, n.created_at, ` +
	runCount(`o.status = 'sent'`) + `, ` + runCount(`o.status = 'unreachable'`) + `, ` +
	runCount(`o.status = 'failed' AND o.error <> 'cancelled'`) + `, ` +
	runCount(`o.status IN ('pending', 'sending')`) + `, ` +
	runCount(`o.status = 'failed' AND o.error = 'cancelled'`) + `
	FROM (SELECT * FROM notices WHERE state <> 'draft' ORDER BY id DESC LIMIT ?) n
	LEFT JOIN notice_runs r ON r.notice_id = n.id
	GROUP BY n.id ORDER BY n.id DESC`

// Latest lists the newest n notices that were sent or scheduled (drafts waiting for the admin's
// confirmation are left out), newest first.
func Latest(ctx context.Context, q store.Querier, n int) ([]Summary, error) {
	rows, err := q.QueryContext(ctx, latestQuery, n)
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
