package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"linli/orders"
	"linli/store"
	"linli/telegram"
	"linli/telegramtest"
)

// handoverBot is claimBot with [orders] handover_code on and the a1 queue mirrored in a group.
func handoverBot(t *testing.T) *liveBot {
	t.Helper()
	hooks := &appHooks{sender: func(o *telegram.SenderOptions) {
		o.PerSec, o.PerChat, o.PerGrp = 1000, time.Millisecond, time.Millisecond
	}}
	lb := startBotWith(t, quick, hooks,
		"[limits]\nmessages_per_minute = 1000\nopen_orders_per_household = 20\n[orders]\nhandover_code = true\n")
	addUsers(lb.ts)
	return lb
}

// handoverCode is order id's code as stored, and its tries so far.
func handoverCode(t *testing.T, lb *liveBot, id int64) (code string, tries int, locked bool) {
	t.Helper()
	var at *int64
	if err := lb.readDB(t).QueryRow(`SELECT code, tries, locked_at FROM handover_codes WHERE order_id = ?`, id).
		Scan(&code, &tries, &at); err != nil {
		t.Fatalf("hand-over code of #%d: %v", id, err)
	}
	return code, tries, at != nil
}

// wrongCode is a well-formed code that is not code.
func wrongCode(code string) string {
	var n int
	fmt.Sscanf(code, "%d", &n)
	return fmt.Sprintf("%04d", (n+1)%10000)
}

// mustNotShowCode fails if any message ever sent to chat shows code as a number of its own.
func mustNotShowCode(t *testing.T, lb *liveBot, chat int64, codes ...string) {
	t.Helper()
	for _, code := range codes {
		re := regexp.MustCompile(`(^|[^0-9])` + code + `([^0-9]|$)`)
		for _, m := range lb.ts.BotMessages(chat) {
			if re.MatchString(m.Text) || re.MatchString(m.Caption) || re.MatchString(m.MarkupJSON) {
				t.Errorf("chat %d was shown hand-over code %s: %q", chat, code, m.Text)
			}
		}
	}
}

