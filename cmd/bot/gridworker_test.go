package main

import (
	"strings"
	"testing"

	"linli/telegramtest"
)

const gridWorker = 103

// registerOther walks grid worker gw through registering a resident who has no smartphone.
func registerOther(t *testing.T, lb *liveBot, gw int64, name, phone string) {
	t.Helper()
	ask := lb.say(t, gw, "/register")
	if !shows(t, ask.Text, EN, "register.ask_name") {
		t.Fatalf("/register by a grid worker: %q", ask.Text)
	}
	phoneAsk := lb.say(t, gw, name)
	if phoneAsk.ReplyKeyboard != nil || !shows(t, phoneAsk.Text, EN, "register.ask_phone_other") {
		t.Fatalf("a grid worker must type the resident's phone, not share their own: %+v", phoneAsk)
	}
	before := len(lb.ts.BotMessages(gw))
	lb.ts.SendContact(gw, "+86 139 0000 0000")
	if got := lb.nextAfter(t, gw, before); !shows(t, got.Text, EN, "register.ask_phone_other") {
		t.Fatalf("own contact shared for a resident: %q", got.Text)
	}
	msgs := lb.sayAll(t, gw, phone)
	zone := msgs[len(msgs)-1]
	lb.press(t, gw, zone, "幸福里")
	lb.say(t, gw, "7号楼")
	size := lb.say(t, gw, "1单元 102")
	vuln := lb.press(t, gw, size, "1")
	vuln = lb.press(t, gw, vuln, words(EN, "vuln.elderly_alone"))
	summary := lb.press(t, gw, vuln, words(EN, "button.done"))
	if done := lb.press(t, gw, summary, words(EN, "button.confirm")); !shows(t, done.Text, EN, "register.done") || !strings.Contains(done.Text, name) {
		t.Fatalf("registered: %q", done.Text)
	}
}

func TestGridWorker_RegistersAndOrdersForResidentsWithoutSmartphones(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: gridWorker, FirstName: "Zhou", LanguageCode: "en"})
	lb.say(t, gridWorker, "/help") // known to the bot, so the grant can tell them

	if got := lb.say(t, enUser, "/grant 103 gridworker"); !shows(t, got.Text, EN, "error.admin_only") {
		t.Fatalf("/grant by a resident: %q", got.Text)
	}
	before := len(lb.ts.BotMessages(gridWorker))
	if got := lb.say(t, 900, "/grant 103 gridworker"); !shows(t, got.Text, ZH, "grant.done", "Zhou", gridWorker, words(ZH, "role.gridworker")) {
		t.Fatalf("/grant: %q", got.Text)
	}
	if told := lb.nextAfter(t, gridWorker, before); !shows(t, told.Text, EN, "grant.told", words(EN, "role.gridworker")) {
		t.Fatalf("grid worker told: %q", told.Text)
	}
	// Narrowed to one zone and widened again: told what the role covers now, not "you were given".
	before = len(lb.ts.BotMessages(gridWorker))
	lb.grant(t, 900, "103 gridworker a1")
	if told := lb.nextAfter(t, gridWorker, before); !shows(t, told.Text, EN, "grant.told_changed", words(EN, "role.gridworker")) {
		t.Fatalf("grid worker told of the narrowing: %q", told.Text)
	}
	lb.grant(t, 900, "103 gridworker")

	registerOther(t, lb, gridWorker, "李大爷 <script>", "(010) 6512-3456")
	placed := lb.say(t, gridWorker, "/order medicine 胰岛素 2盒")
	if !strings.Contains(placed.Text, "#1") || !strings.Contains(placed.Text, "🔴") {
		t.Fatalf("order for the resident: %q", placed.Text)
	}
	registerOther(t, lb, gridWorker, "张奶奶", "13700137000")
	if got := lb.say(t, gridWorker, "/order groceries rice"); !shows(t, got.Text, EN, "order.choose_household") {
		t.Fatalf("one-line order with two households: %q", got.Text)
	}
	who := lb.say(t, gridWorker, "/order")
	cat := lb.press(t, gridWorker, who, "张奶奶")
	items := lb.press(t, gridWorker, cat, words(EN, "cat.groceries"))
	items = lb.press(t, gridWorker, items, words(EN, "item.rice"))
	urgent := lb.press(t, gridWorker, items, words(EN, "button.done"))
	note := lb.press(t, gridWorker, urgent, words(EN, "order.not_urgent"))
	summary := lb.press(t, gridWorker, note, words(EN, "note.none"))
	if !shows(t, summary.Text, EN, "order.for", "张奶奶 · 7号楼 1单元 102") {
		t.Fatalf("summary does not say for whom: %q", summary.Text)
	}
	if placed := lb.press(t, gridWorker, summary, words(EN, "order.place")); !strings.Contains(placed.Text, "#2") {
		t.Fatalf("guided order for the second household: %q", placed.Text)
	}
	list := lb.say(t, gridWorker, "/orders")
	if !strings.Contains(list.Text, "#1") || !strings.Contains(list.Text, "#2") {
		t.Fatalf("grid worker's /orders: %q", list.Text)
	}

	// Admin commands: bad input answers with usage and changes nothing.
	for in, key := range map[string]string{
		"/grant":                                  "grant.usage",
		"/grant 103":                              "grant.usage",
		"/grant abc gridworker":                   "grant.usage",
		"/grant -5 admin":                         "grant.usage",
		"/grant 103 volunteer":                    "grant.usage",
		"/grant 103 <b>admin</b>":                 "grant.usage",
		"/grant 103 admin extra":                  "scope.unknown_zone",
		"/grant 103 " + strings.Repeat("管", 5000): "grant.usage",
		"/revoke":                                 "revoke.usage",
		"/revoke 900":                             "revoke.config_admin",
		"/revoke 101 counsellor":                  "revoke.none",
		"/revoke 555":                             "revoke.none_any",
		"/revoke 103 king":                        "revoke.usage",
	} {
		if got := lb.say(t, 900, in); !shows(t, got.Text, ZH, key) {
			t.Errorf("%.40q: %q, want %s", in, got.Text, key)
		}
	}
	before = len(lb.ts.BotMessages(gridWorker))
	if got := lb.say(t, 900, "/revoke 103"); !strings.Contains(got.Text, words(ZH, "role.gridworker")) {
		t.Fatalf("/revoke: %q", got.Text)
	}
	if told := lb.nextAfter(t, gridWorker, before); !shows(t, told.Text, EN, "revoke.told", words(EN, "role.gridworker")) {
		t.Fatalf("the grid worker is not told, in English: %q", told.Text)
	}
	// No longer a grid worker: /register registers their own household now.
	if ask := lb.say(t, gridWorker, "/register"); !shows(t, ask.Text, EN, "register.ask_name") {
		t.Fatalf("after revoke: %q", ask.Text)
	}
	phone := lb.say(t, gridWorker, "Zhou")
	if phone.ReplyKeyboard == nil {
		t.Fatalf("own registration offers the share-contact button: %+v", phone)
	}
	lb.noneRefused(t)
}
