package main

import (
	"strings"
	"testing"

	"linli/telegramtest"
)

func orderCount(t *testing.T, lb *liveBot) (n int) {
	t.Helper()
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM orders`).Scan(&n)
	return n
}

func orderItems(t *testing.T, lb *liveBot, id int64) (items string) {
	t.Helper()
	_ = lb.readDB(t).QueryRow(`SELECT items FROM orders WHERE id = ?`, id).Scan(&items)
	return items
}

func TestDuplicates_SameCategoryAddsOrPlacesSeparately_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	lb.groupSay(t, grpA1, 900, "/bindqueue a1")

	// One line: the open #1 is shown, and the new items go into it.
	lb.sayAll(t, zhUser, "/order groceries 大米") // #1
	ask := lb.say(t, zhUser, "/order groceries <b>鸡蛋</b> 🥚")
	mustShow(t, ask, ZH, "dup.ask", 1, words(ZH, "cat.groceries"), "大米", words(ZH, "status.open"), "<b>鸡蛋</b> 🥚")
	if orderCount(t, lb) != 1 {
		t.Fatalf("an order placed before the answer")
	}
	if got := lb.pressAll(t, zhUser, ask, words(ZH, "dup.add", 1)); len(got) != 1 || !shows(t, got[0].Text, ZH, "dup.added", 1) {
		t.Fatalf("add: %+v", got)
	}
	if items := orderItems(t, lb, 1); items != "大米; <b>鸡蛋</b> 🥚" || orderCount(t, lb) != 1 {
		t.Fatalf("#1 after adding: %q, %d orders", items, orderCount(t, lb))
	}
	if card := cardOf(t, lb, grpA1, 1); !strings.Contains(card.Text, "鸡蛋") || !hasButton(card, words(ZH, "queue.claim", 1)) {
		t.Fatalf("group card not brought up to date: %q", card.Text)
	}
	// A stale press of the answered question changes nothing.
	if got := pressAnswer(t, lb, zhUser, zhUser, ask.ID, buttonData(t, ask, words(ZH, "dup.add", 1))); !shows(t, got, ZH, "error.stale_button") {
		t.Fatalf("second press: %q", got)
	}
	if items := orderItems(t, lb, 1); strings.Count(items, "鸡蛋") != 1 {
		t.Fatalf("added twice: %q", items)
	}
	// Or a separate order.
	ask = lb.say(t, zhUser, "/order groceries 牛奶")
	if got := lb.press(t, zhUser, ask, words(ZH, "dup.separate")); !shows(t, got.Text, ZH, "order.placed", 2) {
		t.Fatalf("separate: %q", got.Text)
	}
	// Another category is no duplicate.
	if got := lb.say(t, zhUser, "/order garbage 2袋"); !shows(t, got.Text, ZH, "order.placed", 3) {
		t.Fatalf("another category: %q", got.Text)
	}

	// The guided flow's last step, in English; the open order is taken meanwhile.
	lb.sayAll(t, enUser, "/order groceries milk") // #4
	cat := lb.say(t, enUser, "/order")
	lb.press(t, enUser, cat, words(EN, "cat.groceries"))
	items := lb.say(t, enUser, "bread")
	note := lb.press(t, enUser, lb.press(t, enUser, items, words(EN, "button.done")), words(EN, "order.not_urgent"))
	confirm := lb.press(t, enUser, note, words(EN, "note.none"))
	ask = lb.press(t, enUser, confirm, words(EN, "order.place"))
	if !shows(t, ask.Text, EN, "dup.ask", 4, words(EN, "cat.groceries"), "milk", words(EN, "status.open"), "bread") {
		t.Fatalf("en duplicate question: %q", ask.Text)
	}
	lb.sayAll(t, volZH, "/claim 4") // settled: the household has been told
	gone := lb.press(t, enUser, ask, words(EN, "dup.add", 4))
	if !shows(t, gone.Text, EN, "dup.gone_claimed", 4, "bread") || hasButton(gone, wordsBefore(EN, "dup.add")) || !hasButton(gone, words(EN, "dup.separate")) {
		t.Fatalf("taken meanwhile: %q", gone.Text)
	}
	if got := pressAnswer(t, lb, enUser, enUser, ask.ID, buttonData(t, ask, words(EN, "dup.add", 4))); !shows(t, got, EN, "error.stale_button") {
		t.Fatalf("add after it was taken: %q", got)
	}
	if got := lb.press(t, enUser, gone, words(EN, "dup.separate")); !shows(t, got.Text, EN, "order.placed", 5) {
		t.Fatalf("separate after it was taken: %q", got.Text)
	}
	if items := orderItems(t, lb, 4); items != "milk" {
		t.Fatalf("#4 changed after its claim: %q", items)
	}

	// Bad input and forged presses change nothing.
	before := orderCount(t, lb)
	for _, c := range []struct {
		user      int64
		text, key string
		args      []any
	}{
		{zhUser, "/order groceries " + strings.Repeat("米", 5000), "order.bad_items", nil},
		{zhUser, "/order groceries", "order.usage", nil},
		{zhUser, "/order groceries \x01\x02", "order.usage", nil},
	} {
		if got := lb.say(t, c.user, c.text); !shows(t, got.Text, ZH, c.key, c.args...) {
			t.Errorf("%.30q: %q, want %s %v", c.text, got.Text, c.key, c.args)
		}
	}
	ask = lb.say(t, zhUser, "/order groceries "+strings.Repeat("面", 997)) // #2, the newest, holds 牛奶: too long in all
	if got := pressAnswer(t, lb, zhUser, zhUser, ask.ID, buttonData(t, ask, words(ZH, "dup.add", 2))); !shows(t, got, ZH, "dup.too_long", 1000) {
		t.Fatalf("too long in all: %q", got)
	}
	for _, f := range []struct {
		user, chat int64
		data, lang string
	}{
		{zhUser, zhUser, "f:dup:zz", ZH},
		{zhUser, zhUser, "f:confirm:yes", ZH},
		{enUser, zhUser, "f:dup:add", EN}, // in someone else's chat
		{enUser, enUser, "f:dup:add", EN},
	} {
		if got := pressAnswer(t, lb, f.user, f.chat, ask.ID, f.data); !shows(t, got, f.lang, "error.stale_button") {
			t.Errorf("press %q by %d: %q, want error.stale_button", f.data, f.user, got)
		}
	}
	if orderCount(t, lb) != before || orderItems(t, lb, 2) != "牛奶" {
		t.Fatalf("bad input changed orders: %d, #2 %q", orderCount(t, lb), orderItems(t, lb, 2))
	}
	// In a group: a pointer, nothing asked or placed.
	if got := only(t, lb.groupSay(t, grpA1, zhUser, "/order groceries 鸡蛋")); !isPointer(got) {
		t.Fatalf("/order in a group: %q", got.Text)
	}
	mustNotLeak(t, lb, grpA1, zhResident, resPhone, resRoom)
	lb.noneRefused(t)
}

func TestDuplicates_PhoneOfAnotherHouseholdIsNotRegisteredAgain(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	const zhNew, enNew int64 = 103, 104
	lb.ts.AddUser(telegramtest.User{ID: zhNew, FirstName: "小二", LanguageCode: "zh"})
	lb.ts.AddUser(telegramtest.User{ID: enNew, FirstName: "Tom", LanguageCode: "en"})
	households := func() (n int) {
		_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM households`).Scan(&n)
		return n
	}

	// One line, with the phone written another way.
	got := lb.say(t, zhNew, "/register a1; 王小二; +86 138-0013-8000; 3号楼 2单元 302")
	if !shows(t, got.Text, ZH, "register.phone_taken") ||
		strings.Contains(got.Text, zhResident) || strings.Contains(got.Text, resRoom) {
		t.Fatalf("one-line register with a taken phone: %q", got.Text)
	}
	// Guided, typed: refused at the phone step, which asks again.
	lb.say(t, enNew, "/register")
	lb.say(t, enNew, "Tom")
	got = lb.say(t, enNew, phoneOf(enUser))
	if !shows(t, got.Text, EN, "register.phone_taken") ||
		strings.Contains(got.Text, enResident) || strings.Contains(got.Text, resRoom) {
		t.Fatalf("guided register with a taken phone: %q", got.Text)
	}
	if next := lb.say(t, enNew, "13912345678"); !strings.Contains(next.Text, "13912345678") {
		t.Fatalf("another phone after the refusal: %q", next.Text)
	}
	if households() != 2 {
		t.Fatalf("%d households: a phone registered twice", households())
	}
	// The /family link is the way in: the relative then orders for the household.
	link := lb.say(t, zhUser, "/family")
	i := strings.Index(link.Text, "start=f_")
	if i < 0 {
		t.Fatalf("/family: %q", link.Text)
	}
	code := strings.Fields(link.Text[i+len("start="):])[0]
	if got := lb.say(t, zhNew, "/start "+code); !strings.Contains(got.Text, zhResident) {
		t.Fatalf("linked as a relative: %q", got.Text)
	}
	// In a group: a pointer only.
	if got := only(t, lb.groupSay(t, grpA1, zhNew, "/register a1; 王小二; 13800138000; 3号楼 302")); !isPointer(got) {
		t.Fatalf("/register in a group: %q", got.Text)
	}
	mustNotLeak(t, lb, grpA1, zhResident, resPhone)
	if households() != 2 {
		t.Fatalf("%d households at the end", households())
	}
	lb.noneRefused(t)
}

