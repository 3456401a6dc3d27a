package orders_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"linli/orders"
)

func TestCallbacks_OneUnderWayClaimOnceFinishByHolder(t *testing.T) {
	e := newEnv(t, orders.Options{})
	h := e.household("a1", "3号楼")
	request := func() (orders.Callback, bool) {
		var c orders.Callback
		var created bool
		if err := e.tx(func(tx *sql.Tx) (err error) {
			c, created, err = e.svc.RequestCallback(ctx, tx, h, "a1", "3号楼", resident, t0)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return c, created
	}
	c, created := request()
	if !created || c.Status != orders.CallbackOpen || c.Zone != "a1" {
		t.Fatalf("requested: %+v, %v", c, created)
	}
	if again, created := request(); created || again.ID != c.ID {
		t.Fatalf("second request: %+v, %v", again, created)
	}
	do := func(call func(tx *sql.Tx) (orders.Callback, error)) (orders.Callback, error) {
		var got orders.Callback
		err := e.tx(func(tx *sql.Tx) (err error) { got, err = call(tx); return err })
		return got, err
	}
	claim := func(who int64) (orders.Callback, error) {
		return do(func(tx *sql.Tx) (orders.Callback, error) { return e.svc.ClaimCallback(ctx, tx, c.ID, who, t0) })
	}
	finish := func(who int64, outcome string) (orders.Callback, error) {
		return do(func(tx *sql.Tx) (orders.Callback, error) {
			return e.svc.FinishCallback(ctx, tx, c.ID, who, outcome, t0)
		})
	}
	_, err := finish(volunteer, "called")
	wantErr(t, err, orders.ErrWrongState) // not claimed yet
	if _, err := claim(volunteer); err != nil {
		t.Fatal(err)
	}
	_, err = claim(other)
	wantErr(t, err, orders.ErrAlreadyClaimed)
	_, err = claim(volunteer)
	wantErr(t, err, orders.ErrWrongState)
	_, err = finish(other, "called")
	wantErr(t, err, orders.ErrNotYours)
	for _, bad := range []string{"", " \x01 ", strings.Repeat("x", orders.MaxOutcome+1)} {
		_, err = finish(volunteer, bad)
		wantErr(t, err, orders.ErrBadInput)
	}
	done, err := finish(volunteer, "  needs insulin  ")
	if err != nil || done.Status != orders.CallbackDone || done.Outcome != "needs insulin" {
		t.Fatalf("finished: %+v, %v", done, err)
	}
	if next, created := request(); !created || next.ID == c.ID {
		t.Fatalf("a request after the last was done: %+v, %v", next, created)
	}
	if _, err := e.svc.GetCallback(ctx, e.db.Read, 999); !errors.Is(err, orders.ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	open, err := e.svc.OpenCallbacks(ctx, e.db.Read, []string{"b2"}, 0)
	if err != nil || len(open) != 0 {
		t.Fatalf("b2's open call-backs: %+v, %v", open, err)
	}
}
