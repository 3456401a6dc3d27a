package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/i18n"
	"linli/telegramtest"
)

const roundRelative int64 = 313 // a relative of zhUser's household (en)

// linkRelative makes user a relative of owner's household with /family.
func linkRelative(t *testing.T, lb *liveBot, owner, user int64) {
	t.Helper()
	link := lb.say(t, owner, "/family")
	i := strings.Index(link.Text, "/start f_")
	if i < 0 {
		t.Fatalf("no code: %q", link.Text)
	}
	lb.say(t, user, "/start "+strings.Fields(link.Text[i+len("/start "):])[0])
}

func TestRound_RelativeSignsUpAndCancellationTellsEveryone(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	lb.ts.AddUser(telegramtest.User{ID: roundRelative, FirstName: "Rita", LanguageCode: "en"})
	linkRelative(t, lb, zhUser, roundRelative)
	if got := lb.say(t, roundRelative, "/family"); !shows(t, got.Text, EN, "family.not_own") {
		t.Fatalf("/family from a linked relative: %q", got.Text)
	}
	lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 水果; 苹果 ¥20/箱 max 2")
	lb.ts.AddUser(telegramtest.User{ID: 615, FirstName: "王", LanguageCode: "zh"})
	lb.sayAll(t, 615, "/register b2; 王阿姨; 13800138615; 3号楼 2单元 101") // someone for b2's round to reach
	lb.sayAll(t, 900, "/round groupbuy zone:b2 "+cutoffIn(clock, time.Hour)+" 幸福里团购; 牛奶 ¥30/箱")
	got := lb.sayAll(t, roundRelative, "/buy R1 1x2")
	if !strings.Contains(got[0].Text, "苹果 × 2") || !strings.Contains(got[0].Text, "¥40.00") {
		t.Fatalf("relative's sign-up: %q", got[0].Text)
	}
	lb.drain(t)
	if told := last(lb.ts.BotMessages(zhUser)).Text; !shows(t, told, ZH, "buy.signed_for_you", 1, "水果", "苹果", 2, "Rita") {
		t.Fatalf("household not told of the relative's sign-up: %q", told)
	}
	if got := lb.sayAll(t, enUser, "/buy R2 1x1"); !shows(t, got[0].Text, EN, "buy.not_in_audience", 2) {
		t.Fatalf("another zone's round: %q", got[0].Text)
	}
	forgedPresses(t, lb)
	if got := lb.sayAll(t, 900, "/cancelround R1 供应商缺货"); !shows(t, got[0].Text, ZH, "round.cancelled_done", 1, "水果") {
		t.Fatalf("/cancelround: %q", got[0].Text)
	}
	lb.drain(t)
	for user, lang := range map[int64]string{zhUser: ZH, roundRelative: EN} {
		if got := last(lb.ts.BotMessages(user)).Text; !shows(t, got, lang, "round.cancelled_notice", 1, "水果", "供应商缺货") {
			t.Errorf("%d after the cancellation: %q", user, got)
		}
	}
	if got := lb.say(t, 900, "/closeround R1"); !shows(t, got.Text, ZH, "round.refused_close", 1, words(ZH, "round.status_cancelled")) {
		t.Fatalf("/closeround of a cancelled round: %q", got.Text)
	}
	if got := lb.sayAll(t, roundRelative, "/buy R1 1x1"); !shows(t, got[0].Text, EN, "buy.cancelled", 1) {
		t.Fatalf("sign-up on a cancelled round: %q", got[0].Text)
	}
	if got := lb.sayAll(t, 900, "/rounds"); !strings.Contains(got[0].Text, words(ZH, "round.status_cancelled")) || !strings.Contains(got[0].Text, words(ZH, "round.status_open")) {
		t.Fatalf("/rounds: %q", got[0].Text)
	}
	if got := lb.sayAll(t, zhUser, "/rounds"); !shows(t, got[0].Text, ZH, "round.forbidden") {
		t.Fatalf("/rounds by a resident: %q", got[0].Text)
	}
	lb.noneRefused(t)
}

