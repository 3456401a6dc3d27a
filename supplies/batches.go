package supplies

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// Batch is the delivery of one round to one building (or part of one).
type Batch struct {
	ID             int64
	RoundID        int64
	Zone, Building string
	Part           int
	Status         string // open | claimed | done | cancelled
	Version        int
	ClaimedBy      int64
	ClaimedAt      time.Time
	Deadline       time.Time
	SlotAt         time.Time // pickup mode: the building's slot
	Escalated      bool
	Households     int // how many, and how many in each state below
	Pending        int
	Delivered      int // delivered or received
	NobodyHome     int
}

// The states of a batch and of each household in it.
const (
	BatchOpen      = "open"
	BatchClaimed   = "claimed"
	BatchDone      = "done"
	BatchCancelled = "cancelled"

	StopPending    = "pending"
	StopDelivered  = "delivered"
	StopNobodyHome = "nobody_home"
	StopReceived   = "received"
)

const batchColumns = `b.id, b.round_id, b.zone, b.building, b.part, b.status, b.version, coalesce(b.claimed_by, 0),
	b.claimed_at, b.deadline, b.slot_at, b.escalated,
	(SELECT count(*) FROM supply_deliveries d WHERE d.batch_id = b.id),
	(SELECT count(*) FROM supply_deliveries d WHERE d.batch_id = b.id AND d.status = 'pending'),
	(SELECT count(*) FROM supply_deliveries d WHERE d.batch_id = b.id AND d.status IN ('delivered', 'received')),
	(SELECT count(*) FROM supply_deliveries d WHERE d.batch_id = b.id AND d.status = 'nobody_home')`

func scanBatch(sc store.Scanner) (Batch, error) {
	var b Batch
	var claimed, deadline, slot int64
	err := sc.Scan(&b.ID, &b.RoundID, &b.Zone, &b.Building, &b.Part, &b.Status, &b.Version, &b.ClaimedBy,
		&claimed, &deadline, &slot, &b.Escalated, &b.Households, &b.Pending, &b.Delivered, &b.NobodyHome)
	b.Deadline = ms(deadline)
	if claimed > 0 {
		b.ClaimedAt = ms(claimed)
	}
	if slot > 0 {
		b.SlotAt = ms(slot)
	}
	return b, err
}

