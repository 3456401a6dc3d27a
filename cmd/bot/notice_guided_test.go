package main

import (
	"testing"
	"time"

	"linli/telegramtest"
)

// guidedPress presses label under msg as user and returns msg as the press edited it.
func guidedPress(t *testing.T, lb *liveBot, user int64, msg telegramtest.Message, label string) telegramtest.Message {
	t.Helper()
	lb.pressAll(t, user, msg, label)
	return messageByID(t, lb, msg.ChatID, msg.ID)
}

func TestSchedule_GuidedWithButtonsDailyWeeklyAndOnce(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "")
	threeResidents(t, lb)
	today := clock.base.Format("01-02")
	tomorrow := clock.base.AddDate(0, 0, 1).Format("2006-01-02")

	// Once, today at 11:00 (the clock says 10:00: earlier hours are not offered).
	q := lb.sayAll(t, 900, "/schedule residents 今天11点 <b>发菜</b>")[0]
	mustShow(t, q, ZH, "guided.when", 1, "residents", "Asia/Shanghai")
	q = guidedPress(t, lb, 900, q, words(ZH, "guided.once"))
	mustShow(t, q, ZH, "guided.step", 1)
	mustShow(t, q, ZH, "guided.date")
	q = guidedPress(t, lb, 900, q, today)
	mustShow(t, q, ZH, "guided.hour")
	if hasButton(q, "06:00") || hasButton(q, "10:00") || !hasButton(q, "11:00") {
		t.Fatalf("today's hours already past are offered: %+v", q.ReplyMarkup)
	}
	if a := pressAnswer(t, lb, 900, 900, q.ID, "n:g:1:o:"+clock.base.Format("20060102")+":06"); !shows(t, a, ZH, "guided.past") {
		t.Fatalf("a time already past, forged: %q", a)
	}
	q = guidedPress(t, lb, 900, q, "11:00")
	mustShow(t, q, ZH, "schedule.done", 1, words(ZH, "guided.once_spec"), anyArg{}, clock.base.Format("2006-01-02")+" 11:00")
	// Listed among the scheduled notices, not as a broadcast under way.
	list := lb.sayAll(t, 900, "/notices")[0]
	mustShow(t, list, ZH, "notices.scheduled_title", 1)
	mustShow(t, list, ZH, "notices.once_entry", 1, "residents", clock.base.Format("2006-01-02")+" 11:00", "今天11点 <b>发菜</b>")
	if shows(t, list.Text, ZH, "notices.running_title", anyArg{}) {
		t.Errorf("a notice not begun is listed as under way: %q", list.Text)
	}
	if a := pressAnswer(t, lb, 900, 900, q.ID, "n:g:1:o:"+clock.base.Format("20060102")+":12"); !shows(t, a, ZH, "notice.run_state") {
		t.Fatalf("a second choice for the same notice: %q", a)
	}

	// Every day at 08:00, in English; every week on Monday at 09:00.
	q = lb.sayAll(t, enAdmin, "/schedule all Good morning")[0]
	mustShow(t, q, EN, "guided.when", 2)
	q = guidedPress(t, lb, enAdmin, guidedPress(t, lb, enAdmin, q, words(EN, "guided.daily")), "08:00")
	mustShow(t, q, EN, "schedule.done", 2, "0 8 * * *", anyArg{}, tomorrow+" 08:00")
	q = lb.sayAll(t, enAdmin, "/schedule zone:a1 Weekly meeting")[0]
	q = guidedPress(t, lb, enAdmin, guidedPress(t, lb, enAdmin, q, words(EN, "guided.weekly")), words(EN, "guided.day.1"))
	q = guidedPress(t, lb, enAdmin, q, "09:00")
	mustShow(t, q, EN, "schedule.done", 3, "0 9 * * 1")
	list = lb.sayAll(t, enAdmin, "/notices")[0]
	mustShow(t, list, EN, "notices.scheduled_entry", 2, anyArg{}, anyArg{}, tomorrow+" 08:00")
	mustShow(t, list, EN, "notices.scheduled_entry", 3, "0 9 * * 1")

	clock.jump(61 * time.Minute) // 11:01
	lb.noticeTick(t)
	for _, u := range []int64{nResZH, nResEN, nResB2} {
		if n := countWith(lb, u, "今天11点 <b>发菜</b>"); n != 1 {
			t.Errorf("%d got the timed notice %d times", u, n)
		}
	}
	lb.restart(t)
	lb.noticeTick(t)
	if n := countWith(lb, nResZH, "发菜"); n != 1 {
		t.Fatalf("after a restart: %d", n)
	}
	lb.noneRefused(t)
}