func TestRound_GuidedDistributionWithPickupSlots(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	// Pickup is for zones whose residents may leave home: b2 is controlled (a1 is sealed).
	const zhB2, enB2, volB2 int64 = 611, 612, 613
	lb.ts.AddUser(telegramtest.User{ID: zhB2, FirstName: "王", LanguageCode: "zh"})
	lb.ts.AddUser(telegramtest.User{ID: enB2, FirstName: "Ann", LanguageCode: "en"})
	lb.ts.AddUser(telegramtest.User{ID: volB2, FirstName: "Vic", LanguageCode: "en"})
	lb.sayAll(t, zhB2, "/register b2; 王阿姨; 13800138611; 3号楼 2单元 101")
	lb.sayAll(t, enB2, "/register b2; Ann; 13800138612; 3号楼 2单元 301")
	code, _ := invite(t, lb, "b2")
	lb.sayAll(t, volB2, "/join "+code)
	ask := lb.say(t, 900, "/round")
	ask = lb.press(t, 900, ask, words(ZH, "round.choice_distribution"))
	// A distribution is asked what each household gets and when the hand-out begins: no prices,
	// no sign-up cut-off.
	if q := lb.say(t, 900, "保供菜包"); !shows(t, q.Text, ZH, "round.ask_items_free") {
		t.Fatalf("a distribution's items question: %q", q.Text)
	}
	if q := lb.say(t, 900, "菜包\n大米 5kg/袋"); !shows(t, q.Text, ZH, "round.ask_cutoff_free") {
		t.Fatalf("a distribution's time question: %q", q.Text)
	}
	// Its refusal speaks of the hand-out's time, not of a cut-off.
	if got := lb.say(t, 900, "明天"); !shows(t, got.Text, ZH, "round.flow_cutoff_format_free", anyArg{}) || shows(t, got.Text, ZH, "round.bad_cutoff") {
		t.Fatalf("bad hand-out time in the flow: %q", got.Text)
	}
	if got := lb.say(t, 900, clock.now().Add(-time.Hour).Format("2006-01-02 15:04")); !shows(t, got.Text, ZH, "round.flow_cutoff_past") {
		t.Fatalf("a past cut-off in the flow: %q", got.Text)
	}
	lb.say(t, 900, cutoffIn(clock, time.Hour))
	if got := lb.say(t, 900, "zone:zz"); !shows(t, got.Text, ZH, "round.flow_bad_audience") || !strings.Contains(got.Text, "b2") {
		t.Fatalf("an unknown zone in the flow: %q", got.Text)
	}
	if got := lb.say(t, 900, "zone:b2/99号楼"); !shows(t, got.Text, ZH, "round.flow_empty_audience", "zone:b2/99号楼") {
		t.Fatalf("a building where no one is registered, in the flow: %q", got.Text)
	}
	audience := lastShowing(t, lb, 900, ZH, "round.ask_audience")
	if labels := buttonLabels(audience); !strings.Contains(labels, words(ZH, "round.audience_all")) || !strings.Contains(labels, "幸福里") {
		t.Fatalf("the audience question's buttons for an admin of every zone: %s", labels)
	}
	ask = lb.press(t, 900, audience, "幸福里")
	ask = lb.press(t, 900, ask, words(ZH, "round.choice_pickup"))
	// A distribution has no minimum: after the pickup comes the preview, as households will see
	// it, and how many it reaches (zhB2 and enB2).
	preview := lb.say(t, 900, "北门; 15")
	if !shows(t, preview.Text, ZH, "round.preview", "保供菜包", anyArg{}, 2) || !shows(t, preview.Text, ZH, "round.status_to_publish") ||
		shows(t, preview.Text, ZH, "round.status_open_free") ||
		!shows(t, preview.Text, ZH, "round.pickup", "北门", 15, anyArg{}) || !strings.Contains(preview.Text, "大米 5kg/袋") {
		t.Fatalf("the distribution's preview: %q", preview.Text)
	}
	if n := countRows(t, lb, "supply_rounds"); n != 0 {
		t.Fatalf("%d rounds stored before Publish", n)
	}
	if !shows(t, preview.Text, ZH, "round.item_free", 2, "大米 5kg/袋", 1, "") || strings.Contains(preview.Text, "¥") {
		t.Fatalf("a distribution's items are what each household gets, with no price: %q", preview.Text)
	}
	// Changing the title from the preview asks that question alone, then shows the preview again.
	if q := lb.press(t, 900, preview, words(ZH, "round.edit_title")); !shows(t, q.Text, ZH, "round.ask_title") {
		t.Fatalf("change the title: %q", q.Text)
	}
	if got := lb.say(t, 900, strings.Repeat("菜", 101)); !shows(t, got.Text, ZH, "round.flow_bad_title", 100) {
		t.Fatalf("a title too long, in the flow: %q", got.Text)
	}
	preview = lb.say(t, 900, "保供菜包（第二批）")
	if !shows(t, preview.Text, ZH, "round.preview", "保供菜包（第二批）", anyArg{}, 2) {
		t.Fatalf("the preview after changing the title: %q", preview.Text)
	}
	// The pressed preview becomes the outcome, its buttons gone: scrolling back says what happened.
	lb.pressAll(t, 900, preview, words(ZH, "round.publish_button"))
	done := lb.current(preview)
	if done.Text == preview.Text || done.ReplyMarkup != nil && len(done.ReplyMarkup.InlineKeyboard) > 0 ||
		!shows(t, done.Text, ZH, "round.published", 1, "保供菜包（第二批）") || !shows(t, done.Text, ZH, "round.status_open_free") ||
		!shows(t, done.Text, ZH, "round.cutoff_free") || shows(t, done.Text, ZH, "round.status_open") {
		t.Fatalf("guided round: %+v", done)
	}
	clock.jump(90 * time.Minute)
	lb.sweep(t)
	lb.drain(t)
	if totals := lastShowing(t, lb, 900, ZH, "round.totals_title", 1); shows(t, totals.Text, ZH, "round.total_sum") ||
		!shows(t, totals.Text, ZH, "round.total_line_free", 1) {
		t.Fatalf("a distribution's totals speak of money: %q", totals.Text)
	}
	for _, u := range []int64{zhB2, enB2} {
		if got := last(lb.ts.BotMessages(u)).Text; !strings.Contains(got, "北门") {
			t.Errorf("%d not told the slot: %q", u, got)
		}
	}
	// Closed half an hour after its hand-out time (the bot was down): the slot is from the close,
	// never one already past, and the close that told it is not followed by "it has begun".
	closedAt := clock.now().Format("2006-01-02 15:04")
	clock.jump(time.Hour)
	lb.sweep(t)
	if got := last(lb.ts.BotMessages(enB2)).Text; !shows(t, got, EN, "round.slot_soon", 1, "保供菜包（第二批）", closedAt, "北门", "3号楼", anyArg{}) {
		t.Errorf("slot: %q", got)
	}
	queue := lb.sayAll(t, volB2, "/queue supplies")
	list := lb.press(t, volB2, queue[0], words(EN, "batch.claim_button", 1))
	if !shows(t, list.Text, EN, "batch.checklist_title", 1, 1, anyArg{}, anyArg{}, 2) || !strings.Contains(list.Text, "大米 5kg/袋 ×1") {
		t.Fatalf("checklist: %q", list.Text)
	}
	list = lb.pressEdited(t, volB2, list, words(EN, "batch.nobody_button"))
	lb.drain(t)
	if got := lb.ts.BotMessages(zhB2); !shows(t, got[len(got)-1].Text+got[len(got)-2].Text, ZH, "round.nobody_home", 1, "保供菜包（第二批）") {
		t.Errorf("household not told nobody was home")
	}
	before := len(lb.ts.BotMessages(900))
	id, err := lb.ts.Press(volB2, list.ChatID, list.ID, buttonData(t, list, "✅ 2单元 301")) // enB2's household
	if err != nil {
		t.Fatal(err)
	}
	lb.settle(t, id)
	lb.drain(t)
	// Among what the organiser got since (a notice's progress message may come after it).
	if got := lb.ts.BotMessages(900)[before:]; !slices.ContainsFunc(got, func(m telegramtest.Message) bool {
		return shows(t, m.Text, ZH, "round.done", 1) && strings.Contains(m.Text, "幸福里小区 · 3号楼 2单元 101")
	}) { // nobody home, with its zone
		t.Fatalf("not-reached list to the organiser: %+v", got)
	}

	// 王阿姨 is back: one tap under "nobody home" asks Vic to come again, who ticks it delivered.
	away := lastShowing(t, lb, zhB2, ZH, "round.nobody_home", 1)
	var hh int64
	lb.readDB(t).QueryRow(`SELECT household_id FROM household_members WHERE user_id = ?`, zhB2).Scan(&hh)
	data := buttonData(t, away, words(ZH, "round.home_again_button"))
	if got := pressAnswer(t, lb, enB2, enB2, away.ID, data); !shows(t, got, EN, "error.stale_button") {
		t.Fatalf("home again for another household: %q", got)
	}
	lb.pressAll(t, zhB2, away, words(ZH, "round.home_again_button"))
	if got := messageByID(t, lb, zhB2, away.ID); !shows(t, got.Text, ZH, "round.home_again_ok", 1) || got.ReplyMarkup != nil && len(got.ReplyMarkup.InlineKeyboard) > 0 {
		t.Fatalf("the pressed message: %+v", got)
	}
	lb.drain(t)
	again := lastShowing(t, lb, volB2, EN, "round.home_again_volunteer", 1, "保供菜包（第二批）", 1)
	if !strings.Contains(again.Text, "2单元 101") || strings.Contains(again.Text, "13800138611") {
		t.Fatalf("volunteer asked to come again: %q", again.Text)
	}
	lb.pressAll(t, volB2, again, "✅")
	lb.drain(t)
	if got := last(lb.ts.BotMessages(zhB2)).Text; !showsAny(t, got, ZH, "round.handed_over", "round.at_door") {
		t.Fatalf("household after the second visit: %q", got)
	}
	// The organiser's not-reached list is corrected: nobody is sent to a door already served.
	if got := lastShowing(t, lb, 900, ZH, "round.reached_late", 1, "保供菜包（第二批）", "幸福里小区 · 3号楼 2单元 101", anyArg{}); !strings.Contains(got.Text, "—") {
		t.Fatalf("the correction: %q", got.Text)
	}
	if got := pressAnswer(t, lb, zhB2, zhB2, away.ID, data); !shows(t, got, ZH, "round.home_again_not_now", 1) {
		t.Fatalf("home again once delivered: %q", got)
	}
	if hh == 0 || !strings.HasSuffix(data, ":"+strconv.FormatInt(hh, 10)) {
		t.Fatalf("button %q is not for household %d", data, hh)
	}
	lb.noneRefused(t)
}

