package main

import (
	"strings"
	"testing"

	"linli/telegramtest"
)

// Grid workers of the call-back tests: one of zone a1 (zh), one of b2 (en).
const (
	gwA1 int64 = 301
	gwB2 int64 = 302
)

func callbackCount(t *testing.T, lb *liveBot) (n int) {
	t.Helper()
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM callbacks`).Scan(&n)
	return n
}

func callbackStatus(t *testing.T, lb *liveBot, id int64) (status, outcome string) {
	t.Helper()
	_ = lb.readDB(t).QueryRow(`SELECT status, outcome FROM callbacks WHERE id = ?`, id).Scan(&status, &outcome)
	return status, outcome
}

func TestCallbacks_GridWorkersClaimCallAndClose_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	lb.ts.AddUser(telegramtest.User{ID: gwA1, FirstName: "周网格", LanguageCode: "zh"})
	lb.ts.AddUser(telegramtest.User{ID: gwB2, FirstName: "Gail", LanguageCode: "en"})
	lb.say(t, gwA1, "/help")
	lb.say(t, gwB2, "/help")
	lb.grant(t, 900, "301 gridworker a1")
	lb.grant(t, 900, "302 gridworker b2")
	lb.groupSay(t, grpA1, 900, "/bindqueue a1")
	if help := lb.say(t, gwA1, "/help"); !strings.Contains(help.Text, "/callbacks") || !strings.Contains(help.Text, "/done") {
		t.Fatalf("grid worker's /help: %q", help.Text)
	}
	if help := lb.say(t, zhUser, "/help"); strings.Contains(help.Text, "/callbacks") {
		t.Fatalf("resident's /help lists /callbacks: %q", help.Text)
	}

	// The main menu's button: a task for a1's grid worker, without the phone.
	menu := lb.say(t, zhUser, "/start")
	notices := len(lb.ts.BotMessages(gwA1))
	if got := lb.press(t, zhUser, menu, words(ZH, "callback.button")); !shows(t, got.Text, ZH, "callback.requested", 1) {
		t.Fatalf("call me: %q", got.Text)
	}
	notice := lb.nextAfter(t, gwA1, notices)
	if !shows(t, notice.Text, ZH, "callback.new", 1) || !strings.Contains(notice.Text, "3号楼") || !hasButton(notice, words(ZH, "callback.claim_button", 1)) {
		t.Fatalf("grid worker's notice: %q", notice.Text)
	}
	mustNotLeak(t, lb, gwA1, zhResident, resPhone, resRoom)
	if again := lb.press(t, zhUser, menu, words(ZH, "callback.button")); !shows(t, again.Text, ZH, "callback.already_open", 1) || callbackCount(t, lb) != 1 {
		t.Fatalf("second press: %q, %d call-backs", again.Text, callbackCount(t, lb))
	}

	// Unauthorised and forged presses and commands change nothing.
	for _, f := range []struct {
		user, chat      int64
		msg             int
		data, lang, key string
		args            []any
	}{
		{gwB2, gwB2, lb.ts.BotMessages(gwB2)[0].ID, "k:c:1", EN, "callback.not_your_zone", []any{1}},
		{zhUser, zhUser, menu.ID, "k:c:1", ZH, "callback.gridworker_only", nil},
		{volZH, volZH, lb.ts.BotMessages(volZH)[0].ID, "k:c:1", ZH, "callback.gridworker_only", nil},
		{gwA1, gwA1, notice.ID, "k:c:x", ZH, "error.stale_button", nil},
		{gwA1, gwA1, notice.ID, "k:c:99", ZH, "callback.not_found", []any{99}},
		{gwA1, gwA1, notice.ID, "k:d:1", ZH, "callback.not_yours", []any{1}},
		{gwA1, gwA1, notice.ID, "k:zz:1", ZH, "error.stale_button", nil},
		{gwB2, gwA1, notice.ID, "k:c:1", EN, "error.stale_button", nil},           // in someone else's chat
		{gwA1, gwA1, notice.ID, "m:call:999", ZH, "callback.register_first", nil}, // acts for no household
		{zhUser, zhUser, menu.ID, "m:call:999", ZH, "error.stale_button", nil},    // not one of theirs
		{zhUser, zhUser, menu.ID, "m:call:abc", ZH, "error.stale_button", nil},
	} {
		if got := pressAnswer(t, lb, f.user, f.chat, f.msg, f.data); !shows(t, got, f.lang, f.key, f.args...) {
			t.Errorf("press %q by %d: %q, want %s %v", f.data, f.user, got, f.key, f.args)
		}
	}
	if s, _ := callbackStatus(t, lb, 1); s != "open" {
		t.Fatalf("C1 %s after refused presses", s)
	}

	// a1's grid worker claims it: the phone, name and room, in private; the household is told.
	told := len(lb.ts.BotMessages(zhUser))
	card := lb.press(t, gwA1, notice, words(ZH, "callback.claim_button", 1))
	for _, want := range []string{zhResident, resPhone, resRoom, "/done C1"} {
		if !strings.Contains(card.Text, want) {
			t.Fatalf("claimer's card lacks %q: %q", want, card.Text)
		}
	}
	mustShow(t, card, ZH, "callback.claimed", anyArg{}, 1)
	if got := lb.nextAfter(t, zhUser, told); !shows(t, got.Text, ZH, "callback.told_claimed", 1) {
		t.Fatalf("household told of the claim: %q", got.Text)
	}
	if got := pressAnswer(t, lb, 900, 900, lb.ts.BotMessages(900)[0].ID, "k:c:1"); !shows(t, got, ZH, "callback.taken", 1) {
		t.Fatalf("second claim: %q", got)
	}
	for _, c := range []struct {
		user            int64
		text, lang, key string
		args            []any
	}{
		{gwA1, "/done", ZH, "callback.done_usage", nil},
		{gwA1, "/done abc 打过了", ZH, "callback.done_usage", nil},
		{gwA1, "/done C99 打过了", ZH, "callback.not_found", []any{99}},
		{gwA1, "/done C1 " + strings.Repeat("长", 5000), ZH, "callback.bad_outcome", []any{200}},
		{gwA1, "/done C1 \x01\x02", ZH, "callback.bad_outcome", []any{200}},
		{gwB2, "/done C1 called", EN, "callback.not_yours", []any{1}},
		{zhUser, "/done C1 打过了", ZH, "callback.gridworker_only", nil},
		{volZH, "/callbacks", ZH, "callback.gridworker_only", nil},
	} {
		if got := lb.say(t, c.user, c.text); !shows(t, got.Text, c.lang, c.key, c.args...) {
			t.Errorf("%.30q by %d: %q, want %s %v", c.text, c.user, got.Text, c.key, c.args)
		}
	}
	if s, _ := callbackStatus(t, lb, 1); s != "claimed" {
		t.Fatalf("C1 %s after refused commands", s)
	}
	// Done with the button, then a line of text (markup kept as text).
	ask := lb.press(t, gwA1, card, words(ZH, "callback.done_button", 1))
	if !shows(t, ask.Text, ZH, "callback.ask_outcome", 1, 200) {
		t.Fatalf("outcome question: %q", ask.Text)
	}
	told = len(lb.ts.BotMessages(zhUser))
	if got := lb.say(t, gwA1, "<b>需要胰岛素</b>，已替她下单 🙂"); !shows(t, got.Text, ZH, "callback.finished", 1, "<b>需要胰岛素</b>，已替她下单 🙂") {
		t.Fatalf("done: %q", got.Text)
	}
	if got := lb.nextAfter(t, zhUser, told); !shows(t, got.Text, ZH, "callback.told_done", 1) {
		t.Fatalf("household told of the call: %q", got.Text)
	}
	if s, o := callbackStatus(t, lb, 1); s != "done" || o != "<b>需要胰岛素</b>，已替她下单 🙂" {
		t.Fatalf("C1 %s %q", s, o)
	}

	// From a cancelled flow, in English; /callbacks and a one-line /done.
	cat := lb.say(t, enUser, "/order")
	cancelled := lb.press(t, enUser, cat, words(EN, "button.cancel"))
	notices = len(lb.ts.BotMessages(gwA1))
	if got := lb.press(t, enUser, cancelled, words(EN, "callback.button")); !shows(t, got.Text, EN, "callback.requested", 2) {
		t.Fatalf("call me from a cancelled flow: %q", got.Text)
	}
	lb.nextAfter(t, gwA1, notices)
	list := lb.say(t, gwA1, "/callbacks")
	if !shows(t, list.Text, ZH, "callback.list") || !strings.Contains(list.Text, "C2") || strings.Contains(list.Text, enResident) ||
		!hasButton(list, words(ZH, "callback.claim_button", 2)) {
		t.Fatalf("/callbacks: %q", list.Text)
	}
	if got := lb.say(t, gwA1, "/done C2 called"); !shows(t, got.Text, ZH, "callback.not_yours", 2) {
		t.Fatalf("/done before the claim: %q", got.Text)
	}
	lb.press(t, gwA1, list, words(ZH, "callback.claim_button", 2))
	// sayAll: settled, so the household has been told by the time it is looked at.
	if got := lb.sayAll(t, gwA1, "/done c2 Called; all fine"); len(got) != 1 || !shows(t, got[0].Text, ZH, "callback.finished", 2, "Called; all fine") {
		t.Fatalf("one-line /done: %+v", got)
	}
	if got := lastWith(t, lb, enUser, "C2"); !shows(t, got.Text, EN, "callback.told_done", 2) {
		t.Fatalf("en household told: %q", got.Text)
	}

	// Groups: pointers and pop-ups only.
	for _, text := range []string{"/callbacks", "/done C2 x"} {
		if got := only(t, lb.groupSay(t, grpA1, gwA1, text)); !isPointer(got) {
			t.Fatalf("%s in the group: %q", text, got.Text)
		}
	}
	if got := pressAnswer(t, lb, gwA1, grpA1, cardOfAny(t, lb, grpA1), "k:c:2"); !shows(t, got, ZH, "place.private_only") {
		t.Fatalf("k:c in the group: %q", got)
	}
	// Only the households and the claimer saw names, phones or rooms: every chat recorded is checked.
	for _, chat := range lb.ts.Chats() {
		if chat != zhUser && chat != enUser && chat != gwA1 {
			mustNotLeak(t, lb, chat, zhResident, enResident, resPhone, phoneOf(enUser), resRoom)
		}
	}
	lb.noneRefused(t)
}

// cardOfAny is any bot message in chat, for a press that only needs one.
func cardOfAny(t *testing.T, lb *liveBot, chat int64) int {
	t.Helper()
	msgs := lb.ts.BotMessages(chat)
	if len(msgs) == 0 {
		t.Fatalf("no message in %d", chat)
	}
	return msgs[0].ID
}
