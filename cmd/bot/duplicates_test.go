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
	for _, want := range []string{"#1", "大米", "<b>鸡蛋</b> 🥚", "等待志愿者"} {
		if !strings.Contains(ask.Text, want) {
			t.Fatalf("duplicate question lacks %q: %q", want, ask.Text)
		}
	}
	if orderCount(t, lb) != 1 {
		t.Fatalf("an order placed before the answer")
	}
	if got := lb.pressAll(t, zhUser, ask, "加到 #1"); len(got) != 1 || !strings.Contains(got[0].Text, "已加到订单 #1") {
		t.Fatalf("add: %+v", got)
	}
	if items := orderItems(t, lb, 1); items != "大米; <b>鸡蛋</b> 🥚" || orderCount(t, lb) != 1 {
		t.Fatalf("#1 after adding: %q, %d orders", items, orderCount(t, lb))
	}
	if card := cardOf(t, lb, grpA1, 1); !strings.Contains(card.Text, "鸡蛋") || !hasButton(card, "认领 #1") {
		t.Fatalf("group card not brought up to date: %q", card.Text)
	}
	// A stale press of the answered question changes nothing.
	if got := pressAnswer(t, lb, zhUser, zhUser, ask.ID, buttonData(t, ask, "加到 #1")); !strings.Contains(got, "失效") {
		t.Fatalf("second press: %q", got)
	}
	if items := orderItems(t, lb, 1); strings.Count(items, "鸡蛋") != 1 {
		t.Fatalf("added twice: %q", items)
	}
	// Or a separate order.
	ask = lb.say(t, zhUser, "/order groceries 牛奶")
	if got := lb.press(t, zhUser, ask, "另下一单"); !strings.Contains(got.Text, "已下单 #2") {
		t.Fatalf("separate: %q", got.Text)
	}
	// Another category is no duplicate.
	if got := lb.say(t, zhUser, "/order garbage 2袋"); !strings.Contains(got.Text, "已下单 #3") {
		t.Fatalf("another category: %q", got.Text)
	}

	// The guided flow's last step, in English; the open order is taken meanwhile.
	lb.sayAll(t, enUser, "/order groceries milk") // #4
	cat := lb.say(t, enUser, "/order")
	lb.press(t, enUser, cat, "Groceries")
	items := lb.say(t, enUser, "bread")
	note := lb.press(t, enUser, lb.press(t, enUser, items, "Done"), "Not urgent")
	confirm := lb.press(t, enUser, note, "No note")
	ask = lb.press(t, enUser, confirm, "Place order")
	if !strings.Contains(ask.Text, "#4") || !strings.Contains(ask.Text, "milk") || !strings.Contains(ask.Text, "bread") {
		t.Fatalf("en duplicate question: %q", ask.Text)
	}
	lb.sayAll(t, volZH, "/claim 4") // settled: the household has been told
	gone := lb.press(t, enUser, ask, "Add to #4")
	if !strings.Contains(gone.Text, "took #4 meanwhile") || hasButton(gone, "Add to") || !hasButton(gone, "separate") {
		t.Fatalf("taken meanwhile: %q", gone.Text)
	}
	if got := pressAnswer(t, lb, enUser, enUser, ask.ID, buttonData(t, ask, "Add to #4")); !strings.Contains(got, "expired") {
		t.Fatalf("add after it was taken: %q", got)
	}
	if got := lb.press(t, enUser, gone, "separate"); !strings.Contains(got.Text, "Order #5 placed") {
		t.Fatalf("separate after it was taken: %q", got.Text)
	}
	if items := orderItems(t, lb, 4); items != "milk" {
		t.Fatalf("#4 changed after its claim: %q", items)
	}

	// Bad input and forged presses change nothing.
	before := orderCount(t, lb)
	for _, c := range []struct {
		user       int64
		text, want string
	}{
		{zhUser, "/order groceries " + strings.Repeat("米", 5000), "1000"},
		{zhUser, "/order groceries", "用法"},
		{zhUser, "/order groceries \x01\x02", "用法"},
	} {
		if got := lb.say(t, c.user, c.text); !strings.Contains(got.Text, c.want) {
			t.Errorf("%.30q: %q, want %q", c.text, got.Text, c.want)
		}
	}
	ask = lb.say(t, zhUser, "/order groceries "+strings.Repeat("面", 997)) // #2, the newest, holds 牛奶: too long in all
	if got := pressAnswer(t, lb, zhUser, zhUser, ask.ID, buttonData(t, ask, "加到 #2")); !strings.Contains(got, "太长") {
		t.Fatalf("too long in all: %q", got)
	}
	for _, f := range []struct {
		user, chat int64
		data, want string
	}{
		{zhUser, zhUser, "f:dup:zz", "失效"},
		{zhUser, zhUser, "f:confirm:yes", "失效"},
		{enUser, zhUser, "f:dup:add", "expired"}, // in someone else's chat
		{enUser, enUser, "f:dup:add", "expired"},
	} {
		if got := pressAnswer(t, lb, f.user, f.chat, ask.ID, f.data); !strings.Contains(got, f.want) {
			t.Errorf("press %q by %d: %q, want %q", f.data, f.user, got, f.want)
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
	if !strings.Contains(got.Text, "已经登记在另一户名下") || !strings.Contains(got.Text, "/family") ||
		strings.Contains(got.Text, zhResident) || strings.Contains(got.Text, resRoom) {
		t.Fatalf("one-line register with a taken phone: %q", got.Text)
	}
	// Guided, typed: refused at the phone step, which asks again.
	lb.say(t, enNew, "/register")
	lb.say(t, enNew, "Tom")
	got = lb.say(t, enNew, phoneOf(enUser))
	if !strings.Contains(got.Text, "already registered for another household") || !strings.Contains(got.Text, "/family") ||
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
	for _, label := range []string{"另下一单", "Place a separate order"} {
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
	ask := lb.press(t, enUser, draft, "✅")
	if !strings.Contains(ask.Text, "#1") || !hasButton(ask, "#1") || orderCount(t, lb) != 1 {
		t.Fatalf("confirming a draft of a category under way: %q, %d orders", ask.Text, orderCount(t, lb))
	}
	if got := lb.pressAll(t, enUser, ask, "#1"); len(got) != 1 || orderCount(t, lb) != 1 {
		t.Fatalf("add: %+v, %d orders", got, orderCount(t, lb))
	}
	if items := orderItems(t, lb, 1); !strings.Contains(items, "rice") || !strings.Contains(items, "eggs and milk") {
		t.Fatalf("#1 after adding the draft: %q", items)
	}
	draft = lb.say(t, enUser, "bread too")
	ask = lb.press(t, enUser, draft, "✅")
	if got := lb.press(t, enUser, ask, "separate"); !strings.Contains(got.Text, "#2") || orderCount(t, lb) != 2 {
		t.Fatalf("separate: %q, %d orders", got.Text, orderCount(t, lb))
	}
	lb.noneRefused(t)
}
