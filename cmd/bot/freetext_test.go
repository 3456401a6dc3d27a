package main

import (
	"strings"
	"testing"

	"linli/telegramtest"
)

// draftOrFriendly is what the bot's answer to a free text should be: a draft with this category
// label ("" for a draft that asks to pick one) or a friendly answer with the main menu.
type freeCase struct {
	user int64
	text string
	want string // a category label, "pick" (a draft without a guess), or "menu:<text in the answer>"
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
		{zhUser, "我要买大米和鸡蛋", "🥬 买菜/生活物资", ""},
		{zhUser, "帮我买点青菜、挂面", "🥬 买菜/生活物资", ""},
		{zhUser, "牛奶两箱", "🥬 买菜/生活物资", ""},
		{zhUser, "没油了，要一桶食用油", "🥬 买菜/生活物资", ""},
		{zhUser, "需要胰岛素", "💊 买药/就医", ""},
		{zhUser, "老伴发烧了，要退烧药", "💊 买药/就医", ""},
		{zhUser, "降压药吃完了，有处方", "💊 买药/就医", ""},
		{zhUser, "家里垃圾两袋请来收", "🗑 垃圾清运", ""},
		{zhUser, "有个快递在门口，帮忙取一下", "📦 代购代办", ""},
		{zhUser, "帮忙交一下电费", "📦 代购代办", ""},
		{zhUser, "猪圈里三头猪要喂", "🐖 畜禽帮养", ""},
		{zhUser, "麦地要浇水", "🌾 代耕代种", ""},
		{zhUser, "晚上睡不着，很焦虑", "💬 心理疏导", ""},
		{zhUser, "你好", "menu:您好！", ""},
		{zhUser, "您好！", "menu:您好！", ""},
		{zhUser, "在吗？", "menu:您好！", ""},
		{zhUser, "谢谢！", "menu:不客气", ""},
		{zhUser, "太感谢志愿者了🙏", "menu:不客气", ""},
		{zhUser, "怎么下单？", "menu:好问题", ""},
		{zhUser, "这个怎么用", "menu:好问题", ""},
		{zhUser, "👍", "menu:直接打字", ""},
		{zhUser, "🙂🙂🙂", "menu:直接打字", ""},
		{zhUser, "。。。", "menu:直接打字", ""},
		{zhUser, "帮我跑一趟", "pick", ""},
		{zhUser, "<b>大米</b> & 鸡蛋", "🥬 买菜/生活物资", ""},
		{zhUser, long, "menu:太长", ""},
		{zhUser, "🍚 米 🥚 蛋", "🥬 买菜/生活物资", ""},
		{zhUser, "我要\x00大米\x07和鸡蛋", "🥬 买菜/生活物资", "我要大米和鸡蛋"},
		{zhUser, "\x1b[31m鸡蛋\x1b[0m", "🥬 买菜/生活物资", "[31m鸡蛋[0m"},
		{zhUser, "\x00\x01\x7f", "menu:直接打字", ""},
		{zhUser, "\u200b\u202e\u2066", "menu:直接打字", ""},
		{enUser, "insulin\u202e\x08 please", "💊 Medicine", "insulin please"},
		{enUser, "I need rice and eggs", "🥬 Groceries", ""},
		{enUser, "some vegetables and milk please", "🥬 Groceries", ""},
		{enUser, "insulin for my mother", "💊 Medicine", ""},
		{enUser, "fever medicine, I have a prescription", "💊 Medicine", ""},
		{enUser, "please take our trash out", "🗑 Garbage pickup", ""},
		{enUser, "pick up a parcel at the gate", "📦 Errands", ""},
		{enUser, "feed the pigs in the barn", "🐖 Livestock care", ""},
		{enUser, "harvest the field", "🌾 Farm work", ""},
		{enUser, "I feel anxious and lonely", "💬 Counselling", ""},
		{enUser, "the toilet is blocked", "pick", ""},
		{enUser, "hello", "menu:Hello!", ""},
		{enUser, "Hi there!", "menu:Hello!", ""},
		{enUser, "thank you so much", "menu:You are welcome", ""},
		{enUser, "Thanks!!", "menu:You are welcome", ""},
		{enUser, "how does this work?", "menu:Good question", ""},
		{enUser, "what can you do", "menu:Good question", ""},
		{enUser, "🙏", "menu:Type what you need", ""},
		{enUser, "<script>alert(1)</script>", "pick", ""},
		{enUser, "<i>eggs</i> & <b>milk</b>", "🥬 Groceries", ""},
		{stranger, "I need rice", "menu:register your household", ""},
		{stranger, "hello", "menu:Hello!", ""},
	}
	for _, c := range cases {
		got := lb.sayAll(t, c.user, c.text)
		if len(got) != 1 {
			t.Errorf("%.30q: %d answers, want 1: %+v", c.text, len(got), got)
			continue
		}
		m := got[0]
		switch {
		case strings.HasPrefix(c.want, "menu:"):
			if !strings.Contains(m.Text, strings.TrimPrefix(c.want, "menu:")) || (!strings.Contains(c.want, "太长") && !hasButton(m, "📋")) {
				t.Errorf("%.30q: want a friendly answer with %q and the menu, got %q", c.text, c.want, m.Text)
			}
		case c.want == "pick":
			if strings.Contains(m.Text, "Category:") || strings.Contains(m.Text, "类别：") || hasButton(m, "✅") || !hasButton(m, "🥬") {
				t.Errorf("%.30q: want a draft asking to pick a category, got %q", c.text, m.Text)
			}
		default:
			if !strings.Contains(m.Text, c.want) || !hasButton(m, "✅") {
				t.Errorf("%.30q: want a draft as %s, got %q", c.text, c.want, m.Text)
			}
			want := strings.TrimSpace(c.text)
			if c.shown != "" {
				want = c.shown
			}
			if !strings.Contains(m.Text, want) {
				t.Errorf("%.30q: the draft does not show the text as typed: %q", c.text, m.Text)
			}
		}
	}
	var n int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM orders`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d orders placed without a confirming press", n)
	}

	// The last draft is placed with its press; another category may be picked first.
	older := lb.say(t, zhUser, "买牛奶")
	draft := lb.say(t, zhUser, "帮我买点鸡蛋")
	if got := pressAnswer(t, lb, zhUser, zhUser, older.ID, buttonData(t, older, "✅")); !strings.Contains(got, "失效") {
		t.Fatalf("the older draft's button: %q", got)
	}
	lb.pressAll(t, zhUser, draft, "📦 代购代办")
	again := messageByID(t, lb, zhUser, draft.ID)
	if !strings.Contains(again.Text, "类别：📦 代购代办") || !strings.Contains(again.Text, "帮我买点鸡蛋") {
		t.Fatalf("after picking another category, the draft in place: %q", again.Text)
	}
	placed := lb.press(t, zhUser, again, "✅")
	if !strings.Contains(placed.Text, "#1") {
		t.Fatalf("placed: %q", placed.Text)
	}
	var cat, items string
	_ = lb.readDB(t).QueryRow(`SELECT category, items FROM orders WHERE id = 1`).Scan(&cat, &items)
	if cat != "errand" || items != "帮我买点鸡蛋" {
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
