package main

import (
	"fmt"
	"strings"
	"testing"

	"linli/telegramtest"
)

// register walks a user through guided registration in their language (lang "zh" or "en").
func register(t *testing.T, lb *liveBot, user int64, lang, name string) {
	t.Helper()
	greet := lb.say(t, user, "/start")
	label := map[string]string{"zh": "中文", "en": "English"}[lang]
	before := len(lb.ts.BotMessages(user))
	if _, err := lb.ts.Press(user, user, greet.ID, buttonData(t, greet, label)); err != nil {
		t.Fatal(err)
	}
	lb.nextAfter(t, user, before)          // language set
	ask := lb.nextAfter(t, user, before+1) // step 1
	if !strings.Contains(ask.Text, map[string]string{"zh": "第 1 步", "en": "Step 1"}[lang]) {
		t.Fatalf("registration did not start: %q", ask.Text)
	}
	phone := lb.say(t, user, name)
	if phone.ReplyKeyboard == nil || !phone.ReplyKeyboard.Keyboard[0][0].RequestContact {
		t.Fatalf("no share-contact button: %+v", phone)
	}
	before = len(lb.ts.BotMessages(user))
	lb.ts.SendContact(user, "+86 "+phoneOf(user))
	if ok := lb.nextAfter(t, user, before); !ok.RemoveKeyboard || !strings.Contains(ok.Text, phoneOf(user)) {
		t.Fatalf("phone not confirmed, or the contact keyboard left open: %+v", ok)
	}
	zone := lb.nextAfter(t, user, before+1)
	building := lb.press(t, user, zone, "官北沟")
	if !strings.Contains(building.Text, map[string]string{"zh": "楼栋", "en": "building"}[lang]) {
		t.Fatalf("after zone: %q", building.Text)
	}
	lb.say(t, user, "3号楼")
	size := lb.say(t, user, "2单元 301")
	vuln := lb.press(t, user, size, "2")
	vuln = lb.press(t, user, vuln, map[string]string{"zh": "独居老人", "en": "elderly"}[lang])
	if !strings.Contains(fmt.Sprint(vuln.ReplyMarkup), "✅") {
		t.Fatalf("toggle not shown: %+v", vuln.ReplyMarkup)
	}
	summary := lb.press(t, user, vuln, map[string]string{"zh": "完成", "en": "Done"}[lang])
	if !strings.Contains(summary.Text, name) || !strings.Contains(summary.Text, phoneOf(user)) {
		t.Fatalf("summary: %q", summary.Text)
	}
	done := lb.press(t, user, summary, map[string]string{"zh": "确认", "en": "Confirm"}[lang])
	if !strings.Contains(done.Text, map[string]string{"zh": "登记完成", "en": "Registered"}[lang]) {
		t.Fatalf("after confirm: %q", done.Text)
	}
}

// phoneOf is the phone register gives user: resPhone for zhUser, one of their own for anyone
// else (one phone, one household).
func phoneOf(user int64) string {
	if user == zhUser {
		return resPhone
	}
	return fmt.Sprintf("1380013%04d", user%10000)
}

func TestRegistration_GuidedInBothLanguages(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", "王<b>阿姨</b>")
	register(t, lb, enUser, "en", "Ann *Smith*")
	p := lb.say(t, zhUser, "/profile")
	if !strings.Contains(p.Text, "王<b>阿姨</b>") || !strings.Contains(p.Text, "独居老人") {
		t.Fatalf("profile: %q", p.Text)
	}
	if again := lb.say(t, zhUser, "/register"); !strings.Contains(again.Text, "已经登记") {
		t.Fatalf("second registration: %q", again.Text)
	}
	lb.noneRefused(t)
}

func TestRegistration_ContinuesAfterRestart(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	lb.say(t, zhUser, "/register")
	lb.say(t, zhUser, "李大爷")
	lb.say(t, zhUser, "13800138000")
	lb.restart(t)
	zone := lb.ts.BotMessages(zhUser)[len(lb.ts.BotMessages(zhUser))-1]
	if next := lb.press(t, zhUser, zone, "幸福里"); !strings.Contains(next.Text, "第 4 步") {
		t.Fatalf("after restart: %q", next.Text)
	}
}

