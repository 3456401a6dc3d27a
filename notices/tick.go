package notices

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/outbox"
	"linli/store"
)

// maxMissed bounds the missed times one tick records one by one for a notice; past it the
// schedule's cursor jumps to the catch-up window (a minutely schedule down for a week would
// otherwise record 10,000 skipped runs).
const maxMissed = 200

// minGrace is the least catch-up window: a run found a few seconds late by a tick is on time.
const minGrace = time.Minute

// Tick is one pass of the scheduler at now: it records the runs the schedules owe, expands the
// runs that are due into outbox rows (in batches, each its own transaction), and updates the
// authors' status messages. It is safe to call at any time, any number of times: the database
// says what is done.
func (s *Service) Tick(ctx context.Context, db *sql.DB, now time.Time) error {
	var scheduled []Notice
	err := store.InTx(ctx, db, func(tx *sql.Tx) (err error) {
		scheduled, err = s.Scheduled(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	for _, n := range scheduled {
		if !s.owes(n, now) {
			continue // most ticks: nothing due, no write transaction
		}
		if err := store.InTx(ctx, db, func(tx *sql.Tx) error { return s.recordDue(ctx, tx, n, now) }); err != nil {
			return err
		}
	}
	var runs []Run
	err = store.InTx(ctx, db, func(tx *sql.Tx) (err error) {
		runs, err = s.OpenRuns(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	for _, r := range runs {
		if err := s.advance(ctx, db, r, now); err != nil {
			return err
		}
	}
	s.o.Wake()
	return nil
}

// owes reports whether n's schedule fired since its newest recorded run.
func (s *Service) owes(n Notice, now time.Time) bool {
	sched, err := ParseSpec(n.Spec)
	if err != nil {
		return false
	}
	next := Next(sched, n.LastRunAt, s.o.Location)
	return !next.IsZero() && !next.After(now)
}

// recordDue inserts the runs n's schedule owes since its newest recorded one: a time older than
// the catch-up window is recorded as skipped (and the author told once per tick), a newer one
// as pending — held to the end of quiet hours unless the notice is urgent.
func (s *Service) recordDue(ctx context.Context, tx *sql.Tx, n Notice, now time.Time) error {
	sched, err := ParseSpec(n.Spec)
	if err != nil { // validated when created; a spec that no longer parses must not stop the others
		s.o.Logger.Error("notice schedule", "component", "notices", "notice_id", n.ID, "err", err)
		return nil
	}
	grace := max(s.o.CatchUp, minGrace)
	from := n.LastRunAt
	skipped, lastSkipped := 0, time.Time{}
	for i := 0; ; i++ {
		next := Next(sched, from, s.o.Location)
		if next.IsZero() || next.After(now) {
			break
		}
		if i == maxMissed {
			from = now.Add(-grace)
			continue
		}
		state, after := RunPending, next
		if now.Sub(next) > grace {
			state = RunSkipped
			skipped, lastSkipped = skipped+1, next
		} else if !n.Urgent {
			after = s.o.Quiet.Hold(next, s.o.Location)
		}
		if _, err := s.insertRun(ctx, tx, n.ID, next, after, state, now); err != nil {
			return err
		}
		from = next
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notices SET last_run_at = ? WHERE id = ? AND last_run_at < ?`,
		from.UnixMilli(), n.ID, from.UnixMilli()); err != nil {
		return fmt.Errorf("notices: advance N%d: %w", n.ID, err)
	}
	if skipped == 0 || s.o.Render == nil {
		return nil
	}
	lang := s.authorLang(ctx, tx, n.Author)
	_, err = outbox.Add(ctx, tx, outbox.Message{ChatID: n.Author, Text: s.o.Render.Skipped(lang, n, lastSkipped, skipped)},
		outbox.Options{Priority: outbox.PriorityNotify}, now)
	return err
}

// advance moves one open run on: expands it when due, then refreshes its status.
func (s *Service) advance(ctx context.Context, db *sql.DB, r Run, now time.Time) error {
	if (r.State == RunPending && !r.SendAfter.After(now)) || r.State == RunExpanding {
		for {
			done := false
			err := store.InTx(ctx, db, func(tx *sql.Tx) (err error) {
				done, err = s.expandBatch(ctx, tx, r.ID, now)
				return err
			})
			if err != nil {
				return err
			}
			s.o.Wake()
			if done || ctx.Err() != nil {
				break
			}
		}
	}
	return store.InTx(ctx, db, func(tx *sql.Tx) error { return s.refresh(ctx, tx, r.ID, now, false) })
}

func (s *Service) authorLang(ctx context.Context, q store.Querier, user int64) string {
	lang := "zh"
	_ = q.QueryRowContext(ctx, `SELECT lang FROM users WHERE user_id = ?`, user).Scan(&lang)
	return lang
}
