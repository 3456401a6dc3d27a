package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

// A free distribution is announced with what every household gets and when, with no sign-up
// button (there is nothing to sign up for); called off, it is called off to everyone it was
// announced to, in their language, and the organiser is told so.
func TestRound_DistributionAnnouncedWithItemsAndCalledOffToEveryone(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	cut := cutoffIn(clock, 2*time.Hour)
	created := lb.sayAll(t, 900, "/round distribution zone:a1 "+cut+" 青松<b>物资</b>; 大米 5kg max 1; 食用油 max 2")
	if !shows(t, created[0].Text, ZH, "round.published", 1, "青松<b>物资</b>") {
		t.Fatalf("/round: %q", created[0].Text)
	}
	lb.runJob(t, "notices")
	lb.drain(t)
	for user, lang := range map[int64]string{zhUser: ZH, enUser: EN} {
		ann := last(lb.ts.BotMessages(user))
		if !shows(t, ann.Text, lang, "round.announce_free", 1, "青松<b>物资</b>", anyArg{}, anyArg{}) ||
			!shows(t, ann.Text, lang, "round.free_door", cut) {
			t.Fatalf("announcement to %d: %q", user, ann.Text)
		}
		for _, item := range []string{"大米 5kg ×1", "食用油 ×2"} {
			if !strings.Contains(ann.Text, item) {
				t.Errorf("announcement to %d lacks %q: %q", user, item, ann.Text)
			}
		}
		if ann.ReplyMarkup != nil {
			t.Errorf("announcement to %d offers buttons: %+v", user, ann.ReplyMarkup)
		}
	}

	// The dashboard shows it as what it is: announced, the households it reaches (2, nobody signs
	// up) and what each gets, not "signed up 0" and "0/∞".
	link, _ := dashboardLink(t, lb, 900)
	page := newBrowser(t, link).login(link)
	if !shows(t, page, ZH, "web.round_summary_free", anyArg{}, 2) || !strings.Contains(page, "大米 5kg ×1, 食用油 ×2") ||
		!strings.Contains(page, words(ZH, "round.status_open_free")) || strings.Contains(page, "∞") {
		i := strings.Index(page, `id="rounds"`)
		t.Fatalf("a distribution on the dashboard: %s", page[i:min(len(page), i+600)])
	}

	done := lb.sayAll(t, 900, "/cancelround R1 供应商 <i>延误</i>")
	if !shows(t, done[0].Text, ZH, "round.cancelled_done_free", 1, "青松<b>物资</b>") {
		t.Fatalf("/cancelround: %q", done[0].Text)
	}
	lb.runJob(t, "notices")
	lb.drain(t)
	for user, lang := range map[int64]string{zhUser: ZH, enUser: EN} {
		if got := last(lb.ts.BotMessages(user)); !shows(t, got.Text, lang, "round.cancelled_notice", 1, "青松<b>物资</b>", "供应商 <i>延误</i>") {
			t.Errorf("%d not told of the cancellation: %q", user, got.Text)
		}
		if n := countWith(lb, user, "青松"); n != 2 {
			t.Errorf("%d got %d messages of the round, want the announcement and its cancellation", user, n)
		}
	}
	lb.noneRefused(t)
}

// /rounds lists the rounds under way first; those that do not fit are counted, not dropped
// unsaid, and a finished round gives its place to one under way.
func TestRounds_UnderWayFirstTheRestCounted(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	cut := cutoffIn(clock, 2*time.Hour)
	for i := 1; i <= 17; i++ {
		lb.sayAll(t, 900, fmt.Sprintf("/round groupbuy zone:a1 %s 第%d轮; 苹果 ¥20/箱", cut, i))
	}
	lb.sayAll(t, 900, "/cancelround R17 不要了")
	list := lb.sayAll(t, 900, "/rounds")[0]
	if !shows(t, list.Text, ZH, "round.more", 1) {
		t.Fatalf("/rounds with 16 under way: %q", list.Text)
	}
	for _, want := range []int{16, 2} {
		if !strings.Contains(list.Text, fmt.Sprintf("第%d轮", want)) {
			t.Errorf("R%d under way is not listed: %q", want, list.Text)
		}
	}
	if strings.Contains(list.Text, "第17轮") {
		t.Errorf("the cancelled R17 took the place of one under way: %q", list.Text)
	}
	lb.noneRefused(t)
}

