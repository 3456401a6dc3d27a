package orders_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"

	"linli/orders"
	"linli/outbox"
)

// recorder is a Notify that queues a message per event, as the real one will, and remembers the
// events and the transactions it was called in.
type recorder struct {
	events []orders.Event
	txs    []*sql.Tx
	fail   string // fail events of this kind
}

func (r *recorder) notify(ctx context.Context, tx *sql.Tx, e orders.Event) error {
	if e.Kind == r.fail {
		return errors.New("outbox full")
	}
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM orders WHERE id = ?`, e.OrderID).Scan(&status); err != nil {
		return err
	}
	if status != string(e.To) || e.Order.Status != e.To || e.Order.ID != e.OrderID {
		return errors.New("notified before the change is visible in the transaction")
	}
	r.events = append(r.events, e)
	r.txs = append(r.txs, tx)
	_, err := outbox.Add(ctx, tx, outbox.Message{ChatID: resident, Text: e.Kind}, outbox.Options{}, e.At)
	return err
}

func (e *env) outboxRows() int {
	var n int
	_ = e.db.Read.QueryRow(`SELECT count(*) FROM outbox`).Scan(&n)
	return n
}

func TestNotify_OncePerEventInsideTheTransaction(t *testing.T) {
	r := &recorder{}
	e := newEnv(t, orders.Options{Notify: r.notify})
	h := e.household("a1", "1")
	o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	for _, step := range []op{claim(volunteer), claim(other), deliver(volunteer), receive(true, 5)} {
		var inner *sql.Tx
		before := len(r.events)
		err := e.tx(func(tx *sql.Tx) error {
			inner = tx
			_, err := step(e, tx, o.ID, h, 0)
			return err
		})
		switch n := len(r.events) - before; {
		case err != nil && n != 0:
			t.Fatalf("a refused step (%v) notified %d times", err, n)
		case err == nil && (n != 1 || r.txs[before] != inner):
			t.Fatalf("a step notified %d times, want once in its own transaction", n)
		}
	}
	var kinds []string
	for _, ev := range r.events {
		kinds = append(kinds, ev.Kind)
	}
	want := []string{orders.EventPlaced, orders.EventClaimed, orders.EventDelivered, orders.EventReceived}
	if !slices.Equal(kinds, want) {
		t.Fatalf("notified %v, want %v (the refused claim by another notifies nobody)", kinds, want)
	}
	if n := e.outboxRows(); n != 4 {
		t.Fatalf("%d outbox rows, want one per event", n)
	}
}

func TestNotify_ErrorRollsTheTransitionBack(t *testing.T) {
	r := &recorder{fail: orders.EventClaimed}
	e := newEnv(t, orders.Options{Notify: r.notify})
	h := e.household("a1", "1")
	o := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	_, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return claim(volunteer)(e, tx, o.ID, h, 0) })
	if err == nil || errors.Is(err, orders.ErrAlreadyClaimed) {
		t.Fatalf("claim with a failing Notify: %v", err)
	}
	// A caller that goes on after the error and commits (to answer the volunteer, say) keeps
	// nothing of the failed transition either.
	if err := e.tx(func(tx *sql.Tx) error {
		_, err := e.svc.Claim(ctx, tx, o.ID, volunteer, t0)
		if err == nil {
			t.Error("claim succeeded with a failing Notify")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := e.get(o.ID); got.Status != orders.StatusOpen || got.Version != o.Version || got.ClaimedBy != 0 {
		t.Fatalf("after failed notifications %+v", got)
	}
	if ev := e.events(o.ID); len(ev) != 1 || e.outboxRows() != 1 {
		t.Fatalf("events %v and %d outbox rows survived; want only the placing", ev, e.outboxRows())
	}
	r.fail = orders.EventPlaced
	_, err = e.do(func(tx *sql.Tx) (orders.Order, error) {
		return e.svc.Place(ctx, tx, orders.NewOrder{HouseholdID: h, Zone: "a1", Category: "groceries", Items: "milk"}, t0)
	})
	if n, _ := e.svc.CountOpen(ctx, e.db.Read, h); err == nil || n != 1 {
		t.Fatalf("place with a failing Notify: %v, %d open", err, n)
	}
}
