package main

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"linli/i18n"
	"linli/telegramtest"
)

// More volunteers of the sweep tests: two in zone b2, who only hear of a1's orders once they
// are escalated.
const (
	volB2EN int64 = 205
)

// testClock is the bot's clock in the sweep tests: it starts at the next 10:00 in Shanghai (the
// configured zone), so a test's day never turns by accident, runs at real speed, and jumps.
type testClock struct {
	start  time.Time
	base   time.Time
	offset atomic.Int64
}

func newTestClock() *testClock {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	now := time.Now().In(shanghai)
	base := time.Date(now.Year(), now.Month(), now.Day()+1, 10, 0, 0, 0, shanghai)
	return &testClock{start: time.Now(), base: base}
}

func (c *testClock) now() time.Time {
	return c.base.Add(time.Since(c.start) + time.Duration(c.offset.Load()))
}

func (c *testClock) jump(d time.Duration) { c.offset.Add(int64(d)) }

// sweepBot is groupBot on a test clock, with SLA sweeps on demand.
func sweepBot(t *testing.T) (*liveBot, *testClock) {
	t.Helper()
	clock := newTestClock()
	lb := groupBot(t, &appHooks{now: clock.now})
	addEnglishAdmin(t, lb)
	return lb, clock
}

// sweep runs the SLA sweeps now and waits until all they queued was sent.
func (lb *liveBot) sweep(t *testing.T) {
	t.Helper()
	lb.runJob(t, "sweep")
}

// addEnglishAdmin makes Eve (enAdmin) an admin besides 900; she has written to the bot, so her
// language is known.
func addEnglishAdmin(t *testing.T, lb *liveBot) {
	t.Helper()
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	lb.say(t, enAdmin, "/help")
	lb.drain(t) // the granter is told Eve has written at last: before anyone counts 900's messages
	mustShow(t, lastShowing(t, lb, 900, ZH, "grant.first_seen"), ZH, "grant.first_seen", "Eve", enAdmin, words(ZH, "role.admin"))
}

// newSince is what the bot sent to chat since before, checked against a count.
func newSince(t *testing.T, lb *liveBot, chat int64, before, want int) []telegramtest.Message {
	t.Helper()
	got := lb.ts.BotMessages(chat)[before:]
	if len(got) != want {
		t.Fatalf("chat %d got %d messages, want %d: %+v", chat, len(got), want, got)
	}
	return got
}

func mustSay(t *testing.T, m telegramtest.Message, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(m.Text, s) {
			t.Fatalf("%q lacks %q", m.Text, s)
		}
	}
}

