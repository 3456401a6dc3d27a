package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

// Users of the supply-round tests.
const (
	roundVol int64 = 311 // a volunteer in zone a1 (en)
)

// roundBot is a bot on a test clock with sweeps and notice ticks on demand, two registered
// residents (zhUser, enUser in a1, 3号楼) and an English volunteer in a1.
func roundBot(t *testing.T) (*liveBot, *testClock) {
	t.Helper()
	clock := newTestClock()
	hooks := fastSender()
	hooks.now = clock.now
	lb := startBotWith(t, quick, hooks, dashWeb)
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", "王阿姨")
	register(t, lb, enUser, "en", "Ann")
	lb.ts.AddUser(telegramtest.User{ID: roundVol, FirstName: "Vic", LanguageCode: "en"})
	code, _ := invite(t, lb, "a1")
	lb.sayAll(t, roundVol, "/join "+code)
	return lb, clock
}

// cutoffIn is the clock's time plus d, as /round takes it.
func cutoffIn(clock *testClock, d time.Duration) string {
	return clock.now().Add(d).Format("2006-01-02 15:04")
}

// signups counts the rows of supply_signups with status.
func signups(t *testing.T, lb *liveBot, status string) int {
	t.Helper()
	var n int
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FROM supply_signups WHERE status = ?`, status).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func last(msgs []telegramtest.Message) telegramtest.Message { return msgs[len(msgs)-1] }

func TestRound_GroupBuyFromAnnouncementToTheDoor(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	created := lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, 2*time.Hour)+
		" 蔬菜团购 min 1; 蔬菜包 ¥39/份 max 2 stock 1; 鸡蛋 ¥15/盒 max 3")
	if !shows(t, created[0].Text, ZH, "round.published", 1, "蔬菜团购") {
		t.Fatalf("/round: %q", created[0].Text)
	}
	lb.runJob(t, "notices")
	lb.drain(t)
	ann := last(lb.ts.BotMessages(enUser))
	if !shows(t, ann.Text, EN, "round.announce", 1) {
		t.Fatalf("announcement to enUser: %q", ann.Text)
	}
	card := lb.press(t, enUser, ann, words(EN, "round.signup_button", 1))
	if !strings.Contains(card.Text, "¥39.00/份") || !strings.Contains(card.Text, words(EN, "round.left", 1)) {
		t.Fatalf("card: %q", card.Text)
	}
	ask := lb.pressEdited(t, enUser, card, "1. 蔬菜包")
	basket := lb.pressEdited(t, enUser, ask, "1")
	if !strings.Contains(basket.Text, "✅ 1. 蔬菜包 × 1") || !strings.Contains(basket.Text, "¥39.00") {
		t.Fatalf("basket: %q", basket.Text)
	}

	waiting := lb.sayAll(t, zhUser, "/buy R1 1x1 2x2")
	if !shows(t, waiting[0].Text, ZH, "buy.line_waiting", 1, "蔬菜包", 1, 1) || !strings.Contains(waiting[0].Text, "¥30.00") {
		t.Fatalf("zh sign-up on a sold-out item: %q", waiting[0].Text)
	}
	badInput(t, lb)

	withdrawn := lb.pressEdited(t, enUser, basket, words(EN, "buy.withdraw_all_button"))
	if !shows(t, withdrawn.Text, EN, "buy.empty") {
		t.Fatalf("after withdrawing: %q", withdrawn.Text)
	}
	lb.drain(t)
	if got := last(lb.ts.BotMessages(zhUser)).Text; !shows(t, got, ZH, "round.promoted", 1, "蔬菜团购", "蔬菜包") {
		t.Fatalf("the next on the waiting list was not told: %q", got)
	}

	clock.jump(3 * time.Hour)
	before := len(lb.ts.BotMessages(900))
	lb.sweep(t)
	lb.sweep(t) // a second sweep finds nothing to close
	toOrganiser := lb.ts.BotMessages(900)[before:]
	if len(toOrganiser) != 3 || !shows(t, toOrganiser[0].Text, ZH, "round.totals_title", 1) ||
		!shows(t, toOrganiser[0].Text, ZH, "round.total_line", 1, "蔬菜包", 1, " 份", 1) {
		t.Fatalf("organiser after the cut-off: %+v", toOrganiser)
	}
	if got := lb.sayAll(t, enUser, "/buy R1 2x1"); !shows(t, got[0].Text, EN, "buy.closed", 1) {
		t.Fatalf("sign-up after the cut-off: %q", got[0].Text)
	}

	seeItClosed(t, lb)

	queue := lb.sayAll(t, roundVol, "/queue supplies")
	if !strings.Contains(queue[0].Text, "B1") || strings.Contains(queue[0].Text, "301") {
		t.Fatalf("batch queue (no room before the claim): %q", queue[0].Text)
	}
	list := lb.press(t, roundVol, queue[0], words(EN, "batch.claim_button", 1))
	if !strings.Contains(list.Text, "王阿姨") || !strings.Contains(list.Text, "13800138000") || !strings.Contains(list.Text, "鸡蛋 ×2") {
		t.Fatalf("checklist: %q", list.Text)
	}
	done := lb.pressEdited(t, roundVol, list, "✅ 2单元 301")
	if !shows(t, done.Text, EN, "batch.done", 1, 1, 0) {
		t.Fatalf("after ticking the only household: %q", done.Text)
	}
	if got := pressAnswer(t, lb, roundVol, roundVol, list.ID, "s:c:1"); !shows(t, got, EN, "batch.wrong_state", 1, words(EN, "batch.status_done")) {
		t.Fatalf("claiming a batch already delivered: %q", got)
	}
	lb.drain(t)
	door := last(lb.ts.BotMessages(zhUser))
	if !shows(t, door.Text, ZH, "round.at_door", 1, "蔬菜团购") {
		t.Fatalf("household at the door: %q", door.Text)
	}
	if got := lb.press(t, zhUser, door, "R1"); !shows(t, got.Text, ZH, "buy.received", 1) {
		t.Fatalf("confirm receipt: %q", got.Text)
	}
	if got := last(lb.ts.BotMessages(900)).Text; !shows(t, got, ZH, "round.done", 1, "蔬菜团购") {
		t.Fatalf("round done to the organiser: %q", got)
	}
	lb.noneRefused(t)
}

// badInput is the bad-input table of /buy: each refused with one clear answer, nothing changed.
func badInput(t *testing.T, lb *liveBot) {
	t.Helper()
	confirmed, waiting := signups(t, lb, "confirmed"), signups(t, lb, "waiting")
	for _, c := range []struct {
		user      int64
		text, key string
		args      []any
	}{
		{enUser, "/buy R1 2x0", "buy.bad_quantity", []any{1}},
		{enUser, "/buy R1 2x-1", "buy.bad_quantity", []any{1}},
		{enUser, "/buy R1 2x1000000000000", "buy.over_max", []any{1}},
		{enUser, "/buy R1 2xten", "buy.bad_quantity", []any{1}},
		{enUser, "/buy R1 2x4", "buy.over_max", []any{1}},
		{enUser, "/buy R1 9x1", "buy.no_item", []any{1}},
		{enUser, "/buy R77 1x1", "round.not_found", []any{77}},
		{enUser, "/buy R1", "buy.usage", nil},
		{zhUser, "/buy R1 2x0", "buy.bad_quantity", []any{1}},
		{zhUser, "/buy R1 2x4", "buy.over_max", []any{1}},
		{enUser, "/round groupbuy zone:a1 2020-01-01 10:00 x; y", "round.forbidden", nil},
		{900, "/round groupbuy zone:zz 2099-01-01 10:00 x; y", "round.bad_audience", nil},
		{900, "/cancelround R1", "cancelround.usage", nil},
	} {
		lang := ZH
		if c.user == enUser {
			lang = EN
		}
		got := lb.sayAll(t, c.user, c.text)
		if len(got) != 1 || !shows(t, got[0].Text, lang, c.key, c.args...) {
			t.Errorf("%d %q: got %+v, want %s %v", c.user, c.text, got, c.key, c.args)
		}
	}
	if c, w := signups(t, lb, "confirmed"), signups(t, lb, "waiting"); c != confirmed || w != waiting {
		t.Fatalf("bad input changed sign-ups: %d/%d → %d/%d", confirmed, waiting, c, w)
	}
}

// seeItClosed checks the closed round R1 on the dashboard, its printable pick list, and both
// CSV exports of the command line.
func seeItClosed(t *testing.T, lb *liveBot) {
	t.Helper()
	link, _ := dashboardLink(t, lb, 900)
	b := newBrowser(t, link)
	page := b.login(link)
	for _, want := range []string{words(ZH, "web.rounds_title"), "R1 蔬菜团购", "3号楼", `href="picklist?round=1"`} {
		if !strings.Contains(page, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if !shows(t, page, ZH, "web.round_summary", anyArg{}, 1) {
		t.Errorf("dashboard lacks the round's summary")
	}
	code, picks, _ := b.get(b.base + "/picklist?round=1")
	if code != 200 || !shows(t, picks, ZH, "web.picklist_title", 1) || !strings.Contains(picks, "2单元 301") || !strings.Contains(picks, "B1") {
		t.Errorf("pick list page: %d %q", code, picks)
	}
	cfg := filepath.Join(lb.dir, "linli.toml")
	for what, want := range map[string]string{"round": "蔬菜包", "picklist": "2单元 301"} {
		out := filepath.Join(t.TempDir(), what+".csv")
		if code, _, errs := cli(t, "export", "-config", cfg, "-what", what, "-round", "R1", "-out", out); code != 0 {
			t.Fatalf("export %s: %d %s", what, code, errs)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if recs := readExport(t, data); len(recs) < 3 || !strings.Contains(fmt.Sprint(recs), want) {
			t.Errorf("export %s: %v", what, recs)
		}
	}
	if code, _, _ := cli(t, "export", "-config", cfg, "-what", "picklist", "-out", "x.csv"); code != exitUsage {
		t.Errorf("export picklist without -round: exit %d", code)
	}
}

// At a group buy's close a household is told what it gets and also what stayed on the waiting
// list and will not come this round; one whose every line stayed there is told it gets nothing
// this round, and which lines those were. In each member's language.
func TestRound_CloseTellsWhatStayedOnTheWaitingList_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	const zhFirst, enNone, zhNone int64 = 631, 632, 633
	for i, u := range []struct {
		id   int64
		lang string
	}{{zhFirst, "zh"}, {enNone, "en"}, {zhNone, "zh"}} {
		lb.ts.AddUser(telegramtest.User{ID: u.id, FirstName: "N", LanguageCode: u.lang})
		lb.sayAll(t, u.id, fmt.Sprintf("/register a1; 住户%d; 1380013863%d; 5号楼 1单元 %d01", i, i, i+1))
	}
	lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, 2*time.Hour)+" Fruit; Apple box ¥20 max 2 stock 2; Orange ¥10 max 3")
	lb.sayAll(t, zhFirst, "/buy R1 1x2")    // takes every apple box
	lb.sayAll(t, enUser, "/buy R1 1x2 2x1") // apples waiting, an orange
	lb.sayAll(t, zhUser, "/buy R1 1x1 2x2") // the same in Chinese
	lb.sayAll(t, enNone, "/buy R1 1x2")     // nothing but the waiting list
	lb.sayAll(t, zhNone, "/buy R1 1x1")
	clock.jump(3 * time.Hour)
	lb.sweep(t)
	lb.drain(t)
	for _, c := range []struct {
		user       int64
		lang       string
		qty, total int
	}{{enUser, EN, 2, 10}, {zhUser, ZH, 1, 20}} {
		got := lastShowing(t, lb, c.user, c.lang, "round.closed_household_door", 1, "Fruit")
		if !strings.Contains(got.Text, fmt.Sprintf("· Orange × %d", c.total/10)) ||
			!shows(t, got.Text, c.lang, "round.waiting_line", "Apple box", c.qty) {
			t.Errorf("%d at the close: %q", c.user, got.Text)
		}
	}
	if got := lastShowing(t, lb, zhFirst, ZH, "round.closed_household_door", 1, "Fruit"); shows(t, got.Text, ZH, "round.waiting_line") {
		t.Errorf("a household with nothing waiting told of a waiting list: %q", got.Text)
	}
	for _, c := range []struct {
		user int64
		lang string
		qty  int
	}{{enNone, EN, 2}, {zhNone, ZH, 1}} {
		got := last(lb.ts.BotMessages(c.user))
		if !shows(t, got.Text, c.lang, "round.not_served", 1, "Fruit") || !shows(t, got.Text, c.lang, "round.waiting_line", "Apple box", c.qty) {
			t.Errorf("%d, all on the waiting list, at the close: %q", c.user, got.Text)
		}
		n := 0
		for _, m := range lb.ts.BotMessages(c.user) {
			if shows(t, m.Text, c.lang, "round.closed_household_door") || shows(t, m.Text, c.lang, "round.not_served") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d told of the close %d times", c.user, n)
		}
	}
	lb.noneRefused(t)
}
