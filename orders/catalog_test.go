package orders_test

import (
	"errors"
	"strings"
	"testing"

	"linli/orders"
)

func TestDefaultCategories_ShapesAndDefaults(t *testing.T) {
	want := map[string]orders.Shape{
		"groceries": orders.ShapeDelivery, "medicine": orders.ShapeDelivery, "errand": orders.ShapeDelivery,
		"garbage": orders.ShapePickup, "livestock": orders.ShapeWork, "farming": orders.ShapeWork,
		"counselling": orders.ShapeRemote,
	}
	cats := orders.DefaultCategories()
	if len(cats) != len(want) {
		t.Fatalf("%d categories, want %d", len(cats), len(want))
	}
	for _, c := range cats {
		if c.Shape != want[c.Key] || len(c.Items) == 0 || c.Disabled {
			t.Errorf("%s: %+v", c.Key, c)
		}
		if c.UrgentByDefault != (c.Key == orders.Medicine) || c.Prescription != (c.Key == orders.Medicine) {
			t.Errorf("%s: urgent %v prescription %v; only medicine is both", c.Key, c.UrgentByDefault, c.Prescription)
		}
		if remote := c.Key == orders.Counselling; c.CounsellorsOnly() != remote || c.ShowInGroups() == remote {
			t.Errorf("%s: counsellors only %v, in groups %v", c.Key, c.CounsellorsOnly(), c.ShowInGroups())
		}
	}
	units := map[string]string{orders.Livestock: "head", orders.Farming: "mu", orders.Garbage: "bag"}
	for _, c := range cats {
		if c.Unit != units[c.Key] {
			t.Errorf("%s: unit %q, want %q", c.Key, c.Unit, units[c.Key])
		}
	}
}

func TestNewCatalog_DisablesChangesAndAdds(t *testing.T) {
	c, err := orders.NewCatalog([]orders.CategoryConfig{
		{Key: orders.Farming, Disabled: true},
		{Key: orders.Groceries, Urgent: ptr(true), Items: []string{"rice", "baby_formula"}},
		{Key: "water", Shape: orders.ShapeDelivery, Unit: "barrel"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Lookup(orders.Farming); !errors.Is(err, orders.ErrCategoryDisabled) {
		t.Fatalf("farming: %v", err)
	}
	if _, err := c.Lookup("pizza"); !errors.Is(err, orders.ErrUnknownCategory) {
		t.Fatalf("pizza: %v", err)
	}
	g, err := c.Lookup(orders.Groceries)
	if err != nil || !g.UrgentByDefault || strings.Join(g.Items, ",") != "rice,baby_formula" {
		t.Fatalf("groceries: %+v, %v", g, err)
	}
	g.Items[0] = "changed by a caller"
	if again, _ := c.Lookup(orders.Groceries); again.Items[0] != "rice" {
		t.Fatal("a caller changed the shared catalog through Lookup")
	}
	w, err := c.Lookup("water")
	if err != nil || w.Shape != orders.ShapeDelivery || w.Unit != "barrel" {
		t.Fatalf("water: %+v, %v", w, err)
	}
	var keys []string
	for _, cat := range c.Enabled() {
		keys = append(keys, cat.Key)
	}
	if got := strings.Join(keys, ","); got != "groceries,medicine,garbage,errand,livestock,counselling,water" {
		t.Fatalf("enabled %s", got)
	}
}

func TestNewCatalog_RefusesBadConfiguration(t *testing.T) {
	for name, ch := range map[string][]orders.CategoryConfig{
		"empty key":          {{Key: "", Shape: orders.ShapeWork}},
		"upper case":         {{Key: "Water", Shape: orders.ShapeDelivery}},
		"17 characters":      {{Key: strings.Repeat("a", 17), Shape: orders.ShapeDelivery}},
		"space":              {{Key: "dog walk", Shape: orders.ShapeWork}},
		"chinese":            {{Key: "买菜", Shape: orders.ShapeDelivery}},
		"new without shape":  {{Key: "water"}},
		"unknown shape":      {{Key: "water", Shape: "teleport"}},
		"twice":              {{Key: "water", Shape: orders.ShapeDelivery}, {Key: "water", Disabled: true}},
		"built-in bad shape": {{Key: orders.Garbage, Shape: "parcel"}},
	} {
		if _, err := orders.NewCatalog(ch); err == nil {
			t.Errorf("%s: accepted %+v", name, ch)
		}
	}
	if _, err := orders.NewCatalog([]orders.CategoryConfig{{Key: "a_b-9", Shape: orders.ShapeRemote}}); err != nil {
		t.Errorf("a_b-9: %v", err)
	}
}