// Sealed zones (封控区) are delivered to the door: their residents may not leave home. A pickup
// round reaching one (its zone, or "all") is refused and nothing is created; the guided /round
// skips the hand-over question there and says why; the one-line form takes pickup elsewhere.
func TestRound_SealedZonesGetDoorDeliveryPickupElsewhere(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	cut := cutoffIn(clock, time.Hour)
	for _, aud := range []string{"zone:a1", "zone:a1/3号楼", "all"} {
		got := lb.say(t, 900, "/round distribution "+aud+" "+cut+" 菜包; 菜包; pickup 北门 15")
		if !shows(t, got.Text, ZH, "round.bad_pickup_sealed", "a1") {
			t.Errorf("pickup to %s: %q", aud, got.Text)
		}
	}
	if got := lb.say(t, 900, "/round distribution zone:b2 "+cut+" 菜包; 菜包; pickup 北门"); !shows(t, got.Text, ZH, "round.bad_pickup") {
		t.Errorf("pickup without minutes: %q", got.Text)
	}
	if n := countRows(t, lb, "supply_rounds"); n != 0 {
		t.Fatalf("%d rounds after refusals", n)
	}
	if got := lb.say(t, 900, "/round distribution zone:b2 "+cut+" 菜包; 菜包 max 1; 自提 南门 岗亭 20"); !shows(t, got.Text, ZH, "round.empty_audience") {
		t.Fatalf("a round for a zone where no one is registered: %q", got.Text)
	}
	lb.ts.AddUser(telegramtest.User{ID: 615, FirstName: "王", LanguageCode: "zh"})
	lb.sayAll(t, 615, "/register b2; 王阿姨; 13800138615; 3号楼 2单元 101")
	ok := lb.say(t, 900, "/round distribution zone:b2 "+cut+" 菜包; 菜包 max 1; 自提 南门 岗亭 20")
	if !shows(t, ok.Text, ZH, "round.published", 1, "菜包") || !shows(t, ok.Text, ZH, "round.pickup", "南门 岗亭", 20) {
		t.Fatalf("one-line pickup in a controlled zone: %q", ok.Text)
	}
	lb.drain(t)
	ask := lb.say(t, 900, "/round")
	ask = lb.press(t, 900, ask, words(ZH, "round.choice_groupbuy"))
	lb.say(t, 900, "蔬菜团购")
	lb.say(t, 900, "蔬菜包 ¥39/份 max 2")
	lb.say(t, 900, cut)
	said := lb.sayAll(t, 900, "zone:a1")
	if len(said) != 2 || !shows(t, said[0].Text, ZH, "round.door_sealed", "a1") || !strings.Contains(said[1].Text, i18n.T("zh", "round.ask_minimum")) {
		t.Fatalf("guided round to a sealed zone: %+v", said)
	}
	preview := lb.say(t, 900, "0")
	if !shows(t, preview.Text, ZH, "round.preview", "蔬菜团购", anyArg{}, 2) || shows(t, preview.Text, ZH, "round.pickup") {
		t.Fatalf("guided group buy to a1: %q", preview.Text)
	}
	if !shows(t, preview.Text, ZH, "round.status_to_publish") || shows(t, preview.Text, ZH, "round.status_open") {
		t.Fatalf("a group buy's preview reads as open: %q", preview.Text)
	}
	if lb.pressAll(t, 900, preview, words(ZH, "round.publish_button")); !shows(t, lb.current(preview).Text, ZH, "round.published", 2, "蔬菜团购") {
		t.Fatalf("published: %+v", lb.current(preview))
	}
	var handover string
	lb.readDB(t).QueryRow(`SELECT handover FROM supply_rounds WHERE id = 2`).Scan(&handover)
	if handover != "door" {
		t.Errorf("a1 round handed over by %q", handover)
	}
	lb.noneRefused(t)
}

