package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/telegram"
	"linli/telegramtest"
)

// Residents of the notice tests, registered with /register: 301 and 302 in a1 (3号楼 and
// 5号楼), 303 in b2.
const (
	nResZH int64 = 301
	nResEN int64 = 302
	nResB2 int64 = 303
)

// noticeBot is a bot on a test clock (10:00 tomorrow in Shanghai) whose notice scheduler a
// test ticks with lb.noticeTick; admins 900 (zh) and Eve 903 (en). perSec 0 is a fast sender
// with the stand-in's limits off; otherwise the sender paces at perSec and the stand-in
// enforces Telegram's limits.
func noticeBot(t *testing.T, perSec float64, extra string) (*liveBot, *testClock) {
	t.Helper()
	clock := newTestClock()
	hooks := &appHooks{now: clock.now}
	limits := quick
	hooks.sender = func(o *telegram.SenderOptions) {
		o.PerSec, o.PerChat = 1000, time.Millisecond
		if perSec > 0 { // Telegram's per-chat limit; one worker: a pause stops the sends not yet handed to it
			o.PerSec, o.PerChat, o.Workers = perSec, time.Second, 1
		}
	}
	if perSec > 0 {
		limits = telegramtest.Limits{} // enforced, as Telegram does
	}
	lb := startBotWith(t, limits, hooks, "[limits]\nmessages_per_minute = 1000\n"+extra)
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	lb.say(t, enAdmin, "/help")
	return lb, clock
}

// resident registers user (lang "zh" or "en") in zone and building with /register.
func resident(t *testing.T, lb *liveBot, user int64, lang, zone, building string) {
	t.Helper()
	lb.ts.AddUser(telegramtest.User{ID: user, FirstName: "R" + strconv.FormatInt(user, 10), LanguageCode: lang})
	got := lb.sayAll(t, user, fmt.Sprintf("/register %s; 居民%d; %s; %s 101", zone, user, phoneOf(user), building))
	if len(got) == 0 || !shows(t, got[0].Text, lang, "register.done") {
		t.Fatalf("/register %d: %+v", user, got)
	}
}

func threeResidents(t *testing.T, lb *liveBot) {
	t.Helper()
	resident(t, lb, nResZH, "zh", "a1", "3号楼")
	resident(t, lb, nResEN, "en", "a1", "5号楼")
	resident(t, lb, nResB2, "zh", "b2", "1号楼")
}

// noticeTick ticks the notice scheduler now and waits until what it queued was sent, then
// ticks again so the authors' reports catch up.
func (lb *liveBot) noticeTick(t *testing.T) {
	t.Helper()
	for range 2 {
		lb.runJob(t, "notices")
	}
}

func TestNotice_NowReachesTheAudienceInTheirLanguageAndTheAuthorGetsAReport(t *testing.T) {
	t.Parallel()
	lb, _ := noticeBot(t, 0, "")
	threeResidents(t, lb)
	lb.sayAll(t, 900, "/notice zone:a1 明早8点 <b>核酸</b> *检测* 😷")
	lb.noticeTick(t)
	lastShowing(t, lb, nResZH, ZH, "notice.body", "明早8点 <b>核酸</b> *检测* 😷")
	lastShowing(t, lb, nResEN, EN, "notice.body", "明早8点 <b>核酸</b> *检测* 😷")
	if n := countWith(lb, nResB2, "核酸"); n != 0 {
		t.Fatalf("b2 resident got a1's notice %d times", n)
	}
	report := lastShowing(t, lb, 900, ZH, "notice.status_title", 1)
	mustShow(t, report, ZH, "notice.status_done", "2", "0", "0", "2")
	if report.ReplyMarkup != nil && len(report.ReplyMarkup.InlineKeyboard) > 0 {
		t.Fatalf("the finished report still has buttons: %+v", report.ReplyMarkup)
	}
	if n := countShowing(t, lb, 900, ZH, "notice.status_done", "核酸"); n != 1 {
		t.Fatalf("a notice done in seconds is reported by its status message alone, not again: %d reports", n)
	}

	// A building, and the English admin's report; urgent notices say so.
	lb.sayAll(t, enAdmin, "/notice zone:a1/3号楼 !urgent Water off at 14:00")
	lb.noticeTick(t)
	mustShow(t, lastWith(t, lb, nResZH, "Water off"), ZH, "notice.body_urgent", "Water off at 14:00")
	if countWith(lb, nResEN, "Water off") != 0 || countWith(lb, nResB2, "Water off") != 0 {
		t.Fatal("a building notice reached other buildings")
	}
	mustShow(t, lastShowing(t, lb, enAdmin, EN, "notice.status_title", 2), EN, "notice.status_done", "1", "0", anyArg{}, "1")

	// Everyone: residents, admins and the rest who have written to the bot.
	lb.sayAll(t, 900, "/notice all 大家好")
	lb.noticeTick(t)
	for _, u := range []int64{nResZH, nResEN, nResB2, 900, enAdmin} {
		if countWith(lb, u, "大家好") == 0 {
			t.Errorf("%d did not get the notice to all", u)
		}
	}
	lb.noneRefused(t)
}

