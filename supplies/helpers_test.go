package supplies_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/store"
	"linli/supplies"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
)

const organiser int64 = 5001

// env is a migrated database, a service over it and the events it raised.
type env struct {
	t   *testing.T
	db  *store.DB
	svc *supplies.Service

	mu     sync.Mutex
	events []supplies.Event
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, db: testdb.Open(t)}
	e.svc = supplies.New(supplies.Options{Notify: func(_ context.Context, _ *sql.Tx, ev supplies.Event) error {
		e.mu.Lock()
		e.events = append(e.events, ev)
		e.mu.Unlock()
		return nil
	}})
	return e
}

// kinds counts the events raised by kind.
func (e *env) kinds() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]int{}
	for _, ev := range e.events {
		out[ev.Kind]++
	}
	return out
}

// households inserts n households in zone, building, unit "1", rooms 101, 102, ... (in reverse
// order of room, to see the sorting).
func (e *env) households(zone, building string, n int) []int64 {
	e.t.Helper()
	out := make([]int64, n)
	err := e.tx(func(tx *sql.Tx) error {
		for i := n - 1; i >= 0; i-- {
			res, err := tx.Exec(`INSERT INTO households (zone, building, unit, room, name, phone, vulnerable, created_at, updated_at)
				VALUES (?, ?, '1', ?, 'Wang', '13800000000', ?, 0, 0)`, zone, building, fmt.Sprint(101+i),
				map[bool]string{true: "elderly_alone"}[i%5 == 0])
			if err != nil {
				return err
			}
			out[i], _ = res.LastInsertId()
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) tx(fn func(tx *sql.Tx) error) error { return store.InTx(ctx, e.db.Write, fn) }

// round creates and publishes a group buy for zone a1 from n.
func (e *env) round(n supplies.NewRound) supplies.Round {
	e.t.Helper()
	if n.Kind == "" {
		n.Kind = supplies.GroupBuy
	}
	if n.Title == "" {
		n.Title = "蔬菜包"
	}
	if n.Audience == "" {
		n.Audience = "zone:a1"
	}
	if n.Cutoff.IsZero() {
		n.Cutoff = t0.Add(24 * time.Hour)
	}
	if n.Items == nil {
		n.Items = []supplies.Item{{Name: "蔬菜包", Unit: "份", Price: 3900, Max: 2}, {Name: "鸡蛋", Unit: "盒", Price: 1500, Max: 3}}
	}
	n.CreatedBy = organiser
	var r supplies.Round
	err := e.tx(func(tx *sql.Tx) (err error) {
		if r, err = e.svc.Create(ctx, tx, n, t0); err != nil {
			return err
		}
		r, err = e.svc.Publish(ctx, tx, r.ID, organiser, t0)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// sign signs household up for qty of item no.
func (e *env) sign(r supplies.Round, household int64, no, qty int, at time.Time) (supplies.SignUp, error) {
	var l supplies.SignUp
	err := e.tx(func(tx *sql.Tx) (err error) {
		l, err = e.svc.Sign(ctx, tx, supplies.Request{RoundID: r.ID, HouseholdID: household, Zone: "a1", Building: "1",
			ItemNo: no, Quantity: qty, By: household}, at)
		return err
	})
	return l, err
}

func (e *env) get(id int64) supplies.Round {
	e.t.Helper()
	r, err := e.svc.Get(ctx, e.db.Read, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
}
