package notices

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/outbox"
	"linli/store"
)

// A paused run's queued rows get not_before = outbox.Held: the sender leaves them alone until
// Resume puts them back (outbox has no 'held' status, and a paused run needs none). Sends
// already handed to a sender worker finish. While paused, later broadcasts to the same chats
// wait behind them (one chat's messages of a priority keep their order); replies and
// notifications do not.

// Pause stops run id: its expansion stops and its queued rows wait. Sends in flight finish.
func (s *Service) Pause(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	return s.control(ctx, tx, id, now, `state IN ('pending', 'expanding', 'sending')`, `'paused'`,
		`UPDATE outbox SET not_before = ? WHERE dedup_key = ? AND status = 'pending'`, outbox.Held)
}

// Resume goes on with paused run id.
func (s *Service) Resume(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	// A run resumed before it began starts now (or when quiet hours end), not as one missed.
	if _, err := tx.ExecContext(ctx, `UPDATE notice_runs SET send_after = max(send_after, ?)
		WHERE id = ? AND state = 'paused' AND expanded = 0`, now.UnixMilli(), id); err != nil {
		return fmt.Errorf("notices: resume run %d: %w", id, err)
	}
	err := s.control(ctx, tx, id, now, `state = 'paused'`,
		`CASE WHEN expanded = 1 THEN 'sending' ELSE 'pending' END`,
		`UPDATE outbox SET not_before = 0 WHERE dedup_key = ? AND status = 'pending' AND not_before = `+fmt.Sprint(outbox.Held))
	s.Kick()
	return err
}

