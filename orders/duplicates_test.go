package orders_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"linli/orders"
)

func TestDuplicates_OpenOfCategoryAndAddItemsOnlyWhileOpen(t *testing.T) {
	var told []string
	e := newEnv(t, orders.Options{Notify: func(_ context.Context, _ *sql.Tx, ev orders.Event) error {
		told = append(told, ev.Kind)
		return nil
	}})
	h := e.household("a1", "3号楼")
	if _, ok, err := e.svc.OpenOfCategory(ctx, e.db.Read, h, orders.Groceries); ok || err != nil {
		t.Fatalf("open of an empty household: %v, %v", ok, err)
	}
	first := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Items: "大米"}, t0)
	second := e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Items: "面"}, t0.Add(1))
	e.place(orders.NewOrder{HouseholdID: h, Zone: "a1", Category: orders.Garbage, Items: "2袋"}, t0.Add(2))
	if got, ok, err := e.svc.OpenOfCategory(ctx, e.db.Read, h, orders.Groceries); !ok || err != nil || got.ID != second.ID {
		t.Fatalf("newest open groceries: %+v, %v, %v", got, ok, err)
	}
	add := func(id, household int64, items string) (orders.Order, error) {
		return e.do(func(tx *sql.Tx) (orders.Order, error) {
			return e.svc.AddItems(ctx, tx, id, []int64{household}, resident, items, t0)
		})
	}
	got, err := add(second.ID, h, "  鸡蛋 <b>10</b>  ")
	if err != nil || got.Items != "面; 鸡蛋 <b>10</b>" || got.Version != second.Version+1 || told[len(told)-1] != orders.EventAmended {
		t.Fatalf("added: %+v, %v, told %v", got, err, told)
	}
	_, err = add(second.ID, h+1, "油") // not their household
	wantErr(t, err, orders.ErrNotYours)
	_, err = add(second.ID, h, "")
	wantErr(t, err, orders.ErrBadInput)
	_, err = add(second.ID, h, strings.Repeat("米", orders.MaxItems-len([]rune(got.Items))-1)) // "; " makes it one too many
	wantErr(t, err, orders.ErrBadInput)
	if _, err := e.do(func(tx *sql.Tx) (orders.Order, error) { return e.svc.Claim(ctx, tx, first.ID, volunteer, t0) }); err != nil {
		t.Fatal(err)
	}
	o, err := add(first.ID, h, "油")
	wantErr(t, err, orders.ErrWrongState)
	if o.Status != orders.StatusClaimed || e.get(first.ID).Items != "大米" {
		t.Fatalf("claimed order changed: %+v", e.get(first.ID))
	}
}
