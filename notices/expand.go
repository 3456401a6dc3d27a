package notices

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/outbox"
)

// DedupKey is the outbox key of run id's rows: with the chat id it is unique, so a run expanded
// twice (a crash between batches) still queues each recipient once.
func DedupKey(run int64) string { return fmt.Sprintf("run:%d", run) }

// expandBatch adds the next batch of run id's recipients to the outbox (one transaction) and
// reports whether the run needs no more batches. A pending run is started first: the audience
// is counted and the run marked expanding. A chat known to be unreachable (it answered 403
// before) gets a row recorded 'unreachable' by outbox.Add, never sent, and counted as such.
func (s *Service) expandBatch(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (bool, error) {
	run, err := s.GetRun(ctx, tx, id)
	if err != nil {
		return true, err
	}
	switch {
	case run.State == RunPending && !run.SendAfter.After(now):
	case run.State == RunExpanding:
	default:
		return true, nil // paused, cancelled or not due meanwhile
	}
	n, err := s.Get(ctx, tx, run.NoticeID)
	if err != nil {
		return true, err
	}
	if run.State == RunPending && now.Sub(run.SendAfter) > max(s.o.CatchUp, minGrace) {
		return true, s.skip(ctx, tx, run, n, now) // due while the bot was down, too long ago
	}
	if run.State == RunPending {
		total, err := s.Count(ctx, tx, n.Audience)
		if err != nil {
			return true, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notice_runs SET state = 'expanding', recipients = ? WHERE id = ?`,
			total, id); err != nil {
			return true, fmt.Errorf("notices: start run %d: %w", id, err)
		}
		if err := s.refresh(ctx, tx, id, now, true); err != nil { // the author sees it start
			return true, err
		}
		if err := s.postToChannel(ctx, tx, id, n, now); err != nil {
			return true, err
		}
	}
	var cursor int64
	if err := tx.QueryRowContext(ctx, `SELECT cursor FROM notice_runs WHERE id = ?`, id).Scan(&cursor); err != nil {
		return true, fmt.Errorf("notices: run %d cursor: %w", id, err)
	}
	last, count, err := s.addBatch(ctx, tx, run.ID, n, cursor, now)
	if err != nil {
		return true, err
	}
	done := count < s.o.Batch
	state := RunExpanding
	if done {
		state = RunSending
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notice_runs SET cursor = ?, expanded = ?, state = ? WHERE id = ?`,
		last, done, state, id); err != nil {
		return true, fmt.Errorf("notices: run %d cursor: %w", id, err)
	}
	return done, nil
}

type recipient struct {
	id   int64
	lang string
}

// addBatch queues the notice for up to Batch recipients after user id cursor, in user id order,
// and returns the last id queued (cursor if none) and how many there were.
func (s *Service) addBatch(ctx context.Context, tx *sql.Tx, run int64, n Notice, cursor int64, now time.Time) (int64, int, error) {
	cond, args := n.Audience.where()
	rows, err := tx.QueryContext(ctx, `SELECT u.user_id, u.lang FROM users u WHERE u.user_id > ? AND `+cond+`
		ORDER BY u.user_id LIMIT ?`, append(append([]any{cursor}, args...), s.o.Batch)...)
	if err != nil {
		return cursor, 0, fmt.Errorf("notices: recipients of run %d: %w", run, err)
	}
	var batch []recipient
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.id, &r.lang); err != nil {
			rows.Close()
			return cursor, 0, fmt.Errorf("notices: recipients of run %d: %w", run, err)
		}
		batch = append(batch, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return cursor, 0, fmt.Errorf("notices: recipients of run %d: %w", run, err)
	}
	bodies := map[string]string{}
	buttons := map[string][][]outbox.Button{}
	opt := outbox.Options{Priority: outbox.PriorityBroadcast, DedupKey: DedupKey(run)}
	for _, r := range batch {
		body, ok := bodies[r.lang]
		if !ok {
			var err error
			if body, buttons[r.lang], err = s.render(ctx, tx, r.lang, n); err != nil {
				return cursor, 0, fmt.Errorf("notices: run %d: %w", run, err)
			}
			bodies[r.lang] = body
		}
		m := outbox.Message{ChatID: r.id, Text: body, Buttons: buttons[r.lang], Paid: s.o.Paid}
		if _, err := outbox.Add(ctx, tx, m, opt, now); err != nil {
			return cursor, 0, err
		}
		cursor = r.id
	}
	return cursor, len(batch), nil
}

// skip records pending run as skipped and tells the author.
func (s *Service) skip(ctx context.Context, tx *sql.Tx, run Run, n Notice, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE notice_runs SET state = 'skipped', finished_at = ? WHERE id = ?`,
		now.UnixMilli(), run.ID); err != nil {
		return fmt.Errorf("notices: skip run %d: %w", run.ID, err)
	}
	if s.o.Render == nil {
		return nil
	}
	lang := s.authorLang(ctx, tx, n.Author)
	_, err := outbox.Add(ctx, tx, outbox.Message{ChatID: n.Author, Text: s.o.Render.Skipped(lang, n, run.ScheduledFor, 1)},
		outbox.Options{Priority: outbox.PriorityNotify}, now)
	return err
}
