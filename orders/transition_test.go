package orders_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"linli/orders"
)

// op is one call on order id of household h; others is a household the actor does not act for.
type op func(e *env, tx *sql.Tx, id, h, others int64) (orders.Order, error)

var (
	claim = func(by int64) op {
		return func(e *env, tx *sql.Tx, id, _, _ int64) (orders.Order, error) {
			return e.svc.Claim(ctx, tx, id, by, t0.Add(time.Hour))
		}
	}
	release = func(by int64, byAdmin bool) op {
		return func(e *env, tx *sql.Tx, id, _, _ int64) (orders.Order, error) {
			return e.svc.Release(ctx, tx, id, by, byAdmin, "cannot make it", t0.Add(time.Hour))
		}
	}
	deliver = func(by int64) op {
		return func(e *env, tx *sql.Tx, id, _, _ int64) (orders.Order, error) {
			return e.svc.Deliver(ctx, tx, id, by, "AgADphoto", t0.Add(time.Hour))
		}
	}
	receive = func(mine bool, rating int) op {
		return func(e *env, tx *sql.Tx, id, h, others int64) (orders.Order, error) {
			return e.svc.Receive(ctx, tx, id, pick(mine, h, others), resident, rating, " 谢谢 ", t0.Add(time.Hour))
		}
	}
	cancel = func(mine bool) op {
		return func(e *env, tx *sql.Tx, id, h, others int64) (orders.Order, error) {
			return e.svc.Cancel(ctx, tx, id, pick(mine, h, others), resident, t0.Add(time.Hour))
		}
	}
	escalate = func(e *env, tx *sql.Tx, id, _, _ int64) (orders.Order, error) {
		return e.svc.Escalate(ctx, tx, id, t0.Add(time.Hour))
	}
	expire = func(e *env, tx *sql.Tx, id, _, _ int64) (orders.Order, error) {
		return e.svc.Expire(ctx, tx, id, "too old", t0.Add(time.Hour))
	}
	reopen = func(e *env, tx *sql.Tx, id, _, _ int64) (orders.Order, error) {
		return e.svc.Reopen(ctx, tx, id, admin, t0.Add(time.Hour))
	}
)

func pick(mine bool, h, others int64) []int64 {
	if mine {
		return []int64{others, h}
	}
	return []int64{others}
}

// inState places an order for household h and moves it to st ("escalated" is an escalated open
// order).
func (e *env) inState(h int64, st string) orders.Order {
	e.t.Helper()
	o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	path := map[string][]op{
		"open":      nil,
		"escalated": {escalate},
		"claimed":   {claim(volunteer)},
		"delivered": {claim(volunteer), deliver(volunteer)},
		"received":  {claim(volunteer), deliver(volunteer), receive(true, 5)},
		"cancelled": {cancel(true)},
		"expired":   {expire},
	}[st]
	for _, step := range path {
		if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return step(e, tx, o.ID, h, 0) }); err != nil {
			e.t.Fatalf("to %s: %v", st, err)
		}
	}
	return e.get(o.ID)
}

func TestTransitions_AllowedOnesBumpVersionAndWriteOneEvent(t *testing.T) {
	for _, c := range []struct {
		from, name string
		op         op
		to         orders.Status
		kind       string
	}{
		{"open", "claim", claim(volunteer), orders.StatusClaimed, orders.EventClaimed},
		{"open", "cancel", cancel(true), orders.StatusCancelled, orders.EventCancelled},
		{"open", "escalate", escalate, orders.StatusOpen, orders.EventEscalated},
		{"open", "expire", expire, orders.StatusExpired, orders.EventExpired},
		{"escalated", "claim", claim(volunteer), orders.StatusClaimed, orders.EventClaimed},
		{"claimed", "release by claimer", release(volunteer, false), orders.StatusOpen, orders.EventReleased},
		{"claimed", "release by admin", release(admin, true), orders.StatusOpen, orders.EventReleased},
		{"claimed", "deliver", deliver(volunteer), orders.StatusDelivered, orders.EventDelivered},
		{"claimed", "cancel", cancel(true), orders.StatusCancelled, orders.EventCancelled},
		{"delivered", "receive", receive(true, 4), orders.StatusReceived, orders.EventReceived},
		{"delivered", "receive unrated", receive(true, 0), orders.StatusReceived, orders.EventReceived},
		{"expired", "reopen", reopen, orders.StatusOpen, orders.EventReopened},
	} {
		t.Run(c.from+"/"+c.name, func(t *testing.T) {
			e := newEnv(t, orders.Options{})
			h, others := e.household("a1", "3号楼"), e.household("a1", "4号楼")
			before := e.inState(h, c.from)
			trail := e.events(before.ID)
			got, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return c.op(e, tx, before.ID, h, others) })
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != c.to || got.Version != before.Version+1 || !reflect.DeepEqual(got, e.get(before.ID)) {
				t.Fatalf("got %s v%d, want %s v%d (stored %+v)", got.Status, got.Version, c.to, before.Version+1, e.get(before.ID))
			}
			after := e.events(before.ID)
			if len(after) != len(trail)+1 || after[len(after)-1] != c.kind {
				t.Fatalf("events %v after %v, want one %s more", after, trail, c.kind)
			}
		})
	}
}