// forgedPresses: a resident of zone a1 presses the Sign-up button of a forwarded announcement
// of R2 (zone b2), and buttons with forged household and item ids; each is refused and nothing
// changes.
func forgedPresses(t *testing.T, lb *liveBot) {
	t.Helper()
	var before int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM supply_signups`).Scan(&before)
	msg := last(lb.ts.BotMessages(enUser))
	type refusal struct {
		key string
		r   int // the round the refusal names, if it names one
	}
	for data, want := range map[string]refusal{
		"b:r:2":           {"buy.not_in_audience", 2}, // the forwarded announcement of R2
		"b:q:1:1:1:1":     {"error.stale_button", 0},  // household 1 is zhUser's, not enUser's
		"b:q:1:2:9:1":     {"buy.no_item", 1},
		"b:q:1:2:1:99999": {"buy.over_max", 1},
		"b:q:1:2:1:0":     {"buy.bad_quantity", 1},
		"b:q:1:x:1:1":     {"error.stale_button", 0},
		"b:c:1:1":         {"error.stale_button", 0},
	} {
		args := []any{want.r}
		if want.r == 0 {
			args = nil
		}
		id := lb.ts.PressRaw(enUser, enUser, msg.ID, data)
		lb.settle(t, id)
		var got string
		for _, a := range lb.ts.CallbackAnswers() {
			if a.Data == data && a.UserID == enUser {
				got = a.Text
			}
		}
		if !shows(t, got, EN, want.key, args...) {
			t.Errorf("press %q: answer %q, want %s", data, got, want.key)
		}
	}
	var after int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM supply_signups`).Scan(&after)
	if after != before {
		t.Fatalf("forged presses changed sign-ups: %d → %d", before, after)
	}
}

