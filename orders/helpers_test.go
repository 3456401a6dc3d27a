package orders_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/orders"
	"linli/store"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
)

// Users acting in the tests.
const (
	resident  int64 = 1001
	relative  int64 = 1002
	stranger  int64 = 1003
	volunteer int64 = 2001
	other     int64 = 2002
	admin     int64 = 3001
)

// env is a migrated database and a service over it.
type env struct {
	t   *testing.T
	db  *store.DB
	svc *orders.Service
}

func newEnv(t *testing.T, o orders.Options) *env {
	t.Helper()
	return &env{t: t, db: testdb.Open(t), svc: orders.New(o)}
}

// household inserts a household in zone and returns its id.
func (e *env) household(zone, building string) int64 {
	e.t.Helper()
	res, err := e.db.Write.Exec(`INSERT INTO households (zone, building, room, name, phone, created_at, updated_at)
		VALUES (?, ?, '101', 'Wang', '13800000000', 0, 0)`, zone, building)
	if err != nil {
		e.t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// tx runs fn in a write transaction and returns its error.
func (e *env) tx(fn func(tx *sql.Tx) error) error {
	return store.InTx(ctx, e.db.Write, fn)
}

// place places n (Items defaulted) at at and fails the test on error.
func (e *env) place(n orders.NewOrder, at time.Time) orders.Order {
	e.t.Helper()
	if n.Items == "" {
		n.Items = "大米 5kg; 鸡蛋 10个"
	}
	if n.Category == "" {
		n.Category = orders.Groceries
	}
	if n.PlacedBy == 0 {
		n.PlacedBy = resident
	}
	var o orders.Order
	err := e.tx(func(tx *sql.Tx) (err error) {
		o, err = e.svc.Place(ctx, tx, n, at)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// get reads order id.
func (e *env) get(id int64) orders.Order {
	e.t.Helper()
	o, err := e.svc.Get(ctx, e.db.Read, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// events returns the kinds of order id's trail.
func (e *env) events(id int64) []string {
	e.t.Helper()
	evs, err := e.svc.Events(ctx, e.db.Read, id)
	if err != nil {
		e.t.Fatal(err)
	}
	var kinds []string
	for _, ev := range evs {
		kinds = append(kinds, ev.Kind)
	}
	return kinds
}

// do runs one call of the service in its own transaction.
func (e *env) do(call func(tx *sql.Tx) (orders.Order, error)) (orders.Order, error) {
	var o orders.Order
	err := e.tx(func(tx *sql.Tx) (err error) {
		o, err = call(tx)
		return err
	})
	return o, err
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
}

func ptr[T any](v T) *T { return &v }