// A distribution has no sign-ups: its supplier totals (📄 in /rounds), before it is handed out,
// are what to order, the households its audience reaches times each item's amount per household,
// in the message and in both CSV files (the pick list per household, with its building's total).
func TestRound_DistributionTotalsAreWhatItsAudienceGets(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t) // zhUser and enUser: 2 households in a1, 3号楼
	addEnglishAdmin(t, lb)
	lb.sayAll(t, 900, "/round distribution all "+cutoffIn(clock, 2*time.Hour)+" 保供物资; 蔬菜包 max 1; 消毒液 max 10")
	lb.runJob(t, "notices")
	for admin, lang := range map[int64]string{900: ZH, enAdmin: EN} {
		list := lb.sayAll(t, admin, "/rounds")[0]
		before := len(lb.ts.BotMessages(admin))
		lb.press(t, admin, list, words(lang, "round.export_button", 1))
		lb.drain(t)
		got := lb.ts.BotMessages(admin)[before:]
		if len(got) != 3 || got[1].Document == nil || got[2].Document == nil {
			t.Fatalf("%s totals: %+v", lang, got)
		}
		if !shows(t, got[0].Text, lang, "round.total_line_free", 1, "蔬菜包", 2, "", 2) ||
			!shows(t, got[0].Text, lang, "round.total_line_free", 2, "消毒液", 20, "", 2) {
			t.Errorf("%s totals message: %q", lang, got[0].Text)
		}
		totals := readExport(t, got[1].Document.Data) // round, item_no, item, unit, price, quantity, households...
		if len(totals) != 4 || totals[1][2] != "蔬菜包" || totals[1][5] != "2" || totals[1][6] != "2" ||
			totals[2][2] != "消毒液" || totals[2][5] != "20" || totals[2][6] != "2" {
			t.Errorf("%s totals CSV: %q", lang, totals)
		}
		picks := readExport(t, got[2].Document.Data) // zone, building, unit, room, household, batch, item_no, item, quantity...
		if len(picks) != 6 || picks[1][8] != "1" || picks[2][7] != "消毒液" || picks[2][8] != "10" ||
			picks[5][1] != "3号楼" || picks[5][8] != "22" {
			t.Errorf("%s pick list CSV: %q", lang, picks)
		}
	}
	lb.noneRefused(t)
}

