package main

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"linli/handlers"
	"linli/telegramtest"
)

const walkGroup = -100999

// commandArgs are plausible arguments for each command, so the walk reaches past the usage line.
var walkArgs = map[string][]string{
	"start":       {"", "f_CODE", "v_CODE"},
	"order":       {"", "groceries eggs 10"},
	"orders":      {""},
	"cancel":      {"1"},
	"received":    {"1 5"},
	"buy":         {"", "R1 1x2"},
	"round":       {"", "distribution a1 2030-01-01 10:00 Rice; rice max 1"},
	"rounds":      {""},
	"closeround":  {"R1"},
	"cancelround": {"R1 no stock"},
	"profile":     {""},
	"register":    {"", "a1; 张三; 13900139000; 3号楼 2单元 501"},
	"family":      {""},
	"help":        {""},
	"lang":        {"en"},
	"join":        {"CODE"},
	"duty":        {"off"},
	"queue":       {""},
	"claim":       {"1"},
	"deliver":     {"1"},
	"release":     {"1"},
	"mytasks":     {""},
	"callbacks":   {""},
	"done":        {"", "C1 called", "C1"},
	"grant":       {"103 admin"},
	"revoke":      {"201"},
	"invite":      {""},
	"volunteers":  {""},
	"stats":       {""},
	"export":      {"residents", "orders", "volunteers"},
	"bindqueue":   {"a1"},
	"unbindqueue": {""},
	"notice":      {"all hello"},
	"schedule":    {"0 8 * * * all hello", ""},
	"notices":     {""},
	"unschedule":  {"N1"},
	"monitor":     {"", "1 on"},
	"dashboard":   {""},
}

// buttonData are forged presses of each button kind, as a client may send them from a group.
var walkPresses = map[string][]string{
	"lang": {"lang:en"},
	"f":    {"f:cat:groceries", "f:ok:", "f:confirm:go", "f:grant:yes", "f:reason:x", "f:audience:all"},
	"o":    {"o:c:1", "o:k:1", "o:x:1", "o:n:1", "o:r:1", "o:r:1:5"},
	"p":    {"p:e:1", "p:x:1:101", "p:x:1:102"},
	"m":    {"m:orders", "m:profile", "m:call"},
	"v":    {"v:d:off", "v:p:0"},
	"q":    {"q:c:1", "q:p:1", "q:d:1", "q:r:1", "q:u:1"},
	"n":    {"n:s:1", "n:x:1"},
	"c":    {"c:ok:1", "c:help:1"},
	"r":    {"r:a:1", "r:d:1", "r:c:1", "r:k:1", "r:n:1", "r:e:1", "r:x:1"},
	"b":    {"b:r:1", "b:c:1:1", "b:a:1:1"},
	"s":    {"s:c:1", "s:d:1:1"},
	"k":    {"k:c:1", "k:d:1"},
}

// The group-chat walk (issue 12): every command of the table, sent in a group by a resident, a
// volunteer and an admin, and every button kind pressed there. The group sees no name, phone,
// room, code, link or document; a private-only command answers with one pointer to the private
// chat (a deep-link button) and nothing ran.
func TestGroupWalk_EveryCommandAndButtonShowsNothingPrivate(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	lb.sayAll(t, zhUser, "/order groceries 鸡蛋 10个") // #1, claimed by the volunteer
	lb.sayAll(t, volZH, "/claim 1")
	lb.pressAll(t, zhUser, lb.say(t, zhUser, "/start"), words(ZH, "callback.button")) // call-back C1, open
	family := regexp.MustCompile(`f_([A-Za-z0-9]+)`).FindStringSubmatch(lb.say(t, zhUser, "/family").Text)
	invite := regexp.MustCompile(`v_([A-Za-z0-9]+)`).FindStringSubmatch(lb.say(t, 900, "/invite").Text)
	if family == nil || invite == nil {
		t.Fatal("no family or invite code")
	}
	lb.ts.AddGroup(walkGroup, "Neighbours")
	lb.ts.AddUser(telegramtest.User{ID: 777, FirstName: "Stranger", LanguageCode: "en"})
	var before struct{ orders, members, roles, invitesUsed int }
	db := lb.readDB(t)
	count := func() (o, m, r, i int) {
		db.QueryRow(`SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM household_members),
			(SELECT count(*) FROM user_roles), (SELECT count(*) FROM volunteer_invites WHERE used_by IS NOT NULL)`).Scan(&o, &m, &r, &i)
		return
	}
	before.orders, before.members, before.roles, before.invitesUsed = count()

	h := handlers.New(handlers.Options{})
	places := h.Places()
	names := make([]string, 0, len(places))
	for name := range places {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		args, ok := walkArgs[name]
		if !ok {
			t.Errorf("the walk has no arguments for /%s: add them to walkArgs", name)
			continue
		}
		for _, user := range []int64{zhUser, volZH, 900, 777} {
			for _, a := range args {
				a = strings.NewReplacer("f_CODE", "f_"+family[1], "v_CODE", "v_"+invite[1], "CODE", invite[1]).Replace(a)
				text := strings.TrimSpace("/" + name + " " + a)
				got := lb.groupSay(t, walkGroup, user, text)
				if places[name] == "private" && (len(got) != 1 || !isPointer(got[0])) {
					t.Errorf("%d %q in a group: %+v, want one pointer to the private chat", user, text, got)
				}
			}
		}
	}
	for verb, where := range h.ButtonVerbs() {
		datas, ok := walkPresses[verb]
		if !ok {
			t.Errorf("the walk has no presses for button kind %q (%s)", verb, where)
			continue
		}
		for _, user := range []int64{zhUser, volZH, 900, 777} {
			for _, d := range datas {
				lb.settle(t, lb.ts.PressRaw(user, walkGroup, 1, d))
			}
		}
	}
	lb.drain(t)
	secrets := []string{zhResident, resPhone, resRoom, "2单元", "301", family[1], invite[1], "login?t=", "start=f_", "start=v_", "张三", "13900139000"}
	mustNotLeak(t, lb, walkGroup, secrets...)
	for _, m := range lb.ts.BotMessages(walkGroup) {
		if m.Document != nil || m.Photo != nil {
			t.Errorf("a file in the group: %+v", m)
		}
	}
	o, m, r, i := count()
	if o != before.orders || m != before.members || r != before.roles || i != before.invitesUsed {
		t.Errorf("a command in the group changed something: orders %d→%d, members %d→%d, roles %d→%d, invites used %d→%d",
			before.orders, o, before.members, m, before.roles, r, before.invitesUsed, i)
	}
	if s := orderStatus(t, lb, 1); s != "claimed" {
		t.Errorf("order #1 after the walk: %s", s)
	}
	if s, _ := callbackStatus(t, lb, 1); s != "open" || callbackCount(t, lb) != 1 {
		t.Errorf("call-back C1 after the walk: %s, %d in all", s, callbackCount(t, lb))
	}
	lb.noneRefused(t)
}