// CancelRound ends every run not finished of the notices announcing supply round id (called off:
// what is not sent yet of its announcement would announce something that will not come), and
// reports whether the round was announced at all.
func (s *Service) CancelRound(ctx context.Context, tx *sql.Tx, round int64, now time.Time) (announced bool, err error) {
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM notices WHERE round_id = ?)`, round).Scan(&announced); err != nil {
		return false, fmt.Errorf("notices: announcements of R%d: %w", round, err)
	}
	runs, err := store.QueryList[int64](ctx, tx, fmt.Sprintf("notices: runs of R%d", round), `
		SELECT r.id FROM notice_runs r JOIN notices n ON n.id = r.notice_id
		WHERE n.round_id = ? AND r.state IN ('pending', 'expanding', 'sending', 'paused') ORDER BY r.id`, round)
	if err != nil {
		return announced, err
	}
	for _, id := range runs {
		if err := s.Cancel(ctx, tx, id, now); err != nil {
			return announced, err
		}
	}
	return announced, nil
}

// Cancel ends run id: its rows not sent yet are marked failed with the reason "cancelled".
func (s *Service) Cancel(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	return s.control(ctx, tx, id, now, `state IN ('pending', 'expanding', 'sending', 'paused')`, `'cancelled'`,
		`UPDATE outbox SET status = 'failed', error = 'cancelled' WHERE dedup_key = ? AND status = 'pending'`)
}

// control moves run id from a state matching from to the state expression to, applies rows to
// its outbox rows (args, then the run's dedup key), and refreshes the author's status at once.
func (s *Service) control(ctx context.Context, tx *sql.Tx, id int64, now time.Time, from, to, rows string, args ...any) error {
	res, err := tx.ExecContext(ctx, `UPDATE notice_runs SET state = `+to+`,
		finished_at = CASE WHEN `+to+` = 'cancelled' THEN ? END WHERE id = ? AND `+from, now.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("notices: run %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		if _, err := s.GetRun(ctx, tx, id); err != nil {
			return err
		}
		return fmt.Errorf("notices: run %d: %w", id, ErrState)
	}
	if _, err := tx.ExecContext(ctx, rows, append(args, DedupKey(id))...); err != nil {
		return fmt.Errorf("notices: run %d rows: %w", id, err)
	}
	return s.refresh(ctx, tx, id, now, true)
}

// Progress counts run id's outbox rows.
func (s *Service) Progress(ctx context.Context, q store.Querier, id int64) (Progress, error) {
	var p Progress
	var err error
	if p.Run, err = s.GetRun(ctx, q, id); err != nil {
		return p, err
	}
	if p.Notice, err = s.Get(ctx, q, p.Run.NoticeID); err != nil {
		return p, err
	}
	p.Quiet = p.Run.State == RunPending && p.Run.SendAfter.After(p.Run.ScheduledFor) &&
		s.o.Quiet.Hold(p.Run.ScheduledFor, s.o.Location).Equal(p.Run.SendAfter)
	rows, err := q.QueryContext(ctx, `SELECT status, error = 'cancelled', count(*) FROM outbox
		WHERE dedup_key = ? GROUP BY 1, 2`, DedupKey(id))
	if err != nil {
		return p, fmt.Errorf("notices: progress of run %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var cancelled bool
		var n int
		if err := rows.Scan(&status, &cancelled, &n); err != nil {
			return p, fmt.Errorf("notices: progress of run %d: %w", id, err)
		}
		p.Total += n
		switch {
		case status == "sent":
			p.Sent += n
		case status == "unreachable":
			p.Unreachable += n
		case status == "failed" && cancelled:
			p.Cancelled += n
		case status == "failed":
			p.Failed += n
		default:
			p.Queued += n
		}
	}
	if !p.Run.Expanded {
		p.Total = max(p.Total, p.Run.Recipients)
	}
	return p, rows.Err()
}

// reportAlone is how long a run must have been under way, since its status message was first
// sent, for its end to be reported in a message of its own as well.
const reportAlone = time.Minute

// refresh brings run id's state and its author's status message up to date: a sending run with
// nothing left queued is done; the status message is sent the first time, then edited when its
// text changed — at most every ProgressEvery, unless force (a button press, the end). The final
// report is also sent as a message of its own when the run outlasted reportAlone, since an edit
// alone does not notify the author; a notice to a few households that is done in seconds is
// reported by its status message alone, under the author's eyes.
func (s *Service) refresh(ctx context.Context, tx *sql.Tx, id int64, now time.Time, force bool) error {
	p, err := s.Progress(ctx, tx, id)
	if err != nil || s.o.Render == nil {
		return err
	}
	finished := false
	if p.Run.State == RunSending && p.Run.Expanded && p.Queued == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE notice_runs SET state = 'done', finished_at = ? WHERE id = ?`,
			now.UnixMilli(), id); err != nil {
			return fmt.Errorf("notices: finish run %d: %w", id, err)
		}
		p.Run.State, force = RunDone, true
		finished = true
	}
	var statusID, since sql.NullInt64
	var shown string
	var at int64
	if err := tx.QueryRowContext(ctx, `SELECT status_id, status_text, status_at,
		(SELECT created_at FROM outbox WHERE outbox.id = notice_runs.status_id) FROM notice_runs WHERE id = ?`, id).
		Scan(&statusID, &shown, &at, &since); err != nil {
		return fmt.Errorf("notices: status of run %d: %w", id, err)
	}
	p.Due = p.Run.State == RunPending && !p.Run.SendAfter.After(now)
	text, buttons := s.o.Render.Progress(s.authorLang(ctx, tx, p.Notice.Author), p)
	if text == shown || (!force && now.Sub(time.UnixMilli(at)) < s.o.ProgressEvery) {
		return nil
	}
	m := outbox.Message{ChatID: p.Notice.Author, Text: text, Buttons: buttons}
	if statusID.Valid {
		m = outbox.Message{EditOf: statusID.Int64, Text: text, Buttons: buttons}
	}
	oid, err := outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, now)
	if err != nil {
		return err
	}
	if finished && statusID.Valid && (!since.Valid || now.Sub(time.UnixMilli(since.Int64)) >= reportAlone) {
		// The report also comes as a new message: an edit alone does not notify the author.
		if _, err := outbox.Add(ctx, tx, outbox.Message{ChatID: p.Notice.Author, Text: text},
			outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
			return err
		}
	}
	if !statusID.Valid {
		statusID = sql.NullInt64{Int64: oid, Valid: true}
	}
	_, err = tx.ExecContext(ctx, `UPDATE notice_runs SET status_id = ?, status_text = ?, status_at = ? WHERE id = ?`,
		statusID, text, now.UnixMilli(), id)
	return err
}
