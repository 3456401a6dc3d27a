package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// step is one transition: which orders it may be taken from, and what it writes.
type step struct {
	action string // names the call in error texts: "claim", "cancel", ...
	kind   string // the event written
	to     Status
	set    string // further assignments of the UPDATE, each starting with ", "
	args   []any  // for the ? in set
	actor  int64
	detail string
	// check returns the sentinel refusing the step from o, nil if it is allowed.
	check func(o Order) error
}

// errStale means the order changed between reading and the UPDATE, yet the step is still allowed
// from its new state: read it again and retry.
var errStale = errors.New("changed meanwhile")

// transition takes st on order id inside tx. A refusal returns the order as it stands with the
// precise sentinel, and writes nothing.
func (s *Service) transition(ctx context.Context, tx *sql.Tx, id int64, st step, now time.Time) (Order, error) {
	o, err := get(ctx, tx, id)
	if err != nil {
		return Order{}, refused(st.action, id, Order{}, err)
	}
	return s.transitionRead(ctx, tx, o, st, now)
}

// transitionRead is transition from o as read in tx: the conditional UPDATE tells whether it
// still stands, and the order is read again only if it does not (attempt returns it so).
func (s *Service) transitionRead(ctx context.Context, tx *sql.Tx, o Order, st step, now time.Time) (Order, error) {
	id := o.ID
	var err error
	for range 3 {
		if o, err = s.attempt(ctx, tx, o, st, now); !errors.Is(err, errStale) {
			return o, err
		}
	}
	return o, refused(st.action, id, o, ErrWrongState)
}

// attempt takes st from o, as read: one conditional UPDATE on (id, status, version) and one event.
// Zero rows affected means someone else changed the order: it is read again and the refusal
// names what stands in the way now.
func (s *Service) attempt(ctx context.Context, tx *sql.Tx, o Order, st step, now time.Time) (Order, error) {
	if err := st.check(o); err != nil {
		return o, refused(st.action, o.ID, o, err)
	}
	changed := false
	var after Order
	err := store.Savepoint(ctx, tx, "orders", func() error {
		args := append([]any{string(st.to)}, st.args...)
		var err error
		after, err = scan(tx.QueryRowContext(ctx, `UPDATE orders SET status = ?, version = version + 1`+st.set+
			` WHERE id = ? AND status = ? AND version = ? RETURNING `+columns,
			append(args, o.ID, string(o.Status), o.Version)...))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		changed = true
		after, err = s.record(ctx, tx, after, Event{Kind: st.kind, From: o.Status, To: st.to,
			Actor: st.actor, At: now, Detail: st.detail})
		return err
	})
	if err != nil {
		return o, fmt.Errorf("orders: %s #%d: %w", st.action, o.ID, err)
	}
	if changed {
		return after, nil
	}
	cur, err := get(ctx, tx, o.ID)
	if err != nil {
		return Order{}, refused(st.action, o.ID, Order{}, err)
	}
	if err := st.check(cur); err != nil {
		return cur, refused(st.action, o.ID, cur, err)
	}
	return cur, errStale
}

// record writes e to the trail of order o, as the change left it (the RETURNING of its INSERT or
// UPDATE), and tells Notify; it returns o.
func (s *Service) record(ctx context.Context, tx *sql.Tx, o Order, e Event) (Order, error) {
	e.OrderID = o.ID
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO order_events (order_id, at, actor, kind, from_status, to_status, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		o.ID, e.At.UnixMilli(), e.Actor, e.Kind, string(e.From), string(e.To), e.Detail); err != nil {
		return Order{}, fmt.Errorf("record %s: %w", e.Kind, err)
	}
	if s.o.Notify != nil {
		e.Order = o
		if err := s.o.Notify(ctx, tx, e); err != nil {
			return Order{}, fmt.Errorf("notify %s: %w", e.Kind, err)
		}
	}
	return o, nil
}

// insert writes a new open order and returns its id.
// mediaOnly stands in the items column (which may not be empty) for an order that is only a
// voice message or photo; scan turns it back into no items.
const mediaOnly = "—"

func storedItems(o Order) string {
	if o.Items == "" && o.Media.File != "" {
		return mediaOnly
	}
	return o.Items
}

func insert(ctx context.Context, tx *sql.Tx, o Order, now time.Time) (Order, error) {
	o, err := scan(tx.QueryRowContext(ctx, `
		INSERT INTO orders (household_id, placed_by, zone, building, category, shape, items, quantity,
			urgent, asked_urgent, vulnerable, prescription, prescription_photo, note, recurring, created_at, claim_deadline,
			media_kind, media_file, media_seconds)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+columns,
		o.HouseholdID, o.PlacedBy, o.Zone, o.Building, o.Category, string(o.Shape), storedItems(o), o.Quantity,
		o.Urgent, o.AskedUrgent, o.Vulnerable, o.Prescription, o.PrescriptionPhoto, o.Note, o.Recurring, now.UnixMilli(), o.ClaimDeadline.UnixMilli(),
		o.Media.Kind, o.Media.File, o.Media.Seconds))
	if err != nil {
		return Order{}, fmt.Errorf("insert: %w", err)
	}
	return o, nil
}
