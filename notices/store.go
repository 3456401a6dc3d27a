package notices

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/store"
)

const noticeCols = `id, author, audience, text, spec, urgent, state, created_at, last_run_at, round_id`

func scanNotice(row store.Scanner, zones []string) (Notice, error) {
	var n Notice
	var aud string
	var created, last int64
	if err := row.Scan(&n.ID, &n.Author, &aud, &n.Text, &n.Spec, &n.Urgent, &n.State, &created, &last, &n.Round); err != nil {
		return n, err
	}
	n.Audience = parseStored(aud)
	n.CreatedAt, n.LastRunAt = time.UnixMilli(created), time.UnixMilli(last)
	return n, nil
}

// parseStored reads an audience written by Create (its zone was checked then; a zone removed
// from config since simply has no households matching).
func parseStored(s string) Audience {
	if rest, ok := strings.CutPrefix(s, "zone:"); ok {
		z, b, _ := strings.Cut(rest, "/")
		return Audience{Kind: AudienceZone, Zone: z, Building: b}
	}
	if rest, ok := strings.CutPrefix(s, AudienceVolunteers+":"); ok {
		return Audience{Kind: AudienceVolunteers, Zones: strings.Split(rest, ",")}
	}
	return Audience{Kind: s}
}

// Create records n (ID, CreatedAt and LastRunAt are set) and returns its id. A scheduled
// notice's first run is the first time its schedule fires after now.
func (s *Service) Create(ctx context.Context, tx *sql.Tx, n Notice, now time.Time) (int64, error) {
	if n.State == "" {
		n.State = "active"
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO notices (author, audience, text, spec, urgent, state, created_at, last_run_at, round_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.Author, n.Audience.String(), n.Text, n.Spec, n.Urgent, n.State, now.UnixMilli(), now.UnixMilli(), n.Round)
	if err != nil {
		return 0, fmt.Errorf("notices: create: %w", err)
	}
	return res.LastInsertId()
}

// Get reads notice id.
func (s *Service) Get(ctx context.Context, q store.Querier, id int64) (Notice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM notices WHERE id = ?`, id), s.o.Zones)
	if errors.Is(err, sql.ErrNoRows) {
		return n, fmt.Errorf("notices: N%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return n, fmt.Errorf("notices: get N%d: %w", id, err)
	}
	return n, nil
}

// Scheduled lists the active scheduled notices, oldest first.
func (s *Service) Scheduled(ctx context.Context, q store.Querier) ([]Notice, error) {
	return store.QueryRows(ctx, q, "notices: scheduled", func(sc store.Scanner) (Notice, error) { return scanNotice(sc, s.o.Zones) }, `SELECT `+noticeCols+` FROM notices
		WHERE spec <> '' AND state = 'active' ORDER BY id`)
}

// Unschedule stops notice id, scheduled or timed once: no more runs; its runs not begun yet
// are cancelled (one already sending goes on and can be cancelled from its status message).
func (s *Service) Unschedule(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	n, err := s.Get(ctx, tx, id)
	if err != nil {
		return err
	}
	runs, err := s.OpenRuns(ctx, tx)
	if err != nil {
		return err
	}
	var waiting []int64
	for _, r := range runs {
		if r.NoticeID == id && r.State == RunPending {
			waiting = append(waiting, r.ID)
		}
	}
	if n.State != "active" || (n.Spec == "" && len(waiting) == 0) {
		return fmt.Errorf("notices: unschedule N%d: %w", id, ErrState)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notices SET state = 'cancelled' WHERE id = ?`, id); err != nil {
		return fmt.Errorf("notices: unschedule N%d: %w", id, err)
	}
	for _, r := range waiting {
		if err := s.Cancel(ctx, tx, r, now); err != nil {
			return err
		}
	}
	return nil
}

// Activate turns draft id into a notice scheduled by spec (already checked with ParseSpec),
// its first run the first time spec fires after now.
func (s *Service) Activate(ctx context.Context, tx *sql.Tx, id int64, spec string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE notices SET spec = ?, state = 'active', last_run_at = ?
		WHERE id = ? AND state = 'draft' AND spec = ''`, spec, now.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("notices: activate N%d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("notices: activate N%d: %w", id, ErrState)
	}
	return nil
}

// ConfirmSchedule starts the schedule of draft id, a notice written with its cron spec that
// waited for its author's confirmation (a frequent one to many people): its first run the first
// time the spec fires after now.
func (s *Service) ConfirmSchedule(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE notices SET state = 'active', last_run_at = ?
		WHERE id = ? AND state = 'draft' AND spec <> ''`, now.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("notices: confirm schedule N%d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("notices: confirm schedule N%d: %w", id, ErrState)
	}
	return nil
}

