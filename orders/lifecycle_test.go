package orders_test

import (
	"database/sql"
	"reflect"
	"testing"
	"time"

	"linli/orders"
)

func TestLifecycle_TrailRecordsEveryStepWithActorAndStates(t *testing.T) {
	e := newEnv(t, orders.Options{DeliverSLA: time.Hour, UrgentClaimSLA: 7 * time.Minute})
	h := e.household("a1", "3号楼")
	o := e.place(orders.NewOrder{HouseholdID: h, PlacedBy: relative, Zone: "a1", Category: orders.Medicine}, t0)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	steps := []func(tx *sql.Tx) (orders.Order, error){
		func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, o.ID, other, at(1)) },
		func(tx *sql.Tx) (orders.Order, error) {
			return e.svc.Release(ctx, tx, o.ID, other, false, "pharmacy closed", at(2))
		},
		func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, o.ID, volunteer, at(3)) },
		func(tx *sql.Tx) (orders.Order, error) {
			return e.svc.Deliver(ctx, tx, o.ID, volunteer, "AgAD42", at(4))
		},
		func(tx *sql.Tx) (orders.Order, error) {
			return e.svc.Receive(ctx, tx, o.ID, []int64{h}, resident, 5, "  very kind  ", at(5))
		},
	}
	var got orders.Order
	for i, s := range steps {
		var err error
		if got, err = e.do(s); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if i == 1 && (got.ClaimedBy != 0 || !got.ClaimedAt.IsZero() || !got.DeliverDeadline.IsZero() ||
			!got.ClaimDeadline.Equal(at(2).Add(7*time.Minute))) {
			t.Fatalf("after release %+v: want no claimer and a fresh urgent claim deadline", got)
		}
	}
	if got.Status != orders.StatusReceived || got.Version != 6 || got.ClaimedBy != volunteer ||
		!got.ClaimedAt.Equal(at(3)) || !got.DeliverDeadline.Equal(at(3).Add(time.Hour)) ||
		!got.DeliveredAt.Equal(at(4)) || !got.ReceivedAt.Equal(at(5)) || got.DeliveryPhoto != "AgAD42" ||
		got.Rating != 5 || got.Comment != "very kind" {
		t.Fatalf("final %+v", got)
	}
	trail, err := e.svc.Events(ctx, e.db.Read, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		kind     string
		from, to orders.Status
		actor    int64
		at       time.Time
		detail   string
	}
	var rows []row
	for _, ev := range trail {
		if ev.OrderID != o.ID {
			t.Fatalf("event of #%d in the trail of #%d", ev.OrderID, o.ID)
		}
		rows = append(rows, row{ev.Kind, ev.From, ev.To, ev.Actor, ev.At, ev.Detail})
	}
	want := []row{
		{orders.EventPlaced, "", orders.StatusOpen, relative, t0, ""},
		{orders.EventClaimed, orders.StatusOpen, orders.StatusClaimed, other, at(1), ""},
		{orders.EventReleased, orders.StatusClaimed, orders.StatusOpen, other, at(2), "pharmacy closed"},
		{orders.EventClaimed, orders.StatusOpen, orders.StatusClaimed, volunteer, at(3), ""},
		{orders.EventDelivered, orders.StatusClaimed, orders.StatusDelivered, volunteer, at(4), ""},
		{orders.EventReceived, orders.StatusDelivered, orders.StatusReceived, resident, at(5), ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("trail\n%v\nwant\n%v", rows, want)
	}
}

func TestCancel_ByRelativeOrGridWorkerActingForTheHousehold(t *testing.T) {
	e := newEnv(t, orders.Options{})
	h, mine := e.household("a1", "1"), e.household("a1", "2")
	o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	got, err := e.do(func(tx *sql.Tx) (orders.Order, error) {
		return e.svc.Cancel(ctx, tx, o.ID, []int64{mine, h}, relative, t0.Add(time.Minute))
	})
	if err != nil || got.Status != orders.StatusCancelled || !got.CancelledAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("cancel: %+v, %v", got, err)
	}
}

func TestSweep_FindsOverdueOrdersAndExpireWithdrawsOnlyItsOrder(t *testing.T) {
	e := newEnv(t, orders.Options{ClaimSLA: 30 * time.Minute, DeliverSLA: time.Hour})
	h := e.household("a1", "1")
	old := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	fresh := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0.Add(20*time.Minute))
	taken := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return claim(volunteer)(e, tx, taken.ID, h, 0) }); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(40 * time.Minute)
	due, err := e.svc.PastClaimDeadline(ctx, e.db.Read, now, 0)
	if err != nil || len(due) != 1 || due[0].ID != old.ID {
		t.Fatalf("past claim deadline: %v, %v; want only #%d", due, err, old.ID)
	}
	late, err := e.svc.PastDeliverDeadline(ctx, e.db.Read, t0.Add(2*time.Hour), 0)
	if err != nil || len(late) != 1 || late[0].ID != taken.ID {
		t.Fatalf("past delivery deadline: %v, %v; want only #%d", late, err, taken.ID)
	}
	var expired orders.Order
	err = e.tx(func(tx *sql.Tx) (err error) {
		expired, err = e.svc.Expire(ctx, tx, old.ID, "no volunteer in 10 minutes", now)
		return err
	})
	if err != nil || expired.Status != orders.StatusExpired {
		t.Fatalf("expired %v, %v; want #%d expired", expired, err, old.ID)
	}
	if e.get(fresh.ID).Status != orders.StatusOpen || e.get(taken.ID).Status != orders.StatusClaimed {
		t.Fatal("expiry touched an order it should not have")
	}
}
