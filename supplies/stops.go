package supplies

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"linli/store"
)

// Stop is one household of a batch, as its claimer ticks it off.
type Stop struct {
	BatchID, HouseholdID int64
	Seq                  int
	Status               string // pending | delivered | nobody_home | received
	Building, Unit, Room string
	Vulnerable           bool
	At                   time.Time
}

// Reach is a household of a round that was not reached (for the end-of-round list).
type Reach struct {
	HouseholdID                int64
	Zone, Building, Unit, Room string
	Vulnerable                 bool
	Status                     string // nobody_home, or pending in a cancelled batch
}

const stopColumns = `d.batch_id, d.household_id, d.seq, d.status, h.building, h.unit, h.room, h.vulnerable <> '', d.at`

// Stops returns up to limit households of batch id from offset, in delivery order.
func (s *Service) Stops(ctx context.Context, q store.Querier, id int64, limit, offset int) ([]Stop, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+stopColumns+` FROM supply_deliveries d JOIN households h ON h.id = d.household_id
		WHERE d.batch_id = ? ORDER BY d.seq LIMIT ? OFFSET ?`, id, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("supplies: stops of B%d: %w", id, err)
	}
	defer rows.Close()
	var out []Stop
	for rows.Next() {
		var st Stop
		var at int64
		if err := rows.Scan(&st.BatchID, &st.HouseholdID, &st.Seq, &st.Status, &st.Building, &st.Unit, &st.Room,
			&st.Vulnerable, &at); err != nil {
			return nil, fmt.Errorf("supplies: stops of B%d: %w", id, err)
		}
		if at > 0 {
			st.At = ms(at)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Mark records that the claimer of batch id delivered the household's parcel to the door (or
// handed it over at the pickup point), or found nobody home. A household found not home may be
// marked delivered on a second visit. The household is told; a batch with no household left
// pending is done, and a round whose batches are all done is done (EventDone).
func (s *Service) Mark(ctx context.Context, tx *sql.Tx, id, household, by int64, delivered bool, now time.Time) (Batch, error) {
	b, err := s.Batch(ctx, tx, id)
	if err != nil {
		return b, err
	}
	if b.Status != BatchClaimed && !(b.Status == BatchDone && delivered) {
		return b, fmt.Errorf("supplies: mark B%d (%s): %w", id, b.Status, ErrWrongState)
	}
	if b.ClaimedBy != by {
		return b, fmt.Errorf("supplies: mark B%d: %w", id, ErrNotYours)
	}
	to, from, kind := StopNobodyHome, `('pending')`, EventNobodyHome
	if delivered {
		to, from, kind = StopDelivered, `('pending', 'nobody_home')`, EventAtDoor
	}
	res, err := tx.ExecContext(ctx, `UPDATE supply_deliveries SET status = ?, at = ?
		WHERE batch_id = ? AND household_id = ? AND status IN `+from, to, now.UnixMilli(), id, household)
	if err != nil {
		return b, fmt.Errorf("supplies: mark B%d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return b, fmt.Errorf("supplies: mark B%d household %d: %w", id, household, ErrWrongState)
	}
	r, err := s.Get(ctx, tx, b.RoundID)
	if err != nil {
		return b, err
	}
	if err := s.notify(ctx, tx, Event{Kind: kind, Round: r, Batch: b, Household: household, Actor: by, At: now}); err != nil {
		return b, err
	}
	if delivered && r.Status == StatusDone { // the not-reached list the staff got is out of date
		missed, err := s.NotReached(ctx, tx, r.ID)
		if err != nil {
			return b, err
		}
		if err := s.notify(ctx, tx, Event{Kind: EventReachedLate, Round: r, Household: household, At: now, NotReached: missed}); err != nil {
			return b, err
		}
	}
	return s.finish(ctx, tx, id, now)
}

// finish marks batch id done when no household is pending, and its round done when every
// batch is, telling the organiser and admins who was not reached.
func (s *Service) finish(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (Batch, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE supply_batches SET status = 'done', done_at = ?, version = version + 1
		WHERE id = ? AND status = 'claimed'
		  AND NOT EXISTS (SELECT 1 FROM supply_deliveries WHERE batch_id = ? AND status = 'pending')`,
		now.UnixMilli(), id, id); err != nil {
		return Batch{}, fmt.Errorf("supplies: finish B%d: %w", id, err)
	}
	b, err := s.Batch(ctx, tx, id)
	if err != nil || b.Status != BatchDone {
		return b, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE supply_rounds SET status = 'done', finished_at = ?, version = version + 1
		WHERE id = ? AND status IN ('closed', 'delivering')
		  AND NOT EXISTS (SELECT 1 FROM supply_batches WHERE round_id = ? AND status IN ('open', 'claimed'))`,
		now.UnixMilli(), b.RoundID, b.RoundID)
	if err != nil {
		return b, fmt.Errorf("supplies: finish R%d: %w", b.RoundID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return b, nil
	}
	r, err := s.Get(ctx, tx, b.RoundID)
	if err != nil {
		return b, err
	}
	missed, err := s.NotReached(ctx, tx, r.ID)
	if err != nil {
		return b, err
	}
	return b, s.notify(ctx, tx, Event{Kind: EventDone, Round: r, At: now, NotReached: missed})
}

// HomeAgain records that household, found not home when its parcel of round id came, is back and
// asks for it again: the batch's claimer is told (EventHomeAgain), who may still mark it
// delivered. Only a household found not home may ask (ErrWrongState otherwise), and asking
// changes nothing else.
func (s *Service) HomeAgain(ctx context.Context, tx *sql.Tx, id, household, by int64, now time.Time) (Batch, error) {
	var batch int64
	err := tx.QueryRowContext(ctx, `SELECT batch_id FROM supply_deliveries
		WHERE round_id = ? AND household_id = ? AND status = 'nobody_home'`, id, household).Scan(&batch)
	if errors.Is(err, sql.ErrNoRows) {
		return Batch{}, refused("home again", id, ErrWrongState)
	}
	if err != nil {
		return Batch{}, fmt.Errorf("supplies: home again R%d: %w", id, err)
	}
	b, err := s.Batch(ctx, tx, batch)
	if err != nil {
		return b, err
	}
	r, err := s.Get(ctx, tx, id)
	if err != nil {
		return b, err
	}
	return b, s.notify(ctx, tx, Event{Kind: EventHomeAgain, Round: r, Batch: b, Household: household, Actor: by, At: now})
}

// Receive records that a household confirmed its parcel of round id.
func (s *Service) Receive(ctx context.Context, tx *sql.Tx, id, household int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE supply_deliveries SET status = 'received', at = ?
		WHERE round_id = ? AND household_id = ? AND status = 'delivered'`, now.UnixMilli(), id, household)
	if err != nil {
		return fmt.Errorf("supplies: receive R%d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return refused("receive", id, ErrWrongState)
	}
	return nil
}

// Delivery is where household's parcel of round id stands ("" if it has none).
func (s *Service) Delivery(ctx context.Context, q store.Querier, id, household int64) (string, error) {
	var st string
	err := q.QueryRowContext(ctx, `SELECT status FROM supply_deliveries WHERE round_id = ? AND household_id = ?`,
		id, household).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return st, err
}

// NotReached lists round id's households not reached (nobody home, or left pending), the
// vulnerable first, then building → unit → room.
func (s *Service) NotReached(ctx context.Context, q store.Querier, id int64) ([]Reach, error) {
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.zone, h.building, h.unit, h.room, h.vulnerable <> '', d.status
		FROM supply_deliveries d JOIN households h ON h.id = d.household_id
		WHERE d.round_id = ? AND d.status IN ('pending', 'nobody_home')`, id)
	if err != nil {
		return nil, fmt.Errorf("supplies: not reached in R%d: %w", id, err)
	}
	defer rows.Close()
	var out []Reach
	for rows.Next() {
		var r Reach
		if err := rows.Scan(&r.HouseholdID, &r.Zone, &r.Building, &r.Unit, &r.Room, &r.Vulnerable, &r.Status); err != nil {
			return nil, fmt.Errorf("supplies: not reached in R%d: %w", id, err)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Reach) int {
		if a.Vulnerable != b.Vulnerable {
			if a.Vulnerable {
				return -1
			}
			return 1
		}
		return cmp.Or(Natural(a.Building, b.Building), Natural(a.Unit, b.Unit), Natural(a.Room, b.Room))
	})
	return out, rows.Err()
}
