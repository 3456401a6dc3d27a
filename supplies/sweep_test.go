package supplies_test

import (
	"database/sql"
	"testing"
	"time"

	"linli/supplies"
)

// TestDistribution_EveryHouseholdPickupSlotsAndLateBatches closes a free distribution in pickup
// mode: every household of the audience gets each item without signing up, each building gets
// the next slot, the slot is announced once when it begins, and a batch past its deadline is
// escalated once.
func TestDistribution_EveryHouseholdPickupSlotsAndLateBatches(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.households("a1", "1号楼", 3)
	e.households("a1", "2号楼", 2)
	e.households("b2", "1号楼", 4) // not in the audience
	r := e.round(supplies.NewRound{Kind: supplies.Distribution, Handover: supplies.Pickup, PickupPoint: "北门",
		SlotMinutes: 15, Items: []supplies.Item{{Name: "菜包", Max: 1}, {Name: "大米", Max: 2}}})
	if _, err := e.sign(r, 1, 1, 1, t0); err == nil {
		t.Fatal("a sign-up for a distribution was taken")
	}
	if n, err := e.svc.CloseDue(ctx, e.db.Write, r.Cutoff); err != nil || n != 1 {
		t.Fatalf("closed %d, %v", n, err)
	}
	tot, _ := e.svc.Totals(ctx, e.db.Read, r.ID)
	if tot[0].Households != 5 || tot[1].Quantity != 10 {
		t.Fatalf("totals %+v", tot)
	}
	bs, _ := e.svc.Batches(ctx, e.db.Read, r.ID)
	if len(bs) != 2 || !bs[1].SlotAt.Equal(bs[0].SlotAt.Add(15*time.Minute)) || !bs[0].SlotAt.Equal(r.Cutoff) {
		t.Fatalf("batches %+v", bs)
	}
	sweep := func(at time.Time) {
		t.Helper()
		if err := e.tx(func(tx *sql.Tx) error { _, err := e.svc.Sweep(ctx, tx, at); return err }); err != nil {
			t.Fatal(err)
		}
	}
	// A distribution's time is when its hand-out begins: the first building's slot began at the
	// close, which told it so; the second's is told when it begins, once.
	sweep(bs[0].SlotAt)
	sweep(bs[0].SlotAt.Add(time.Minute))
	if k := e.kinds(); k[supplies.EventSlotSoon] != 2 || k[supplies.EventSlotStart] != 0 {
		t.Fatalf("slot events %v", k)
	}
	sweep(bs[1].SlotAt)
	sweep(bs[1].SlotAt.Add(time.Minute))
	if k := e.kinds(); k[supplies.EventSlotStart] != 1 {
		t.Fatalf("slot events once the second slot began %v", k)
	}
	sweep(bs[1].Deadline)
	sweep(bs[1].Deadline.Add(time.Hour))
	if k := e.kinds(); k[supplies.EventSlotStart] != 1 || k[supplies.EventBatchLate] != 2 {
		t.Fatalf("events after the deadlines %v", k)
	}
}
