package supplies

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/store"
)

// Due returns the open rounds whose cut-off is at or before now: what the cut-off job closes.
func (s *Service) Due(ctx context.Context, q store.Querier, now time.Time) ([]int64, error) {
	return ids(ctx, q, `SELECT id FROM supply_rounds WHERE status = 'open' AND cutoff_at <= ? ORDER BY cutoff_at, id`, now.UnixMilli())
}

// CloseDue closes every round whose cut-off has come, each in its own transaction on db, and
// returns how many it closed. It is safe to run again at any time and after a crash: a round is
// closed by one conditional UPDATE from open, so it is closed (and its people told) once.
func (s *Service) CloseDue(ctx context.Context, db *sql.DB, now time.Time) (int, error) {
	due, err := s.Due(ctx, db, now)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range due {
		err := store.InTx(ctx, db, func(tx *sql.Tx) error {
			_, err := s.Close(ctx, tx, id, 0, now)
			return err
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Close ends sign-up of open round id (at its cut-off, by the system with by = 0, or early by
// its organiser). Below its minimum it is cancelled and every signed-up household told; else
// supplier totals go to the organiser, households still waiting are told they are not served,
// and the round is cut into delivery batches per building.
func (s *Service) Close(ctx context.Context, tx *sql.Tx, id, by int64, now time.Time) (Round, error) {
	r, err := s.closable(ctx, tx, id)
	if err != nil {
		return r, err
	}
	if r.Kind == Distribution {
		if err := s.allocate(ctx, tx, r, now); err != nil {
			return r, err
		}
	}
	served, err := s.served(ctx, tx, id)
	if err != nil {
		return r, err
	}
	if served < r.MinHouseholds {
		return s.cancel(ctx, tx, r, by, ReasonMinimum, now)
	}
	if r, err = s.move(ctx, tx, id, "close", []Status{StatusOpen}, StatusClosed, `, closed_at = ?`, []any{now.UnixMilli()}); err != nil {
		return r, err
	}
	if err := s.cut(ctx, tx, r, now); err != nil {
		return r, err
	}
	return r, s.closed(ctx, tx, r, by, now)
}

// closable reads round id, refused unless it is open (taking sign-ups).
func (s *Service) closable(ctx context.Context, q store.Querier, id int64) (Round, error) {
	r, err := s.Get(ctx, q, id)
	if err != nil {
		return r, refused("close", id, err)
	}
	if r.Status != StatusOpen {
		if e := stateErr(r); e != nil {
			return r, refused("close", id, e)
		}
		return r, refused("close", id, ErrWrongState)
	}
	return r, nil
}

// served counts the households round id serves: those with a confirmed sign-up.
func (s *Service) served(ctx context.Context, q store.Querier, id int64) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(DISTINCT household_id) FROM supply_signups
		WHERE round_id = ? AND status = 'confirmed'`, id).Scan(&n); err != nil {
		return 0, fmt.Errorf("supplies: households served by R%d: %w", id, err)
	}
	return n, nil
}

// CloseOutcome is what closing a round now would do (Close does it).
type CloseOutcome struct {
	Households int  // served: signed up and confirmed; for a distribution, its whole audience
	Cancels    bool // below the round's minimum: closing calls it off and tells them all
}

// WouldClose is what Close of round id would do now, changing nothing: to ask before the round
// is closed for good, or called off.
func (s *Service) WouldClose(ctx context.Context, q store.Querier, id int64) (Round, CloseOutcome, error) {
	r, err := s.closable(ctx, q, id)
	if err != nil {
		return r, CloseOutcome{}, err
	}
	var n int
	if r.Kind == Distribution {
		where, args := audienceSQL(r.Audience)
		err = q.QueryRowContext(ctx, `SELECT count(*) FROM households h WHERE `+where, args...).Scan(&n)
	} else {
		n, err = s.served(ctx, q, id)
	}
	if err != nil {
		return r, CloseOutcome{}, fmt.Errorf("supplies: would close R%d: %w", id, err)
	}
	return r, CloseOutcome{Households: n, Cancels: n < r.MinHouseholds}, nil
}

// closed tells the organiser the totals, the households served what they get, and the households
// left waiting that they are not served.
func (s *Service) closed(ctx context.Context, tx *sql.Tx, r Round, by int64, now time.Time) error {
	totals, err := s.Totals(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	served, err := ids(ctx, tx, `SELECT DISTINCT household_id FROM supply_signups WHERE round_id = ? AND status = 'confirmed'
		ORDER BY household_id`, r.ID)
	if err != nil {
		return err
	}
	if err := s.notify(ctx, tx, Event{Kind: EventClosed, Round: r, Actor: by, At: now, Totals: totals, Households: served}); err != nil {
		return err
	}
	waiting, err := ids(ctx, tx, `SELECT DISTINCT household_id FROM supply_signups WHERE round_id = ? AND status = 'waiting'
		AND household_id NOT IN (SELECT household_id FROM supply_signups WHERE round_id = ? AND status = 'confirmed')`, r.ID, r.ID)
	if err != nil || len(waiting) == 0 {
		return err
	}
	return s.notify(ctx, tx, Event{Kind: EventNotServed, Round: r, Actor: by, At: now, Households: waiting})
}

// allocate gives every household of a distribution's audience each item's per-household amount.
func (s *Service) allocate(ctx context.Context, tx *sql.Tx, r Round, now time.Time) error {
	where, args := audienceSQL(r.Audience)
	for _, it := range r.Items {
		a := append([]any{r.ID, it.ID, it.Max, r.CreatedBy, now.UnixMilli(), now.UnixMilli()}, args...)
		if _, err := tx.ExecContext(ctx, `INSERT INTO supply_signups (round_id, household_id, item_id, quantity,
			status, signed_by, created_at, updated_at)
			SELECT ?, h.id, ?, ?, 'confirmed', ?, ?, ? FROM households h WHERE `+where+` ORDER BY h.id
			ON CONFLICT (round_id, household_id, item_id) DO NOTHING`, a...); err != nil {
			return fmt.Errorf("supplies: allocate R%d: %w", r.ID, err)
		}
	}
	return nil
}

// Cancel calls off round id with a reason, before its delivery has begun; everyone signed up
// (for a closed distribution: every household allocated) is told.
func (s *Service) Cancel(ctx context.Context, tx *sql.Tx, id, by int64, reason string, now time.Time) (Round, error) {
	r, err := s.Get(ctx, tx, id)
	if err != nil {
		return r, refused("cancel", id, err)
	}
	if err := CanCancel(r); err != nil {
		return r, refused("cancel", id, err)
	}
	return s.cancel(ctx, tx, r, by, reason, now)
}

// CanCancel is nil while r may still be called off (before its delivery has begun), else why:
// ErrCancelled or ErrWrongState. Cancel's own rule, for a button that asks first.
func CanCancel(r Round) error {
	switch r.Status {
	case StatusDraft, StatusApproved, StatusOpen, StatusClosed:
		return nil
	case StatusCancelled:
		return ErrCancelled
	}
	return ErrWrongState
}

func (s *Service) cancel(ctx context.Context, tx *sql.Tx, r Round, by int64, reason string, now time.Time) (Round, error) {
	told, err := ids(ctx, tx, `SELECT DISTINCT household_id FROM supply_signups WHERE round_id = ? ORDER BY household_id`, r.ID)
	if err != nil {
		return r, err
	}
	r, err = s.move(ctx, tx, r.ID, "cancel", []Status{r.Status}, StatusCancelled, `, reason = ?, finished_at = ?`,
		[]any{reason, now.UnixMilli()})
	if err != nil {
		return r, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE supply_batches SET status = 'cancelled', claimed_by = NULL, version = version + 1
		WHERE round_id = ? AND status IN ('open', 'claimed')`, r.ID); err != nil {
		return r, fmt.Errorf("supplies: cancel R%d batches: %w", r.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE supply_items SET taken = 0 WHERE round_id = ?`, r.ID); err != nil {
		return r, fmt.Errorf("supplies: cancel R%d stock: %w", r.ID, err)
	}
	return r, s.notify(ctx, tx, Event{Kind: EventCancelled, Round: r, Actor: by, At: now, Households: told, Reason: reason})
}