func TestOrder_GuidedAndOneLine(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", "王阿姨")
	cat := lb.say(t, zhUser, "/order")
	items := lb.press(t, zhUser, cat, "买菜")
	items = lb.press(t, zhUser, items, "大米")
	items = lb.say(t, zhUser, "鸡蛋 10个 <script>")
	if !strings.Contains(items.Text, "大米; 鸡蛋 10个 <script>") {
		t.Fatalf("items so far: %q", items.Text)
	}
	urgent := lb.press(t, zhUser, items, "完成")
	note := lb.press(t, zhUser, urgent, "不急")
	summary := lb.press(t, zhUser, note, "放门口")
	placed := lb.press(t, zhUser, summary, "确认下单")
	if !strings.Contains(placed.Text, "已下单 #1") || !strings.Contains(placed.Text, "等待志愿者接单") {
		t.Fatalf("placed: %q", placed.Text)
	}
	one := lb.say(t, zhUser, "/order medicine !urgent 胰岛素 2盒")
	if !strings.Contains(one.Text, "#2") || !strings.Contains(one.Text, "🔴") {
		t.Fatalf("one-line: %q", one.Text)
	}
	list := lb.say(t, zhUser, "/orders")
	if !strings.Contains(list.Text, "#1") || !strings.Contains(list.Text, "#2") || strings.Index(list.Text, "#2") > strings.Index(list.Text, "#1") {
		t.Fatalf("/orders newest first: %q", list.Text)
	}
	cancelled := lb.press(t, zhUser, list, "取消 #1")
	if !strings.Contains(cancelled.Text, "已取消订单 #1") {
		t.Fatalf("cancel button: %q", cancelled.Text)
	}
	if again := lb.say(t, zhUser, "/cancel 1"); !strings.Contains(again.Text, "不能这样操作") {
		t.Fatalf("cancel twice: %q", again.Text)
	}
	lb.noneRefused(t)
}

func TestOrder_EnglishOneLineAndRestartMidFlow(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, enUser, "en", "Ann")
	cat := lb.say(t, enUser, "/order")
	items := lb.press(t, enUser, cat, "Groceries")
	lb.press(t, enUser, items, "milk")
	lb.restart(t)
	urgent := lb.say(t, enUser, "bread 2")
	if !strings.Contains(urgent.Text, "milk; bread 2") {
		t.Fatalf("after restart the order in progress was lost: %q", urgent.Text)
	}
}

func TestResidentCommands_BadInputChangesNothing(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: 103, FirstName: "Other", LanguageCode: "zh"})
	if got := lb.say(t, 103, "/order groceries 米"); !strings.Contains(got.Text, "请先登记") {
		t.Fatalf("unregistered order: %q", got.Text)
	}
	register(t, lb, zhUser, "zh", "王阿姨")
	register(t, lb, enUser, "en", "Ann")
	lb.say(t, enUser, "/order groceries milk") // #1, Ann's
	long := strings.Repeat("米", 5000)
	cases := []struct {
		user int64
		in   string
		want string
	}{
		{zhUser, "/order", "需要什么帮助"}, // starts the guided flow (not an error)
		{zhUser, "/cancel", "已取消下单"},
		{zhUser, "/order fly 米", "没有这个类别"},
		{zhUser, "/order groceries", "用法：/order"},
		{zhUser, "/order groceries " + long, "最多 1000"},
		{zhUser, "/order <b>groceries</b> x", "没有这个类别"},
		{zhUser, "/cancel abc", "用法：/cancel"},
		{zhUser, "/cancel 999", "没有找到"},
		{zhUser, "/cancel 1", "不是您家的订单"},
		{zhUser, "/received 1 9", "用法：/received"},
		{zhUser, "/received", "用法：/received"},
		{enUser, "/received 1", "cannot be done"},
		{enUser, "/register a1; only", "already registered"},
		{enUser, "/cancel 🍚", "Usage: /cancel"},
		{enUser, "/order groceries \x00\x07", "Usage: /order"},
	}
	for _, c := range cases {
		if got := lb.say(t, c.user, c.in); !strings.Contains(got.Text, c.want) {
			t.Errorf("%d %.40q: %q, want %q", c.user, c.in, got.Text, c.want)
		}
	}
	var n int
	_ = lb.readDB(t).QueryRow("SELECT count(*) FROM orders").Scan(&n)
	if status := orderStatus(t, lb, 1); n != 1 || status != "open" {
		t.Fatalf("%d orders, #1 %s: bad input changed something", n, orderStatus(t, lb, 1))
	}
	lb.noneRefused(t)
}

