package main

import (
	"testing"
	"time"
)

// stopAndJump stops the bot, moves its clock while it is down, and starts it again.
func stopAndJump(t *testing.T, lb *liveBot, clock *testClock, d time.Duration) {
	t.Helper()
	if code := lb.stop(); code != exitOK {
		t.Fatalf("stop: exit %d", code)
	}
	clock.jump(d)
	lb.run(t)
}

func TestSchedule_FiresAtLocalTimeSurvivesRestartsAndCatchesUpOnce(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "") // 10:00 in Shanghai
	threeResidents(t, lb)
	day := clock.base.Format("2006-01-02")
	got := lb.sayAll(t, 900, "/schedule 30 10 * * * residents 每日提醒：请在家")
	mustShow(t, got[0], ZH, "schedule.done", 1, "30 10 * * *", "residents", day+" 10:30", "Asia/Shanghai")
	list := lb.sayAll(t, enAdmin, "/notices")[0]
	mustShow(t, list, EN, "notices.scheduled_entry", 1, "30 10 * * *", "residents", day+" 10:30")
	mustShow(t, list, EN, "notices.footer", "Asia/Shanghai")
	mustSay(t, list, "每日提醒")
	count := func() (n int) {
		for _, u := range []int64{nResZH, nResEN, nResB2} {
			n += countWith(lb, u, "每日提醒")
		}
		return n
	}
	lb.noticeTick(t)
	clock.jump(29 * time.Minute) // 10:29
	lb.noticeTick(t)
	if n := count(); n != 0 {
		t.Fatalf("sent %d before 10:30", n)
	}
	clock.jump(time.Minute + time.Second) // 10:30
	lb.noticeTick(t)
	if n := count(); n != 3 {
		t.Fatalf("at 10:30 the residents got it %d times, want 3", n)
	}
	mustShow(t, lastShowing(t, lb, 900, ZH, "notice.status_title", 1), ZH, "notice.status_done", "3")

	// A restart neither repeats nor loses it.
	lb.restart(t)
	lb.noticeTick(t)
	if n := count(); n != 3 {
		t.Fatalf("after a restart: %d, want 3", n)
	}

	// Down over the next 10:30, back at 10:40: within the hour, so sent once.
	stopAndJump(t, lb, clock, 24*time.Hour+10*time.Minute)
	lb.noticeTick(t)
	lb.noticeTick(t)
	if n := count(); n != 6 {
		t.Fatalf("caught up: %d, want 6", n)
	}

	// Down for two days, back at 12:40: both runs are older than the hour, so skipped, and the
	// author is told once.
	stopAndJump(t, lb, clock, 50*time.Hour)
	lb.noticeTick(t)
	if n := count(); n != 6 {
		t.Fatalf("old runs sent: %d, want 6", n)
	}
	skippedMsg := lastShowing(t, lb, 900, ZH, "notice.skipped", 1)
	mustShow(t, skippedMsg, ZH, "notice.skipped", 1, anyArg{}, 2)
	mustSay(t, skippedMsg, "10:30")
	var skipped int
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FROM notice_runs WHERE state = 'skipped'`).Scan(&skipped); err != nil || skipped != 2 {
		t.Fatalf("%d runs recorded as skipped (%v), want 2", skipped, err)
	}

	// Unscheduled: no more.
	mustShow(t, lb.sayAll(t, enAdmin, "/unschedule N1")[0], EN, "unschedule.done", 1)
	clock.jump(24 * time.Hour)
	lb.noticeTick(t)
	if n := count(); n != 6 {
		t.Fatalf("sent after /unschedule: %d", n)
	}
	mustShow(t, lb.sayAll(t, 900, "/notices")[0], ZH, "notices.none")
	lb.noneRefused(t)
}

func TestSchedule_QuietHoursHoldANonUrgentNoticeUntilMorning(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "[notices]\nquiet_hours = \"22:00-07:00\"\n")
	resident(t, lb, nResEN, "en", "a1", "5号楼")
	lb.sayAll(t, enAdmin, "/schedule 0 23 * * * residents Lights out")
	lb.sayAll(t, enAdmin, "/schedule 0 23 * * * residents !urgent Storm warning")
	clock.jump(13 * time.Hour) // 23:00
	lb.noticeTick(t)
	if countWith(lb, nResEN, "Lights out") != 0 || countWith(lb, nResEN, "Storm warning") != 1 {
		t.Fatalf("at 23:00: %+v", lb.ts.BotMessages(nResEN))
	}
	mustShow(t, lastShowing(t, lb, enAdmin, EN, "notice.status_title", 1), EN, "notice.status_quiet")
	mustSay(t, lastShowing(t, lb, enAdmin, EN, "notice.status_title", 1), "07:00")
	clock.jump(8 * time.Hour) // 07:00
	lb.noticeTick(t)
	if countWith(lb, nResEN, "Lights out") != 1 {
		t.Fatalf("at 07:00 the held notice was not sent: %+v", lb.ts.BotMessages(nResEN))
	}
	mustShow(t, lastShowing(t, lb, enAdmin, EN, "notice.status_title", 1), EN, "notice.status_done", "1")
	lb.noneRefused(t)
}

// A resident who blocked the bot while it was down (its my_chat_member update not read yet, as
// getUpdates hangs) is tried once by the next run, answers 403, and is skipped by the runs after.
func TestNotice_BlockedRecipientIsTriedOnceThenSkipped(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "")
	threeResidents(t, lb)
	lb.sayAll(t, enAdmin, "/schedule 30 10 * * * zone:a1 Testing at 8")
	tries := func() (n int) {
		for _, q := range lb.ts.Requests() {
			if q.Method == "sendMessage" && q.Params["chat_id"] == "302" {
				n++
			}
		}
		return n
	}
	before := tries()
	if code := lb.stop(); code != exitOK {
		t.Fatalf("stop: exit %d", code)
	}
	lb.ts.Block(nResEN)
	lb.ts.Hang("getUpdates", true)
	clock.jump(30 * time.Minute)
	lb.run(t)
	lb.noticeTick(t)
	mustShow(t, lastShowing(t, lb, enAdmin, EN, "notice.status_title", 1), EN, "notice.status_done", "1", "1", "0", "2")
	lb.ts.Hang("getUpdates", false)
	clock.jump(24 * time.Hour)
	lb.noticeTick(t)
	if n := countWith(lb, nResZH, "Testing at 8"); n != 2 {
		t.Fatalf("the reachable resident got %d, want 2", n)
	}
	if n := tries() - before; n != 1 {
		t.Fatalf("the blocked chat was tried %d times, want 1", n)
	}
	var st string
	err := lb.readDB(t).QueryRow(`SELECT group_concat(status) FROM (SELECT status FROM outbox
		WHERE chat_id = 302 AND dedup_key IS NOT NULL ORDER BY id)`).Scan(&st)
	if err != nil || st != "unreachable,unreachable" {
		t.Fatalf("outbox rows of the blocked chat: %q (%v)", st, err)
	}
	lb.noneRefused(t)
}