// ScheduleOnce turns draft id into a notice sent once at at: a run recorded now for that time
// (held by quiet hours unless urgent), which the scheduler expands when it is due.
func (s *Service) ScheduleOnce(ctx context.Context, tx *sql.Tx, id int64, at, now time.Time) error {
	n, err := s.Get(ctx, tx, id)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE notices SET state = 'active', last_run_at = ?
		WHERE id = ? AND state = 'draft' AND spec = ''`, at.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("notices: schedule N%d once: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("notices: schedule N%d once: %w", id, ErrState)
	}
	after := at
	if !n.Urgent {
		after = s.o.Quiet.Hold(at, s.o.Location)
	}
	_, err = s.insertRun(ctx, tx, id, at, after, RunPending, now)
	return err
}

// Count is how many people the audience has now.
func (s *Service) Count(ctx context.Context, q store.Querier, a Audience) (int, error) {
	cond, args := a.where()
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM users u WHERE `+cond, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("notices: count %s: %w", a, err)
	}
	return n, nil
}

// SendNow starts a run of notice id at now (not held by quiet hours: an admin sending now means
// now) and gives the author a status message at once. A draft becomes active; a notice already
// sent or cancelled is refused with ErrState.
func (s *Service) SendNow(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (Run, error) {
	res, err := tx.ExecContext(ctx, `UPDATE notices SET state = 'active', last_run_at = ?
		WHERE id = ? AND spec = '' AND state IN ('draft', 'active')
		  AND NOT EXISTS (SELECT 1 FROM notice_runs WHERE notice_id = ?)`, now.UnixMilli(), id, id)
	if err != nil {
		return Run{}, fmt.Errorf("notices: send N%d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Run{}, fmt.Errorf("notices: send N%d: %w", id, ErrState)
	}
	run, err := s.insertRun(ctx, tx, id, now, now, RunPending, now)
	if err != nil {
		return run, err
	}
	s.Kick()
	return run, s.refresh(ctx, tx, run.ID, now, true)
}

// Discard cancels a draft that was never sent.
func (s *Service) Discard(ctx context.Context, tx *sql.Tx, id int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE notices SET state = 'cancelled' WHERE id = ? AND state = 'draft'`, id)
	if err != nil {
		return fmt.Errorf("notices: discard N%d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("notices: discard N%d: %w", id, ErrState)
	}
	return nil
}

// insertRun records a run; a run already recorded for the same time is left as it is (and
// returned).
func (s *Service) insertRun(ctx context.Context, tx *sql.Tx, notice int64, at, after time.Time, state string, now time.Time) (Run, error) {
	var finished any
	if state == RunSkipped {
		finished = now.UnixMilli()
	}
	_, err := tx.ExecContext(ctx, `
		INSERT OR IGNORE INTO notice_runs (notice_id, scheduled_for, send_after, state, created_at, finished_at)
		VALUES (?, ?, ?, ?, ?, ?)`, notice, at.UnixMilli(), after.UnixMilli(), state, now.UnixMilli(), finished)
	if err != nil {
		return Run{}, fmt.Errorf("notices: record run of N%d at %s: %w", notice, at, err)
	}
	return s.runAt(ctx, tx, notice, at)
}

const runCols = `id, notice_id, scheduled_for, send_after, state, expanded, recipients`

func scanRun(row store.Scanner) (Run, error) {
	var r Run
	var at, after int64
	err := row.Scan(&r.ID, &r.NoticeID, &at, &after, &r.State, &r.Expanded, &r.Recipients)
	r.ScheduledFor, r.SendAfter = time.UnixMilli(at), time.UnixMilli(after)
	return r, err
}

func (s *Service) runAt(ctx context.Context, q store.Querier, notice int64, at time.Time) (Run, error) {
	r, err := scanRun(q.QueryRowContext(ctx, `SELECT `+runCols+` FROM notice_runs
		WHERE notice_id = ? AND scheduled_for = ?`, notice, at.UnixMilli()))
	if err != nil {
		return r, fmt.Errorf("notices: run of N%d: %w", notice, err)
	}
	return r, nil
}

// GetRun reads run id.
func (s *Service) GetRun(ctx context.Context, q store.Querier, id int64) (Run, error) {
	r, err := scanRun(q.QueryRowContext(ctx, `SELECT `+runCols+` FROM notice_runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("notices: run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("notices: run %d: %w", id, err)
	}
	return r, nil
}

// OpenRuns lists the runs not finished (pending, expanding, sending, paused), oldest first.
func (s *Service) OpenRuns(ctx context.Context, q store.Querier) ([]Run, error) {
	return store.QueryRows(ctx, q, "notices: open runs", scanRun, `SELECT `+runCols+` FROM notice_runs
		WHERE state IN ('pending', 'expanding', 'sending', 'paused') ORDER BY id`)
}