func TestRelative_LinksByCodeOrdersAndResidentIsTold(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", "王阿姨")
	link := lb.say(t, zhUser, "/family")
	i := strings.Index(link.Text, "/start f_")
	if i < 0 {
		t.Fatalf("no code: %q", link.Text)
	}
	code := strings.Fields(link.Text[i+len("/start "):])[0]
	linked := lb.say(t, enUser, "/start "+code)
	if !strings.Contains(linked.Text, "linked to the household of 王阿姨") {
		t.Fatalf("relative: %q", linked.Text)
	}
	if reuse := lb.say(t, 900, "/start "+code); !strings.Contains(reuse.Text, "已经用过") {
		t.Fatalf("second use of the code: %q", reuse.Text)
	}
	before := len(lb.ts.BotMessages(zhUser))
	placed := lb.say(t, enUser, "/order medicine 胰岛素")
	if !strings.Contains(placed.Text, "#1") {
		t.Fatalf("relative's order: %q", placed.Text)
	}
	told := lb.nextAfter(t, zhUser, before)
	if !strings.Contains(told.Text, "为您下了订单 #1") || !strings.Contains(told.Text, "胰岛素") {
		t.Fatalf("resident told: %q", told.Text)
	}
	if list := lb.say(t, zhUser, "/orders"); !strings.Contains(list.Text, "#1") {
		t.Fatalf("resident's /orders: %q", list.Text)
	}
	for _, bad := range []string{"/start f_nope", "/start f_../../x", "/start f_" + strings.Repeat("a", 5000)} {
		if got := lb.say(t, 900, bad); !strings.Contains(got.Text, "链接不对") {
			t.Errorf("%.30q: %q", bad, got.Text)
		}
	}
}

func TestLimits_OpenOrdersPerHouseholdAndMessagesPerMinute(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, enUser, "en", "Ann")
	for i := 1; i <= 5; i++ {
		if got := placeOrder(t, lb, enUser, fmt.Sprintf("/order groceries item %d", i)); !strings.Contains(got[0].Text, fmt.Sprintf("#%d", i)) {
			t.Fatalf("order %d: %q", i, got[0].Text)
		}
	}
	// The sixth asks first whether to add to #5; a separate order is refused.
	ask := lb.say(t, enUser, "/order groceries one more")
	if got := pressAnswer(t, lb, enUser, enUser, ask.ID, buttonData(t, ask, "Place a separate order")); !strings.Contains(got, "already have 5 orders") {
		t.Fatalf("sixth order: %q", got)
	}
	if got := lb.say(t, enUser, "/order medicine one more"); !strings.Contains(got.Text, "already have 5 orders") {
		t.Fatalf("sixth order: %q", got.Text)
	}
	lb.say(t, enUser, "/cancel 1")
	if got := placeOrder(t, lb, enUser, "/order groceries now it fits")[0]; !strings.Contains(got.Text, "#6") {
		t.Fatalf("after a cancel: %q", got.Text)
	}
}

