package main

import (
	"strings"
	"testing"

	"linli/telegramtest"
)

// Words of a life in danger are never an order draft: the writer is told to call 120 at once,
// in their language, and the zone's grid workers and admins are told in private, in theirs,
// who wrote what and where, with a call-back opened for one of them to claim. Someone the bot
// has no address for is told to call 120 and that nobody can be sent. The group sees nothing.
func TestEmergency_WordsOfDangerCall120AndAlertStaff_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	addEnglishAdmin(t, lb)
	lb.ts.AddUser(telegramtest.User{ID: gwA1, FirstName: "周网格", LanguageCode: "zh"})
	lb.say(t, gwA1, "/help")
	lb.grant(t, 900, "301 gridworker a1")
	lb.groupSay(t, grpA1, 900, "/bindqueue a1")
	lb.drain(t)
	group := len(lb.ts.BotMessages(grpA1))

	text := "心脏不舒服，胸口疼，喘不上气 <b>快</b>"
	got := lb.sayAll(t, zhUser, text)
	if len(got) != 1 || !shows(t, got[0].Text, ZH, "emergency.told", resPhone) || hasButton(got[0], words(ZH, "free.place", anyArg{})) {
		t.Fatalf("the resident, in danger: %+v", got)
	}
	lb.drain(t)
	for _, staff := range []struct {
		user int64
		lang string
	}{{gwA1, ZH}, {900, ZH}, {enAdmin, EN}} {
		alert := lastWith(t, lb, staff.user, resPhone)
		if !shows(t, alert.Text, staff.lang, "emergency.alert", zhResident, resPhone, anyArg{}, anyArg{}, text, 1) ||
			!hasButton(alert, words(staff.lang, "callback.claim_button", 1)) {
			t.Errorf("%d's alert: %q", staff.user, alert.Text)
		}
	}
	if n := countRows(t, lb, "orders"); n != 0 || callbackCount(t, lb) != 1 {
		t.Fatalf("%d orders, %d call-backs from the emergency", n, callbackCount(t, lb))
	}
	if msgs := lb.ts.BotMessages(grpA1); len(msgs) != group {
		t.Fatalf("the group was told: %+v", msgs[group:])
	}

	// In English; the call-back already open is the one the staff are pointed to again.
	got = lb.sayAll(t, enUser, "help!! my husband fell and cant get up")
	if len(got) != 1 || !shows(t, got[0].Text, EN, "emergency.told", phoneOf(enUser)) {
		t.Fatalf("the English resident: %+v", got)
	}
	lb.drain(t)
	if alert := lastWith(t, lb, enAdmin, "cant get up"); !shows(t, alert.Text, EN, "emergency.alert", enResident, phoneOf(enUser), anyArg{}, anyArg{}, "help!! my husband fell and cant get up", 2) {
		t.Fatalf("the English admin's alert: %q", alert.Text)
	}

	// Nobody the bot knows an address for.
	lb.ts.AddUser(telegramtest.User{ID: 777, FirstName: "Stranger", LanguageCode: "en"})
	if got := lb.say(t, 777, "HELP"); !shows(t, got.Text, EN, "emergency.unknown") {
		t.Fatalf("unknown writer: %q", got.Text)
	}
	// Urgent pills are an order draft as before, not an alarm.
	if got := lb.say(t, zhUser, "急需速效救心丸"); strings.Contains(got.Text, "120") || !hasButton(got, words(ZH, "free.place", words(ZH, "cat.medicine"))) {
		t.Fatalf("an urgent order: %q", got.Text)
	}
	lb.noneRefused(t)
}

// "Yes, I have a prescription" tapped, then its photo sent at the next question: the photo is
// taken as the prescription (it was refused before) and the question is asked again; the
// summary and the claimer see it.
func TestOrder_PrescriptionPhotoAfterYesIsTaken_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	for _, u := range []struct {
		user int64
		lang string
	}{{enUser, EN}, {zhUser, ZH}} {
		register(t, lb, u.user, u.lang, "R"+u.lang)
		cat := lb.say(t, u.user, "/order")
		items := lb.press(t, u.user, cat, words(u.lang, "cat.medicine"))
		items = lb.say(t, u.user, "insulin")
		rx := lb.press(t, u.user, items, words(u.lang, "button.done"))
		if !shows(t, rx.Text, u.lang, "order.ask_prescription") {
			t.Fatalf("%s: no prescription question: %q", u.lang, rx.Text)
		}
		urgent := lb.press(t, u.user, rx, words(u.lang, "button.yes"))
		got := lb.answers(t, u.user, len(lb.ts.BotMessages(u.user)), lb.ts.SendPhoto(u.user, ""))
		if len(got) != 2 || !shows(t, got[0].Text, u.lang, "order.rx_photo_ok") || got[1].Text != urgent.Text {
			t.Fatalf("%s: the photo after Yes: %+v", u.lang, got)
		}
		note := lb.press(t, u.user, got[1], words(u.lang, "order.not_urgent"))
		summary := lb.press(t, u.user, note, words(u.lang, "note.none"))
		if !shows(t, summary.Text, u.lang, "order.rx_photo") {
			t.Fatalf("%s: the summary: %q", u.lang, summary.Text)
		}
		lb.pressAll(t, u.user, summary, words(u.lang, "order.place"))
	}
	if n := countRowsWhere(t, lb, "orders", "(prescription_photo != '')", 1); n != 2 {
		t.Fatalf("%d orders with the prescription photo, want 2", n)
	}
	lb.noneRefused(t)
}

// Words of an emergency typed in the middle of registration are answered as such; the question
// stays, and the next answer goes on with it.
func TestEmergency_InTheMiddleOfRegistration(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	greet := lb.say(t, enUser, "/start")
	lb.press(t, enUser, greet, words(EN, "button.en"))
	lb.drain(t)
	if ask := last(lb.ts.BotMessages(enUser)); !shows(t, ask.Text, EN, "register.ask_name") {
		t.Fatalf("registration did not start: %q", ask.Text)
	}
	if got := lb.say(t, enUser, "help! chest pain"); !shows(t, got.Text, EN, "emergency.unknown") {
		t.Fatalf("in registration: %q", got.Text)
	}
	if got := lb.say(t, enUser, "Ann"); got.ReplyKeyboard == nil || !got.ReplyKeyboard.Keyboard[0][0].RequestContact {
		t.Fatalf("registration did not go on: %+v", got)
	}
}
