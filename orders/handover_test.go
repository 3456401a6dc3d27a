package orders_test

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"linli/orders"
)

// try runs DeliverWithCode and commits whatever it wrote, as the handler does with a wrong code.
func (e *env) try(id, who int64, code string) (orders.Order, error) {
	var o orders.Order
	var got error
	if err := e.tx(func(tx *sql.Tx) error {
		o, got = e.svc.DeliverWithCode(ctx, tx, id, who, code, "", t0)
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
	return o, got
}

func (e *env) code(id int64) string {
	var c string
	if err := e.db.Read.QueryRow(`SELECT code FROM handover_codes WHERE order_id = ?`, id).Scan(&c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func TestHandover_RightCodeDeliversWrongOnesCountAndLock(t *testing.T) {
	e := newEnv(t, orders.Options{HandoverCode: true})
	h := e.household("a1", "3号楼")
	o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	code := e.code(o.ID)
	if len(code) != 4 {
		t.Fatalf("code %q", code)
	}
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, o.ID, volunteer, t0) }); err != nil {
		t.Fatal(err)
	}
	_, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Deliver(ctx, tx, o.ID, volunteer, "", t0) })
	wantErr(t, err, orders.ErrHandoverNeeded)
	_, err = e.try(o.ID, other, code) // not the claimer: refused as ever, nothing counted
	wantErr(t, err, orders.ErrNotYours)
	var n int
	fmt.Sscanf(code, "%d", &n)
	wrong := fmt.Sprintf("%04d", (n+1)%10000)
	for left := orders.HandoverTries - 1; left > 0; left-- {
		_, err := e.try(o.ID, volunteer, wrong)
		var he *orders.HandoverError
		if !errors.As(err, &he) || !errors.Is(err, orders.ErrHandoverWrong) || he.Left != left {
			t.Fatalf("wrong code: %v, want %d left", err, left)
		}
	}
	_, err = e.try(o.ID, volunteer, wrong)
	var he *orders.HandoverError
	if !errors.As(err, &he) || !errors.Is(err, orders.ErrHandoverLocked) || !he.JustLocked {
		t.Fatalf("last wrong code: %v", err)
	}
	_, err = e.try(o.ID, volunteer, code)
	if !errors.As(err, &he) || !errors.Is(err, orders.ErrHandoverLocked) || he.JustLocked {
		t.Fatalf("right code after the lock: %v", err)
	}
	if e.get(o.ID).Status != orders.StatusClaimed {
		t.Fatalf("locked order changed: %s", e.get(o.ID).Status)
	}

	o2 := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, o2.ID, volunteer, t0) }); err != nil {
		t.Fatal(err)
	}
	if got, err := e.try(o2.ID, volunteer, e.code(o2.ID)); err != nil || got.Status != orders.StatusDelivered {
		t.Fatalf("right code: %v, %s", err, got.Status)
	}
}

func TestHandover_OffByDefault(t *testing.T) {
	e := newEnv(t, orders.Options{})
	h := e.household("a1", "3号楼")
	o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	var n int
	_ = e.db.Read.QueryRow(`SELECT count(*) FROM handover_codes`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d codes with the setting off", n)
	}
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, o.ID, volunteer, t0) }); err != nil {
		t.Fatal(err)
	}
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Deliver(ctx, tx, o.ID, volunteer, "", t0) }); err != nil {
		t.Fatalf("deliver without codes: %v", err)
	}
}
