package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// A call-back is a household's "please call me": a task for the grid workers of its zone, not an
// order for volunteers. It moves open → claimed → done; the grid worker who claims it is given
// the phone, and ends it with a one-line outcome. A household has at most one under way: asking
// again returns that one (a unique index keeps it so under any race). Shown to people as C<id>.

// CallbackStatus is where a call-back stands.
type CallbackStatus string

// The statuses of a call-back.
const (
	CallbackOpen    CallbackStatus = "open"
	CallbackClaimed CallbackStatus = "claimed"
	CallbackDone    CallbackStatus = "done"
)

// MaxOutcome is the longest outcome, in runes.
const MaxOutcome = 200

// Callback is one request to be phoned.
type Callback struct {
	ID          int64
	HouseholdID int64
	Zone        string
	Building    string
	RequestedBy int64
	Status      CallbackStatus
	Version     int64
	ClaimedBy   int64
	CreatedAt   time.Time
	ClaimedAt   time.Time
	DoneAt      time.Time
	Outcome     string
}

const callbackColumns = `id, household_id, zone, building, requested_by, status, version, claimed_by,
	created_at, claimed_at, done_at, outcome`

func scanCallback(r store.Scanner) (Callback, error) {
	var c Callback
	var claimedBy, claimed, done sql.NullInt64
	var created int64
	err := r.Scan(&c.ID, &c.HouseholdID, &c.Zone, &c.Building, &c.RequestedBy, &c.Status, &c.Version,
		&claimedBy, &created, &claimed, &done, &c.Outcome)
	c.ClaimedBy, c.CreatedAt = claimedBy.Int64, time.UnixMilli(created).UTC()
	c.ClaimedAt, c.DoneAt = ms(claimed), ms(done)
	return c, err
}

// RequestCallback asks for household (in zone and building) to be phoned, by user by. When one is
// under way already it is returned with created false and nothing is written.
func (s *Service) RequestCallback(ctx context.Context, tx *sql.Tx, household int64, zone, building string, by int64, now time.Time) (Callback, bool, error) {
	if c, ok, err := s.CallbackUnderWay(ctx, tx, household); err != nil || ok {
		return c, false, err
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO callbacks (household_id, zone, building, requested_by, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, household, zone, building, by, now.UnixMilli()).Scan(&id)
	if err != nil {
		return Callback{}, false, fmt.Errorf("orders: call-back for household %d: %w", household, err)
	}
	c, err := s.GetCallback(ctx, tx, id)
	return c, err == nil, err
}

// CallbackUnderWay is the household's open or claimed call-back; ok is false when it has none.
func (s *Service) CallbackUnderWay(ctx context.Context, q store.Querier, household int64) (Callback, bool, error) {
	c, err := scanCallback(q.QueryRowContext(ctx, `SELECT `+callbackColumns+` FROM callbacks
		WHERE household_id = ? AND status IN ('open', 'claimed')`, household))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Callback{}, false, nil
	case err != nil:
		return Callback{}, false, fmt.Errorf("orders: call-back of household %d: %w", household, err)
	}
	return c, true, nil
}

// GetCallback returns call-back id, or ErrNotFound.
func (s *Service) GetCallback(ctx context.Context, q store.Querier, id int64) (Callback, error) {
	c, err := scanCallback(q.QueryRowContext(ctx, `SELECT `+callbackColumns+` FROM callbacks WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Callback{}, fmt.Errorf("orders: call-back C%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Callback{}, fmt.Errorf("orders: call-back C%d: %w", id, err)
	}
	return c, nil
}

// ClaimCallback gives open call-back id to worker. Whether worker may take it (a grid worker of
// its zone) is the caller's to decide. Taken by someone else: ErrAlreadyClaimed; already theirs
// or done: ErrWrongState. The call-back is returned as it stands.
func (s *Service) ClaimCallback(ctx context.Context, tx *sql.Tx, id, worker int64, now time.Time) (Callback, error) {
	return s.moveCallback(ctx, tx, id, "claim", CallbackClaimed, `, claimed_by = ?, claimed_at = ?`,
		[]any{worker, now.UnixMilli()}, func(c Callback) error {
			switch {
			case c.Status == CallbackOpen:
				return nil
			case c.Status == CallbackClaimed && c.ClaimedBy != worker:
				return ErrAlreadyClaimed
			}
			return ErrWrongState
		})
}

// FinishCallback ends call-back id, which worker holds, with outcome (1-MaxOutcome runes after
// cleaning; else ErrBadInput). Someone else's: ErrNotYours; open or done: ErrWrongState.
func (s *Service) FinishCallback(ctx context.Context, tx *sql.Tx, id, worker int64, outcome string, now time.Time) (Callback, error) {
	outcome, err := text("outcome", outcome, MaxOutcome, true)
	if err != nil {
		return Callback{}, fmt.Errorf("orders: finish call-back C%d: %w", id, err)
	}
	return s.moveCallback(ctx, tx, id, "finish", CallbackDone, `, done_at = ?, outcome = ?`,
		[]any{now.UnixMilli(), outcome}, func(c Callback) error {
			if c.ClaimedBy != worker && c.Status != CallbackOpen {
				return ErrNotYours
			}
			if c.Status != CallbackClaimed {
				return ErrWrongState
			}
			return nil
		})
}

// moveCallback takes call-back id to status `to` if check allows it from where it stands: one
// conditional UPDATE on (id, status, version).
func (s *Service) moveCallback(ctx context.Context, tx *sql.Tx, id int64, action string, to CallbackStatus,
	set string, args []any, check func(Callback) error) (Callback, error) {
	c, err := s.GetCallback(ctx, tx, id)
	if err != nil {
		return Callback{}, err
	}
	if err := check(c); err != nil {
		return c, fmt.Errorf("orders: %s call-back C%d (%s): %w", action, id, c.Status, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE callbacks SET status = ?, version = version + 1`+set+
		` WHERE id = ? AND status = ? AND version = ?`, append(append([]any{string(to)}, args...), id, string(c.Status), c.Version)...)
	if err != nil {
		return c, fmt.Errorf("orders: %s call-back C%d: %w", action, id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return c, errOr(err, fmt.Errorf("orders: %s call-back C%d: %w", action, id, ErrWrongState))
	}
	return s.GetCallback(ctx, tx, id)
}

// OpenCallbacks lists the open call-backs of zones (none: every zone), oldest first.
func (s *Service) OpenCallbacks(ctx context.Context, q store.Querier, zones []string, limit int) ([]Callback, error) {
	query, args := `SELECT `+callbackColumns+` FROM callbacks WHERE status = 'open'`, []any{}
	if len(zones) > 0 {
		query += ` AND zone IN (` + marks(len(zones)) + `)`
		for _, z := range zones {
			args = append(args, z)
		}
	}
	return listCallbacks(ctx, q, query+` ORDER BY created_at, id LIMIT ?`, append(args, orDefault(limit, 20))...)
}

// CallbacksHeldBy lists the call-backs worker has claimed and not finished.
func (s *Service) CallbacksHeldBy(ctx context.Context, q store.Querier, worker int64) ([]Callback, error) {
	return listCallbacks(ctx, q, `SELECT `+callbackColumns+` FROM callbacks
		WHERE claimed_by = ? AND status = 'claimed' ORDER BY claimed_at, id`, worker)
}

func listCallbacks(ctx context.Context, q store.Querier, query string, args ...any) ([]Callback, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("orders: call-backs: %w", err)
	}
	defer rows.Close()
	var out []Callback
	for rows.Next() {
		c, err := scanCallback(rows)
		if err != nil {
			return nil, fmt.Errorf("orders: call-backs: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
