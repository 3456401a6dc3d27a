package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/internal/testlog"
	"linli/telegramtest"
)

// paidFirst is the user id of the first resident of residentsBot.
const paidFirst = 20_000

// residentsBot runs the bot with Telegram's limits on and n residents of zone a1 (users
// paidFirst, paidFirst+1, …) registered, and admin 900; setup prepares the stand-in first.
func residentsBot(t *testing.T, n int, extra string, setup func(ts *telegramtest.Server)) *liveBot {
	t.Helper()
	ts := telegramtest.New(telegramtest.Options{Token: testToken}) // Telegram's limits
	t.Cleanup(ts.Close)
	speaksSpec(t, ts)
	ts.AddUser(telegramtest.User{ID: 900, FirstName: "Secretary", LanguageCode: "zh"})
	for i := range n {
		ts.AddUser(telegramtest.User{ID: int64(paidFirst + i), FirstName: "R", LanguageCode: "zh"})
	}
	if setup != nil {
		setup(ts)
	}
	lb := &liveBot{ts: ts, dir: t.TempDir(), logs: &testlog.Buffer{}, extra: extra}
	registerResidents(t, filepath.Join(lb.dir, "linli.db"), paidFirst, n)
	lb.run(t)
	t.Cleanup(func() { lb.stop() })
	waitFor(t, "the bot to start", 20*time.Second, func() bool { return len(ts.Commands()) > 0 })
	return lb
}

// noticeCopies counts, over n residents, those who got text and the copies, and those of them
// sent as paid broadcasts.
func noticeCopies(ts *telegramtest.Server, n int, text string) (reached, copies, paid int) {
	for i := range n {
		got := 0
		for _, m := range ts.BotMessages(int64(paidFirst + i)) {
			if strings.Contains(m.Text, text) {
				got++
				if m.Paid {
					paid++
				}
			}
		}
		if got > 0 {
			reached++
		}
		copies += got
	}
	return reached, copies, paid
}

// tooMany counts the stand-in's 429 answers.
func tooMany(ts *telegramtest.Server) int {
	n := 0
	for _, q := range ts.Requests() {
		if q.Status == 429 {
			n++
		}
	}
	return n
}

func TestNotice_PaidBroadcastSendsEveryoneOncePaidRepliesStayFree(t *testing.T) {
	t.Parallel()
	const n, text = 120, "明天停水"
	lb := residentsBot(t, n, "[notices]\npaid_broadcast = true\nconfirm_over = 1000\n", nil)
	lb.ts.SendText(900, "/notice residents "+text)
	waitFor(t, "every resident reached", 30*time.Second, func() bool { r, _, _ := noticeCopies(lb.ts, n, text); return r == n })
	reached, copies, paid := noticeCopies(lb.ts, n, text)
	if copies != reached || paid != n {
		t.Fatalf("%d residents reached, %d copies, %d paid; want %d once each, all paid", reached, copies, paid, n)
	}
	for _, m := range lb.ts.BotMessages(900) {
		if m.Paid {
			t.Fatalf("a reply to the admin went as a paid broadcast: %q", m.Text)
		}
	}
	if got := tooMany(lb.ts); got != 0 {
		t.Fatalf("%d 429s", got)
	}
	lb.noneRefused(t)
}

func TestNotice_PaidBroadcastRefusedGoesOnFreeAndTellsTheAuthorOnce(t *testing.T) {
	t.Parallel()
	const n, text = 90, "明天停电"
	lb := residentsBot(t, n, "[notices]\npaid_broadcast = true\nconfirm_over = 1000\n",
		func(ts *telegramtest.Server) { ts.SetStars(3) }) // 30 paid messages, then BALANCE_TOO_LOW
	lb.ts.SendText(900, "/notice residents "+text)
	waitFor(t, "every resident reached", 60*time.Second, func() bool { r, _, _ := noticeCopies(lb.ts, n, text); return r == n })
	reached, copies, paid := noticeCopies(lb.ts, n, text)
	if copies != reached || paid != 30 {
		t.Fatalf("%d residents reached, %d copies, %d paid; want %d once each, 30 paid", reached, copies, paid, n)
	}
	refused := 0
	for _, q := range lb.ts.Requests() {
		if q.Status == 400 {
			if q.Description != "Bad Request: BALANCE_TOO_LOW" {
				t.Fatalf("stand-in refused %+v", q)
			}
			refused++
		}
	}
	if refused == 0 {
		t.Fatal("no paid send was refused")
	}
	waitFor(t, "the author told", 10*time.Second, func() bool { return len(paidRefusals(t, lb.ts)) > 0 })
	lb.runJob(t, "notices")
	if got := paidRefusals(t, lb.ts); len(got) != 1 || !shows(t, got[0], ZH, "notice.paid_refused", 1) {
		t.Fatalf("the author was told %d times (%d refusals): %q", len(got), refused, got)
	}
	if got := tooMany(lb.ts); got != 0 {
		t.Fatalf("%d 429s", got)
	}
}

// paidRefusals are the admin's messages about a refused paid broadcast.
func paidRefusals(t *testing.T, ts *telegramtest.Server) []string {
	var out []string
	for _, m := range ts.BotMessages(900) {
		if shows(t, m.Text, ZH, "notice.paid_refused") {
			out = append(out, m.Text)
		}
	}
	return out
}

func TestNotice_ForAllAlsoPostedToTheChannelOnce(t *testing.T) {
	t.Parallel()
	const n, channel = 3, int64(-1001777)
	lb := residentsBot(t, n, "[notices]\nchannel = \"@guanbeigou\"\n",
		func(ts *telegramtest.Server) { ts.AddChannel(channel, "@guanbeigou", "官北沟社区") })
	posts := func(text string) (n int) {
		for _, m := range lb.ts.BotMessages(channel) {
			if strings.Contains(m.Text, text) {
				n++
			}
		}
		return n
	}
	lb.ts.SendText(900, "/notice all 明天 8:00 全员核酸 <b>")
	waitFor(t, "the channel post", 20*time.Second, func() bool { return posts("全员核酸 <b>") == 1 })
	lb.ts.SendText(900, "/notice residents 只给居民")
	waitFor(t, "the residents reached", 20*time.Second, func() bool { r, _, _ := noticeCopies(lb.ts, n, "只给居民"); return r == n })
	lb.restart(t)
	waitFor(t, "the bot to start again", 20*time.Second, func() bool { return len(lb.ts.Commands()) > 0 })
	lb.runJob(t, "notices")
	time.Sleep(300 * time.Millisecond)
	if all, res := posts("全员核酸"), posts("只给居民"); all != 1 || res != 0 {
		t.Fatalf("channel posts: %d of the notice for all (want 1), %d of the one for residents (want 0)", all, res)
	}
	lb.noneRefused(t)
}
