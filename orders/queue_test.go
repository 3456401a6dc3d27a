package orders_test

import (
	"database/sql"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"linli/migrations"
	"linli/orders"
)

func ids(os []orders.Order) []int64 {
	var out []int64
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

// The queue's order: urgent first, those urgent by their category or the resident's word before
// those urgent only because the household is vulnerable (all of theirs are, by default), then
// vulnerable households, then oldest.
func TestQueue_UrgentThenVulnerableThenOldest(t *testing.T) {
	e := newEnv(t, orders.Options{})
	h := e.household("a1", "1")
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	plain := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, at(0))
	vulnerable := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Vulnerable: true, Urgent: ptr(false)}, at(1))
	newUrgent := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Urgent: ptr(true)}, at(3))
	oldUrgent := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Category: orders.Medicine}, at(2))
	urgentVulnerable := e.place(orders.NewOrder{HouseholdID: e.household("a1", "2"), Zone: "a1", Vulnerable: true}, at(4))
	got, err := e.svc.Queue(ctx, e.db.Read, orders.QueueFilter{}, at(5))
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{oldUrgent.ID, newUrgent.ID, urgentVulnerable.ID, vulnerable.ID, plain.ID}
	if !oldUrgent.AskedUrgent || !newUrgent.AskedUrgent || !urgentVulnerable.Urgent || urgentVulnerable.AskedUrgent {
		t.Fatalf("asked: medicine %v, said %v; vulnerable default urgent %v, asked %v", oldUrgent.AskedUrgent,
			newUrgent.AskedUrgent, urgentVulnerable.Urgent, urgentVulnerable.AskedUrgent)
	}
	if !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("queue %v, want %v", ids(got), want)
	}
	page, err := e.svc.Queue(ctx, e.db.Read, orders.QueueFilter{Limit: 2, Offset: 1}, at(5))
	if err != nil || !reflect.DeepEqual(ids(page), want[1:3]) {
		t.Fatalf("page %v, %v; want %v", ids(page), err, want[1:3])
	}
}

func TestQueue_FiltersByZoneAndCategoryAndHoldsOnlyOpenOrders(t *testing.T) {
	e := newEnv(t, orders.Options{})
	a1, b2 := e.household("a1", "1"), e.household("b2", "9")
	food := e.place(orders.NewOrder{HouseholdID: a1, Zone: "a1"}, t0)
	pills := e.place(orders.NewOrder{HouseholdID: a1, Zone: "a1", Category: orders.Medicine}, t0)
	talk := e.place(orders.NewOrder{HouseholdID: a1, Zone: "a1", Category: orders.Counselling}, t0)
	bags := e.place(orders.NewOrder{HouseholdID: b2, Zone: "b2", Category: orders.Garbage, Quantity: "2"}, t0)
	taken := e.place(orders.NewOrder{HouseholdID: b2, Zone: "b2"}, t0)
	gone := e.place(orders.NewOrder{HouseholdID: b2, Zone: "b2"}, t0)
	_, _ = e.do(func(tx *sql.Tx) (orders.Order, error) { return claim(volunteer)(e, tx, taken.ID, b2, 0) })
	_, _ = e.do(func(tx *sql.Tx) (orders.Order, error) { return cancel(true)(e, tx, gone.ID, b2, 0) })
	for _, c := range []struct {
		name string
		f    orders.QueueFilter
		want []int64
	}{
		{"all", orders.QueueFilter{}, []int64{pills.ID, food.ID, talk.ID, bags.ID}},
		{"zone a1", orders.QueueFilter{Zones: []string{"a1"}}, []int64{pills.ID, food.ID, talk.ID}},
		{"two zones", orders.QueueFilter{Zones: []string{"b2", "a1"}}, []int64{pills.ID, food.ID, talk.ID, bags.ID}},
		{"groceries and garbage", orders.QueueFilter{Categories: []string{"garbage", "groceries"}}, []int64{food.ID, bags.ID}},
		{"zone and category", orders.QueueFilter{Zones: []string{"b2"}, Categories: []string{"groceries"}}, nil},
		{"unknown zone", orders.QueueFilter{Zones: []string{"zz"}}, nil},
	} {
		got, err := e.svc.Queue(ctx, e.db.Read, c.f, t0)
		if err != nil || !reflect.DeepEqual(ids(got), c.want) {
			t.Errorf("%s: %v, %v; want %v", c.name, ids(got), err, c.want)
		}
	}
}

