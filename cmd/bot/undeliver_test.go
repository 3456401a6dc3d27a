package main

import (
	"linli/telegramtest"

	"strings"
	"testing"
)

// A delivery that never came, and a "Delivered" pressed by mistake (issue 17's walks found no
// way back from either): the household says "not received" under the delivery notice, or the
// volunteer takes it back under their card. Either way the order is the claimer's task again,
// with the address, the household is told, and nothing of it reaches the queue's group.
func TestUndeliver_NotReceivedAndUndo_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李<i>雷</i>", "a1")
	enlist(t, lb, volEN, "en", "Bob & Co", "a1")
	lb.groupSay(t, grpA1, 900, "/bindqueue a1")
	lb.sayAll(t, zhUser, "/order medicine 胰岛素")   // #1
	lb.sayAll(t, enUser, "/order groceries rice") // #2

	// 李雷 claims #1 and presses Delivered on his card: the card loses the address and offers Undo.
	card := lb.say(t, volZH, "/claim 1")
	lb.pressAll(t, volZH, card, words(ZH, "queue.deliver_button", 1))
	lb.drain(t)
	// Edited as a tracked card, or in place if the press came before its send was recorded.
	if c := messageByID(t, lb, volZH, card.ID); !showsAny(t, c.Text, ZH, "cards.task_delivered", "queue.delivered") ||
		!hasButton(c, words(ZH, "queue.undo_button", 1)) || strings.Contains(c.Text, resPhone) {
		t.Fatalf("card after delivery: %q", c.Text)
	}
	notice := lastShowing(t, lb, zhUser, ZH, "notify.delivered", 1)
	if !hasButton(notice, words(ZH, "button.received", 1)) || !hasButton(notice, words(ZH, "button.not_received", 1)) {
		t.Fatalf("delivery notice without both answers: %+v", notice)
	}

	// 王秀兰 never got it.
	got := lb.press(t, zhUser, notice, words(ZH, "button.not_received", 1)) // the notice becomes the answer
	if !shows(t, got.Text, ZH, "order.not_received_ok", 1) || orderStatus(t, lb, 1) != "claimed" {
		t.Fatalf("not received: %+v, #1 %s", got, orderStatus(t, lb, 1))
	}
	task := lastShowing(t, lb, volZH, ZH, "queue.told_not_received", 1)
	if !strings.Contains(task.Text, resPhone) || !strings.Contains(task.Text, resRoom) || !hasButton(task, words(ZH, "queue.deliver_button", 1)) {
		t.Fatalf("claimer told without the task: %q", task.Text)
	}
	// Said twice, or confirmed on the old notice: a clear refusal, nothing changes.
	if again := pressAnswer(t, lb, zhUser, zhUser, notice.ID, "o:n:1"); !shows(t, again, ZH, "order.refused_not_received", 1, words(ZH, "status.claimed")) ||
		!shows(t, again, ZH, "order.why_not_received.claimed") {
		t.Fatalf("not received twice: %q", again)
	}
	// He brings it; this time it is confirmed, and counts once. Once he said delivered again,
	// the old notice's Received confirms only that (found_test.go: found before he came back).
	lb.pressAll(t, volZH, task, words(ZH, "queue.deliver_button", 1))
	lb.sayAll(t, zhUser, "/received 1 5")
	if s := orderStatus(t, lb, 1); s != "received" {
		t.Fatalf("#1 is %s after the second delivery was confirmed", s)
	}
	if got := lb.say(t, volZH, "/claim 1"); !shows(t, got.Text, ZH, "queue.closed", 1) {
		t.Fatalf("claim of a received order: %q", got.Text)
	}

	// Bob types /deliver 2 by mistake and takes it back with the button under the answer.
	lb.say(t, volEN, "/claim 2")
	before := len(lb.ts.BotMessages(enUser))
	done := lb.say(t, volEN, "/deliver 2")
	if !shows(t, done.Text, EN, "queue.delivered", 2) || !hasButton(done, words(EN, "queue.undo_button", 2)) {
		t.Fatalf("/deliver answer: %+v", done)
	}
	// A forged undo by another volunteer, or by a resident, changes nothing.
	if got := pressAnswer(t, lb, volZH, volZH, done.ID, "q:u:2"); !shows(t, got, ZH, "queue.not_your_task", 2) {
		t.Fatalf("undo by another volunteer: %q", got)
	}
	if got := pressAnswer(t, lb, enUser, enUser, done.ID, "q:u:2"); !shows(t, got, EN, "error.volunteer_only") {
		t.Fatalf("undo by a resident: %q", got)
	}
	if got := pressAnswer(t, lb, zhUser, zhUser, done.ID, "o:n:2"); !shows(t, got, ZH, "order.not_yours") {
		t.Fatalf("not received by another household: %q", got)
	}
	if s := orderStatus(t, lb, 2); s != "delivered" {
		t.Fatalf("forged presses changed #2 to %s", s)
	}
	undone := lb.pressAll(t, volEN, done, words(EN, "queue.undo_button", 2))
	if len(undone) != 1 || !shows(t, undone[0].Text, EN, "queue.undone", 2) || !strings.Contains(undone[0].Text, phoneOf(enUser)) ||
		!hasButton(undone[0], words(EN, "queue.deliver_button", 2)) || orderStatus(t, lb, 2) != "claimed" {
		t.Fatalf("undo: %+v", undone)
	}
	if was := messageByID(t, lb, volEN, done.ID); !shows(t, was.Text, EN, "queue.undone_was", 2) || was.ReplyMarkup != nil && len(was.ReplyMarkup.InlineKeyboard) > 0 {
		t.Fatalf("the pressed answer still says delivered: %+v", was)
	}
	if told := lb.ts.BotMessages(enUser)[before:]; !showsIn(t, told, EN, "notify.undelivered.undone", 2) {
		t.Fatalf("household not told the delivery was taken back: %+v", told)
	}
	if got := pressAnswer(t, lb, volEN, volEN, done.ID, "q:u:2"); !shows(t, got, EN, "queue.already_yours", 2) {
		t.Fatalf("undo twice: %q", got)
	}

	// The group saw the cards of #1 and #2 and nothing of what happened at the doors.
	for _, m := range lb.ts.BotMessages(grpA1) {
		for _, key := range []string{"order.not_received_ok", "queue.told_not_received", "queue.undone", "notify.undelivered.undone",
			"notify.undelivered.not_received", "cards.task_delivered"} {
			if showsAny(t, m.Text, ZH, key) || showsAny(t, m.Text, EN, key) {
				t.Errorf("group shown %s: %q", key, m.Text)
			}
		}
	}
	mustNotLeak(t, lb, grpA1, zhResident, enResident, resPhone, phoneOf(enUser), resRoom)
	lb.noneRefused(t)
}

// showsIn reports whether one of msgs shows key in lang with args.
func showsIn(t *testing.T, msgs []telegramtest.Message, lang, key string, args ...any) bool {
	t.Helper()
	for _, m := range msgs {
		if shows(t, m.Text, lang, key, args...) {
			return true
		}
	}
	return false
}
