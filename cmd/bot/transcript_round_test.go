package main

import (
	"sync/atomic"
	"testing"
	"time"

	"linli/telegramtest"
)

// stillClock is a clock that stands still until a transcript moves it on, so the times in a
// golden transcript are the same on every run.
type stillClock struct {
	base time.Time
	off  atomic.Int64
}

func (c *stillClock) now() time.Time { return c.base.Add(time.Duration(c.off.Load())) }

// TestTranscript_SupplyRound records a whole group buy as the organiser, the admin, a resident,
// her relative and a volunteer see it: the organiser proposes, the admin approves, the round is
// announced, the resident signs up with buttons and her son with /buy for her household (she is
// told), the cut-off closes it (totals and pick lists to the organiser), the volunteer claims the
// building's batch and ticks the household off, and the resident confirms receipt.
func TestTranscript_SupplyRound(t *testing.T) {
	const organiser, relative, volunteer, admin = 700, 501, 600, 900
	script := []tstep{
		{say: "/register a1; 王秀兰; 13800138000; 3号楼 2单元 301"},
		{say: "/family"},
		{as: relative, say: "/start f_CODE"},
		{as: admin, say: "/invite a1"},
		{as: volunteer, say: "/start v_CODE"},
		{as: volunteer, press: "button.done"},
		{as: organiser, say: "/round groupbuy zone:a1 2026-11-30 18:00 周二蔬菜团购 <b>新鲜</b> min 1; 蔬菜包 ¥39/份 max 2 stock 300; 鸡蛋 ¥15.5/盒 max 3"},
		{as: admin, press: "round.approve_button", n: 1, then: "notices"},
		{press: "round.signup_button", n: 1},
		{press: "1. 蔬菜包"},
		{press: "2"},
		{press: "buy.done_button"},
		{as: relative, say: "/buy R1 2x3"},
		{as: relative, say: "/buy R1 2x9"},
		{as: organiser, say: "/rounds"},
		{jump: 9 * time.Hour, then: "sweep"},
		{as: volunteer, say: "/queue supplies"},
		{as: volunteer, press: "batch.claim_button", n: 1},
		{as: volunteer, press: "✅ 2单元 301"},
		{press: "round.got_it_button", n: 1},
	}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			clock := &stillClock{base: time.Date(2026, 11, 30, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))}
			hooks := fastSender()
			hooks.now = clock.now
			lb := startBot(t, quick, hooks)
			lb.jump = func(d time.Duration) { clock.off.Add(int64(d)) }
			for id, name := range map[int64]string{transcriptResident: "Wang", relative: "Son", volunteer: "Bob <i>",
				admin: "Secretary", organiser: "团长 Zhang"} {
				lb.ts.AddUser(telegramtest.User{ID: id, FirstName: name, LanguageCode: lang})
			}
			lb.sayAll(t, admin, "/lang "+lang)
			lb.sayAll(t, organiser, "/lang "+lang)
			lb.grant(t, admin, "700 organizer a1")
			golden(t, "transcript_round_"+lang+".txt", runTranscript(t, lb, lang, script))
		})
	}
}
