package main

import (
	"testing"
	"time"
)

// Elderly residents type rather than press: "好的，都好" after the prompt is the answer "all is
// well"; "不太舒服" is not taken for an answer nor for an order, the buttons come again; a need
// ("我要买大米") is still an order draft.
func TestCheckin_TypedAnswers(t *testing.T) {
	t.Parallel()
	lb, clock := checkinBot(t)
	checkinHouseholds(t, lb)
	lb.sayAll(t, 900, "/monitor zone:a1 on")
	clock.jump(65 * time.Minute)
	lb.checkins(t)
	answer := func(user int64) string {
		t.Helper()
		var a string
		lb.readDB(t).QueryRow(`SELECT coalesce(answer, '') FROM checkin_days WHERE household_id = ?`, householdOf(t, lb, user)).Scan(&a)
		return a
	}

	// Unsure words: the buttons again, no draft, nothing recorded.
	for user, lang := range map[int64]string{zhUser: ZH, enUser: EN} {
		text := map[int64]string{zhUser: "不太舒服", enUser: "not so good today"}[user]
		got := lb.sayAll(t, user, text)
		if len(got) != 1 || !shows(t, got[0].Text, lang, "checkin.by_button") {
			t.Fatalf("%q from %d: %+v", text, user, got)
		}
		buttonData(t, got[0], words(lang, "checkin.answer.sick"))
		if a := answer(user); a != "" {
			t.Fatalf("%q recorded as %q", text, a)
		}
	}
	// A need is an order draft as ever.
	if got := lb.sayAll(t, zhUser, "我要买大米"); !shows(t, got[0].Text, ZH, "free.draft", anyArg{}, anyArg{}) {
		t.Fatalf("a need during the check-in: %q", got[0].Text)
	}
	lb.say(t, zhUser, "/cancel")

	// An unmistakable "all is well" is the answer, in either language.
	for user, text := range map[int64]string{zhUser: "好的，都好！", enUser: "All good, thanks"} {
		lb.sayAll(t, user, text)
		if a := answer(user); a != "ok" {
			t.Fatalf("%q recorded as %q, want ok", text, a)
		}
	}
	lb.drain(t)
	if n := countShowing(t, lb, zhUser, ZH, "checkin.answered"); n != 1 {
		t.Fatalf("the prompt shows the answer in %d messages, want 1: %+v", n, lb.ts.BotMessages(zhUser))
	}
	// Answered: typed words are what they would be on any other day.
	if got := lb.sayAll(t, zhUser, "不太舒服"); len(got) == 1 && shows(t, got[0].Text, ZH, "checkin.by_button") {
		t.Fatalf("a reminder after the answer: %q", got[0].Text)
	}
	lb.noneRefused(t)
}