func TestNotice_BadInputIsAnsweredAndChangesNothing(t *testing.T) {
	t.Parallel()
	lb, _ := noticeBot(t, 0, "")
	resident(t, lb, nResZH, "zh", "a1", "3号楼")
	long := strings.Repeat("长", 5000)
	cases := []struct {
		user int64
		text string
		key  string
		args []any
	}{
		{900, "/notice", "notice.usage", nil},
		{enAdmin, "/notice", "notice.usage", nil},
		{900, "/notice all", "notice.usage", nil},
		{900, "/notice all \x00\x07\x1b", "notice.usage", nil},
		{enAdmin, "/notice everyone hello", "notice.bad_audience", []any{"everyone"}},
		{900, "/notice <b>all</b> 你好", "notice.bad_audience", []any{"<b>all</b>"}},
		{900, "/notice 😷 你好", "notice.bad_audience", nil},
		{900, "/notice zone:zz 你好", "notice.unknown_zone", []any{"zz"}},
		{enAdmin, "/notice zone:zz/3号楼 hi", "notice.unknown_zone", []any{"zz"}},
		{900, "/notice all " + long, "notice.too_long", []any{anyArg{}, 5000}},
		{enAdmin, "/notice all " + long, "notice.too_long", []any{anyArg{}, 5000}},
		{900, "/notice volunteers 你好", "notice.nobody", []any{"volunteers"}},
		{enAdmin, "/notice zone:b2 hi", "notice.nobody", []any{"zone:b2"}},
		{zhUser, "/notice all 你好", "error.admin_only", nil},
		{enUser, "/schedule @daily all hi", "error.admin_only", nil},
		{zhUser, "/unschedule N1", "error.admin_only", nil},
		{900, "/schedule", "schedule.usage", nil},
		{enAdmin, "/schedule 0 8 * *", "schedule.bad_cron", nil},
		{900, "/schedule 61 8 * * * all 你好", "schedule.bad_cron", []any{"61 8 * * *"}},
		{900, "/schedule 0 8 * * <b> all 你好", "schedule.bad_cron", nil},
		{enAdmin, "/schedule TZ=Asia/Shanghai 0 8 * * * all hi", "schedule.no_tz", []any{"Asia/Shanghai"}},
		{900, "/schedule CRON_TZ=Bad/Zone 0 8 * * * all 你好", "schedule.no_tz", nil},
		{900, "/schedule TZ= 0 8 * * * all 你好", "schedule.no_tz", nil},
		{enAdmin, "/schedule @every 5m all hi", "schedule.bad_cron", nil},
		{900, "/schedule @reboot all 你好", "schedule.bad_cron", []any{"@reboot"}},
		{900, "/schedule 😷 8 * * * all 你好", "schedule.bad_cron", nil},
		{900, "/schedule @daily nobody 你好", "notice.bad_audience", nil},
		{enAdmin, "/schedule 0 8 * * * zone:zz hi", "notice.unknown_zone", []any{"zz"}},
		{900, "/schedule @daily all", "schedule.usage", nil},
		{enAdmin, "/schedule @daily all " + long, "notice.too_long", []any{anyArg{}, 5000}},
		{900, "/unschedule", "unschedule.usage", nil},
		{enAdmin, "/unschedule N99", "unschedule.unknown", []any{99}},
		{900, "/unschedule 第一", "unschedule.usage", nil},
	}
	for _, c := range cases {
		lang := ZH
		if c.user == enAdmin || c.user == enUser {
			lang = EN
		}
		got := lb.sayAll(t, c.user, c.text)
		if len(got) != 1 || !shows(t, got[0].Text, lang, c.key, c.args...) {
			t.Errorf("%d %q: got %+v, want %s %v", c.user, i18nClip(c.text), got, c.key, c.args)
		}
	}
	lb.noticeTick(t)
	var n int
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FROM notices`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d notices recorded (%v)", n, err)
	}
	if got := lb.ts.BotMessages(nResZH); len(got) != 1 { // the /register answer
		t.Fatalf("the resident got %d messages: %+v", len(got), got)
	}
	// A notice once sent cannot be unscheduled.
	lb.sayAll(t, 900, "/notice all 你好")
	mustShow(t, lb.sayAll(t, 900, "/unschedule N1")[0], ZH, "unschedule.not_scheduled", 1)
	lb.noticeTick(t)
	lb.noneRefused(t)
}

func i18nClip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// A run that outlasts a minute is also reported in a message of its own: the edit of a status
// message sent long before does not notify its author.
func TestNotice_ALongRunIsReportedAgainInAMessageOfItsOwn(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "")
	threeResidents(t, lb)
	lb.sayAll(t, enAdmin, "/notice zone:a1 Water off at 14:00")
	lb.drain(t)
	clock.jump(2 * time.Minute)
	lb.noticeTick(t)
	lastShowing(t, lb, nResEN, EN, "notice.body", "Water off at 14:00")
	if n := countShowing(t, lb, enAdmin, EN, "notice.status_done", "Water off"); n != 2 {
		t.Fatalf("reports of a run that took two minutes: %d, want the status message and one of its own", n)
	}
	lb.noneRefused(t)
}