// Closing a round early asks first, saying what it will do: how many households it serves, or,
// below its minimum, that it calls the round off. "Not now" changes nothing; the button in
// /rounds asks the same.
func TestRound_CloseEarlyAsksFirst_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 水果 min 2; 苹果 ¥20/箱 max 2")
	if card := lb.sayAll(t, zhUser, "/buy R1 1x1"); !shows(t, card[0].Text, ZH, "round.minimum", 2) {
		t.Fatalf("the sign-up card does not say the round's minimum: %q", card[0].Text)
	}
	status := func() string { return roundStatus(t, lb, 1) }
	if st := lb.say(t, 900, "/stats"); !shows(t, st.Text, ZH, "stats.rounds", 1, 0) {
		t.Fatalf("/stats with a round open: %q", st.Text)
	}
	ask := lb.say(t, 900, "/closeround R1")
	if !shows(t, ask.Text, ZH, "round.close_confirm_minimum", 1, "水果", 1, 2) || status() != "open" {
		t.Fatalf("/closeround below the minimum: %q, %s", ask.Text, status())
	}
	lb.pressAll(t, 900, ask, words(ZH, "round.close_no"))
	if kept := messageByID(t, lb, 900, ask.ID); !shows(t, kept.Text, ZH, "round.close_kept", 1) || status() != "open" {
		t.Fatalf("not now: %q, %s", kept.Text, status())
	}
	if list := lb.say(t, 900, "/rounds"); !shows(t, list.Text, ZH, "round.figures_signed", 1, "¥20.00") || shows(t, list.Text, ZH, "round.figures_delivered") {
		t.Fatalf("/rounds of an open group buy: %q", list.Text)
	}
	lb.sayAll(t, enUser, "/buy R1 1x2")

	// In English, from the /rounds button: two households now, so it closes and serves them.
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	list := lb.say(t, enAdmin, "/rounds")
	if !shows(t, list.Text, EN, "round.figures_signed", 2, "¥60.00") {
		t.Fatalf("/rounds with two households signed up: %q", list.Text)
	}
	ask = lb.press(t, enAdmin, list, words(EN, "round.close_button", 1))
	if !shows(t, ask.Text, EN, "round.close_confirm", 1, "水果", 2) || status() != "open" {
		t.Fatalf("close from /rounds: %q, %s", ask.Text, status())
	}
	lb.pressAll(t, enAdmin, ask, words(EN, "round.close_yes", 1))
	if done := messageByID(t, lb, enAdmin, ask.ID); !shows(t, done.Text, EN, "round.closed_closed", 1) || status() != "closed" {
		t.Fatalf("closed: %q, %s", done.Text, status())
	}
	// /rounds: closed at its real time, not the planned cut-off; its money and its delivery.
	for _, c := range []struct {
		user int64
		lang string
	}{{enAdmin, EN}, {900, ZH}} {
		got := lb.say(t, c.user, "/rounds").Text
		if !shows(t, got, c.lang, "round.closed_early", anyArg{}, anyArg{}, "zone:a1") || shows(t, got, c.lang, "round.cutoff", anyArg{}, "zone:a1") ||
			!shows(t, got, c.lang, "round.figures_signed", 2, "¥60.00") || !shows(t, got, c.lang, "round.figures_delivered", 0, 2) {
			t.Fatalf("/rounds of a round closed early (%s): %q", c.lang, got)
		}
	}
	if again := lb.say(t, enAdmin, "/closeround R1"); !shows(t, again.Text, EN, "round.refused_close", 1, words(EN, "round.status_closed")) {
		t.Fatalf("/closeround of a closed round: %q", again.Text)
	}
	if st := lb.say(t, enAdmin, "/stats"); !shows(t, st.Text, EN, "stats.rounds", 0, 1) {
		t.Fatalf("/stats with a round being delivered: %q", st.Text)
	}
	if got := pressAnswer(t, lb, enAdmin, enAdmin, ask.ID, "r:k:1"); got == "" || status() != "closed" {
		t.Fatalf("closing twice: %q, %s", got, status())
	}
	if got := pressAnswer(t, lb, zhUser, zhUser, ask.ID, "r:k:1"); !shows(t, got, ZH, "round.forbidden") {
		t.Fatalf("a resident's forged close: %q", got)
	}
	lb.noneRefused(t)
}