// Batch reads batch id.
func (s *Service) Batch(ctx context.Context, q store.Querier, id int64) (Batch, error) {
	b, err := scanBatch(q.QueryRowContext(ctx, `SELECT `+batchColumns+` FROM supply_batches b WHERE b.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("supplies: B%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return b, fmt.Errorf("supplies: B%d: %w", id, err)
	}
	return b, nil
}

func (s *Service) batches(ctx context.Context, q store.Querier, query string, args ...any) ([]Batch, error) {
	return store.QueryRows(ctx, q, "supplies: batches", scanBatch, `SELECT `+batchColumns+` FROM supply_batches b `+query, args...)
}

// Batches returns round id's batches in building order.
func (s *Service) Batches(ctx context.Context, q store.Querier, id int64) ([]Batch, error) {
	return s.batches(ctx, q, `WHERE b.round_id = ? ORDER BY b.id`, id)
}

// Queue returns up to limit open batches from offset, in zones (every zone if nil), oldest round first.
func (s *Service) Queue(ctx context.Context, q store.Querier, zones []string, limit, offset int) ([]Batch, error) {
	if zones == nil {
		return s.batches(ctx, q, `WHERE b.status = 'open' ORDER BY b.round_id, b.id LIMIT ? OFFSET ?`, limit, offset)
	}
	var out []Batch
	all, err := s.batches(ctx, q, `WHERE b.status = 'open' ORDER BY b.round_id, b.id LIMIT ?`, limit+offset+1000)
	for _, b := range all {
		for _, z := range zones {
			if b.Zone == z {
				out = append(out, b)
			}
		}
	}
	out = out[min(offset, len(out)):]
	return out[:min(limit, len(out))], err
}

// Mine returns the batches user holds.
func (s *Service) Mine(ctx context.Context, q store.Querier, user int64) ([]Batch, error) {
	return s.batches(ctx, q, `WHERE b.status = 'claimed' AND b.claimed_by = ? ORDER BY b.id`, user)
}

// Claim gives open batch id to volunteer by: one conditional UPDATE, so of two pressing at once
// exactly one wins and the other gets ErrAlreadyClaimed. The round starts delivering.
func (s *Service) Claim(ctx context.Context, tx *sql.Tx, id, by int64, now time.Time) (Batch, error) {
	res, err := tx.ExecContext(ctx, `UPDATE supply_batches SET status = 'claimed', claimed_by = ?, claimed_at = ?,
		version = version + 1 WHERE id = ? AND status = 'open'`, by, now.UnixMilli(), id)
	if err != nil {
		return Batch{}, fmt.Errorf("supplies: claim B%d: %w", id, err)
	}
	b, err := s.Batch(ctx, tx, id)
	if err != nil {
		return b, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if b.Status == BatchClaimed && b.ClaimedBy != by {
			return b, fmt.Errorf("supplies: claim B%d: %w", id, ErrAlreadyClaimed)
		}
		return b, fmt.Errorf("supplies: claim B%d (%s): %w", id, b.Status, ErrWrongState)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE supply_rounds SET status = 'delivering', version = version + 1
		WHERE id = ? AND status = 'closed'`, b.RoundID); err != nil {
		return b, fmt.Errorf("supplies: claim B%d: %w", id, err)
	}
	return b, s.batchEvent(ctx, tx, EventClaimed, b, by, now)
}

// Release gives batch id back to the queue: by its claimer, or by the system (by = 0) when a
// claimer loses their role. Households already ticked off stay ticked off.
func (s *Service) Release(ctx context.Context, tx *sql.Tx, id, by int64, now time.Time) (Batch, error) {
	b, err := s.Batch(ctx, tx, id)
	if err != nil {
		return b, err
	}
	if b.Status != BatchClaimed {
		return b, fmt.Errorf("supplies: release B%d (%s): %w", id, b.Status, ErrWrongState)
	}
	if by != 0 && b.ClaimedBy != by {
		return b, fmt.Errorf("supplies: release B%d: %w", id, ErrNotYours)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE supply_batches SET status = 'open', claimed_by = NULL, claimed_at = 0,
		version = version + 1 WHERE id = ? AND version = ?`, id, b.Version); err != nil {
		return b, fmt.Errorf("supplies: release B%d: %w", id, err)
	}
	holder := b.ClaimedBy
	if b, err = s.Batch(ctx, tx, id); err != nil {
		return b, err
	}
	r, err := s.Get(ctx, tx, b.RoundID)
	if err != nil {
		return b, err
	}
	return b, s.notify(ctx, tx, Event{Kind: EventReleased, Round: r, Batch: b, Actor: by, Holder: holder, At: now})
}

// ReleaseAll gives back every batch user holds (their volunteer role was revoked).
func (s *Service) ReleaseAll(ctx context.Context, tx *sql.Tx, user int64, now time.Time) ([]Batch, error) {
	mine, err := s.Mine(ctx, tx, user)
	if err != nil {
		return nil, err
	}
	var out []Batch
	for _, b := range mine {
		if b, err = s.Release(ctx, tx, b.ID, 0, now); err != nil {
			return out, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (s *Service) batchEvent(ctx context.Context, tx *sql.Tx, kind string, b Batch, by int64, now time.Time) error {
	r, err := s.Get(ctx, tx, b.RoundID)
	if err != nil {
		return err
	}
	return s.notify(ctx, tx, Event{Kind: kind, Round: r, Batch: b, Actor: by, At: now})
}