func TestSweep_EscalatesRemindsAndReleasesOnATestClock(t *testing.T) {
	t.Parallel()
	lb, clock := sweepBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")
	enlist(t, lb, volB2, "zh", "赵六", "b2")
	enlist(t, lb, volB2EN, "en", "Olga", "b2")
	const b2Admin int64 = 907 // an admin of b2 only: a1's orders are not theirs to hear of
	lb.ts.AddUser(telegramtest.User{ID: b2Admin, FirstName: "Zhou", LanguageCode: "zh"})
	lb.grant(t, 900, fmt.Sprintf("%d admin b2", b2Admin))
	lb.say(t, b2Admin, "/help")
	lb.sayAll(t, zhUser, "/order groceries 大米 5kg") // #1, urgent (vulnerable): 10 minutes to be claimed
	lb.sayAll(t, enUser, "/order groceries milk")   // #2
	lb.sweep(t)
	if n := countWith(lb, 900, "#1"); n != 0 {
		t.Fatalf("escalated before its deadline")
	}

	// Escalation: admins told in their language, with a Claim button; b2's volunteers offered it;
	// a1's reminded it still waits in their zone; the households told it still waits.
	clock.jump(11 * time.Minute)
	count := func(chat int64) int { return len(lb.ts.BotMessages(chat)) }
	a, e, z, o, l, b := count(900), count(enAdmin), count(volB2), count(volB2EN), count(volZH), 0
	hz, he, b2a := count(zhUser), count(enUser), count(b2Admin)
	lb.sweep(t)
	zh := newSince(t, lb, 900, a, 2)[0]
	mustShow(t, zh, ZH, "sla.escalated_admin", 1, i18n.Raw(words(ZH, "sla.minutes", 11)), 4)
	mustSay(t, zh, "大米 5kg")
	if !hasButton(zh, words(ZH, "queue.claim", 1)) {
		t.Fatalf("the admin's card has no Claim button: %+v", zh)
	}
	escalatedEN := newSince(t, lb, enAdmin, e, 2)[1]
	mustShow(t, escalatedEN, EN, "sla.escalated_admin", 2, i18n.Raw(words(EN, "sla.minutes", 11)), 4)
	mustSay(t, escalatedEN, "milk")
	offer := newSince(t, lb, volB2, z, 2)[0]
	mustShow(t, offer, ZH, "sla.widened", 1, i18n.Raw(words(ZH, "sla.minutes", 11)))
	mustSay(t, offer, "大米 5kg")
	if !hasButton(offer, words(ZH, "queue.claim", 1)) {
		t.Fatalf("the offer has no Claim button: %+v", offer)
	}
	offerEN := newSince(t, lb, volB2EN, o, 2)[1]
	mustShow(t, offerEN, EN, "sla.widened", 2, i18n.Raw(words(EN, "sla.minutes", 11)))
	mustSay(t, offerEN, "milk")
	inZone := newSince(t, lb, volZH, l, 2)
	mustShow(t, inZone[0], ZH, "sla.waiting_in_zone", 1, i18n.Raw(words(ZH, "sla.minutes", 11)))
	if !hasButton(inZone[1], words(ZH, "queue.claim", 2)) {
		t.Fatalf("the in-zone reminder has no Claim button: %+v", inZone[1])
	}
	mustShow(t, newSince(t, lb, zhUser, hz, 1)[0], ZH, "notify.escalated", 1)
	mustShow(t, newSince(t, lb, enUser, he, 1)[0], EN, "notify.escalated", 2)
	newSince(t, lb, b2Admin, b2a, 0)
	lb.sweep(t)
	newSince(t, lb, 900, a, 2) // escalated once only

	// Claimed, then overdue: the claimer is reminded once, in their language.
	lb.sayAll(t, volEN, "/claim 1")
	lb.sayAll(t, volZH, "/claim 2")
	clock.jump(241 * time.Minute)
	b, l = count(volEN), count(volZH)
	lb.sweep(t)
	lb.sweep(t)
	remind := newSince(t, lb, volEN, b, 1)[0]
	mustShow(t, remind, EN, "sla.remind", 1, i18n.Raw(words(EN, "sla.minutes", 1)))
	if !hasButton(remind, words(EN, "queue.deliver_button", 1)) || !hasButton(remind, words(EN, "queue.release_button", 1)) {
		t.Fatalf("reminder buttons: %+v", remind)
	}
	mustShow(t, newSince(t, lb, volZH, l, 1)[0], ZH, "sla.remind", 2, i18n.Raw(words(ZH, "sla.minutes", 1)))
	if orderStatus(t, lb, 1) != "claimed" || orderStatus(t, lb, 2) != "claimed" {
		t.Fatal("released at the first deadline")
	}

	// Twice the time allowed: released, the claimer and the admins told.
	clock.jump(240 * time.Minute)
	a, e, b, l = count(900), count(enAdmin), count(volEN), count(volZH)
	lb.sweep(t)
	if orderStatus(t, lb, 1) != "open" || orderStatus(t, lb, 2) != "open" {
		t.Fatal("not released at twice the deadline")
	}
	// Each also gets the other's urgent order pushed again, now that it is open.
	newSince(t, lb, volEN, b, 2)
	newSince(t, lb, volZH, l, 2)
	lastShowing(t, lb, volEN, EN, "queue.taken_back", 1, words(EN, "queue.by_system"))
	lastShowing(t, lb, volZH, ZH, "queue.taken_back", 2, words(ZH, "queue.by_system"))
	mustShow(t, newSince(t, lb, 900, a, 2)[0], ZH, "sla.released_admin", 1, "Bob", 202)
	mustShow(t, newSince(t, lb, enAdmin, e, 2)[1], EN, "sla.released_admin", 2, "李雷", 201)
	if told := lastWith(t, lb, enUser, "#2"); !shows(t, told.Text, EN, "notify.released", 2) {
		t.Fatalf("household told: %q", told.Text)
	}
	var detail string
	_ = lb.readDB(t).QueryRow(`SELECT detail FROM order_events WHERE order_id = 1 AND kind = 'released'`).Scan(&detail)
	if detail != "overdue" {
		t.Fatalf("release recorded with reason %q", detail)
	}
	for _, v := range []int64{volB2, volB2EN} {
		mustNotLeak(t, lb, v, zhResident, enResident, resPhone, resRoom)
	}
	lb.noneRefused(t)
}