// Closing a round nobody signed up for says so plainly: nothing will be delivered; with no
// minimum it closes empty, with one it is called off, and nobody is told of batches.
func TestRound_CloseWithNobodySignedUp_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 水果; 苹果 ¥20/箱 max 2")
	ask := lb.say(t, 900, "/closeround R1")
	if !shows(t, ask.Text, ZH, "round.close_confirm_none", 1, "水果") || shows(t, ask.Text, ZH, "round.close_confirm", anyArg{}, anyArg{}, anyArg{}) {
		t.Fatalf("/closeround with nobody signed up: %q", ask.Text)
	}
	lb.pressAll(t, 900, ask, words(ZH, "round.close_yes", 1))
	if done := messageByID(t, lb, 900, ask.ID); !shows(t, done.Text, ZH, "round.closed_closed_none", 1, "水果") || roundStatus(t, lb, 1) != "closed" {
		t.Fatalf("closed empty: %q, %s", done.Text, roundStatus(t, lb, 1))
	}
	if got := lb.say(t, 900, "/rounds").Text; !shows(t, got, ZH, "round.figures_signed", 0, "¥0.00") || !shows(t, got, ZH, "round.figures_nothing") {
		t.Fatalf("/rounds of a round closed empty: %q", got)
	}
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	lb.sayAll(t, enAdmin, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" Fruit min 3; apples ¥20 max 2")
	ask = lb.say(t, enAdmin, "/closeround R2")
	if !shows(t, ask.Text, EN, "round.close_confirm_none_minimum", 2, "Fruit", 3) {
		t.Fatalf("/closeround with nobody signed up and a minimum: %q", ask.Text)
	}
	lb.pressAll(t, enAdmin, ask, words(EN, "round.close_yes", 2))
	if done := messageByID(t, lb, enAdmin, ask.ID); !shows(t, done.Text, EN, "round.closed_cancelled_none", 2, "Fruit") || roundStatus(t, lb, 2) != "cancelled" {
		t.Fatalf("called off: %q, %s", done.Text, roundStatus(t, lb, 2))
	}
	lb.noneRefused(t)
}

// A group buy's item written without "max" has no per-household cap of its own (its stock still
// holds); one with a max says so when a household asks for more, naming the item and the cap.
func TestRound_GroupBuyItemWithoutMaxIsNotCappedAtOne_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	created := lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 粮油团购; 大米 ¥50/袋 stock 30; 鸡蛋 ¥15/盒 max 2")
	if !shows(t, created[0].Text, ZH, "round.published", 1, "粮油团购") {
		t.Fatalf("/round: %q", created[0].Text)
	}
	lb.runJob(t, "notices")
	lb.drain(t)
	card := lb.press(t, enUser, last(lb.ts.BotMessages(enUser)), words(EN, "round.signup_button", 1))
	rice, eggs := lineWith(card.Text, "大米"), lineWith(card.Text, "鸡蛋")
	if strings.Contains(rice, "max") || !strings.Contains(eggs, "max 2") {
		t.Fatalf("the card's items: %q", card.Text)
	}
	ask := lb.pressEdited(t, enUser, card, "1. 大米")
	if !shows(t, ask.Text, EN, "buy.ask_quantity_any", 1, 1, "大米", 1, 1) || !strings.Contains(buttonLabels(ask), "10") {
		t.Fatalf("asking how many rice: %q %s", ask.Text, buttonLabels(ask))
	}
	if got := lb.sayAll(t, zhUser, "/buy R1 1x20"); !strings.Contains(got[0].Text, "大米 × 20") {
		t.Fatalf("20 bags of rice: %q", got[0].Text)
	}
	for user, lang := range map[int64]string{zhUser: ZH, enUser: EN} {
		if got := lb.sayAll(t, user, "/buy R1 2x3"); !shows(t, got[0].Text, lang, "buy.over_max", 1, "鸡蛋", 2) {
			t.Errorf("%s: 3 trays of eggs: %q", lang, got[0].Text)
		}
	}
	got := lb.sayAll(t, enUser, "/buy R1 1x11")
	if !shows(t, got[0].Text, EN, "buy.line_waiting", 1, "大米", 11, 1) || !shows(t, got[0].Text, EN, "buy.line_fewer_left", 10, 1, 1, 10) {
		t.Errorf("more rice than the stock left goes on the waiting list, saying what is left: %q", got[0].Text)
	}
	if n := signups(t, lb, "confirmed"); n != 1 {
		t.Errorf("confirmed sign-ups: %d, want 1 (the 20 bags)", n)
	}
	// Taking what is left, as the hint says, confirms the line at once.
	if got := lb.sayAll(t, enUser, "/buy R1 1x10"); !strings.Contains(got[0].Text, "大米 × 10") || shows(t, got[0].Text, EN, "buy.line_fewer_left", 0, 1, 1, 0) {
		t.Errorf("the 10 left: %q", got[0].Text)
	}
	if n := signups(t, lb, "confirmed"); n != 2 {
		t.Errorf("confirmed sign-ups: %d, want 2", n)
	}
	lb.noneRefused(t)
}

