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
	lb.sayAll(t, 900, fmt.Sprintf("/grant %d admin", enAdmin))
	lb.say(t, enAdmin, "/help")
	return lb, clock
}

// resident registers user (lang "zh" or "en") in zone and building with /register.
func resident(t *testing.T, lb *liveBot, user int64, lang, zone, building string) {
	t.Helper()
	lb.ts.AddUser(telegramtest.User{ID: user, FirstName: "R" + strconv.FormatInt(user, 10), LanguageCode: lang})
	got := lb.sayAll(t, user, fmt.Sprintf("/register %s; 居民%d; %s; %s 101", zone, user, phoneOf(user), building))
	if len(got) == 0 || !strings.Contains(got[0].Text, map[string]string{"zh": "登记完成", "en": "Registered"}[lang]) {
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
	mustSay(t, lastWith(t, lb, nResZH, "📢 通知"), "明早8点 <b>核酸</b> *检测* 😷")
	mustSay(t, lastWith(t, lb, nResEN, "📢 Notice"), "明早8点 <b>核酸</b> *检测* 😷")
	if n := countWith(lb, nResB2, "核酸"); n != 0 {
		t.Fatalf("b2 resident got a1's notice %d times", n)
	}
	report := lastWith(t, lb, 900, "通知 N1")
	mustSay(t, report, "发送完毕", "送达 2", "无法送达 0", "失败 0", "共 2")
	if report.ReplyMarkup != nil && len(report.ReplyMarkup.InlineKeyboard) > 0 {
		t.Fatalf("the finished report still has buttons: %+v", report.ReplyMarkup)
	}

	// A building, and the English admin's report; urgent notices say so.
	lb.sayAll(t, enAdmin, "/notice zone:a1/3号楼 !urgent Water off at 14:00")
	lb.noticeTick(t)
	mustSay(t, lastWith(t, lb, nResZH, "Water off"), "🚨 紧急通知")
	if countWith(lb, nResEN, "Water off") != 0 || countWith(lb, nResB2, "Water off") != 0 {
		t.Fatal("a building notice reached other buildings")
	}
	mustSay(t, lastWith(t, lb, enAdmin, "Notice N2"), "Sent.", "Delivered 1", "unreachable 0", "of 1")

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
		want string
	}{
		{900, "/notice", "用法：/notice"},
		{enAdmin, "/notice", "Usage: /notice"},
		{900, "/notice all", "用法：/notice"},
		{900, "/notice all \x00\x07\x1b", "用法：/notice"},
		{enAdmin, "/notice everyone hello", "“everyone” is not an audience"},
		{900, "/notice <b>all</b> 你好", "“<b>all</b>”不是有效的对象"},
		{900, "/notice 😷 你好", "不是有效的对象"},
		{900, "/notice zone:zz 你好", "没有片区“zz”"},
		{enAdmin, "/notice zone:zz/3号楼 hi", "There is no zone “zz”"},
		{900, "/notice all " + long, "通知最多 4"},
		{enAdmin, "/notice all " + long, "at most 4"},
		{900, "/notice volunteers 你好", "对象“volunteers”中还没有人"},
		{enAdmin, "/notice zone:b2 hi", "No one is in the audience “zone:b2”"},
		{zhUser, "/notice all 你好", "只有管理员可以使用"},
		{enUser, "/schedule @daily all hi", "Only admins can use this command"},
		{zhUser, "/unschedule N1", "只有管理员可以使用"},
		{900, "/schedule", "用法：/schedule"},
		{enAdmin, "/schedule 0 8 * *", "is not a schedule I understand"},
		{900, "/schedule 61 8 * * * all 你好", "看不懂“61 8 * * *”"},
		{900, "/schedule 0 8 * * <b> all 你好", "看不懂"},
		{enAdmin, "/schedule TZ=Asia/Shanghai 0 8 * * * all hi", "cannot set its own time zone: every schedule uses the bot's, Asia/Shanghai"},
		{900, "/schedule CRON_TZ=Bad/Zone 0 8 * * * all 你好", "定时不能自带时区"},
		{900, "/schedule TZ= 0 8 * * * all 你好", "定时不能自带时区"},
		{enAdmin, "/schedule @every 5m all hi", "@every is not supported"},
		{900, "/schedule @reboot all 你好", "看不懂“@reboot”"},
		{900, "/schedule 😷 8 * * * all 你好", "看不懂"},
		{900, "/schedule @daily nobody 你好", "不是有效的对象"},
		{enAdmin, "/schedule 0 8 * * * zone:zz hi", "There is no zone “zz”"},
		{900, "/schedule @daily all", "用法：/schedule"},
		{enAdmin, "/schedule @daily all " + long, "at most 4"},
		{900, "/unschedule", "用法：/unschedule"},
		{enAdmin, "/unschedule N99", "There is no notice N99"},
		{900, "/unschedule 第一", "用法：/unschedule"},
	}
	for _, c := range cases {
		got := lb.sayAll(t, c.user, c.text)
		if len(got) != 1 || !strings.Contains(got[0].Text, c.want) {
			t.Errorf("%d %q: got %+v, want %q", c.user, i18nClip(c.text), got, c.want)
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
	mustSay(t, lb.sayAll(t, 900, "/unschedule N1")[0], "通知 N1 不是有效的定时通知")
	lb.noticeTick(t)
	lb.noneRefused(t)
}

func i18nClip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
