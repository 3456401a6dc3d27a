package orders_test

import (
	"database/sql"
	"testing"
	"time"

	"linli/orders"
)

// A "Delivered" pressed by mistake, or a delivery the household never got, puts the order back
// with its claimer: claimed again, the delivery and its photo forgotten, a fresh delivery
// deadline, and one undelivered event naming why. Nobody else can, from no other state.
func TestUndeliver_BackToTheClaimerWithAFreshDeadline(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	for _, tc := range []struct {
		name   string
		reason string
		undo   func(e *env, tx *sql.Tx, id, household int64, now time.Time) (orders.Order, error)
	}{
		{"undone by the claimer", orders.ReasonUndone, func(e *env, tx *sql.Tx, id, _ int64, now time.Time) (orders.Order, error) {
			return e.svc.UndoDelivery(ctx, tx, id, volunteer, now)
		}},
		{"not received by the household", orders.ReasonNotReceived, func(e *env, tx *sql.Tx, id, h int64, now time.Time) (orders.Order, error) {
			return e.svc.NotReceived(ctx, tx, id, []int64{h}, resident, now)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, orders.Options{DeliverSLA: time.Hour})
			h := e.household("a1", "1")
			o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Category: orders.Medicine}, t0)
			steps := []func(tx *sql.Tx) (orders.Order, error){
				func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, o.ID, volunteer, at(1)) },
				func(tx *sql.Tx) (orders.Order, error) {
					return e.svc.Deliver(ctx, tx, o.ID, volunteer, "AgAD42", at(2))
				},
			}
			for _, s := range steps {
				if _, err := e.do(s); err != nil {
					t.Fatal(err)
				}
			}
			got, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return tc.undo(e, tx, o.ID, h, at(5)) })
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != orders.StatusClaimed || got.ClaimedBy != volunteer || !got.DeliveredAt.IsZero() ||
				got.DeliveryPhoto != "" || !got.ClaimedAt.Equal(at(5)) || !got.DeliverDeadline.Equal(at(5).Add(time.Hour)) {
				t.Fatalf("after %s: %+v", tc.name, got)
			}
			trail, err := e.svc.Events(ctx, e.db.Read, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := trail[len(trail)-1]
			if last.Kind != orders.EventUndelivered || last.From != orders.StatusDelivered || last.To != orders.StatusClaimed ||
				last.Detail != tc.reason {
				t.Fatalf("last event %+v", last)
			}
			// Not twice: it is claimed now.
			_, err = e.do(func(tx *sql.Tx) (orders.Order, error) { return tc.undo(e, tx, o.ID, h, at(6)) })
			wantErr(t, err, orders.ErrWrongState)
			// Delivered again, it counts once for the volunteer: the taken-back delivery does not.
			if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) {
				return e.svc.Deliver(ctx, tx, o.ID, volunteer, "", at(7))
			}); err != nil {
				t.Fatal(err)
			}
			act, err := orders.ActivityByUser(ctx, e.db.Read)
			if err != nil || act[volunteer].Deliveries != 1 || act[volunteer].Claims != 1 {
				t.Fatalf("activity %+v, %v; want one claim and one delivery", act[volunteer], err)
			}
		})
	}
}

func TestUndeliver_OnlyTheClaimerOrTheHouseholdAndOnlyWhileDelivered(t *testing.T) {
	e := newEnv(t, orders.Options{DeliverSLA: time.Hour})
	h, elsewhere := e.household("a1", "1"), e.household("a1", "2")
	o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	undo := func(who int64) error {
		_, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.UndoDelivery(ctx, tx, o.ID, who, t0) })
		return err
	}
	notReceived := func(households ...int64) error {
		_, err := e.do(func(tx *sql.Tx) (orders.Order, error) {
			return e.svc.NotReceived(ctx, tx, o.ID, households, resident, t0)
		})
		return err
	}
	wantErr(t, undo(volunteer), orders.ErrWrongState) // open
	wantErr(t, notReceived(h), orders.ErrWrongState)
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, o.ID, volunteer, t0) }); err != nil {
		t.Fatal(err)
	}
	wantErr(t, undo(volunteer), orders.ErrWrongState) // claimed, not delivered
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Deliver(ctx, tx, o.ID, volunteer, "", t0) }); err != nil {
		t.Fatal(err)
	}
	wantErr(t, undo(other), orders.ErrNotYours)
	wantErr(t, notReceived(elsewhere), orders.ErrNotYours)
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) {
		return e.svc.Receive(ctx, tx, o.ID, []int64{h}, resident, 0, "", t0)
	}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, undo(volunteer), orders.ErrWrongState) // confirmed: too late
	wantErr(t, notReceived(h), orders.ErrWrongState)
	if got := e.get(o.ID); got.Status != orders.StatusReceived {
		t.Fatalf("refusals changed the order: %+v", got)
	}
	var n int
	if err := e.db.Read.QueryRow(`SELECT count(*) FROM order_events WHERE kind = ?`, orders.EventUndelivered).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d undelivered events after refusals, %v", n, err)
	}
}