func TestHandover_CodeAskedWrongTriesLockAndAdminsTold_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := handoverBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")
	enlist(t, lb, volB2, "zh", "赵六", "b2")
	if got := only(t, lb.groupSay(t, grpA1, 900, "/bindqueue a1")); !shows(t, got.Text, ZH, "groups.bound") || !strings.Contains(got.Text, "官北沟") {
		t.Fatalf("/bindqueue: %q", got.Text)
	}

	// The household sees its code with the order and in /orders; nobody else does.
	placed := lb.say(t, zhUser, "/order groceries 大米 5kg") // #1
	code1, _, _ := handoverCode(t, lb, 1)
	if !shows(t, placed.Text, ZH, "handover.your_code", code1) {
		t.Fatalf("order placed without its code: %q", placed.Text)
	}
	if list := lb.say(t, zhUser, "/orders"); !strings.Contains(list.Text, code1) {
		t.Fatalf("/orders without the code: %q", list.Text)
	}
	lb.sayAll(t, enUser, "/order medicine insulin") // #2
	code2, _, _ := handoverCode(t, lb, 2)
	if got := lastWith(t, lb, enUser, "#2"); !shows(t, got.Text, EN, "handover.your_code", code2) {
		t.Fatalf("en order placed without its code: %q", got.Text)
	}

	// 李雷 claims #1 and presses Delivered: asked for the code; bad input counts nothing.
	card := lb.say(t, volZH, "/claim 1")
	ask := lb.press(t, volZH, card, words(ZH, "queue.deliver_button", 1))
	if !shows(t, ask.Text, ZH, "handover.ask", 1) || strings.Contains(ask.Text, code1) {
		t.Fatalf("Delivered did not ask for the code: %q", ask.Text)
	}
	for _, bad := range []string{"abcd", "12345", "<b>12</b>", "1 2 3", "🙂🙂🙂🙂", strings.Repeat("9", 5000), "12\x0134"} {
		if got := lb.say(t, volZH, bad); !shows(t, got.Text, ZH, "handover.bad_format") {
			t.Fatalf("code %.20q: %q", bad, got.Text)
		}
	}
	if _, tries, _ := handoverCode(t, lb, 1); tries != 0 {
		t.Fatalf("malformed codes counted: %d tries", tries)
	}
	if got := lb.say(t, volZH, wrongCode(code1)); !shows(t, got.Text, ZH, "handover.wrong", 2) {
		t.Fatalf("first wrong code: %q", got.Text)
	}
	lb.restart(t) // the count and the question survive a restart
	if got := lb.say(t, volZH, wrongCode(wrongCode(code1))); !shows(t, got.Text, ZH, "handover.wrong", 1) {
		t.Fatalf("second wrong code after a restart: %q", got.Text)
	}
	// The right code, typed with full-width digits: delivered, and the card with the address goes.
	done := lb.sayAll(t, volZH, fullWidth(code1))
	if len(done) == 0 || !shows(t, done[len(done)-1].Text, ZH, "queue.delivered", 1) {
		t.Fatalf("right code: %+v", done)
	}
	if orderStatus(t, lb, 1) != "delivered" {
		t.Fatalf("#1 %s after the right code", orderStatus(t, lb, 1))
	}
	if after := messageByID(t, lb, volZH, card.ID); strings.Contains(after.Text, resPhone) {
		t.Fatalf("claimer's card still shows the address: %q", after.Text)
	}

	// Bob gets #2's code wrong three times in one line each: refused, and the zone's admins told.
	lb.say(t, volEN, "/claim 2")
	bad := wrongCode(code2)
	if got := lb.say(t, volEN, "/deliver 2 "+bad); !shows(t, got.Text, EN, "handover.wrong", 2) {
		t.Fatalf("/deliver 2 wrong: %q", got.Text)
	}
	if got := lb.say(t, volEN, "/deliver 2 "+bad); !shows(t, got.Text, EN, "handover.wrong", 1) {
		t.Fatalf("/deliver 2 wrong again: %q", got.Text)
	}
	admin := len(lb.ts.BotMessages(900))
	if got := lb.say(t, volEN, "/deliver 2 "+bad); !shows(t, got.Text, EN, "handover.locked", 2, 3) {
		t.Fatalf("third wrong code: %q", got.Text)
	}
	if told := lb.nextAfter(t, 900, admin); !shows(t, told.Text, ZH, "handover.locked_admin", 2, anyArg{}, anyArg{}, "Bob", volEN, 3) {
		t.Fatalf("admins not told of the refused delivery: %q", told.Text)
	}
	for _, again := range []string{"/deliver 2 " + code2, "/deliver 2"} {
		if got := lb.say(t, volEN, again); !shows(t, got.Text, EN, "handover.locked", 2, 3) {
			t.Fatalf("%s after the lock: %q", again, got.Text)
		}
	}
	if _, tries, locked := handoverCode(t, lb, 2); tries != 3 || !locked || orderStatus(t, lb, 2) != "claimed" {
		t.Fatalf("#2 after the lock: %d tries, locked %v, %s", tries, locked, orderStatus(t, lb, 2))
	}

	// Unauthorised and forged: nothing counted, nothing delivered.
	lb.sayAll(t, zhUser, "/order errand 快递") // #3, open
	code3, _, _ := handoverCode(t, lb, 3)
	lb.say(t, volZH, "/claim 3")
	own := lb.ts.BotMessages(zhUser)[0]
	b2 := lb.ts.BotMessages(volB2)[0]
	forged := []struct {
		user, chat int64
		msg        int
		data, key  string
		args       []any
	}{
		{zhUser, zhUser, own.ID, "q:d:3", "error.volunteer_only", nil},
		{volB2, volB2, b2.ID, "q:d:3", "queue.not_your_task", []any{3}},
		{volB2, volB2, b2.ID, "f:code:" + code3, "error.stale_button", nil},
		{volB2, volZH, card.ID, "q:d:3", "error.stale_button", nil},
	}
	for _, f := range forged {
		if got := pressAnswer(t, lb, f.user, f.chat, f.msg, f.data); !shows(t, got, ZH, f.key, f.args...) {
			t.Errorf("press %q by %d: %q, want %s %v", f.data, f.user, got, f.key, f.args)
		}
	}
	for _, c := range []struct {
		user      int64
		text, key string
		args      []any
	}{
		{zhUser, "/deliver 3 " + code3, "error.volunteer_only", nil},
		{volB2, "/deliver 3 " + code3, "queue.not_your_task", []any{3}},
		{volB2, "/deliver 3 " + wrongCode(code3), "queue.not_your_task", []any{3}},
		{volZH, "/deliver", "deliver.usage_code", nil},
		{volZH, "/deliver 3 <b>1</b>", "deliver.usage_code", nil},
		{volZH, "/deliver 3 12345", "deliver.usage_code", nil},
		{volZH, "/deliver 3 " + strings.Repeat("7", 5000), "deliver.usage_code", nil},
		{volZH, "/deliver 3 🙂", "deliver.usage_code", nil},
	} {
		if got := lb.say(t, c.user, c.text); !shows(t, got.Text, ZH, c.key, c.args...) {
			t.Errorf("%.30q by %d: %q, want %s %v", c.text, c.user, got.Text, c.key, c.args)
		}
	}
	if _, tries, _ := handoverCode(t, lb, 3); tries != 0 || orderStatus(t, lb, 3) != "claimed" {
		t.Fatalf("#3 changed by refused attempts: %d tries, %s", tries, orderStatus(t, lb, 3))
	}
	// In the group: a pointer to the private chat, nothing counted.
	if got := only(t, lb.groupSay(t, grpA1, volZH, "/deliver 3 "+wrongCode(code3))); !isPointer(got) {
		t.Fatalf("/deliver in the group: %q", got.Text)
	}
	if _, tries, _ := handoverCode(t, lb, 3); tries != 0 {
		t.Fatalf("a group /deliver counted a try")
	}

	// The codes reached the households only: every other chat the stand-in recorded is checked.
	for _, chat := range lb.ts.Chats() {
		if chat != zhUser && chat != enUser {
			mustNotShowCode(t, lb, chat, code1, code2, code3)
		}
	}
	for _, chat := range []int64{volZH, volEN, volB2, grpA1, 900} { // the walk above did reach them
		if !slices.Contains(lb.ts.Chats(), chat) {
			t.Errorf("chat %d recorded nothing", chat)
		}
	}
	lb.noneRefused(t)
}

