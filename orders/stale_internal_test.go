package orders

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/store"
)

// An IMMEDIATE transaction never sees the order change between its read and its UPDATE, so the
// zero-rows path is reached here by handing attempt a stale copy, as a deferred transaction
// might.
func TestAttempt_StaleCopyIsRefusedWithThePreciseSentinel(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	db := testdb.Open(t)
	if _, err := db.Write.Exec(`INSERT INTO households (id, zone, building, room, name, phone, created_at, updated_at)
		VALUES (1, 'a1', '1', '101', 'Wang', '138', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		o, err := s.Place(ctx, tx, NewOrder{HouseholdID: 1, PlacedBy: 7, Zone: "a1", Category: Groceries, Items: "rice"}, now)
		if err != nil {
			return err
		}
		claim := func(by int64) step {
			return step{action: "claim", kind: EventClaimed, to: StatusClaimed,
				set: `, claimed_by = ?`, args: []any{by}, actor: by,
				check: func(cur Order) error {
					if cur.Status == StatusOpen {
						return nil
					}
					return ErrAlreadyClaimed
				}}
		}
		if _, err := s.attempt(ctx, tx, o, claim(8), now); err != nil {
			return err
		}
		got, err := s.attempt(ctx, tx, o, claim(9), now) // o still says open, version 1
		if !errors.Is(err, ErrAlreadyClaimed) || got.ClaimedBy != 8 || got.Version != 2 {
			t.Errorf("stale attempt: %+v, %v; want ErrAlreadyClaimed and the order as it stands", got, err)
		}
		escalate := step{action: "escalate", kind: EventEscalated, to: StatusOpen, set: `, escalated = 1`,
			check: func(Order) error { return nil }}
		if _, err := s.attempt(ctx, tx, o, escalate, now); !errors.Is(err, errStale) {
			t.Errorf("stale attempt still allowed: %v, want errStale to retry", err)
		}
		var events int
		_ = tx.QueryRow(`SELECT count(*) FROM order_events WHERE order_id = ?`, o.ID).Scan(&events)
		if events != 2 {
			t.Errorf("%d events, want placed and one claimed", events)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
