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
	if !strings.Contains(ask.Text, "Step 1") {
		t.Fatalf("/register by a grid worker: %q", ask.Text)
	}
	phoneAsk := lb.say(t, gw, name)
	if phoneAsk.ReplyKeyboard != nil || !strings.Contains(phoneAsk.Text, "resident's phone") {
		t.Fatalf("a grid worker must type the resident's phone, not share their own: %+v", phoneAsk)
	}
	before := len(lb.ts.BotMessages(gw))
	lb.ts.SendContact(gw, "+86 139 0000 0000")
	if got := lb.nextAfter(t, gw, before); !strings.Contains(got.Text, "resident's phone") {
		t.Fatalf("own contact shared for a resident: %q", got.Text)
	}
	msgs := lb.sayAll(t, gw, phone)
	zone := msgs[len(msgs)-1]
	lb.press(t, gw, zone, "幸福里")
	lb.say(t, gw, "7号楼")
	size := lb.say(t, gw, "1单元 102")
	vuln := lb.press(t, gw, size, "1")
	vuln = lb.press(t, gw, vuln, "elderly")
	summary := lb.press(t, gw, vuln, "Done")
	if done := lb.press(t, gw, summary, "Confirm"); !strings.Contains(done.Text, "Registered") || !strings.Contains(done.Text, name) {
		t.Fatalf("registered: %q", done.Text)
	}
}

func TestGridWorker_RegistersAndOrdersForResidentsWithoutSmartphones(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: gridWorker, FirstName: "Zhou", LanguageCode: "en"})
	lb.say(t, gridWorker, "/help") // known to the bot, so the grant can tell them

	if got := lb.say(t, enUser, "/grant 103 gridworker"); !strings.Contains(got.Text, "Only admins") {
		t.Fatalf("/grant by a resident: %q", got.Text)
	}
	before := len(lb.ts.BotMessages(gridWorker))
	if got := lb.say(t, 900, "/grant 103 gridworker"); !strings.Contains(got.Text, "Zhou") || !strings.Contains(got.Text, "网格员") {
		t.Fatalf("/grant: %q", got.Text)
	}
	if told := lb.nextAfter(t, gridWorker, before); !strings.Contains(told.Text, "grid worker") || !strings.Contains(told.Text, "/register") {
		t.Fatalf("grid worker told: %q", told.Text)
	}

	registerOther(t, lb, gridWorker, "李大爷 <script>", "(010) 6512-3456")
	placed := lb.say(t, gridWorker, "/order medicine 胰岛素 2盒")
	if !strings.Contains(placed.Text, "#1") || !strings.Contains(placed.Text, "🔴") {
		t.Fatalf("order for the resident: %q", placed.Text)
	}
	registerOther(t, lb, gridWorker, "张奶奶", "13700137000")
	if got := lb.say(t, gridWorker, "/order groceries rice"); !strings.Contains(got.Text, "choose which one") {
		t.Fatalf("one-line order with two households: %q", got.Text)
	}
	who := lb.say(t, gridWorker, "/order")
	cat := lb.press(t, gridWorker, who, "张奶奶")
	items := lb.press(t, gridWorker, cat, "Groceries")
	items = lb.press(t, gridWorker, items, "rice")
	urgent := lb.press(t, gridWorker, items, "Done")
	note := lb.press(t, gridWorker, urgent, "Not urgent")
	summary := lb.press(t, gridWorker, note, "No note")
	if !strings.Contains(summary.Text, "For: 张奶奶 · 7号楼 1单元 102") {
		t.Fatalf("summary does not say for whom: %q", summary.Text)
	}
	if placed := lb.press(t, gridWorker, summary, "Place order"); !strings.Contains(placed.Text, "#2") {
		t.Fatalf("guided order for the second household: %q", placed.Text)
	}
	list := lb.say(t, gridWorker, "/orders")
	if !strings.Contains(list.Text, "#1") || !strings.Contains(list.Text, "#2") {
		t.Fatalf("grid worker's /orders: %q", list.Text)
	}

	// Admin commands: bad input answers with usage and changes nothing.
	for in, want := range map[string]string{
		"/grant":                                  "用法：/grant",
		"/grant 103":                              "用法：/grant",
		"/grant abc gridworker":                   "用法：/grant",
		"/grant -5 admin":                         "用法：/grant",
		"/grant 103 volunteer":                    "用法：/grant",
		"/grant 103 <b>admin</b>":                 "用法：/grant",
		"/grant 103 admin extra":                  "没有区域 extra",
		"/grant 103 " + strings.Repeat("管", 5000): "用法：/grant",
		"/revoke":                                 "用法：/revoke",
		"/revoke 900":                             "配置文件",
		"/revoke 101 counsellor":                  "没有这个角色",
		"/revoke 103 king":                        "用法：/revoke",
	} {
		if got := lb.say(t, 900, in); !strings.Contains(got.Text, want) {
			t.Errorf("%.40q: %q, want %q", in, got.Text, want)
		}
	}
	if got := lb.say(t, 900, "/revoke 103"); !strings.Contains(got.Text, "网格员") {
		t.Fatalf("/revoke: %q", got.Text)
	}
	// No longer a grid worker: /register registers their own household now.
	if ask := lb.say(t, gridWorker, "/register"); !strings.Contains(ask.Text, "Step 1") {
		t.Fatalf("after revoke: %q", ask.Text)
	}
	phone := lb.say(t, gridWorker, "Zhou")
	if phone.ReplyKeyboard == nil {
		t.Fatalf("own registration offers the share-contact button: %+v", phone)
	}
	lb.noneRefused(t)
}