func TestSweep_DailyOrderComesBackTheNextDay(t *testing.T) {
	t.Parallel()
	lb, clock := sweepBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	lb.sayAll(t, zhUser, "/order garbage 2袋")    // #1: done today, placed again tomorrow
	lb.sayAll(t, enUser, "/order errand parcel") // #2: expired today, re-opened tomorrow
	lb.sayAll(t, zhUser, "/order errand 快递")     // #3: not daily
	db := writeDB(t, lb)
	if _, err := db.Exec(`UPDATE orders SET recurring = 'daily' WHERE id IN (1, 2)`); err != nil {
		t.Fatal(err)
	}
	lb.sayAll(t, volZH, "/claim 1")
	lb.sayAll(t, volZH, "/deliver 1")
	lb.sayAll(t, volZH, "/claim 3")
	lb.sayAll(t, volZH, "/deliver 3")
	if _, err := db.Exec(`UPDATE orders SET status = 'expired', expired_at = ? WHERE id = 2`, clock.now().UnixMilli()); err != nil {
		t.Fatal(err)
	}
	lb.sweep(t)
	if n := countShowing(t, lb, zhUser, ZH, "daily.placed_again") + countShowing(t, lb, zhUser, ZH, "daily.reopened"); n != 0 {
		t.Fatal("repeated on the same day")
	}

	clock.jump(24 * time.Hour)
	lb.sweep(t)
	lb.sweep(t)
	if got := lastShowing(t, lb, zhUser, ZH, "daily.placed_again"); !shows(t, got.Text, ZH, "daily.placed_again", 1, 4) ||
		!strings.Contains(got.Text, "2袋") || countShowing(t, lb, zhUser, ZH, "daily.placed_again") != 1 {
		t.Fatalf("zh household told: %q", got.Text)
	}
	if got := lastShowing(t, lb, enUser, EN, "daily.reopened"); !shows(t, got.Text, EN, "daily.reopened", 2) {
		t.Fatalf("en household told: %q", got.Text)
	}
	var n, recurring int
	_ = lb.readDB(t).QueryRow(`SELECT count(*), sum(recurring = 'daily') FROM orders`).Scan(&n, &recurring)
	if n != 4 || recurring != 3 || orderStatus(t, lb, 4) != "open" || orderStatus(t, lb, 2) != "open" {
		t.Fatalf("%d orders (%d daily), #4 %s, #2 %s", n, recurring, orderStatus(t, lb, 4), orderStatus(t, lb, 2))
	}
	lb.noneRefused(t)
}

