package main

import (
	"strings"
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

	// Once, today at 11:00 (the clock says 10:00).
	q := lb.sayAll(t, 900, "/schedule residents 今天11点 <b>发菜</b>")[0]
	mustSay(t, q, "通知 N1（发给 residents）什么时候发", "Asia/Shanghai")
	q = guidedPress(t, lb, 900, q, "一次")
	mustSay(t, q, "排定通知 N1", "哪一天？")
	q = guidedPress(t, lb, 900, q, today)
	mustSay(t, q, "几点发？")
	if a := pressAnswer(t, lb, 900, 900, q.ID, buttonData(t, q, "06:00")); !strings.Contains(a, "已经过去了") {
		t.Fatalf("a time already past: %q", a)
	}
	q = guidedPress(t, lb, 900, q, "11:00")
	mustSay(t, q, "通知 N1 已排定", "一次", clock.base.Format("2006-01-02")+" 11:00")
	mustSay(t, lb.sayAll(t, 900, "/notices")[0], "N1 → residents", "等待到 "+clock.base.Format("2006-01-02")+" 11:00")
	if a := pressAnswer(t, lb, 900, 900, q.ID, "n:g:1:o:"+clock.base.Format("20060102")+":12"); !strings.Contains(a, "已发送、已结束或已取消") {
		t.Fatalf("a second choice for the same notice: %q", a)
	}

	// Every day at 08:00, in English; every week on Monday at 09:00.
	q = lb.sayAll(t, enAdmin, "/schedule all Good morning")[0]
	mustSay(t, q, "When should notice N2 go out")
	q = guidedPress(t, lb, enAdmin, guidedPress(t, lb, enAdmin, q, "Every day"), "08:00")
	mustSay(t, q, "Notice N2 scheduled", "0 8 * * *", "Next: "+tomorrow+" 08:00")
	q = lb.sayAll(t, enAdmin, "/schedule zone:a1 Weekly meeting")[0]
	q = guidedPress(t, lb, enAdmin, guidedPress(t, lb, enAdmin, q, "Every week"), "Mon")
	q = guidedPress(t, lb, enAdmin, q, "09:00")
	mustSay(t, q, "Notice N3 scheduled", "0 9 * * 1")
	mustSay(t, lb.sayAll(t, enAdmin, "/notices")[0], "N2", "next "+tomorrow+" 08:00", "N3", "0 9 * * 1")

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
