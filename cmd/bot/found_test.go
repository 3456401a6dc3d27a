package main

import (
	"strings"
	"testing"
)

// "Not received" pressed in a hurry, then the goods found at the door (walk: 王秀兰's medicine):
// the household confirms the order after all, with the button under the "not received" answer,
// /received or /orders, while it is still back with its claimer. The claimer is told and their
// card loses the address; another household, a released or re-claimed order cannot be confirmed.
func TestReceived_FoundAfterNotReceived_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")
	lb.sayAll(t, zhUser, "/order medicine 胰岛素")   // #1
	lb.sayAll(t, enUser, "/order groceries rice") // #2
	lb.sayAll(t, enUser, "/order errand stamps")  // #3

	// 李雷 delivers #1; 王秀兰 says it never came, and the answer offers the way back.
	lb.say(t, volZH, "/claim 1")
	lb.sayAll(t, volZH, "/deliver 1")
	notice := lastShowing(t, lb, zhUser, ZH, "notify.delivered", 1)
	// The notice itself becomes the answer (no Received / Not received left on it).
	nr := lb.press(t, zhUser, notice, words(ZH, "button.not_received", 1))
	if nr.ID != notice.ID || !shows(t, nr.Text, ZH, "order.not_received_ok", 1) || !hasButton(nr, words(ZH, "button.found_it", 1)) ||
		hasButton(nr, words(ZH, "button.not_received", 1)) {
		t.Fatalf("not received answer: %+v", nr)
	}
	task := lastShowing(t, lb, volZH, ZH, "queue.told_not_received", 1)

	// Another household's press confirms nothing (a group's: group_walk_test.go).
	if a := pressAnswer(t, lb, enUser, enUser, nr.ID, "o:r:1"); !shows(t, a, EN, "order.not_yours") {
		t.Fatalf("received by another household: %q", a)
	}
	if orderStatus(t, lb, 1) != "claimed" {
		t.Fatalf("#1 is %s after a forged press", orderStatus(t, lb, 1))
	}

	// She finds it: one tap, the rating question as usual.
	before := len(lb.ts.BotMessages(volZH))
	found := lb.press(t, zhUser, nr, words(ZH, "button.found_it", 1))
	if !shows(t, found.Text, ZH, "order.received_ok", 1) || !hasButton(found, "⭐5") || orderStatus(t, lb, 1) != "received" {
		t.Fatalf("found it: %+v, #1 %s", found, orderStatus(t, lb, 1))
	}
	lb.drain(t)
	if told := lb.ts.BotMessages(volZH)[before:]; !showsIn(t, told, ZH, "queue.told_found", 1) {
		t.Fatalf("claimer not told it was found: %+v", told)
	}
	if c := lb.current(task); !shows(t, c.Text, ZH, "cards.task_received", 1) || strings.Contains(c.Text, resPhone) ||
		c.ReplyMarkup != nil && len(c.ReplyMarkup.InlineKeyboard) > 0 {
		t.Fatalf("claimer's card after it was found: %+v", c)
	}
	if a := pressAnswer(t, lb, zhUser, zhUser, nr.ID, "o:r:1"); !shows(t, a, ZH, "order.why_received.received") {
		t.Fatalf("found twice: %q", a)
	}

	// Bob delivers #2, Ann says it never came, Bob releases it: it cannot be confirmed now,
	// nor once another volunteer claimed it.
	lb.say(t, volEN, "/claim 2")
	lb.sayAll(t, volEN, "/deliver 2")
	n2 := lastShowing(t, lb, enUser, EN, "notify.delivered", 2)
	lb.pressAll(t, enUser, n2, words(EN, "button.not_received", 2))
	lb.sayAll(t, volEN, "/release 2")
	if got := lb.say(t, enUser, "/received 2"); !shows(t, got.Text, EN, "order.refused_received", 2, words(EN, "status.open")) {
		t.Fatalf("received after release: %q", got.Text)
	}
	lb.say(t, volZH, "/claim 2")
	if got := lb.say(t, enUser, "/received 2"); !shows(t, got.Text, EN, "order.why_received.claimed") || orderStatus(t, lb, 2) != "claimed" {
		t.Fatalf("received once re-claimed: %q", got.Text)
	}

	// #3: Ann says not received, finds it; /orders offers the button and /received confirms.
	lb.say(t, volEN, "/claim 3")
	lb.sayAll(t, volEN, "/deliver 3")
	n3 := lastShowing(t, lb, enUser, EN, "notify.delivered", 3)
	lb.pressAll(t, enUser, n3, words(EN, "button.not_received", 3))
	if list := lb.say(t, enUser, "/orders"); !hasButton(list, words(EN, "button.found_it", 3)) || hasButton(list, words(EN, "button.found_it", 2)) {
		t.Fatalf("/orders: %+v", list)
	}
	before = len(lb.ts.BotMessages(volEN))
	if got := lb.say(t, enUser, "/received 3 4"); !shows(t, got.Text, EN, "order.thanks", 3) || orderStatus(t, lb, 3) != "received" {
		t.Fatalf("/received 3 after not received: %q", got.Text)
	}
	lb.drain(t)
	if told := lb.ts.BotMessages(volEN)[before:]; !showsIn(t, told, EN, "queue.told_found", 3) {
		t.Fatalf("claimer not told in English: %+v", told)
	}
	lb.noneRefused(t)
}