func TestLimits_MessageFloodGetsOneAnswer(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 5\n")
	addUsers(lb.ts)
	var last int64
	for i := 0; i < 12; i++ {
		last = lb.ts.SendText(enUser, "/help")
	}
	lb.settle(t, last)
	var limited, helped int
	for _, m := range lb.ts.BotMessages(enUser) {
		switch {
		case strings.Contains(m.Text, "too fast"):
			limited++
		case strings.Contains(m.Text, "Commands you can use"):
			helped++
		}
	}
	if limited != 1 || helped != 5 {
		t.Fatalf("%d answers and %d 'too fast' to a flood of 12, want 5 and 1", helped, limited)
	}
	if got := lb.say(t, 900, "/help"); !strings.Contains(got.Text, "您可以使用") {
		t.Fatalf("another user was limited too: %q", got.Text)
	}
}

func TestRegister_OneLineBadInputTable(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	const u = 104
	lb.ts.AddUser(telegramtest.User{ID: u, FirstName: "Hu", LanguageCode: "en"})
	long := strings.Repeat("名", 5000)
	for in, want := range map[string]string{
		"/register a1; Ann":                                "Usage: /register",
		"/register a1; Ann; 13800138000; 3号楼":              "Usage: /register",
		"/register zz; Ann; 13800138000; 3号楼 301":          "no such zone",
		"/register <b>a1</b>; Ann; 13800138000; 3号楼 301":   "no such zone",
		"/register a1; ; 13800138000; 3号楼 301":             "name",
		"/register a1; " + long + "; 13800138000; 3号楼 301": "name",
		"/register a1; Ann; 12345; 3号楼 301":                "phone number",
		"/register a1; Ann; <script>; 3号楼 301":             "phone number",
		"/register a1; Ann; 13800138000; " + long + " 301": "building",
		"/register a1; Ann; 13800138000; 3号楼 " + long:      "room",
		"/register a1; \x00\x07; 13800138000; 3号楼 301":     "name",
		"/register a1; 🙂🙂; 13800138000; 3号楼 301":           "name",
	} {
		if got := lb.say(t, u, in); !strings.Contains(got.Text, want) {
			t.Errorf("%.50q: %q, want %q", in, got.Text, want)
		}
	}
	var n int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM households`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d households from bad input", n)
	}
	got := lb.say(t, u, "/register A1； Ann <b>&</b> *Co*；+86 138 0013 8000； 3号楼　2单元 <i>301</i>")
	if !strings.Contains(got.Text, "Registered") || !strings.Contains(got.Text, "Ann <b>&</b> *Co*") ||
		!strings.Contains(got.Text, "3号楼 2单元 <i>301</i>") || !strings.Contains(got.Text, "13800138000") {
		t.Fatalf("one-line registration with markup and full-width separators: %q", got.Text)
	}
	lb.noneRefused(t)
}

func TestOrder_DailyLivestockFeeding(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, enUser, "en", "Ann")
	cat := lb.say(t, enUser, "/order")
	items := lb.press(t, enUser, cat, "Livestock")
	items = lb.press(t, enUser, items, "feed pigs")
	repeat := lb.press(t, enUser, items, "Done")
	urgent := lb.press(t, enUser, repeat, "Every day")
	note := lb.press(t, enUser, urgent, "Not urgent")
	summary := lb.press(t, enUser, note, "No note")
	if !strings.Contains(summary.Text, "Repeats every day") {
		t.Fatalf("summary of a daily order: %q", summary.Text)
	}
	lb.press(t, enUser, summary, "Place order")
	var recurring string
	_ = lb.readDB(t).QueryRow(`SELECT recurring FROM orders WHERE id = 1`).Scan(&recurring)
	if recurring != "daily" {
		t.Fatalf("stored recurring %q", recurring)
	}
	// Groceries are not asked: they go straight to urgency.
	cat = lb.say(t, enUser, "/order")
	items = lb.press(t, enUser, cat, "Groceries")
	items = lb.press(t, enUser, items, "milk")
	if next := lb.press(t, enUser, items, "Done"); !strings.Contains(next.Text, "urgent") {
		t.Fatalf("groceries asked something else after items: %q", next.Text)
	}
	lb.noneRefused(t)
}