func TestStats_ByZoneAndCategoryWithTodaysMediansInBothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := sweepBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volB2, "zh", "赵六", "b2")
	lb.say(t, volB2, "/duty off")
	lb.sayAll(t, zhUser, "/order groceries 大米")      // #1: claimed after 5 min, delivered 20 min later
	placeOrder(t, lb, zhUser, "/order groceries 鸡蛋") // #2: claimed after 12 min, delivered 40 min later
	lb.sayAll(t, zhUser, "/order medicine 降压药")      // #3: claimed, not yet delivered
	lb.sayAll(t, zhUser, "/order garbage 2袋")        // #4: open, overdue by then
	clock.jump(5 * time.Minute)
	lb.sayAll(t, volZH, "/claim 1")
	clock.jump(7 * time.Minute)
	lb.sayAll(t, volZH, "/claim 2")
	lb.sayAll(t, volZH, "/claim 3")
	clock.jump(13 * time.Minute)
	lb.sayAll(t, volZH, "/deliver 1")
	clock.jump(27 * time.Minute)
	lb.sayAll(t, volZH, "/deliver 2")

	zh := lb.say(t, 900, "/stats")
	for lang, m := range map[string]telegramtest.Message{ZH: zh, EN: lb.say(t, enAdmin, "/stats")} {
		mustShow(t, m, lang, "stats.title", anyArg{}, "Asia/Shanghai")
		mustShow(t, m, lang, "stats.totals", 1, 1, 1)
		mustShow(t, m, lang, "stats.row", i18n.Raw(words(lang, "cat.garbage")), 1, 0, 1)
		mustShow(t, m, lang, "stats.row", i18n.Raw(words(lang, "cat.medicine")), 0, 1, 0)
		mustShow(t, m, lang, "stats.today", i18n.Raw(words(lang, "sla.minutes", 12)), 3, i18n.Raw(words(lang, "sla.minutes", 30)), 2)
		mustShow(t, m, lang, "stats.volunteers", 1, 2)
	}
	mustSay(t, zh, "官北沟社区 1号楼-8号楼")
	if got := lb.say(t, volZH, "/stats"); !shows(t, got.Text, ZH, "error.admin_only") {
		t.Fatalf("/stats by a volunteer: %q", got.Text)
	}
	for _, bad := range []string{"/stats a1", "/stats <b>x</b>", "/stats " + strings.Repeat("9", 5000)} {
		if got := lb.say(t, enAdmin, bad); !shows(t, got.Text, EN, "stats.usage") {
			t.Errorf("%.20q: %q", bad, got.Text)
		}
	}
	if telegramtest.UTF16Len(zh.Raw) > 4096 {
		t.Fatalf("/stats too long")
	}
	lb.noneRefused(t)
}

func TestSweep_EscalatedOrderIsTakenFromAnotherZone(t *testing.T) {
	t.Parallel()
	lb, clock := sweepBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volB2EN, "en", "Olga", "b2")
	lb.sayAll(t, zhUser, "/order groceries 大米 5kg") // #1 in a1: nobody of a1 on duty
	if q := lb.say(t, volB2EN, "/queue"); strings.Contains(q.Text, "#1") {
		t.Fatalf("another zone's order in the queue before escalation: %q", q.Text)
	}
	clock.jump(11 * time.Minute)
	before := len(lb.ts.BotMessages(volB2EN))
	lb.sweep(t)
	offer := newSince(t, lb, volB2EN, before, 1)[0]
	if q := lb.say(t, volB2EN, "/queue"); !strings.Contains(q.Text, "#1") {
		t.Fatalf("escalated order not in another zone's queue: %q", q.Text)
	}
	told := len(lb.ts.BotMessages(zhUser))
	if got := lb.pressAll(t, volB2EN, offer, words(EN, "queue.claim", 1)); orderStatus(t, lb, 1) != "claimed" {
		t.Fatalf("claim from another zone after escalation: %+v", got)
	}
	if m := newSince(t, lb, zhUser, told, 1)[0]; !strings.Contains(m.Text, "Olga") {
		t.Fatalf("household not told who is coming: %q", m.Text)
	}
	lb.noneRefused(t)
}