func TestByHouseholdAndClaimedBy(t *testing.T) {
	e := newEnv(t, orders.Options{})
	h, relatives, elsewhere := e.household("a1", "1"), e.household("a1", "2"), e.household("a1", "3")
	first := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	second := e.place(orders.NewOrder{HouseholdID: relatives, Zone: "a1"}, t0.Add(time.Minute))
	third := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0.Add(2*time.Minute))
	e.place(orders.NewOrder{HouseholdID: elsewhere, Zone: "a1"}, t0.Add(3*time.Minute))
	got, err := e.svc.ByHousehold(ctx, e.db.Read, []int64{h, relatives}, 0)
	if want := []int64{third.ID, second.ID, first.ID}; err != nil || !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("by household %v, %v; want %v newest first", ids(got), err, want)
	}
	if got, _ := e.svc.ByHousehold(ctx, e.db.Read, []int64{h, relatives}, 1); len(got) != 1 {
		t.Fatalf("limit 1 gave %d", len(got))
	}
	for _, id := range []int64{third.ID, first.ID} {
		if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return claim(volunteer)(e, tx, id, h, 0) }); err != nil {
			t.Fatal(err)
		}
	}
	_, _ = e.do(func(tx *sql.Tx) (orders.Order, error) { return deliver(volunteer)(e, tx, third.ID, h, 0) })
	tasks, err := e.svc.ClaimedBy(ctx, e.db.Read, volunteer)
	if err != nil || !reflect.DeepEqual(ids(tasks), []int64{first.ID}) {
		t.Fatalf("tasks %v, %v; want only the undelivered #%d", ids(tasks), err, first.ID)
	}
}

func TestQueries_UseTheirIndexes(t *testing.T) {
	e := newEnv(t, orders.Options{})
	for _, c := range []struct{ query, index string }{
		{`SELECT id FROM orders WHERE status = 'open' AND zone IN (?, ?) AND category IN (?, ?)
			ORDER BY urgent DESC, asked_urgent DESC, vulnerable DESC, created_at, id LIMIT 50`, "orders_queue"},
		{`SELECT id FROM orders WHERE status = 'open' ORDER BY urgent DESC, asked_urgent DESC, vulnerable DESC, created_at, id LIMIT 50`, "orders_queue_all"},
		{`SELECT id FROM orders WHERE household_id IN (?, ?) ORDER BY created_at DESC, id DESC LIMIT 20`, "orders_household"},
		{`SELECT count(*) FROM orders WHERE household_id = ? AND status IN ('open', 'claimed')`, "orders_household_open"},
		{`SELECT id FROM orders WHERE claimed_by = ? AND status = 'claimed'`, "orders_claimer"},
		{`SELECT id FROM orders WHERE status = 'open' AND escalated = 0 AND claim_deadline <= ?`, "orders_claim_due"},
		{`SELECT id FROM orders WHERE status = 'claimed' AND deliver_deadline <= ?`, "orders_deliver_due"},
		// CountByStatus: counts from indexes a claim does not rewrite (migration 0021)
		{`SELECT count(*) FROM orders WHERE status = 'open'`, "orders_queue_all"},
		{`SELECT count(*) FROM orders WHERE status = 'claimed'`, "orders_deliver_due"},
		{`SELECT status, count(*) FROM orders WHERE status NOT IN ('open', 'claimed') GROUP BY status`, "orders_done"},
	} {
		rows, err := e.db.Read.Query(`EXPLAIN QUERY PLAN `+c.query, 1, 2, 3, 4)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			_ = rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		// "SCAN orders" alone would be a walk over every order ever placed.
		if p := strings.Join(plan, "; ") + " "; !strings.Contains(p, "INDEX "+c.index+" ") || slices.Contains(plan, "SCAN orders") {
			t.Errorf("%s\nplan: %s\nwant index %s", c.query, p, c.index)
		}
	}
}

// Migration 0023 down and up again: orders placed before it keep their urgency, and count as
// urgent by their own merit unless only their household's vulnerability made them urgent
// (medicine excepted, urgent by its category).
func TestMigration0023_AskedUrgentFromWhatOlderOrdersTell(t *testing.T) {
	e := newEnv(t, orders.Options{})
	h, v := e.household("a1", "1"), e.household("a1", "2")
	said := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Urgent: ptr(true)}, t0)
	plain := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0)
	byDefault := e.place(orders.NewOrder{HouseholdID: v, Zone: "a1", Vulnerable: true}, t0)
	pills := e.place(orders.NewOrder{HouseholdID: v, Zone: "a1", Vulnerable: true, Category: orders.Medicine}, t0)
	p, err := goose.NewProvider(goose.DialectSQLite3, e.db.Write, migrations.FS, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 22); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 23); err != nil {
		t.Fatal(err)
	}
	want := map[int64]bool{said.ID: true, plain.ID: false, byDefault.ID: false, pills.ID: true}
	for id, asked := range want {
		var got bool
		if err := e.db.Read.QueryRow(`SELECT asked_urgent FROM orders WHERE id = ?`, id).Scan(&got); err != nil || got != asked {
			t.Errorf("#%d: asked_urgent %v (%v), want %v", id, got, err, asked)
		}
	}
	got, err := e.svc.Queue(ctx, e.db.Read, orders.QueueFilter{}, t0)
	if want := []int64{pills.ID, said.ID, byDefault.ID, plain.ID}; err != nil || !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("queue after the migration: %v %v, want %v", ids(got), err, want)
	}
}