// A household that said "not received" and then found it at the door confirms it after all,
// while the order is still back with its claimer and nothing happened since: the delivery counts
// for the volunteer. Not for another household, not once it was undone by the claimer, released
// or claimed again.
func TestUndeliver_FoundAfterAllIsReceivedOnlyWhileBackWithItsClaimer(t *testing.T) {
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	e := newEnv(t, orders.Options{DeliverSLA: time.Hour})
	h, elsewhere := e.household("a1", "1"), e.household("a1", "2")
	place := func() orders.Order {
		o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
		for _, s := range []func(tx *sql.Tx) (orders.Order, error){
			func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, o.ID, volunteer, at(1)) },
			func(tx *sql.Tx) (orders.Order, error) { return e.svc.Deliver(ctx, tx, o.ID, volunteer, "", at(2)) },
			func(tx *sql.Tx) (orders.Order, error) {
				return e.svc.NotReceived(ctx, tx, o.ID, []int64{h}, resident, at(3))
			},
		} {
			if _, err := e.do(s); err != nil {
				t.Fatal(err)
			}
		}
		return o
	}
	receive := func(id int64, households ...int64) (orders.Order, error) {
		return e.do(func(tx *sql.Tx) (orders.Order, error) {
			return e.svc.Receive(ctx, tx, id, households, resident, 0, "", at(4))
		})
	}
	o := place()
	_, err := receive(o.ID, elsewhere)
	wantErr(t, err, orders.ErrNotYours)
	got, err := receive(o.ID, h)
	if err != nil || got.Status != orders.StatusReceived || got.DeliveredAt.IsZero() {
		t.Fatalf("found after all: %+v, %v", got, err)
	}
	if act, err := orders.ActivityByUser(ctx, e.db.Read); err != nil || act[volunteer].Deliveries != 1 {
		t.Fatalf("activity %+v, %v; want the found delivery counted", act[volunteer], err)
	}

	released := place()
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) {
		return e.svc.Release(ctx, tx, released.ID, volunteer, false, "", at(4))
	}); err != nil {
		t.Fatal(err)
	}
	_, err = receive(released.ID, h)
	wantErr(t, err, orders.ErrWrongState)
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, released.ID, other, at(5)) }); err != nil {
		t.Fatal(err)
	}
	_, err = receive(released.ID, h)
	wantErr(t, err, orders.ErrWrongState)

	undone := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	for _, s := range []func(tx *sql.Tx) (orders.Order, error){
		func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, undone.ID, volunteer, at(1)) },
		func(tx *sql.Tx) (orders.Order, error) { return e.svc.Deliver(ctx, tx, undone.ID, volunteer, "", at(2)) },
		func(tx *sql.Tx) (orders.Order, error) {
			return e.svc.UndoDelivery(ctx, tx, undone.ID, volunteer, at(3))
		},
	} {
		if _, err := e.do(s); err != nil {
			t.Fatal(err)
		}
	}
	_, err = receive(undone.ID, h)
	wantErr(t, err, orders.ErrWrongState)
	if act, err := orders.ActivityByUser(ctx, e.db.Read); err != nil || act[volunteer].Deliveries != 1 {
		t.Fatalf("activity %+v, %v; want only the found delivery counted", act[volunteer], err)
	}
}
