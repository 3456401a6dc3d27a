package supplies_test

import (
	"database/sql"
	"slices"
	"sync"
	"testing"
	"time"

	"linli/supplies"
)

// TestStockRace_ExactUnderConcurrency signs 500 households up at once for an item with stock
// 100: exactly 100 are confirmed and 400 wait in the order they arrived; then 50 confirmed ones
// withdraw at once and exactly the next 50 on the waiting list are promoted, each told once.
func TestStockRace_ExactUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hs := e.households("a1", "1", 500)
	r := e.round(supplies.NewRound{Items: []supplies.Item{{Name: "大米", Unit: "袋", Max: 1, Stock: 100}}})

	type answer struct {
		household int64
		line      supplies.SignUp
	}
	answers := make(chan answer, len(hs))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, h := range hs {
		wg.Go(func() {
			<-start
			l, err := e.sign(r, h, 1, 1, t0.Add(time.Minute))
			if err != nil {
				t.Error(err)
			}
			answers <- answer{h, l}
		})
	}
	close(start)
	wg.Wait()
	close(answers)
	var confirmed []int64
	positions := map[int]int64{}
	for a := range answers {
		if !a.line.Waiting {
			confirmed = append(confirmed, a.household)
			continue
		}
		if prev, dup := positions[a.line.Position]; dup {
			t.Fatalf("position %d given to %d and %d", a.line.Position, prev, a.household)
		}
		positions[a.line.Position] = a.household
	}
	if len(confirmed) != 100 || len(positions) != 400 {
		t.Fatalf("%d confirmed, %d waiting; want 100, 400", len(confirmed), len(positions))
	}
	waiting, err := e.svc.Waiting(ctx, e.db.Read, r.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range waiting { // the list is in the order the answers gave: arrival order
		if positions[i+1] != h {
			t.Fatalf("waiting list place %d is %d, the answer gave it to %d", i+1, h, positions[i+1])
		}
	}
	if it := e.get(r.ID).Items[0]; it.Taken != 100 || it.Left() != 0 {
		t.Fatalf("item after the burst: %+v", it)
	}

	var wg2 sync.WaitGroup
	for _, h := range confirmed[:50] {
		wg2.Go(func() {
			err := e.tx(func(tx *sql.Tx) error {
				_, err := e.svc.Withdraw(ctx, tx, r.ID, h, 0, t0.Add(2*time.Minute))
				return err
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg2.Wait()
	after, _ := e.svc.Waiting(ctx, e.db.Read, r.Items[0].ID)
	if !slices.Equal(after, waiting[50:]) {
		t.Fatalf("after 50 withdrawals the waiting list is not the old one minus its first 50 (%d left)", len(after))
	}
	var promoted []int64
	for _, ev := range e.events {
		if ev.Kind == supplies.EventPromoted {
			promoted = append(promoted, ev.Household)
		}
	}
	if !slices.Equal(promoted, waiting[:50]) {
		t.Fatalf("promoted %v, want the first 50 of the waiting list in order", promoted)
	}
	if it := e.get(r.ID).Items[0]; it.Taken != 100 {
		t.Fatalf("taken %d after promotions, want 100", it.Taken)
	}
}
