package orders_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"linli/orders"
)

func TestPlace_CopiesRoutingAndSetsClaimDeadline(t *testing.T) {
	e := newEnv(t, orders.Options{ClaimSLA: 20 * time.Minute, UrgentClaimSLA: 5 * time.Minute})
	h := e.household("a1", "3号楼")
	o := e.place(orders.NewOrder{HouseholdID: h, PlacedBy: relative, Zone: "a1", Building: "3号楼",
		Quantity: " 5kg ", Note: "放门口"}, t0)
	if o.ID == 0 || o.Status != orders.StatusOpen || o.Version != 1 || o.HouseholdID != h || o.PlacedBy != relative ||
		o.Zone != "a1" || o.Building != "3号楼" || o.Shape != orders.ShapeDelivery || o.Quantity != "5kg" ||
		o.Note != "放门口" || !o.CreatedAt.Equal(t0) || !o.ClaimDeadline.Equal(t0.Add(20*time.Minute)) {
		t.Fatalf("placed %+v", o)
	}
	m := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Category: orders.Medicine, Prescription: true,
		PrescriptionPhoto: "AgACphoto"}, t0)
	if !m.Urgent || !m.Prescription || !m.ClaimDeadline.Equal(t0.Add(5*time.Minute)) ||
		e.get(m.ID).PrescriptionPhoto != "AgACphoto" {
		t.Fatalf("medicine %+v: want urgent, prescription, 5 minutes to claim", m)
	}
	if got := e.events(o.ID); len(got) != 1 || got[0] != orders.EventPlaced {
		t.Fatalf("events %v", got)
	}
}

func TestPlace_UrgencyDefaults(t *testing.T) {
	for _, c := range []struct {
		name       string
		category   string
		vulnerable bool
		urgent     *bool
		want       bool
	}{
		{"groceries", orders.Groceries, false, nil, false},
		{"medicine is urgent by default", orders.Medicine, false, nil, true},
		{"vulnerable household", orders.Groceries, true, nil, true},
		{"medicine explicitly not urgent", orders.Medicine, false, ptr(false), false},
		{"vulnerable explicitly not urgent", orders.Groceries, true, ptr(false), false},
		{"groceries explicitly urgent", orders.Groceries, false, ptr(true), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, orders.Options{})
			o := e.place(orders.NewOrder{HouseholdID: e.household("a1", "1"), Zone: "a1",
				Category: c.category, Vulnerable: c.vulnerable, Urgent: c.urgent}, t0)
			if o.Urgent != c.want || o.Vulnerable != c.vulnerable {
				t.Fatalf("urgent %v vulnerable %v, want %v %v", o.Urgent, o.Vulnerable, c.want, c.vulnerable)
			}
		})
	}
}

func TestPlace_ValidatesInputAndChangesNothing(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(n *orders.NewOrder)
		want  error
		field string
	}{
		{"empty items", func(n *orders.NewOrder) { n.Items = "" }, orders.ErrBadInput, "items"},
		{"whitespace items", func(n *orders.NewOrder) { n.Items = " \t\n　" }, orders.ErrBadInput, "items"},
		{"1001 runes", func(n *orders.NewOrder) { n.Items = strings.Repeat("米", 1001) }, orders.ErrBadInput, "items"},
		{"501-rune note", func(n *orders.NewOrder) { n.Note = strings.Repeat("x", 501) }, orders.ErrBadInput, "note"},
		{"long quantity", func(n *orders.NewOrder) { n.Quantity = strings.Repeat("9", 101) }, orders.ErrBadInput, "quantity"},
		{"weekly", func(n *orders.NewOrder) { n.Recurring = "weekly" }, orders.ErrBadInput, "recurring"},
		{"prescription for groceries", func(n *orders.NewOrder) { n.Prescription = true }, orders.ErrBadInput, "prescription"},
		{"photo without prescription", func(n *orders.NewOrder) { n.PrescriptionPhoto = "AgAC" }, orders.ErrBadInput, "prescription"},
		{"no zone", func(n *orders.NewOrder) { n.Zone = "" }, orders.ErrBadInput, "zone"},
		{"unknown category", func(n *orders.NewOrder) { n.Category = "pizza" }, orders.ErrUnknownCategory, ""},
		{"disabled category", func(n *orders.NewOrder) { n.Category = orders.Farming }, orders.ErrCategoryDisabled, ""},
		{"no such household", func(n *orders.NewOrder) { n.HouseholdID = 999 }, orders.ErrNotFound, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			cat, err := orders.NewCatalog([]orders.CategoryConfig{{Key: orders.Farming, Disabled: true}})
			if err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, orders.Options{Catalog: cat})
			n := orders.NewOrder{HouseholdID: e.household("a1", "1"), PlacedBy: resident, Zone: "a1",
				Category: orders.Groceries, Items: "rice"}
			c.edit(&n)
			_, err = e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Place(ctx, tx, n, t0) })
			wantErr(t, err, c.want)
			var ie *orders.InputError
			if c.field != "" && (!errors.As(err, &ie) || ie.Field != c.field) {
				t.Fatalf("err %v: want field %q", err, c.field)
			}
			var count int
			_ = e.db.Read.QueryRow(`SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_events)`).Scan(&count)
			if count != 0 {
				t.Fatalf("%d rows written by a refused order", count)
			}
		})
	}
}

