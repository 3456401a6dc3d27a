package main

import (
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

// freeCase is what the bot's answer to a free text should be: a draft with a category, a draft
// that asks to pick one, or a friendly answer with the main menu.
type freeCase struct {
	user int64
	text string
	want string // a category ("cat.…"), free.draft_pick (a draft without a guess), or the key of the friendly answer
	// shown is the items as the draft shows them, when not the text as typed (control bytes go)
	shown string
}

func TestFreeText_DraftsAndFriendlyAnswers_NothingOrderedWithoutThePress(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	const stranger int64 = 777
	lb.ts.AddUser(telegramtest.User{ID: stranger, FirstName: "Newcomer", LanguageCode: "en"})
	long := strings.Repeat("大米", 2500) // 5,000 characters
	cases := []freeCase{
		{zhUser, "我要买大米和鸡蛋", "cat.groceries", ""},
		{zhUser, "帮我买点青菜、挂面", "cat.groceries", ""},
		{zhUser, "牛奶两箱", "cat.groceries", ""},
		{zhUser, "没油了，要一桶食用油", "cat.groceries", ""},
		{zhUser, "需要胰岛素", "cat.medicine", ""},
		{zhUser, "老伴发烧了，要退烧药", "cat.medicine", ""},
		{zhUser, "降压药吃完了，有处方", "cat.medicine", ""},
		{zhUser, "家里垃圾两袋请来收", "cat.garbage", ""},
		{zhUser, "有个快递在门口，帮忙取一下", "cat.errand", ""},
		{zhUser, "帮忙交一下电费", "cat.errand", ""},
		{zhUser, "猪圈里三头猪要喂", "cat.livestock", ""},
		{zhUser, "麦地要浇水", "cat.farming", ""},
		{zhUser, "晚上睡不着，很焦虑", "cat.counselling", ""},
		{zhUser, "你好", "free.greeting", ""},
		{zhUser, "您好！", "free.greeting", ""},
		{zhUser, "在吗？", "free.greeting", ""},
		{zhUser, "谢谢！", "free.thanks", ""},
		{zhUser, "太感谢志愿者了🙏", "free.thanks", ""},
		{zhUser, "怎么下单？", "free.question", ""},
		{zhUser, "这个怎么用", "free.question", ""},
		{zhUser, "👍", "free.nothing", ""},
		{zhUser, "🙂🙂🙂", "free.nothing", ""},
		{zhUser, "。。。", "free.nothing", ""},
		{zhUser, "帮我跑一趟", "free.draft_pick", ""},
		{zhUser, "<b>大米</b> & 鸡蛋", "cat.groceries", ""},
		{zhUser, long, "free.too_long", ""},
		{zhUser, "🍚 米 🥚 蛋", "cat.groceries", ""},
		{zhUser, "我要\x00大米\x07和鸡蛋", "cat.groceries", "我要大米和鸡蛋"},
		{zhUser, "\x1b[31m鸡蛋\x1b[0m", "cat.groceries", "[31m鸡蛋[0m"},
		{zhUser, "\x00\x01\x7f", "free.nothing", ""},
		{zhUser, "\u200b\u202e\u2066", "free.nothing", ""},
		{enUser, "insulin\u202e\x08 please", "cat.medicine", "insulin please"},
		{enUser, "I need rice and eggs", "cat.groceries", ""},
		{enUser, "some vegetables and milk please", "cat.groceries", ""},
		{enUser, "insulin for my mother", "cat.medicine", ""},
		{enUser, "fever medicine, I have a prescription", "cat.medicine", ""},
		{enUser, "please take our trash out", "cat.garbage", ""},
		{enUser, "pick up a parcel at the gate", "cat.errand", ""},
		{enUser, "feed the pigs in the barn", "cat.livestock", ""},
		{enUser, "harvest the field", "cat.farming", ""},
		{enUser, "I feel anxious and lonely", "cat.counselling", ""},
		{enUser, "the toilet is blocked", "free.draft_pick", ""},
		{enUser, "hello", "free.greeting", ""},
		{enUser, "Hi there!", "free.greeting", ""},
		{enUser, "thank you so much", "free.thanks", ""},
		{enUser, "Thanks!!", "free.thanks", ""},
		{enUser, "how does this work?", "free.question", ""},
		{enUser, "what can you do", "free.question", ""},
		{enUser, "🙏", "free.nothing", ""},
		{enUser, "<script>alert(1)</script>", "free.draft_pick", ""},
		{enUser, "<i>eggs</i> & <b>milk</b>", "cat.groceries", ""},
		{stranger, "I need rice", "free.not_registered", ""},
		{stranger, "hello", "free.greeting", ""},
	}
	for _, c := range cases {
		got := lb.sayAll(t, c.user, c.text)
		if c.user != stranger {
			lb.sayAll(t, c.user, "/cancel") // the next text makes a draft of its own, not more of this one
		}
		if len(got) != 1 {
			t.Errorf("%.30q: %d answers, want 1: %+v", c.text, len(got), got)
			continue
		}
		m := got[0]
		lang := ZH
		if c.user != zhUser {
			lang = EN
		}
		want := strings.TrimSpace(c.text)
		if c.shown != "" {
			want = c.shown
		}
		switch {
		case strings.HasPrefix(c.want, "free.") && c.want != "free.draft_pick":
			if !shows(t, m.Text, lang, c.want) || (c.want != "free.too_long" && !hasButton(m, "📋 "+words(lang, "menu.orders"))) {
				t.Errorf("%.30q: want a friendly answer %s and the menu, got %q", c.text, c.want, m.Text)
			}
		case c.want == "free.draft_pick":
			if !shows(t, m.Text, lang, "free.draft_pick", want) || shows(t, m.Text, lang, "free.draft") || hasButton(m, "✅") ||
				!hasButton(m, words(lang, "cat.groceries")) {
				t.Errorf("%.30q: want a draft asking to pick a category, got %q", c.text, m.Text)
			}
		default:
			label := words(lang, c.want)
			if !shows(t, m.Text, lang, "free.draft", label) || !hasButton(m, "✅ "+words(lang, "free.place", label)) {
				t.Errorf("%.30q: want a draft as %s, got %q", c.text, c.want, m.Text)
			}
			if !shows(t, m.Text, lang, "free.draft", label, want) {
				t.Errorf("%.30q: the draft does not show the text as typed: %q", c.text, m.Text)
			}
		}
	}
	var n int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM orders`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d orders placed without a confirming press", n)
	}

	// More typed while a draft waits is added to it (the older message's button is stale); the
	// draft is placed with its press, and another category may be picked first.
	older := lb.say(t, zhUser, "买牛奶")
	draft := lb.say(t, zhUser, "帮我买点鸡蛋")
	if !shows(t, draft.Text, ZH, "free.draft", words(ZH, "cat.groceries"), "买牛奶；帮我买点鸡蛋") {
		t.Fatalf("the draft with more typed: %q", draft.Text)
	}
	if got := pressAnswer(t, lb, zhUser, zhUser, older.ID, buttonData(t, older, "✅")); !shows(t, got, ZH, "error.stale_button") {
		t.Fatalf("the older draft's button: %q", got)
	}
	errand := words(ZH, "cat.errand")
	lb.pressAll(t, zhUser, draft, errand)
	again := messageByID(t, lb, zhUser, draft.ID)
	if !shows(t, again.Text, ZH, "free.draft", errand, "买牛奶；帮我买点鸡蛋") {
		t.Fatalf("after picking another category, the draft in place: %q", again.Text)
	}
	placed := lb.press(t, zhUser, again, "✅ "+words(ZH, "free.place", errand))
	if !shows(t, placed.Text, ZH, "order.placed", 1) {
		t.Fatalf("placed: %q", placed.Text)
	}
	var cat, items string
	_ = lb.readDB(t).QueryRow(`SELECT category, items FROM orders WHERE id = 1`).Scan(&cat, &items)
	if cat != "errand" || items != "买牛奶；帮我买点鸡蛋" {
		t.Fatalf("order #1: %s %q", cat, items)
	}
	// A forged or stale press changes nothing: the draft is gone.
	if got := pressAnswer(t, lb, zhUser, zhUser, again.ID, "f:draft:ok"); got == "" {
		t.Fatalf("a second press of the placed draft was not refused")
	}
	if got := pressAnswer(t, lb, enUser, enUser, again.ID, "f:draft:c.medicine"); got == "" {
		t.Fatalf("a forged press was not refused")
	}
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM orders`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d orders after stale presses", n)
	}
	// In a group, free text is ignored: nothing private, no draft.
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	if got := lb.groupSay(t, grpA1, zhUser, "我要买大米"); len(got) != 0 {
		t.Fatalf("free text in a group answered: %+v", got)
	}
	lb.noneRefused(t)
}