// lineWith is the first line of text containing s.
func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// countRows is how many rows table holds.
func countRows(t *testing.T, lb *liveBot, table string) int {
	t.Helper()
	var n int
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A one-line /round to more households than [notices] confirm_over is shown as the guided
// preview first, as a large /notice is: nothing is stored or sent until Publish, and it can be
// changed from there. A smaller one is published at once (every other test).
func TestRound_OneLineToManyHouseholdsIsPreviewedFirst_BothLanguages(t *testing.T) {
	t.Parallel()
	clock := newTestClock()
	hooks := fastSender()
	hooks.now = clock.now
	lb := startBotWith(t, quick, hooks, dashWeb+"[notices]\nconfirm_over = 1\n")
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", "王阿姨")
	register(t, lb, enUser, "en", "Ann")
	preview := lb.say(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, 2*time.Hour)+" 水果团 min 2; 苹果 ¥20/箱 max 2 stock 40; 梨 ¥15.50")
	if !shows(t, preview.Text, ZH, "round.preview", "水果团", anyArg{}, 2) || !strings.Contains(lineWith(preview.Text, "梨"), "¥15.50") ||
		!shows(t, preview.Text, ZH, "round.minimum", 2) || !strings.Contains(lineWith(preview.Text, "苹果"), "40") {
		t.Fatalf("a one-line round to 2 households, over confirm_over: %q", preview.Text)
	}
	if n := countRows(t, lb, "supply_rounds"); n != 0 {
		t.Fatalf("%d rounds stored before Publish", n)
	}
	lb.press(t, 900, preview, words(ZH, "round.edit_items"))
	preview = lb.say(t, 900, "苹果 ¥18/箱 max 2 stock 40\n梨 ¥15.50")
	lb.pressAll(t, 900, preview, words(ZH, "round.publish_button"))
	if done := lb.current(preview); !shows(t, done.Text, ZH, "round.published", 1, "水果团") || !strings.Contains(done.Text, "¥18.00") {
		t.Fatalf("published after the change: %+v", done)
	}
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.say(t, enAdmin, "/help")
	lb.grant(t, 900, "903 admin")
	preview = lb.say(t, enAdmin, "/round distribution all "+cutoffIn(clock, time.Hour)+" Masks; masks max 10")
	if !shows(t, preview.Text, EN, "round.preview", "Masks", anyArg{}, 2) || !shows(t, preview.Text, EN, "round.item_free", 1, "masks", 10, "") {
		t.Fatalf("English preview: %q", preview.Text)
	}
	if !shows(t, preview.Text, EN, "round.status_to_publish") || shows(t, preview.Text, EN, "round.status_open_free") {
		t.Fatalf("English preview's status: %q", preview.Text)
	}
	// ✖ turns the preview into "no round was created", its buttons gone.
	if got := lb.press(t, enAdmin, preview, words(EN, "button.cancel")); got.ID != preview.ID || !shows(t, got.Text, EN, "round.flow_cancelled") ||
		got.ReplyMarkup != nil && len(got.ReplyMarkup.InlineKeyboard) > 0 || countRows(t, lb, "supply_rounds") != 1 {
		t.Fatalf("cancelled: %+v", got)
	}
	// At 10:00 the preview says nothing of the hour; at 23:00 it warns that the announcement
	// would wake people.
	if shows(t, preview.Text, EN, "notice.now_at_night", anyArg{}) {
		t.Fatalf("a night warning by day: %q", preview.Text)
	}
	clock.jump(13 * time.Hour)
	night := lb.say(t, enAdmin, "/round groupbuy zone:a1 "+cutoffIn(clock, 2*time.Hour)+" Late milk; milk ¥5")
	if !shows(t, night.Text, EN, "round.preview", "Late milk", anyArg{}, 2) || !shows(t, night.Text, EN, "notice.now_at_night", anyArg{}) {
		t.Fatalf("a preview at 23:00: %q", night.Text)
	}
	lb.noneRefused(t)
}

// /rounds has a Cancel button for a round that can still be called off (CONTRACT: buttons to
// approve, close early, cancel, export). It asks why, since every household signed up reads it;
// Cancel on that question keeps the round; a press once it is cancelled names its state.
func TestRound_CancelFromRoundsAsksTheReason_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 水果; 苹果 ¥20/箱 max 2")
	lb.sayAll(t, zhUser, "/buy R1 1x1")
	list := lb.say(t, 900, "/rounds")
	ask := lb.press(t, 900, list, words(ZH, "round.cancel_button", 1))
	if !shows(t, ask.Text, ZH, "round.ask_cancel_reason", "1") {
		t.Fatalf("Cancel from /rounds: %q", ask.Text)
	}
	if strings.Contains(buttonLabels(ask), "✖ "+words(ZH, "button.cancel")) || !hasButton(ask, words(ZH, "round.keep_button", "1")) {
		t.Fatalf("the way out of the cancellation reads 'cancel': %s", buttonLabels(ask))
	}
	if got := lb.press(t, 900, ask, words(ZH, "round.keep_button", "1")); !shows(t, got.Text, ZH, "round.cancel_dropped") || roundStatus(t, lb, 1) != "open" {
		t.Fatalf("kept: %q, %s", got.Text, roundStatus(t, lb, 1))
	}
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	list = lb.say(t, enAdmin, "/rounds")
	if ask := lb.press(t, enAdmin, list, words(EN, "round.cancel_button", 1)); !hasButton(ask, words(EN, "round.keep_button", "1")) {
		t.Fatalf("English way out: %s", buttonLabels(ask))
	}
	if got := lb.sayAll(t, enAdmin, "The supplier <b>ran out</b>"); !shows(t, got[0].Text, EN, "round.cancelled_done", 1, "水果") || roundStatus(t, lb, 1) != "cancelled" {
		t.Fatalf("cancelled with a reason: %+v, %s", got, roundStatus(t, lb, 1))
	}
	lb.drain(t)
	if got := last(lb.ts.BotMessages(zhUser)).Text; !shows(t, got, ZH, "round.cancelled_notice", 1, "水果", "The supplier <b>ran out</b>") {
		t.Fatalf("the household signed up: %q", got)
	}
	if got := pressAnswer(t, lb, enAdmin, enAdmin, list.ID, "r:x:1"); !shows(t, got, EN, "round.refused_cancel", 1, words(EN, "round.status_cancelled")) {
		t.Fatalf("Cancel pressed again: %q", got)
	}
	if list := lb.say(t, 900, "/rounds"); hasButton(list, words(ZH, "round.cancel_button", 1)) {
		t.Fatalf("a cancelled round still offers Cancel: %s", buttonLabels(list))
	}
	lb.noneRefused(t)
}