// placeOrder sends a one-line /order as user and, when the household has an order of that
// category under way, answers the duplicate question with a separate order; it returns every
// message of the answer.
func placeOrder(t *testing.T, lb *liveBot, user int64, text string) []telegramtest.Message {
	t.Helper()
	got := lb.sayAll(t, user, text)
	for _, label := range []string{words(ZH, "dup.separate"), words(EN, "dup.separate")} {
		if len(got) > 0 && hasButton(got[0], label) {
			return lb.pressAll(t, user, got[0], label)
		}
	}
	return got
}

// A typed need (a free-text draft) of a category under way asks the same question when it is
// confirmed: the items go into the open order, or a separate one is placed; a voice draft always
// makes an order of its own.
func TestDuplicates_FreeTextDraftOfACategoryUnderWay(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, enUser, "en", "Ann")
	lb.sayAll(t, enUser, "/order groceries rice") // #1
	draft := lb.say(t, enUser, "I need eggs and milk please")
	ask := lb.press(t, enUser, draft, wordsBefore(EN, "free.place"))
	if !shows(t, ask.Text, EN, "dup.ask", 1) || !hasButton(ask, words(EN, "dup.add", 1)) || orderCount(t, lb) != 1 {
		t.Fatalf("confirming a draft of a category under way: %q, %d orders", ask.Text, orderCount(t, lb))
	}
	if got := lb.pressAll(t, enUser, ask, words(EN, "dup.add", 1)); len(got) != 1 || orderCount(t, lb) != 1 {
		t.Fatalf("add: %+v, %d orders", got, orderCount(t, lb))
	}
	if items := orderItems(t, lb, 1); !strings.Contains(items, "rice") || !strings.Contains(items, "eggs and milk") {
		t.Fatalf("#1 after adding the draft: %q", items)
	}
	draft = lb.say(t, enUser, "bread too")
	ask = lb.press(t, enUser, draft, wordsBefore(EN, "free.place"))
	if got := lb.press(t, enUser, ask, words(EN, "dup.separate")); !shows(t, got.Text, EN, "order.placed", 2) || orderCount(t, lb) != 2 {
		t.Fatalf("separate: %q, %d orders", got.Text, orderCount(t, lb))
	}
	lb.noneRefused(t)
}