// A resident who types more before pressing: "药吃完了，需要胰岛素", then "还有降压药也没了"
// is one draft of both (before, the second replaced the first and insulin was never ordered);
// a photo of a list then "照片上的东西帮我买一下" keeps the photo; a thank-you takes no draft
// away; a second photo, or another category, cannot join: the resident is told the earlier draft
// was not placed.
func TestFreeText_MoreTypedJoinsTheDraft_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	med := words(ZH, "cat.medicine")
	lb.say(t, zhUser, "药吃完了，需要胰岛素")
	draft := lb.say(t, zhUser, "还有降压药也没了")
	if !shows(t, draft.Text, ZH, "free.draft", med, "药吃完了，需要胰岛素；还有降压药也没了") {
		t.Fatalf("the draft with more typed: %q", draft.Text)
	}
	if got := lb.say(t, zhUser, "谢谢！"); !shows(t, got.Text, ZH, "free.thanks") {
		t.Fatalf("thanks: %q", got.Text)
	}
	placed := lb.press(t, zhUser, draft, "✅ "+words(ZH, "free.place", med))
	if !shows(t, placed.Text, ZH, "order.placed", 1) {
		t.Fatalf("the draft, pressed after a thank-you: %q", placed.Text)
	}
	var items string
	_ = lb.readDB(t).QueryRow(`SELECT items FROM orders WHERE id = 1`).Scan(&items)
	if items != "药吃完了，需要胰岛素；还有降压药也没了" {
		t.Fatalf("order #1 holds %q", items)
	}

	// English: a photo of the list, then the words; a second photo cannot join.
	lb.answers(t, enUser, len(lb.ts.BotMessages(enUser)), lb.ts.SendPhoto(enUser, ""))
	draft = lb.say(t, enUser, "please buy the rice and milk in the photo")
	groceries := words(EN, "cat.groceries")
	if !shows(t, draft.Text, EN, "free.draft", groceries, anyArg{}) || !strings.Contains(draft.Text, words(EN, "media.photo")) ||
		!strings.Contains(draft.Text, "please buy the rice and milk in the photo") {
		t.Fatalf("the photo's draft with words: %q", draft.Text)
	}
	got := lb.answers(t, enUser, len(lb.ts.BotMessages(enUser)), lb.ts.SendPhoto(enUser, "page 2"))
	if len(got) != 2 || !shows(t, got[0].Text, EN, "free.earlier_not_placed", anyArg{}) || !strings.Contains(got[0].Text, "rice and milk") {
		t.Fatalf("a second photo: %+v", got)
	}
	// Another category cannot join either.
	lb.sayAll(t, zhUser, "我要买大米")
	got = lb.sayAll(t, zhUser, "需要胰岛素")
	if len(got) != 2 || !shows(t, got[0].Text, ZH, "free.earlier_not_placed", anyArg{}) || !strings.Contains(got[0].Text, "我要买大米") ||
		!shows(t, got[1].Text, ZH, "free.draft", med, "需要胰岛素") {
		t.Fatalf("another category: %+v", got)
	}
	if n := countRows(t, lb, "orders"); n != 1 {
		t.Fatalf("%d orders, want 1", n)
	}
	lb.noneRefused(t)
}