// fullWidth writes the digits of s as full-width digits, as a Chinese keyboard may.
func fullWidth(s string) string {
	var b strings.Builder
	for _, c := range s {
		b.WriteRune('０' + c - '0')
	}
	return b.String()
}

// TestKill9_HandoverTriesSurvive kills the bot process between two wrong codes: the second is
// counted as the second, not the first.
func TestKill9_HandoverTriesSurvive(t *testing.T) {
	t.Parallel()
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: quick})
	speaksSpec(t, ts)
	defer ts.Close()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, ts.URL(), "[orders]\nhandover_code = true\n")
	dbPath := filepath.Join(dir, "linli.db")
	registerResidents(t, dbPath, 5000, 1) // household 1
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	svc := orders.New(orders.Options{HandoverCode: true})
	var code string
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error { // #1, claimed by the admin 900
		o, err := svc.Place(ctx, tx, orders.NewOrder{HouseholdID: 1, PlacedBy: 5000, Zone: "a1", Category: "groceries", Items: "米"}, time.Now())
		if err != nil {
			return err
		}
		if _, err := svc.Claim(ctx, tx, o.ID, pgAdmin, time.Now()); err != nil {
			return err
		}
		return tx.QueryRow(`SELECT code FROM handover_codes WHERE order_id = 1`).Scan(&code)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	ts.AddUser(telegramtest.User{ID: pgAdmin, FirstName: "书记", LanguageCode: "zh"})
	said := func(want string) func() bool {
		return func() bool {
			return slices.ContainsFunc(ts.BotMessages(pgAdmin), func(m telegramtest.Message) bool { return strings.Contains(m.Text, want) })
		}
	}
	first := startChild(t, cfg, "", filepath.Join(dir, "hold"))
	waitFor(t, "the bot to start", 20*time.Second, func() bool { return len(ts.Commands()) > 0 })
	ts.SendText(pgAdmin, "/deliver 1 "+wrongCode(code))
	waitFor(t, "the first wrong code answered", 20*time.Second, said(words(ZH, "handover.wrong", 2)))
	first.kill9(t)
	startChild(t, cfg, "", filepath.Join(dir, "hold"))
	ts.SendText(pgAdmin, wrongCode(code)) // typed into the question the first try opened
	waitFor(t, "the second wrong code answered", 20*time.Second, said(words(ZH, "handover.wrong", 1)))
	ro, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var tries int
	if err := ro.QueryRow(`SELECT tries FROM handover_codes WHERE order_id = 1`).Scan(&tries); err != nil || tries != 2 {
		t.Fatalf("tries after kill -9 and two wrong codes: %d, %v", tries, err)
	}
}