// A pickup distribution begins when its admin said (the time a distribution is asked for is
// when its hand-out begins): the admin's confirmation, /rounds, the households' announcement and
// the dashboard all give that time, and the slots go building by building from it, each
// household told its building's slot with its end, the admin told the slots from first to last.
func TestRound_PickupDistributionStartsWhenItsAdminSaid_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	addEnglishAdmin(t, lb)
	const zhB2, enB2 int64 = 621, 622
	lb.ts.AddUser(telegramtest.User{ID: zhB2, FirstName: "王", LanguageCode: "zh"})
	lb.ts.AddUser(telegramtest.User{ID: enB2, FirstName: "Ann", LanguageCode: "en"})
	lb.sayAll(t, zhB2, "/register b2; 王阿姨; 13800138621; 3号楼 2单元 101")
	lb.sayAll(t, enB2, "/register b2; Ann; 13800138622; 5号楼 1单元 301")
	start := clock.now().Add(time.Hour)
	at := func(d time.Duration) string { return start.Add(d).Format("2006-01-02 15:04") }
	end := func(d time.Duration) string { return start.Add(d).Format("15:04") }

	done := lb.sayAll(t, enAdmin, "/round distribution zone:b2 "+at(0)+" Masks; masks max 10; pickup South gate 15")
	if !shows(t, done[0].Text, EN, "round.cutoff_free", at(0), "zone:b2") || !shows(t, done[0].Text, EN, "round.pickup", "South gate", 15, at(0)) {
		t.Fatalf("the admin's confirmation: %q", done[0].Text)
	}
	if list := lb.say(t, 900, "/rounds"); !shows(t, list.Text, ZH, "round.cutoff_free", at(0), "zone:b2") ||
		!shows(t, list.Text, ZH, "round.pickup", "South gate", 15, at(0)) {
		t.Fatalf("/rounds: %q", list.Text)
	}
	lb.runJob(t, "notices")
	lb.drain(t)
	for user, lang := range map[int64]string{zhB2: ZH, enB2: EN} {
		if ann := last(lb.ts.BotMessages(user)); !shows(t, ann.Text, lang, "round.free_pickup", "South gate", at(0)) {
			t.Fatalf("announcement to %d: %q", user, ann.Text)
		}
	}
	link, _ := dashboardLink(t, lb, 900)
	if page := newBrowser(t, link).login(link); !shows(t, page, ZH, "web.round_summary_free", at(0), 2) {
		i := strings.Index(page, `id="rounds"`)
		t.Fatalf("the dashboard: %s", page[i:min(len(page), i+600)])
	}

	// At its time: 3号楼 from then, 5号楼 the next 15 minutes; the admin is told the slots.
	clock.jump(time.Hour)
	lb.sweep(t)
	lb.drain(t)
	if got := last(lb.ts.BotMessages(zhB2)); !shows(t, got.Text, ZH, "round.slot_soon", 1, "Masks", at(0), "South gate", "3号楼", end(15*time.Minute)) {
		t.Fatalf("3号楼's slot: %q", got.Text)
	}
	if got := last(lb.ts.BotMessages(enB2)); !shows(t, got.Text, EN, "round.slot_soon", 1, "Masks", at(15*time.Minute), "South gate", "5号楼", end(30*time.Minute)) {
		t.Fatalf("5号楼's slot: %q", got.Text)
	}
	lastShowing(t, lb, enAdmin, EN, "round.closed_slots", "South gate", 15, at(0), end(30*time.Minute), 2)
	// Each building is told once more when its slot begins, unless the close told it then.
	clock.jump(15 * time.Minute)
	lb.sweep(t)
	lb.drain(t)
	if got := last(lb.ts.BotMessages(enB2)); !shows(t, got.Text, EN, "round.slot_start", 1, "Masks", at(15*time.Minute), "South gate", "5号楼", end(30*time.Minute)) {
		t.Fatalf("5号楼's slot begins: %q", got.Text)
	}
	for _, m := range lb.ts.BotMessages(zhB2) {
		if shows(t, m.Text, ZH, "round.slot_start", anyArg{}, anyArg{}, anyArg{}, anyArg{}, anyArg{}, anyArg{}) {
			t.Fatalf("3号楼 told its slot began after the close told it: %q", m.Text)
		}
	}
	lb.noneRefused(t)
}

// Cancelling a distribution from /rounds asks for the reason households it was announced to will
// read: nobody "signed up" for it.
func TestRound_CancelDistributionAsksInItsOwnWords_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	lb.sayAll(t, 900, "/round distribution zone:a1 "+cutoffIn(clock, 2*time.Hour)+" 保供物资; 蔬菜包 max 1")
	for admin, lang := range map[int64]string{900: ZH, enAdmin: EN} {
		ask := lb.press(t, admin, lb.say(t, admin, "/rounds"), words(lang, "round.cancel_button", 1))
		if !shows(t, ask.Text, lang, "round.ask_cancel_reason_free", "1") {
			t.Fatalf("%s: %q", lang, ask.Text)
		}
		lb.press(t, admin, ask, words(lang, "round.keep_button", "1"))
	}
	if s := roundStatus(t, lb, 1); s != "open" {
		t.Fatalf("R1 is %s after both kept it", s)
	}
}
