package orders_test

import (
	"slices"
	"testing"

	"linli/orders"
)

func TestMayTake_ZonesCategoriesEscalationAndCounselling(t *testing.T) {
	s := orders.New(orders.Options{})
	a1 := func(z string) bool { return z == "a1" }
	groceries := orders.Order{Zone: "a1", Category: orders.Groceries, Status: orders.StatusOpen}
	inB2 := orders.Order{Zone: "b2", Category: orders.Groceries, Status: orders.StatusOpen}
	escalated := inB2
	escalated.Escalated = true
	counselling := orders.Order{Zone: "a1", Category: orders.Counselling, Shape: orders.ShapeRemote, Status: orders.StatusOpen}
	volA1 := orders.Taker{Volunteer: true, Zones: []string{"a1"}}
	medicineOnly := orders.Taker{Volunteer: true, Categories: []string{orders.Medicine}}
	cases := []struct {
		name string
		t    orders.Taker
		o    orders.Order
		want bool
	}{
		{"a volunteer of the zone", volA1, groceries, true},
		{"a volunteer of another zone", volA1, inB2, false},
		{"the same, once escalated", volA1, escalated, true},
		{"another category, even escalated", medicineOnly, escalated, false},
		{"an admin of the zone", orders.Taker{AdminIn: a1}, groceries, true},
		{"an admin of another zone", orders.Taker{AdminIn: a1}, inB2, false},
		{"no one", orders.Taker{}, groceries, false},
		{"counselling, not a counsellor", volA1, counselling, false},
		{"counselling, an admin who is not a counsellor", orders.Taker{AdminIn: a1}, counselling, false},
		{"counselling, a counsellor", orders.Taker{Volunteer: true, Counsellor: true}, counselling, true},
	}
	for _, c := range cases {
		if got := s.MayTake(c.t, c.o); got != c.want {
			t.Errorf("%s: MayTake = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCategoriesFor_CounsellingForCounsellorsOnly(t *testing.T) {
	s := orders.New(orders.Options{})
	if got := s.CategoriesFor(orders.Taker{Volunteer: true, Categories: []string{orders.Medicine}}); !slices.Equal(got, []string{orders.Medicine}) {
		t.Errorf("a medicine volunteer's categories: %v", got)
	}
	admin := s.CategoriesFor(orders.Taker{AdminIn: func(string) bool { return true }})
	if slices.Contains(admin, orders.Counselling) || !slices.Contains(admin, orders.Groceries) {
		t.Errorf("an admin who is not a counsellor: %v", admin)
	}
}
