package main

import (
	"strings"
	"testing"
)

// Finding 5 (issue 12), input: zero-width-only items were accepted and right-to-left overrides
// reached volunteers; a schedule that never fires (30 February) was accepted; "* * * * *" to
// everyone needed no confirmation.
func TestInput_InvisibleTextNeverFiringAndFrequentSchedules(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n[notices]\nconfirm_over = 1\n")
	addUsers(lb.ts)
	resident(t, lb, 401, "en", "a1", "3号楼")
	resident(t, lb, 402, "en", "a1", "5号楼")
	if got := lb.say(t, 401, "/order groceries \u200b\u200b\u2060"); !shows(t, got.Text, EN, "order.usage") {
		t.Errorf("zero-width-only items: %q", got.Text)
	}
	lb.sayAll(t, 401, "/order groceries eggs\u202e01 sgge")
	var items string
	lb.readDB(t).QueryRow(`SELECT group_concat(items, '|') FROM orders`).Scan(&items)
	if items != "eggs01 sgge" {
		t.Errorf("stored items: %q, want the override dropped and nothing else stored", items)
	}
	if got := lb.say(t, zhUser, "/register a1; 王阿姨; 13800138001; Room 301"); !shows(t, got.Text, ZH, "register.which_building", "Room 301") {
		t.Errorf("an address without a building: %q", got.Text)
	}
	if got := lb.say(t, enUser, "/register a1; Ann; 13800138002; Bldg ３, Rm 301"); !strings.Contains(got.Text, "3号楼 301") {
		t.Errorf("Bldg 3, Rm 301 in full-width digits: %q", got.Text)
	}
	steps := []struct {
		cmd, key string
		args     []any
	}{
		{"/schedule 0 0 30 2 * all hello", "schedule.never", []any{"0 0 30 2 *"}},
		{"/schedule 0 8 * * * all daily hello", "schedule.done", []any{anyArg{}, "0 8 * * *"}}, // daily: no confirmation needed
	}
	for _, s := range steps {
		if got := lb.say(t, 900, s.cmd); !shows(t, got.Text, ZH, s.key, s.args...) {
			t.Errorf("%s: %q, want %s %v", s.cmd, got.Text, s.key, s.args)
		} else if shows(t, got.Text, ZH, "schedule.at_night") {
			t.Errorf("%s: warned of the night at 8:00: %q", s.cmd, got.Text)
		}
	}
	// @daily is midnight: scheduled, with a warning (no quiet hours are configured here).
	if got := lb.say(t, 900, "/schedule @daily all 每日提醒"); !shows(t, got.Text, ZH, "schedule.done") ||
		!shows(t, got.Text, ZH, "schedule.at_night", anyArg{}, 2) {
		t.Errorf("/schedule @daily: %q", got.Text)
	}
	lb.sayAll(t, 900, "/unschedule N2") // as the warning says
	db := lb.readDB(t)
	active := func() (n int) {
		db.QueryRow(`SELECT count(*) FROM notices WHERE spec <> '' AND state = 'active'`).Scan(&n)
		return n
	}
	// Every minute to everyone: a preview with the text as it will look, and nothing scheduled
	// until the admin presses Schedule; Discard drops it.
	preview := lb.sayAll(t, 900, "/schedule * * * * * all <b>hello</b>")
	if len(preview) != 2 || !shows(t, preview[0].Text, ZH, "schedule.preview", anyArg{}, "* * * * *") || !strings.Contains(preview[1].Text, "<b>hello</b>") {
		t.Fatalf("a frequent schedule to everyone: %+v", preview)
	}
	if n := active(); n != 1 {
		t.Fatalf("%d active schedules before the confirmation, want 1 (the daily one)", n)
	}
	confirmSchedule := wordsBefore(ZH, "schedule.button_confirm") // the count of people follows
	// A resident forging the press, and the same press from another chat, change nothing.
	lb.settle(t, lb.ts.PressRaw(401, 401, preview[1].ID, buttonData(t, preview[1], confirmSchedule)))
	lb.settle(t, lb.ts.PressRaw(401, 900, preview[1].ID, buttonData(t, preview[1], confirmSchedule)))
	if n := active(); n != 1 {
		t.Fatalf("%d active schedules after forged presses, want 1", n)
	}
	// The pressed preview keeps its text, says it is scheduled, and loses its buttons.
	if done := lb.pressAll(t, 900, preview[1], confirmSchedule); len(done) != 0 ||
		!shows(t, lb.current(preview[1]).Text, ZH, "schedule.done", anyArg{}, "* * * * *") ||
		!strings.Contains(lb.current(preview[1]).Text, "<b>hello</b>") || lb.current(preview[1]).ReplyMarkup != nil {
		t.Fatalf("Schedule pressed: %+v, the preview now %+v", done, lb.current(preview[1]))
	}
	if n := active(); n != 2 {
		t.Errorf("%d active schedules after Schedule, want 2", n)
	}
	before := len(lb.ts.BotMessages(900)) // a stale copy of the button, pressed again
	lb.settle(t, lb.ts.PressRaw(900, 900, preview[1].ID, buttonData(t, preview[1], confirmSchedule)))
	if again := lb.ts.BotMessages(900)[before:]; len(again) != 0 || active() != 2 {
		t.Errorf("Schedule pressed twice: %+v, %d active", again, active())
	}
	other := lb.sayAll(t, 900, "/schedule */5 * * * * all again")
	lb.pressAll(t, 900, other[1], words(ZH, "notice.button_discard"))
	if n := active(); n != 2 {
		t.Errorf("%d active schedules after Discard, want 2", n)
	}
	if got := lb.current(other[1]); !shows(t, got.Text, ZH, "notice.discarded", anyArg{}) || got.ReplyMarkup != nil {
		t.Errorf("the discarded preview: %+v", got)
	}
	lb.noneRefused(t)
}