func TestPlace_StoresTextCleanedAndTrimmed(t *testing.T) {
	for name, c := range map[string]struct{ in, want string }{
		"1000 runes":     {strings.Repeat("米", 1000), strings.Repeat("米", 1000)},
		"emoji":          {"  🍚 rice 🥚×10 ", "🍚 rice 🥚×10"},
		"control bytes":  {"\nrice\x00\x07<b>&amp;</b>\u202e\t", "rice<b>&amp;</b>"}, // markup kept: escaping is the renderer's; the RTL override dropped (issue 12)
		"inner newlines": {"rice\n\neggs", "rice\n\neggs"},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, orders.Options{})
			o := e.place(orders.NewOrder{HouseholdID: e.household("a1", "1"), Zone: "a1", Items: c.in}, t0)
			if got := e.get(o.ID).Items; got != c.want || o.Items != c.want {
				t.Fatalf("stored %q, want %q", got, c.want)
			}
		})
	}
}

func TestPlace_OpenOrdersPerHouseholdLimit(t *testing.T) {
	e := newEnv(t, orders.Options{})
	h, neighbour := e.household("a1", "1"), e.household("a1", "1")
	var placed []orders.Order
	for i := range 5 {
		placed = append(placed, e.place(orders.NewOrder{HouseholdID: h, Zone: "a1"}, t0.Add(time.Duration(i)*time.Minute)))
	}
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return claim(volunteer)(e, tx, placed[0].ID, h, 0) }); err != nil {
		t.Fatal(err)
	}
	sixth := orders.NewOrder{HouseholdID: h, PlacedBy: resident, Zone: "a1", Category: orders.Groceries, Items: "milk"}
	_, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Place(ctx, tx, sixth, t0) })
	wantErr(t, err, orders.ErrTooManyOpen)
	e.place(orders.NewOrder{HouseholdID: neighbour, Zone: "a1"}, t0) // the limit is per household
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return cancel(true)(e, tx, placed[0].ID, h, 0) }); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.CountOpen(ctx, e.db.Read, h); err != nil || n != 4 {
		t.Fatalf("open = %d, %v after cancelling one of 5", n, err)
	}
	e.place(sixth, t0)

	// At the limit, an order said to be urgent has room beyond it, as much again.
	yes := true
	insulin := orders.NewOrder{HouseholdID: h, PlacedBy: resident, Zone: "a1", Category: orders.Groceries, Items: "胰岛素", Urgent: &yes}
	for range 5 {
		e.place(insulin, t0)
	}
	_, err = e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Place(ctx, tx, insulin, t0) })
	wantErr(t, err, orders.ErrTooManyOpen)
	_, err = e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Place(ctx, tx, sixth, t0) })
	wantErr(t, err, orders.ErrTooManyOpen)
	if n, err := e.svc.CountOpen(ctx, e.db.Read, h); err != nil || n != 10 {
		t.Fatalf("open = %d, %v; want 10", n, err)
	}
}