// What a resident types about their own orders is answered with them, never made a draft:
// "收到了" offers the deliveries waiting for their word, "还没送到" shows what is under way,
// "取消" what can be cancelled (asking once more) or the draft being made; "取消" typed at a
// question of the guided /order ends it, instead of becoming an item.
func TestFreeText_AboutTheirOwnOrders_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	lb.sayAll(t, zhUser, "/order groceries 大米")
	lb.sayAll(t, zhUser, "/order medicine 降压药")
	lb.sayAll(t, volZH, "/claim 1")
	lb.sayAll(t, volZH, "/deliver 1")
	lb.drain(t)

	got := lb.say(t, zhUser, "收到了，谢谢你们！🙏")
	if !shows(t, got.Text, ZH, "free.received_which") || !hasButton(got, words(ZH, "button.received", 1)) || hasButton(got, words(ZH, "button.received", 2)) {
		t.Fatalf("收到了: %q %s", got.Text, buttonLabels(got))
	}
	if ok := lb.press(t, zhUser, got, words(ZH, "button.received", 1)); !shows(t, ok.Text, ZH, "order.received_ok", 1) {
		t.Fatalf("received from the answer: %q", ok.Text)
	}
	if got := lb.say(t, zhUser, "还没送到"); !shows(t, got.Text, ZH, "free.where") || !strings.Contains(got.Text, "降压药") || strings.Contains(got.Text, "大米") {
		t.Fatalf("还没送到: %q", got.Text)
	}
	got = lb.say(t, zhUser, "降压药不要了，取消吧")
	if !shows(t, got.Text, ZH, "free.cancel_which") || !hasButton(got, words(ZH, "button.cancel_order", 2)) {
		t.Fatalf("取消: %q %s", got.Text, buttonLabels(got))
	}
	if ask := lb.press(t, zhUser, got, words(ZH, "button.cancel_order", 2)); !shows(t, ask.Text, ZH, "order.cancel_confirm", 2, anyArg{}) {
		t.Fatalf("cancel asks once more: %q", ask.Text)
	}
	// A draft being made is what "算了" takes back.
	draft := lb.say(t, zhUser, "我要买鸡蛋")
	if got := lb.say(t, zhUser, "算了"); !shows(t, got.Text, ZH, "order.cancelled") {
		t.Fatalf("算了 after a draft: %q", got.Text)
	}
	if a := pressAnswer(t, lb, zhUser, zhUser, draft.ID, buttonData(t, draft, "✅")); !shows(t, a, ZH, "error.stale_button") {
		t.Fatalf("the dropped draft's button: %q", a)
	}
	// "取消" at a question of the guided order.
	cat := lb.say(t, zhUser, "/order")
	lb.press(t, zhUser, cat, words(ZH, "cat.groceries"))
	if got := lb.say(t, zhUser, "不用了"); !shows(t, got.Text, ZH, "order.cancelled") {
		t.Fatalf("不用了 in /order: %q", got.Text)
	}

	// English, with nothing under way.
	for text, key := range map[string]string{"received, thanks": "free.thanks", "where is my order?": "free.where_none", "cancel": "free.cancel_none"} {
		if got := lb.say(t, enUser, text); !shows(t, got.Text, EN, key) {
			t.Errorf("%q: %q", text, got.Text)
		}
	}
	if n := countRows(t, lb, "orders"); n != 2 {
		t.Fatalf("%d orders, want the 2 placed", n)
	}
	lb.noneRefused(t)
}

// A draft left for more than half an hour lapses: its ✅ then says so, in the resident's language,
// and orders nothing; a text typed after the lapse is read afresh as a new draft, not swallowed.
func TestFreeText_LapsedDraft_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := sweepBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	zhDraft := lb.say(t, zhUser, "我要买大米")
	lb.say(t, enUser, "I need rice")
	clock.jump(31 * time.Minute)
	if a := pressAnswer(t, lb, zhUser, zhUser, zhDraft.ID, buttonData(t, zhDraft, "✅")); !shows(t, a, ZH, "flow.lapsed.draft", 30) {
		t.Fatalf("zh lapsed draft: %q", a)
	}
	if got := lb.say(t, enUser, "and milk"); !shows(t, got.Text, EN, "free.draft", words(EN, "cat.groceries"), "and milk") {
		t.Fatalf("a text after the lapse: %q", got.Text)
	}
	if n := countRows(t, lb, "orders"); n != 0 {
		t.Fatalf("%d orders from lapsed drafts", n)
	}
	lb.noneRefused(t)
}
