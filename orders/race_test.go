package orders_test

import (
	"database/sql"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/orders"
	"linli/store"
)

// TestClaimRace_ExactlyOneWinner races 200 goroutines on one claim, 1,000 times over (about
// 15 s under -race on two cores).
func TestClaimRace_ExactlyOneWinner(t *testing.T) {
	t.Parallel()
	const claimers, rounds = 200, 1000
	e := newEnv(t, orders.Options{OpenPerHousehold: 1 << 30})
	h := e.household("a1", "1")
	for round := range rounds {
		o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
		var won, lost atomic.Int64
		errs := make(chan error, claimers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range claimers {
			wg.Go(func() {
				<-start
				err := store.InTx(ctx, e.db.Write, func(tx *sql.Tx) error {
					_, err := e.svc.Claim(ctx, tx, o.ID, volunteer+int64(i), t0.Add(time.Minute))
					return err
				})
				switch {
				case err == nil:
					won.Add(1)
				case errors.Is(err, orders.ErrAlreadyClaimed):
					lost.Add(1)
				default:
					errs <- err
				}
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		claimed := 0
		for _, k := range e.events(o.ID) {
			if k == orders.EventClaimed {
				claimed++
			}
		}
		if won.Load() != 1 || lost.Load() != claimers-1 || claimed != 1 || e.get(o.ID).Version != 2 {
			t.Fatalf("round %d: %d won, %d lost, %d claimed events, order %+v",
				round, won.Load(), lost.Load(), claimed, e.get(o.ID))
		}
	}
}

// TestDrain_EachOrderClaimedOnce drains 10,000 orders with 200 concurrent claimers.
func TestDrain_EachOrderClaimedOnce(t *testing.T) {
	t.Parallel()
	const n, claimers = 10_000, 200
	e := newEnv(t, orders.Options{OpenPerHousehold: 1 << 30})
	zones := []string{"a1", "a2", "b1"}
	var households []int64
	for i := range 100 {
		households = append(households, e.household(zones[i%len(zones)], "1"))
	}
	err := e.tx(func(tx *sql.Tx) error {
		for i := range n {
			h := households[i%len(households)]
			if _, err := e.svc.Place(ctx, tx, orders.NewOrder{HouseholdID: h, PlacedBy: resident,
				Zone: zones[i%len(households)%len(zones)], Category: orders.Groceries, Items: "rice",
				Vulnerable: i%7 == 0}, t0.Add(time.Duration(i)*time.Second)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	won := make([][]int64, claimers)
	var wg sync.WaitGroup
	for c := range claimers {
		wg.Go(func() { won[c] = e.claimUntilEmpty(t, volunteer+int64(c)) })
	}
	wg.Wait()
	seen := map[int64]bool{}
	for _, ids := range won {
		for _, id := range ids {
			if seen[id] {
				t.Fatalf("#%d claimed twice", id)
			}
			seen[id] = true
		}
	}
	var claimed, claims, open int
	_ = e.db.Read.QueryRow(`SELECT (SELECT count(*) FROM orders WHERE status = 'claimed'),
		(SELECT count(*) FROM order_events WHERE kind = 'claimed'),
		(SELECT count(*) FROM orders WHERE status <> 'claimed')`).Scan(&claimed, &claims, &open)
	if len(seen) != n || claimed != n || claims != n || open != 0 {
		t.Fatalf("%d claims won, %d orders claimed, %d claimed events, %d left; want %d each and none left",
			len(seen), claimed, claims, open, n)
	}
}

// claimUntilEmpty is one volunteer working a queue: read a page, try its orders in a random order
// (as people pick), until the queue is empty. It returns the ids it won.
func (e *env) claimUntilEmpty(t *testing.T, volunteer int64) []int64 {
	var won []int64
	for {
		page, err := e.svc.Queue(ctx, e.db.Read, orders.QueueFilter{Limit: 50}, t0)
		if err != nil || len(page) == 0 {
			if err != nil {
				t.Error(err)
			}
			return won
		}
		rand.Shuffle(len(page), func(i, j int) { page[i], page[j] = page[j], page[i] })
		for _, o := range page {
			err := store.InTx(ctx, e.db.Write, func(tx *sql.Tx) error {
				_, err := e.svc.Claim(ctx, tx, o.ID, volunteer, t0.Add(time.Hour))
				return err
			})
			switch {
			case err == nil:
				won = append(won, o.ID)
			case !errors.Is(err, orders.ErrAlreadyClaimed):
				t.Error(err)
				return won
			}
		}
	}
}

// TestClaimRead_TheUpdateDecidesNotTheRead: ClaimRead is given the order as the handler read it;
// if it changed since, the conditional UPDATE misses and the order as it now stands decides.
func TestClaimRead_TheUpdateDecidesNotTheRead(t *testing.T) {
	e := newEnv(t, orders.Options{OpenPerHousehold: 1 << 30})
	h := e.household("a1", "1")
	taken := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	back := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	at := t0.Add(time.Minute)
	err := store.InTx(ctx, e.db.Write, func(tx *sql.Tx) error {
		read, err := e.svc.Get(ctx, tx, taken.ID)
		if err != nil {
			return err
		}
		if _, err := e.svc.Claim(ctx, tx, taken.ID, volunteer+1, at); err != nil {
			return err
		}
		got, err := e.svc.ClaimRead(ctx, tx, read, volunteer+2, at)
		if !errors.Is(err, orders.ErrAlreadyClaimed) || got.ClaimedBy != volunteer+1 {
			t.Errorf("claimed by another since the read: %+v, %v; want ErrAlreadyClaimed and the order as it stands", got, err)
		}

		// Claimed and released since the read: open again, at a later version.
		if read, err = e.svc.Get(ctx, tx, back.ID); err != nil {
			return err
		}
		if _, err := e.svc.Claim(ctx, tx, back.ID, volunteer+1, at); err != nil {
			return err
		}
		if _, err := e.svc.Release(ctx, tx, back.ID, volunteer+1, false, "", at); err != nil {
			return err
		}
		got, err = e.svc.ClaimRead(ctx, tx, read, volunteer+2, at)
		if err != nil || got.Status != orders.StatusClaimed || got.ClaimedBy != volunteer+2 || got.Version != read.Version+3 {
			t.Errorf("open again since the read: %+v, %v; want claimed by %d at version %d", got, err, volunteer+2, read.Version+3)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var events int
	if err := e.db.Read.QueryRow(`SELECT count(*) FROM order_events WHERE order_id = ? AND kind = 'claimed'`, back.ID).Scan(&events); err != nil || events != 2 {
		t.Fatalf("claimed events of the released order: %d, %v; want 2 (one a claim, one ClaimRead's)", events, err)
	}
}
