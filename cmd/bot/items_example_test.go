package main

import (
	"testing"

	"linli/orders"
)

// The guided order's items question gives an example of its own category (insulin for
// medicine, a parcel for an errand, not rice and eggs), and a neutral one for a category the
// community added.
func TestOrderItems_ExampleFitsTheCategory(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), categoriesTOML)
	addUsers(lb.ts)
	for lang, user := range map[string]int64{ZH: zhUser, EN: enUser} {
		register(t, lb, user, lang, "Wang")
		for _, c := range []struct{ label, example string }{
			{words(lang, "cat.medicine"), "order.example.medicine"},
			{words(lang, "cat.errand"), "order.example.errand"},
			{words(lang, "cat.garbage"), "order.example.garbage"},
			{map[string]string{ZH: "尿不湿", EN: "Diapers"}[lang], "order.example"},
		} {
			cat := lb.say(t, user, "/order")
			ask := lb.press(t, user, cat, c.label)
			shape := orders.ShapeDelivery
			if c.example == "order.example.garbage" {
				shape = orders.ShapePickup
			}
			if !shows(t, ask.Text, lang, "order.ask_items."+string(shape), words(lang, c.example), anyArg{}) ||
				(c.example != "order.example.groceries" && shows(t, ask.Text, lang, "order.ask_items."+string(shape), words(lang, "order.example.groceries"), anyArg{})) {
				t.Errorf("%s %s: %q", lang, c.label, ask.Text)
			}
			lb.say(t, user, "/cancel")
		}
	}
	lb.noneRefused(t)
}
