package supplies

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"
)

// stop is a household to deliver to, as the cut sorts them.
type stop struct {
	id                         int64
	zone, building, unit, room string
}

// cut makes round r's delivery batches: one per building (zone and building), split into parts
// of at most MaxBatch households, households in unit → room order. In pickup mode each building
// gets the next slot from the pickup start (from now, when the round closes after its pickup
// start: a cut-off caught up after downtime gives no slot already past), and its households
// are told theirs.
func (s *Service) cut(ctx context.Context, tx *sql.Tx, r Round, now time.Time) error {
	stops, err := served(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	if start := now.Truncate(time.Minute); r.Handover == Pickup && r.PickupStart.Before(start) {
		r.PickupStart = start
	}
	slot := 0
	for i := 0; i < len(stops); {
		j := i
		for j < len(stops) && stops[j].zone == stops[i].zone && stops[j].building == stops[i].building {
			j++
		}
		var slotAt time.Time
		if r.Handover == Pickup {
			slotAt = r.PickupStart.Add(time.Duration(slot*r.SlotMinutes) * time.Minute)
		}
		for part, k := 1, i; k < j; part, k = part+1, k+MaxBatch {
			if err := s.batch(ctx, tx, r, stops[k:min(k+MaxBatch, j)], part, slotAt, now); err != nil {
				return err
			}
		}
		slot++
		i = j
	}
	return nil
}

// served are the households with confirmed lines in round id, building → unit → room.
func served(ctx context.Context, tx *sql.Tx, id int64) ([]stop, error) {
	rows, err := tx.QueryContext(ctx, `SELECT h.id, h.zone, h.building, h.unit, h.room FROM households h
		WHERE h.id IN (SELECT household_id FROM supply_signups WHERE round_id = ? AND status = 'confirmed')`, id)
	if err != nil {
		return nil, fmt.Errorf("supplies: cut R%d: %w", id, err)
	}
	defer rows.Close()
	var out []stop
	for rows.Next() {
		var st stop
		if err := rows.Scan(&st.id, &st.zone, &st.building, &st.unit, &st.room); err != nil {
			return nil, fmt.Errorf("supplies: cut R%d: %w", id, err)
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b stop) int {
		return cmp.Or(Natural(a.zone, b.zone), Natural(a.building, b.building), Natural(a.unit, b.unit),
			Natural(a.room, b.room), cmp.Compare(a.id, b.id))
	})
	return out, rows.Err()
}

// batch writes one batch of stops.
func (s *Service) batch(ctx context.Context, tx *sql.Tx, r Round, stops []stop, part int, slotAt, now time.Time) error {
	deadline := now.Add(s.o.BatchSLA)
	var slot int64
	if !slotAt.IsZero() {
		slot, deadline = slotAt.UnixMilli(), slotAt.Add(s.o.BatchSLA)
	}
	begun := slot != 0 && !slotAt.After(now) // told now that it has begun (EventSlotSoon), not again by Sweep
	res, err := tx.ExecContext(ctx, `INSERT INTO supply_batches (round_id, zone, building, part, deadline, slot_at, slot_told)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, stops[0].zone, stops[0].building, part, deadline.UnixMilli(), slot, begun)
	if err != nil {
		return fmt.Errorf("supplies: batch of R%d: %w", r.ID, err)
	}
	id, _ := res.LastInsertId()
	households := make([]int64, len(stops))
	for i, st := range stops {
		households[i] = st.id
		if _, err := tx.ExecContext(ctx, `INSERT INTO supply_deliveries (batch_id, household_id, round_id, seq)
			VALUES (?, ?, ?, ?)`, id, st.id, r.ID, i+1); err != nil {
			return fmt.Errorf("supplies: batch B%d: %w", id, err)
		}
	}
	if slot == 0 {
		return nil
	}
	b, err := s.Batch(ctx, tx, id)
	if err != nil {
		return err
	}
	return s.notify(ctx, tx, Event{Kind: EventSlotSoon, Round: r, Batch: b, Households: households, At: now})
}