// isPointer is the answer to a private-only command in a group: the pointer with a deep link.
func isPointer(m telegramtest.Message) bool {
	return (strings.Contains(m.Text, words(EN, "place.private_only")) || strings.Contains(m.Text, words(ZH, "place.private_only"))) &&
		m.ReplyMarkup != nil &&
		len(m.ReplyMarkup.InlineKeyboard) == 1 && strings.HasPrefix(m.ReplyMarkup.InlineKeyboard[0][0].URL, "https://t.me/")
}

// groupAnswers has each user send each text in the group and checks every answer is the one
// pointer to the private chat.
func groupAnswers(t *testing.T, lb *liveBot, user int64, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if got := lb.groupSay(t, walkGroup, user, text); len(got) != 1 || !isPointer(got[0]) || got[0].Document != nil {
			t.Errorf("%q in a group: %+v", text, got)
		}
	}
}

// Finding 1: /profile, /orders, /order, /cancel and the one-line /register answered in a group
// with name, phone and room, and did what they said.
func TestGroupFinding1_ResidentCommandsPointToThePrivateChat(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	lb.sayAll(t, zhUser, "/order groceries 鸡蛋")
	lb.ts.AddGroup(walkGroup, "Neighbours")
	groupAnswers(t, lb, zhUser, "/profile", "/orders", "/order groceries eggs", "/cancel 1",
		"/register a1; 张三; 13900139000; 3号楼 2单元 501")
	mustNotLeak(t, lb, walkGroup, zhResident, resPhone, resRoom, "鸡蛋", "张三", "13900139000")
	if s := orderStatus(t, lb, 1); s != "open" {
		t.Errorf("/cancel in the group: #1 is %s", s)
	}
	var n int
	lb.readDB(t).QueryRow(`SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM households)`).Scan(&n)
	if n != 2 {
		t.Errorf("orders and households after the group's commands: %d, want 2", n)
	}
}

// Finding 2: /family in a group posted the link code; a stranger used it to join the household.
func TestGroupFinding2_FamilyCodeNeverInAGroup(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	lb.ts.AddGroup(walkGroup, "Neighbours")
	groupAnswers(t, lb, zhUser, "/family")
	for _, m := range lb.ts.BotMessages(walkGroup) {
		if strings.Contains(m.Raw+m.MarkupJSON, "f_") {
			t.Fatalf("a link code in the group: %q", m.Raw)
		}
	}
	var codes int
	lb.readDB(t).QueryRow(`SELECT count(*) FROM link_codes`).Scan(&codes)
	if codes != 0 {
		t.Fatalf("/family in the group made %d link codes", codes)
	}
}

// Finding 3: /export residents in a group posted every resident as CSV; /stats, /grant,
// /revoke and /schedule ran and answered there.
func TestGroupFinding3_AdminCommandsPointToThePrivateChat(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	lb.ts.AddGroup(walkGroup, "Neighbours")
	groupAnswers(t, lb, 900, "/export residents", "/stats", "/grant 101 admin", "/revoke 101",
		"/schedule 0 8 * * * all hello")
	mustNotLeak(t, lb, walkGroup, zhResident, resPhone)
	var roles, sched int
	lb.readDB(t).QueryRow(`SELECT (SELECT count(*) FROM user_roles WHERE user_id = 101),
		(SELECT count(*) FROM notices)`).Scan(&roles, &sched)
	if roles != 0 || sched != 0 {
		t.Fatalf("the group's /grant or /schedule ran: roles %d, notices %d", roles, sched)
	}
}