func TestTransitions_RefusedOnesReturnTheSentinelAndChangeNothing(t *testing.T) {
	for _, c := range []struct {
		from, name string
		op         op
		want       error
	}{
		{"open", "release by volunteer", release(volunteer, false), orders.ErrWrongState},
		{"open", "release by admin", release(admin, true), orders.ErrWrongState},
		{"open", "deliver", deliver(volunteer), orders.ErrWrongState},
		{"open", "receive", receive(true, 5), orders.ErrWrongState},
		{"open", "cancel by another household", cancel(false), orders.ErrNotYours},
		{"open", "reopen", reopen, orders.ErrWrongState},
		{"escalated", "escalate again", escalate, orders.ErrWrongState},
		{"claimed", "claim by another", claim(other), orders.ErrAlreadyClaimed},
		{"claimed", "claim again by the claimer", claim(volunteer), orders.ErrWrongState},
		{"claimed", "release by another", release(other, false), orders.ErrNotYours},
		{"claimed", "deliver by another", deliver(other), orders.ErrNotYours},
		{"claimed", "receive before delivery", receive(true, 5), orders.ErrWrongState},
		{"claimed", "cancel by another household", cancel(false), orders.ErrNotYours},
		{"claimed", "escalate", escalate, orders.ErrWrongState},
		{"claimed", "expire", expire, orders.ErrWrongState},
		{"delivered", "cancel after delivery", cancel(true), orders.ErrWrongState},
		{"delivered", "deliver again", deliver(volunteer), orders.ErrWrongState},
		{"delivered", "release", release(volunteer, false), orders.ErrWrongState},
		{"delivered", "claim by another", claim(other), orders.ErrAlreadyClaimed},
		{"delivered", "receive by another household", receive(false, 5), orders.ErrNotYours},
		{"delivered", "rating 6", receive(true, 6), orders.ErrBadInput},
		{"delivered", "rating -1", receive(true, -1), orders.ErrBadInput},
		{"received", "receive again", receive(true, 5), orders.ErrWrongState},
		{"received", "cancel", cancel(true), orders.ErrWrongState},
		{"cancelled", "claim", claim(volunteer), orders.ErrWrongState},
		{"cancelled", "cancel again", cancel(true), orders.ErrWrongState},
		{"cancelled", "reopen", reopen, orders.ErrWrongState},
		{"expired", "claim", claim(volunteer), orders.ErrWrongState},
		{"expired", "cancel", cancel(true), orders.ErrWrongState},
	} {
		t.Run(c.from+"/"+c.name, func(t *testing.T) {
			e := newEnv(t, orders.Options{})
			h, others := e.household("a1", "3号楼"), e.household("a1", "4号楼")
			before := e.inState(h, c.from)
			trail := e.events(before.ID)
			_, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return c.op(e, tx, before.ID, h, others) })
			wantErr(t, err, c.want)
			if !strings.Contains(err.Error(), fmt.Sprintf("#%d", before.ID)) {
				t.Errorf("error %q does not name #%d", err, before.ID)
			}
			if after := e.get(before.ID); !reflect.DeepEqual(after, before) {
				t.Fatalf("order changed:\n%+v\n%+v", before, after)
			}
			if after := e.events(before.ID); !reflect.DeepEqual(after, trail) {
				t.Fatalf("events %v, want %v unchanged", after, trail)
			}
		})
	}
}

func TestTransitions_MissingOrderIsNotFound(t *testing.T) {
	e := newEnv(t, orders.Options{})
	h := e.household("a1", "3号楼")
	for name, o := range map[string]op{"claim": claim(volunteer), "cancel": cancel(true), "receive": receive(true, 1)} {
		_, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return o(e, tx, 999, h, 0) })
		if !errors.Is(err, orders.ErrNotFound) || !strings.Contains(err.Error(), "#999") {
			t.Errorf("%s #999: %v", name, err)
		}
	}
}
