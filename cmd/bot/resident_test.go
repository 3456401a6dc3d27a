package main

import (
	"fmt"
	"strings"
	"testing"

	"linli/i18n"
	"linli/orders"
	"linli/telegramtest"
)

// register walks a user through guided registration in their language (lang "zh" or "en").
func register(t *testing.T, lb *liveBot, user int64, lang, name string) {
	t.Helper()
	greet := lb.say(t, user, "/start")
	label := words(lang, "button."+lang)
	before := len(lb.ts.BotMessages(user))
	if _, err := lb.ts.Press(user, user, greet.ID, buttonData(t, greet, label)); err != nil {
		t.Fatal(err)
	}
	lb.nextAfter(t, user, before)          // language set
	ask := lb.nextAfter(t, user, before+1) // step 1
	if !shows(t, ask.Text, lang, "register.ask_name") {
		t.Fatalf("registration did not start: %q", ask.Text)
	}
	phone := lb.say(t, user, name)
	if phone.ReplyKeyboard == nil || !phone.ReplyKeyboard.Keyboard[0][0].RequestContact {
		t.Fatalf("no share-contact button: %+v", phone)
	}
	before = len(lb.ts.BotMessages(user))
	lb.ts.SendContact(user, "+86 "+phoneOf(user))
	if ok := lb.nextAfter(t, user, before); !ok.RemoveKeyboard || !shows(t, ok.Text, lang, "register.phone_ok", phoneOf(user)) {
		t.Fatalf("phone not confirmed, or the contact keyboard left open: %+v", ok)
	}
	zone := lb.nextAfter(t, user, before+1)
	building := lb.press(t, user, zone, "官北沟")
	if !shows(t, building.Text, lang, "register.ask_building") {
		t.Fatalf("after zone: %q", building.Text)
	}
	lb.say(t, user, "3号楼")
	size := lb.say(t, user, "2单元 301")
	vuln := lb.press(t, user, size, "2")
	vuln = lb.press(t, user, vuln, words(lang, "vuln.elderly_alone"))
	if !strings.Contains(fmt.Sprint(vuln.ReplyMarkup), "✅") {
		t.Fatalf("toggle not shown: %+v", vuln.ReplyMarkup)
	}
	summary := lb.press(t, user, vuln, words(lang, "button.done"))
	if !strings.Contains(summary.Text, name) || !strings.Contains(summary.Text, phoneOf(user)) {
		t.Fatalf("summary: %q", summary.Text)
	}
	done := lb.press(t, user, summary, words(lang, "button.confirm"))
	if !shows(t, done.Text, lang, "register.done") {
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
	if !strings.Contains(p.Text, "王<b>阿姨</b>") || !strings.Contains(p.Text, words(ZH, "vuln.elderly_alone")) {
		t.Fatalf("profile: %q", p.Text)
	}
	if again := lb.say(t, zhUser, "/register"); !shows(t, again.Text, ZH, "register.already") {
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
	if next := lb.press(t, zhUser, zone, "幸福里"); !shows(t, next.Text, ZH, "register.ask_building") {
		t.Fatalf("after restart: %q", next.Text)
	}
}

func TestOrder_GuidedAndOneLine(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", "王阿姨")
	cat := lb.say(t, zhUser, "/order")
	items := lb.press(t, zhUser, cat, words(ZH, "cat.groceries"))
	items = lb.press(t, zhUser, items, words(ZH, "item.rice"))
	items = lb.say(t, zhUser, "鸡蛋 10个 <script>")
	if !strings.Contains(items.Text, words(ZH, "item.rice")+words(ZH, "order.item_sep")+"鸡蛋 10个 <script>") {
		t.Fatalf("items so far: %q", items.Text)
	}
	urgent := lb.press(t, zhUser, items, words(ZH, "button.done"))
	note := lb.press(t, zhUser, urgent, words(ZH, "order.not_urgent"))
	summary := lb.press(t, zhUser, note, words(ZH, "note.door"))
	placed := lb.press(t, zhUser, summary, words(ZH, "order.place"))
	if !shows(t, placed.Text, ZH, "order.placed", 1) || !strings.Contains(placed.Text, words(ZH, "status.open")) {
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
	// A tap in the list asks first: "keep it" changes nothing, "yes" cancels.
	sure := lb.press(t, zhUser, list, words(ZH, "button.cancel_order", 1))
	if !shows(t, sure.Text, ZH, "order.cancel_confirm", 1) || !strings.Contains(sure.Text, "鸡蛋 10个 &lt;script&gt;") && !strings.Contains(sure.Text, "鸡蛋 10个 <script>") {
		t.Fatalf("cancel button: %q", sure.Text)
	}
	lb.pressAll(t, zhUser, sure, words(ZH, "button.cancel_no"))
	if kept := messageByID(t, lb, zhUser, sure.ID); !shows(t, kept.Text, ZH, "order.cancel_kept", 1) || orderStatus(t, lb, 1) != "open" {
		t.Fatalf("kept: %q, #1 %s", kept.Text, orderStatus(t, lb, 1))
	}
	sure = lb.press(t, zhUser, list, words(ZH, "button.cancel_order", 1))
	lb.pressAll(t, zhUser, sure, words(ZH, "button.cancel_yes", 1))
	if cancelled := messageByID(t, lb, zhUser, sure.ID); !shows(t, cancelled.Text, ZH, "order.cancelled_ok", 1) || orderStatus(t, lb, 1) != "cancelled" {
		t.Fatalf("cancelled: %q", cancelled.Text)
	}
	if again := lb.say(t, zhUser, "/cancel 1"); !shows(t, again.Text, ZH, "order.refused_cancel", 1, words(ZH, "status.cancelled"), words(ZH, "order.why_cancel.cancelled")) {
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
	items := lb.press(t, enUser, cat, words(EN, "cat.groceries"))
	lb.press(t, enUser, items, words(EN, "item.milk"))
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
	if got := lb.say(t, 103, "/order groceries 米"); !shows(t, got.Text, ZH, "order.register_first") {
		t.Fatalf("unregistered order: %q", got.Text)
	}
	register(t, lb, zhUser, "zh", "王阿姨")
	register(t, lb, enUser, "en", "Ann")
	lb.say(t, enUser, "/order groceries milk") // #1, Ann's
	long := strings.Repeat("米", 5000)
	cases := []struct {
		user      int64
		in        string
		lang, key string
	}{
		{zhUser, "/order", ZH, "order.ask_category"}, // starts the guided flow (not an error)
		{zhUser, "/cancel", ZH, "order.cancelled"},
		{zhUser, "/order fly 米", ZH, "order.unknown_category"},
		{zhUser, "/order groceries", ZH, "order.usage"},
		{zhUser, "/order groceries " + long, ZH, "order.bad_items"},
		{zhUser, "/order <b>groceries</b> x", ZH, "order.unknown_category"},
		{zhUser, "/cancel abc", ZH, "cancel.usage"},
		{zhUser, "/cancel 999", ZH, "order.not_found"},
		{zhUser, "/cancel 1", ZH, "order.not_yours"},
		{zhUser, "/received 1 9", ZH, "received.usage"},
		{zhUser, "/received", ZH, "received.nothing"},
		{enUser, "/received 1", EN, "order.refused_received"},
		{enUser, "/register a1; only", EN, "register.already"},
		{enUser, "/cancel 🍚", EN, "cancel.usage"},
		{enUser, "/order groceries \x00\x07", EN, "order.usage"},
	}
	for _, c := range cases {
		if got := lb.say(t, c.user, c.in); !shows(t, got.Text, c.lang, c.key) {
			t.Errorf("%d %.40q: %q, want %s", c.user, c.in, got.Text, c.key)
		}
	}
	for user, lang := range map[int64]string{zhUser: ZH, enUser: EN} { // the limit read is the one the code checks
		if got := lb.say(t, user, "/order groceries "+strings.Repeat("米", orders.MaxItems+1)); !shows(t, got.Text, lang, "order.bad_items", orders.MaxItems) {
			t.Errorf("%d: items over the limit: %q, want order.bad_items %d", user, got.Text, orders.MaxItems)
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
	if !shows(t, linked.Text, EN, "family.linked", "王阿姨") {
		t.Fatalf("relative: %q", linked.Text)
	}
	if reuse := lb.say(t, 900, "/start "+code); !shows(t, reuse.Text, ZH, "family.code_used") {
		t.Fatalf("second use of the code: %q", reuse.Text)
	}
	before := len(lb.ts.BotMessages(zhUser))
	placed := lb.say(t, enUser, "/order medicine 胰岛素")
	if !strings.Contains(placed.Text, "#1") {
		t.Fatalf("relative's order: %q", placed.Text)
	}
	told := lb.nextAfter(t, zhUser, before)
	if !shows(t, told.Text, ZH, "notify.placed_by", anyArg{}, 1) || !strings.Contains(told.Text, "胰岛素") {
		t.Fatalf("resident told: %q", told.Text)
	}
	// The resident's own request for counselling is not copied to the relative.
	placeOrder(t, lb, zhUser, "/order counselling 夜里睡不着")
	lb.drain(t)
	if n := countWith(lb, enUser, "夜里睡不着"); n != 0 {
		t.Fatalf("the relative was told of the resident's counselling request: %+v", lb.ts.BotMessages(enUser))
	}
	if list := lb.say(t, zhUser, "/orders"); !strings.Contains(list.Text, "#1") {
		t.Fatalf("resident's /orders: %q", list.Text)
	}
	for _, bad := range []string{"/start f_nope", "/start f_../../x", "/start f_" + strings.Repeat("a", 5000)} {
		if got := lb.say(t, 900, bad); !shows(t, got.Text, ZH, "family.code_invalid") {
			t.Errorf("%.30q: %q", bad, got.Text)
		}
	}
}

// A relative who opens the household's family link (or a stranger a link was forwarded to) is
// named to its resident at once, with a button that removes them; /profile lists the relatives,
// each with that button. Removed, they are told, and see and order nothing of the household any
// more. A forged press (by the relative, by someone else, with bad ids) and a stale one change
// nothing. Both ways round: a Chinese resident and an English relative, and the reverse.
func TestRelative_ResidentToldAtOnceAndRemovesThem(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		resident, relative int64
		rLang, relLang     string
	}{{zhUser, enUser, ZH, EN}, {enUser, zhUser, EN, ZH}} {
		t.Run(c.rLang, func(t *testing.T) {
			t.Parallel()
			lb := startBot(t, quick, fastSender())
			addUsers(lb.ts)
			relName := map[int64]string{zhUser: "王<b>阿姨</b>", enUser: "Ann & Bob"}[c.relative]
			lb.ts.AddUser(telegramtest.User{ID: c.relative, FirstName: relName, Username: "kin_42",
				LanguageCode: map[string]string{ZH: "zh", EN: "en"}[c.relLang]})
			register(t, lb, c.resident, c.rLang, "王秀兰")
			link := lb.say(t, c.resident, "/family")
			i := strings.Index(link.Text, "/start f_")
			if i < 0 {
				t.Fatalf("no code: %q", link.Text)
			}
			before := len(lb.ts.BotMessages(c.resident))
			mustShow(t, lb.say(t, c.relative, "/start "+strings.Fields(link.Text[i+len("/start "):])[0]), c.relLang, "family.linked", "王秀兰")
			told := lb.nextAfter(t, c.resident, before)
			mustShow(t, told, c.rLang, "family.told_linked", i18n.Raw(i18n.T(c.rLang, "family.who_at", relName, "kin_42")))
			remove := words(c.rLang, "family.remove_button", relName)
			data := buttonData(t, told, remove)
			if got := placeOrder(t, lb, c.relative, "/order groceries rice"); !strings.Contains(got[0].Text, "#1") {
				t.Fatalf("the relative's order: %q", got[0].Text)
			}
			profile := lb.say(t, c.resident, "/profile")
			mustShow(t, profile, c.rLang, "family.relatives")
			mustShow(t, profile, c.rLang, "family.relative_line", relName)
			if buttonData(t, profile, remove) != data {
				t.Fatalf("/profile's remove button: %+v", profile.ReplyMarkup)
			}
			if got := lb.say(t, c.relative, "/profile"); shows(t, got.Text, c.relLang, "family.relatives") {
				t.Fatalf("a relative sees the household's relatives: %q", got.Text)
			}

			member := func() int { return countRowsWhere(t, lb, "household_members", "user_id", c.relative) }
			for _, f := range []struct {
				user int64
				data string
				key  string
			}{
				{c.relative, data, "error.forbidden"},                               // the relative, with the resident's button
				{900, data, "error.forbidden"},                                      // someone else
				{c.resident, "p:x:1:abc", "error.stale_button"},                     // bad ids
				{c.resident, "p:x:99:" + fmt.Sprint(c.relative), "error.forbidden"}, // another household
			} {
				lang := map[int64]string{c.relative: c.relLang, c.resident: c.rLang, 900: ZH}[f.user]
				if got := pressAnswer(t, lb, f.user, f.user, 1, f.data); !shows(t, got, lang, f.key) || member() != 1 {
					t.Errorf("forged %d %s: %q, member %d", f.user, f.data, got, member())
				}
			}

			before = len(lb.ts.BotMessages(c.relative))
			mustShow(t, lb.press(t, c.resident, told, remove), c.rLang, "family.removed", relName)
			mustShow(t, lb.nextAfter(t, c.relative, before), c.relLang, "family.removed_told", "王秀兰")
			if member() != 0 {
				t.Fatal("the relative is still linked")
			}
			for _, cmd := range []string{"/orders", "/profile"} {
				if got := lb.say(t, c.relative, cmd); !shows(t, got.Text, c.relLang, "order.register_first") || strings.Contains(got.Text, "rice") {
					t.Errorf("%s of the removed relative: %q", cmd, got.Text)
				}
			}
			if got := pressAnswer(t, lb, c.resident, c.resident, profile.ID, data); !shows(t, got, c.rLang, "family.remove_stale") {
				t.Errorf("a stale remove button: %q", got)
			}
			if got := lb.say(t, c.resident, "/profile"); shows(t, got.Text, c.rLang, "family.relatives") {
				t.Errorf("/profile still lists the removed relative: %q", got.Text)
			}
			lb.noneRefused(t)
		})
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
	if got := pressAnswer(t, lb, enUser, enUser, ask.ID, buttonData(t, ask, words(EN, "dup.separate"))); !shows(t, got, EN, "order.too_many_open", 5) {
		t.Fatalf("sixth order: %q", got)
	}
	if got := lb.say(t, enUser, "/order garbage one more bag"); !shows(t, got.Text, EN, "order.too_many_open", 5) {
		t.Fatalf("sixth order: %q", got.Text)
	}
	// Insulin today is not refused because routine orders are waiting: an order urgent by its
	// category (or the resident's !urgent) has room beyond the limit.
	if got := placeOrder(t, lb, enUser, "/order medicine insulin")[0]; !shows(t, got.Text, EN, "order.placed", 6, anyArg{}) {
		t.Fatalf("an urgent order at the limit: %q", got.Text)
	}
	lb.say(t, enUser, "/cancel 1")
	lb.say(t, enUser, "/cancel 2") // 4 open with the insulin: room for a routine one again
	if got := placeOrder(t, lb, enUser, "/order groceries now it fits")[0]; !strings.Contains(got.Text, "#7") {
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
		case shows(t, m.Text, EN, "limit.messages", 5):
			limited++
		case shows(t, m.Text, EN, "help.title"):
			helped++
		}
	}
	if limited != 1 || helped != 5 {
		t.Fatalf("%d answers and %d 'too fast' to a flood of 12, want 5 and 1", helped, limited)
	}
	if got := lb.say(t, 900, "/help"); !shows(t, got.Text, ZH, "help.title") {
		t.Fatalf("another user was limited too: %q", got.Text)
	}
}

func TestRegister_OneLineBadInputTable(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	const u = 104
	lb.ts.AddUser(telegramtest.User{ID: u, FirstName: "Hu", LanguageCode: "en"})
	long := strings.Repeat("名", 5000)
	for in, key := range map[string]string{
		"/register a1; Ann":                                 "register.usage",
		"/register a1; Ann; 13800138000; 3号楼":               "register.usage",
		"/register zz; Ann; 13800138000; 3号楼 301":           "register.bad_zone",
		"/register <b>a1</b>; Ann; 13800138000; 3号楼 301":    "register.bad_zone",
		"/register a1; ; 13800138000; 3号楼 301":              "register.bad_name",
		"/register a1; " + long + "; 13800138000; 3号楼 301":  "register.bad_name",
		"/register a1; Ann; 12345; 3号楼 301":                 "register.bad_phone",
		"/register a1; Ann; <script>; 3号楼 301":              "register.bad_phone",
		"/register a1; Ann; 13800138000; " + long + " 301":  "register.which_building", // no building the parser can read
		"/register a1; Ann; 13800138000; 3号楼 " + long:       "register.bad_room",
		"/register a1; \x00\x07; 13800138000; 3号楼 301":      "register.bad_name",
		"/register a1; 🙂🙂; 13800138000; 3号楼 301":            "register.name_no_letters",
		"/register a1; 138 1234 5678; 13800138000; 3号楼 301": "register.name_is_phone",
	} {
		if got := lb.say(t, u, in); !shows(t, got.Text, EN, key) {
			t.Errorf("%.50q: %q, want %s", in, got.Text, key)
		}
	}
	var n int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM households`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d households from bad input", n)
	}
	got := lb.say(t, u, "/register A1； Ann <b>&</b> *Co*；+86 138 0013 8000； 3号楼　2单元 <i>301</i>")
	if !shows(t, got.Text, EN, "register.done") || !strings.Contains(got.Text, "Ann <b>&</b> *Co*") ||
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
	items := lb.press(t, enUser, cat, words(EN, "cat.livestock"))
	items = lb.press(t, enUser, items, words(EN, "item.pigs"))
	repeat := lb.press(t, enUser, items, words(EN, "button.done"))
	urgent := lb.press(t, enUser, repeat, words(EN, "order.daily"))
	note := lb.press(t, enUser, urgent, words(EN, "order.not_urgent"))
	summary := lb.press(t, enUser, note, words(EN, "note.none"))
	if !shows(t, summary.Text, EN, "order.daily_note") {
		t.Fatalf("summary of a daily order: %q", summary.Text)
	}
	if placed := lb.press(t, enUser, summary, words(EN, "order.place")); !shows(t, placed.Text, EN, "order.daily_note") {
		t.Fatalf("a daily order placed without saying it repeats: %q", placed.Text)
	}
	if list := lb.say(t, enUser, "/orders"); !shows(t, list.Text, EN, "order.daily_note") {
		t.Fatalf("/orders does not say the order repeats: %q", list.Text)
	}
	var recurring string
	_ = lb.readDB(t).QueryRow(`SELECT recurring FROM orders WHERE id = 1`).Scan(&recurring)
	if recurring != "daily" {
		t.Fatalf("stored recurring %q", recurring)
	}
	// Groceries are not asked: they go straight to urgency.
	cat = lb.say(t, enUser, "/order")
	items = lb.press(t, enUser, cat, words(EN, "cat.groceries"))
	items = lb.press(t, enUser, items, words(EN, "item.milk"))
	if next := lb.press(t, enUser, items, words(EN, "button.done")); !shows(t, next.Text, EN, "order.ask_urgent") {
		t.Fatalf("groceries asked something else after items: %q", next.Text)
	}
	lb.noneRefused(t)
}

// /profile's edit buttons change what they name: the household (its size, then its vulnerable
// members), the address (zone, building, room, and back to the summary), and saving says saved.
func TestProfile_EditHouseholdAndAddress_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	for _, c := range []struct {
		user int64
		lang string
	}{{zhUser, ZH}, {enUser, EN}} {
		register(t, lb, c.user, c.lang, "Li <Wei>")
		summary := lb.press(t, c.user, lb.say(t, c.user, "/profile"), words(c.lang, "profile.edit", "Li <Wei>"))
		ask := lb.press(t, c.user, summary, words(c.lang, "register.edit_household"))
		if !shows(t, ask.Text, c.lang, "register.ask_size") {
			t.Fatalf("%s: edit household asked %q", c.lang, ask.Text)
		}
		vuln := lb.press(t, c.user, ask, "3")
		if !shows(t, vuln.Text, c.lang, "register.ask_vulnerable") {
			t.Fatalf("%s: after the size, %q", c.lang, vuln.Text)
		}
		lb.pressAll(t, c.user, vuln, words(c.lang, "vuln.chronic"))
		summary = lb.press(t, c.user, vuln, words(c.lang, "button.done"))
		zone := lb.press(t, c.user, summary, words(c.lang, "register.edit_address"))
		if !shows(t, zone.Text, c.lang, "register.ask_zone") {
			t.Fatalf("%s: edit address asked %q", c.lang, zone.Text)
		}
		lb.press(t, c.user, zone, "官北沟")
		lb.say(t, c.user, "5号楼")
		summary = lb.say(t, c.user, "1单元 502")
		if !shows(t, summary.Text, c.lang, "register.summary") {
			t.Fatalf("%s: after the room, %q (the household is not asked again)", c.lang, summary.Text)
		}
		saved := lb.pressAll(t, c.user, summary, words(c.lang, "button.confirm"))
		if len(saved) == 0 || !shows(t, saved[0].Text, c.lang, "profile.saved") {
			t.Fatalf("%s: saving: %+v", c.lang, saved)
		}
		var size int
		var building, room, vulnerable string
		if err := lb.readDB(t).QueryRow(`SELECT h.size, h.building, h.room, h.vulnerable FROM households h
			JOIN household_members m ON m.household_id = h.id WHERE m.user_id = ?`, c.user).Scan(&size, &building, &room, &vulnerable); err != nil {
			t.Fatal(err)
		}
		if size != 3 || building != "5号楼" || !strings.Contains(room, "502") || !strings.Contains(vulnerable, "chronic") {
			t.Fatalf("%s: stored size %d, building %q, room %q, vulnerable %q", c.lang, size, building, room, vulnerable)
		}
	}
	lb.noneRefused(t)
}

// A category may be typed by its name, in either language, as well as by its key: /order 买菜 …,
// /order 垃圾 …, /queue 买药; a word that names no category, or starts two, is refused.
func TestOrder_CategoryTypedByItsName(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\nopen_orders_per_household = 20\n")
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	// A category's name without its emoji, and its parts ("买药/就医").
	name := func(lang, key string) string { _, n, _ := strings.Cut(words(lang, "cat."+key), " "); return n }
	part := func(lang, key string, i int) string { return strings.Split(name(lang, key), "/")[i] }
	runes := func(s string, n int) string { return string([]rune(s)[:n]) }
	for i, c := range []struct{ typed, want string }{
		{part(ZH, "groceries", 0), "groceries"}, {runes(name(ZH, "garbage"), 2), "garbage"}, {part(ZH, "medicine", 1), "medicine"},
		{name(EN, "errand"), "errand"}, {strings.ToUpper(strings.Fields(name(EN, "farming"))[0]), "farming"},
	} {
		if got := lb.say(t, zhUser, "/order "+c.typed+" x 2"); !shows(t, got.Text, ZH, "order.placed", i+1) {
			t.Fatalf("/order %s: %q", c.typed, got.Text)
		}
		var cat string
		_ = lb.readDB(t).QueryRow(`SELECT category FROM orders WHERE id = ?`, i+1).Scan(&cat)
		if cat != c.want {
			t.Errorf("/order %s placed a %q order, want %q", c.typed, cat, c.want)
		}
	}
	for _, typed := range []string{runes(name(ZH, "groceries"), 1), runes(name(ZH, "errand"), 1), "<b>x</b>", "🙂"} {
		if got := lb.say(t, zhUser, "/order "+typed+" x 2"); !shows(t, got.Text, ZH, "order.unknown_category") {
			t.Errorf("/order %s: %q", typed, got.Text)
		}
	}
	if got := lb.say(t, volZH, "/queue "+part(ZH, "medicine", 0)); shows(t, got.Text, ZH, "queue.unknown_category") || !strings.Contains(got.Text, "#3") {
		t.Fatalf("/queue %s: %q", part(ZH, "medicine", 0), got.Text)
	}
	lb.noneRefused(t)
}

// Changing the items from the guided order's summary keeps the other answers and comes back to
// the summary; the last item can be taken off alone.
func TestOrder_EditItemsFromTheSummaryKeepsTheRest_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	for _, c := range []struct {
		user int64
		lang string
	}{{zhUser, ZH}, {enUser, EN}} {
		register(t, lb, c.user, c.lang, "Li")
		items := lb.press(t, c.user, lb.say(t, c.user, "/order"), words(c.lang, "cat.groceries"))
		items = lb.press(t, c.user, items, words(c.lang, "item.rice"))
		items = lb.press(t, c.user, items, words(c.lang, "item.eggs"))
		urgent := lb.press(t, c.user, items, words(c.lang, "button.done"))
		note := lb.press(t, c.user, urgent, words(c.lang, "order.not_urgent"))
		summary := lb.press(t, c.user, note, words(c.lang, "note.call"))
		items = lb.press(t, c.user, summary, words(c.lang, "order.edit_items"))
		items = lb.press(t, c.user, items, words(c.lang, "order.undo_item"))
		if chosen := items.Text[strings.LastIndex(items.Text, "\n\n"):]; strings.Contains(chosen, words(c.lang, "item.eggs")) ||
			!strings.Contains(chosen, words(c.lang, "item.rice")) {
			t.Fatalf("%s: after removing the last item: %q", c.lang, items.Text)
		}
		items = lb.press(t, c.user, items, words(c.lang, "item.milk"))
		summary = lb.press(t, c.user, items, words(c.lang, "button.done"))
		if !shows(t, summary.Text, c.lang, "order.summary") || !strings.Contains(summary.Text, words(c.lang, "note.call")) ||
			!strings.Contains(summary.Text, words(c.lang, "item.milk")) || strings.Contains(summary.Text, words(c.lang, "item.eggs")) {
			t.Fatalf("%s: back at the summary: %q", c.lang, summary.Text)
		}
	}
	lb.noneRefused(t)
}

// The urgency question takes a typed answer too ("急！", "No."), by the catalogue's words in
// either language; anything else asks again, naming the two answers.
func TestOrder_UrgencyTyped_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	for _, c := range []struct {
		user        int64
		lang, typed string
		urgent      int
	}{
		{zhUser, ZH, strings.Split(words(ZH, "order.urgent_words"), ",")[0] + "！", 1},
		{enUser, EN, "No.", 0},
	} {
		register(t, lb, c.user, c.lang, "Li")
		items := lb.press(t, c.user, lb.say(t, c.user, "/order"), words(c.lang, "cat.groceries"))
		items = lb.press(t, c.user, items, words(c.lang, "item.rice"))
		lb.press(t, c.user, items, words(c.lang, "button.done"))
		if got := lb.say(t, c.user, "<b>maybe</b>"); !shows(t, got.Text, c.lang, "order.urgent_which") {
			t.Fatalf("%s: an answer that is neither: %q", c.lang, got.Text)
		}
		if got := lb.say(t, c.user, c.typed); !shows(t, got.Text, c.lang, "order.ask_note") {
			t.Fatalf("%s: typed %q: %q", c.lang, c.typed, got.Text)
		}
		summary := lb.press(t, c.user, lb.ts.BotMessages(c.user)[len(lb.ts.BotMessages(c.user))-1], words(c.lang, "note.none"))
		lb.pressAll(t, c.user, summary, words(c.lang, "order.place"))
		var urgent int
		lb.readDB(t).QueryRow(`SELECT o.urgent FROM orders o JOIN household_members m ON m.household_id = o.household_id
			WHERE m.user_id = ? ORDER BY o.id DESC LIMIT 1`, c.user).Scan(&urgent)
		if urgent != c.urgent {
			t.Fatalf("%s: typed %q stored urgent %d", c.lang, c.typed, urgent)
		}
	}
	lb.noneRefused(t)
}

// An 80-year-old living with his wife is not "living alone": special care offers an elderly
// person (70 or older) too, and such a household's orders are urgent by default.
func TestProfile_ElderlyNotAloneIsSpecialCare_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	for i, c := range []struct {
		user int64
		lang string
	}{{zhUser, ZH}, {enUser, EN}} {
		register(t, lb, c.user, c.lang, "Li")
		summary := lb.press(t, c.user, lb.say(t, c.user, "/profile"), words(c.lang, "profile.edit", "Li"))
		ask := lb.press(t, c.user, summary, words(c.lang, "register.edit_household"))
		vuln := lb.press(t, c.user, ask, "2")
		vuln = lb.press(t, c.user, vuln, words(c.lang, "vuln.elderly_alone")) // off: he lives with his wife
		vuln = lb.press(t, c.user, vuln, words(c.lang, "vuln.elderly"))
		summary = lb.press(t, c.user, vuln, words(c.lang, "button.done"))
		if !strings.Contains(summary.Text, words(c.lang, "vuln.elderly")) || strings.Contains(summary.Text, words(c.lang, "vuln.elderly_alone")) {
			t.Fatalf("%s: summary %q", c.lang, summary.Text)
		}
		lb.pressAll(t, c.user, summary, words(c.lang, "button.confirm"))
		lb.sayAll(t, c.user, "/order groceries rice")
		var urgent bool
		lb.readDB(t).QueryRow(`SELECT urgent FROM orders WHERE id = ?`, i+1).Scan(&urgent)
		if !urgent {
			t.Fatalf("%s: the order of a household with an elderly person is not urgent by default", c.lang)
		}
	}
	lb.noneRefused(t)
}
