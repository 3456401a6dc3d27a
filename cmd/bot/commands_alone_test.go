package main

import (
	"strings"
	"testing"
)

// /received and /cancel without a number answer as "收到了" and "取消" typed do: the deliveries
// waiting for the household's word with their buttons (or what is under way, or that nothing
// waits), the orders that can still be cancelled with theirs (which ask once more); /cancel alone
// in a guided flow still ends the flow.
func TestCommandsAlone_ReceivedAndCancelOfferTheOrders(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang            string
		user, volunteer int64
	}{{ZH, zhUser, volZH}, {EN, enUser, volEN}} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			lang, user := c.lang, c.user
			lb := claimBot(t)
			register(t, lb, user, lang, "Wang")
			enlist(t, lb, c.volunteer, lang, "Li", "a1")
			if got := lb.say(t, user, "/received"); !shows(t, got.Text, lang, "received.nothing") || got.ReplyMarkup == nil {
				t.Fatalf("/received with no order: %+v", got)
			}
			if got := lb.say(t, user, "/cancel"); !shows(t, got.Text, lang, "free.cancel_none") {
				t.Fatalf("/cancel with no order: %q", got.Text)
			}
			lb.sayAll(t, user, "/order groceries 大米")
			lb.sayAll(t, user, "/order medicine 降压药")
			if got := lb.say(t, user, "/received"); !shows(t, got.Text, lang, "free.received_not_yet") || !strings.Contains(got.Text, "大米") {
				t.Fatalf("/received with nothing delivered: %q", got.Text)
			}
			lb.sayAll(t, c.volunteer, "/claim 1")
			lb.sayAll(t, c.volunteer, "/deliver 1")
			lb.drain(t)
			got := lb.say(t, user, "/received")
			if !shows(t, got.Text, lang, "free.received_which") || !hasButton(got, words(lang, "button.received", 1)) ||
				!hasButton(got, words(lang, "button.not_received", 1)) || hasButton(got, words(lang, "button.received", 2)) {
				t.Fatalf("/received with one delivered: %q %s", got.Text, buttonLabels(got))
			}
			if ok := lb.press(t, user, got, words(lang, "button.received", 1)); !shows(t, ok.Text, lang, "order.received_ok", 1) {
				t.Fatalf("received from /received: %q", ok.Text)
			}
			got = lb.say(t, user, "/cancel")
			if !shows(t, got.Text, lang, "free.cancel_which") || !hasButton(got, words(lang, "button.cancel_order", 2)) || hasButton(got, words(lang, "button.cancel_order", 1)) {
				t.Fatalf("/cancel alone: %q %s", got.Text, buttonLabels(got))
			}
			if ask := lb.press(t, user, got, words(lang, "button.cancel_order", 2)); !shows(t, ask.Text, lang, "order.cancel_confirm", 2, anyArg{}) {
				t.Fatalf("cancel from /cancel asks once more: %q", ask.Text)
			}
			cat := lb.say(t, user, "/order")
			lb.press(t, user, cat, words(lang, "cat.groceries"))
			if got := lb.say(t, user, "/cancel"); !shows(t, got.Text, lang, "order.cancelled") {
				t.Fatalf("/cancel in the guided order: %q", got.Text)
			}
			if n := countRows(t, lb, "orders"); n != 2 {
				t.Fatalf("%d orders, want the 2 placed", n)
			}
			lb.noneRefused(t)
		})
	}
}