// roundStatus is round id's status.
func roundStatus(t *testing.T, lb *liveBot, id int64) (s string) {
	t.Helper()
	if err := lb.readDB(t).QueryRow(`SELECT status FROM supply_rounds WHERE id = ?`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Hostile or malformed answers to the guided /round's questions are answered for that question,
// in the sender's language, and change nothing: no round is stored.
func TestRound_GuidedBadAnswersAtEachQuestion_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	for admin, lang := range map[int64]string{900: ZH, enAdmin: EN} {
		ask := lb.say(t, admin, "/round")
		lb.press(t, admin, ask, words(lang, "round.choice_groupbuy"))
		for _, bad := range []string{strings.Repeat("长", 5000), "\x01\x02\u200b", strings.Repeat("😷", 101)} {
			if got := lb.say(t, admin, bad); !shows(t, got.Text, lang, "round.flow_bad_title", 100) {
				t.Errorf("%s: title %q: %q", lang, bad[:min(len(bad), 12)], got.Text)
			}
		}
		lb.say(t, admin, "<b>团购</b> *粗体* _斜体_")
		for bad, key := range map[string]string{"苹果 ¥abc": "round.bad_price", "苹果 max 0": "round.bad_max", "苹果 max 100": "round.bad_max",
			"苹果 stock -1": "round.bad_stock", strings.Repeat("苹", 61): "round.bad_item", "¥5": "round.bad_item"} {
			if got := lb.say(t, admin, bad); !shows(t, got.Text, lang, key) {
				t.Errorf("%s: item %q: %q, want %s", lang, bad, got.Text, key)
			}
		}
		lb.say(t, admin, "苹果 ¥20/箱")
		for _, bad := range []string{"tomorrow 18:00", "2026-13-01 18:00", strings.Repeat("9", 5000)} {
			if got := lb.say(t, admin, bad); !shows(t, got.Text, lang, "round.flow_cutoff_format", anyArg{}) {
				t.Errorf("%s: cut-off %q: %q", lang, bad[:min(len(bad), 20)], got.Text)
			}
		}
		lb.say(t, admin, cutoffIn(clock, time.Hour))
		for _, bad := range []string{"<b>zone:a1</b>", "zone:zz", "everyone", strings.Repeat("z", 5000)} {
			if got := lb.say(t, admin, bad); !shows(t, got.Text, lang, "round.flow_bad_audience", anyArg{}) {
				t.Errorf("%s: audience %q: %q", lang, bad[:min(len(bad), 20)], got.Text)
			}
		}
		lb.sayAll(t, admin, "zone:a1") // sealed: to the door, then the minimum
		for _, bad := range []string{"-1", "many", "100001"} {
			if got := lb.say(t, admin, bad); !shows(t, got.Text, lang, "round.bad_minimum") {
				t.Errorf("%s: minimum %q: %q", lang, bad, got.Text)
			}
		}
		preview := lb.say(t, admin, "0")
		if !shows(t, preview.Text, lang, "round.preview", "<b>团购</b> *粗体* _斜体_", anyArg{}, 2) {
			t.Fatalf("%s: the preview after every refusal: %q", lang, preview.Text)
		}
		lb.press(t, admin, preview, words(lang, "button.cancel"))
	}
	if n := countRows(t, lb, "supply_rounds"); n != 0 {
		t.Fatalf("%d rounds stored", n)
	}
	lb.noneRefused(t)
}

// A guided distribution's time question asks when the hand-out begins; a bad answer is refused
// in those words, in English too.
func TestRound_GuidedDistributionTimeRefusedInItsOwnWords_English(t *testing.T) {
	t.Parallel()
	lb, _ := roundBot(t)
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	lb.press(t, enAdmin, lb.say(t, enAdmin, "/round"), words(EN, "round.choice_distribution"))
	lb.say(t, enAdmin, "Masks")
	if q := lb.say(t, enAdmin, "masks"); !shows(t, q.Text, EN, "round.ask_cutoff_free") {
		t.Fatalf("the time question: %q", q.Text)
	}
	if got := lb.say(t, enAdmin, "tomorrow morning"); !shows(t, got.Text, EN, "round.flow_cutoff_format_free", anyArg{}) {
		t.Fatalf("a bad hand-out time: %q", got.Text)
	}
	if n := countRows(t, lb, "supply_rounds"); n != 0 {
		t.Fatalf("%d rounds stored", n)
	}
}
