package main

import (
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

const roundOrganizer int64 = 314 // an organiser of zone a1 (en)

// addOrganiser has roundOrganizer (Olga, English) write to the bot and be made an organiser of
// a1 by admin 900.
func addOrganiser(t *testing.T, lb *liveBot) {
	t.Helper()
	lb.ts.AddUser(telegramtest.User{ID: roundOrganizer, FirstName: "Olga", LanguageCode: "en"})
	lb.say(t, roundOrganizer, "/help")
	lb.grant(t, 900, "314 organizer a1")
}

// TestRound_OrganiserProposesAdminApproves: an organiser of zone a1 proposes a group buy; no one
// sees it until an admin approves it with the button; a round for another zone is refused.
func TestRound_OrganiserProposesAdminApproves(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	addOrganiser(t, lb)
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.say(t, enAdmin, "/help")
	lb.grant(t, 900, "903 admin b2") // an admin of another zone, who could not approve it
	if got := lb.sayAll(t, roundOrganizer, "/round groupbuy zone:b2 "+cutoffIn(clock, time.Hour)+" x; y"); !shows(t, got[0].Text, EN, "round.not_your_zone", "zone:b2") {
		t.Fatalf("a round for another zone: %q", got[0].Text)
	}
	got := lb.sayAll(t, roundOrganizer, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 水果; 苹果 ¥20/箱")
	if !shows(t, got[0].Text, EN, "round.proposed", 1, "水果") {
		t.Fatalf("organiser's round: %q", got[0].Text)
	}
	if got := lb.sayAll(t, zhUser, "/buy R1 1x1"); !shows(t, got[0].Text, ZH, "buy.not_open", 1) {
		t.Fatalf("sign-up before approval: %q", got[0].Text)
	}
	lb.drain(t)
	ask := last(lb.ts.BotMessages(900))
	if !shows(t, ask.Text, ZH, "round.proposed_admin", 1, "水果", "Olga", roundOrganizer) || !strings.Contains(ask.Text, "苹果") {
		t.Fatalf("admin not asked, or not shown what: %q", ask.Text)
	}
	if n := countWith(lb, enAdmin, "水果"); n != 0 {
		t.Fatalf("the admin of b2, who could not approve it, was asked %d times: %+v", n, lb.ts.BotMessages(enAdmin))
	}
	if !hasButton(ask, words(ZH, "round.decline_button", 1)) {
		t.Fatalf("no Decline under the request: %s", buttonLabels(ask))
	}
	lb.pressAll(t, 900, ask, words(ZH, "round.approve_button", 1))
	if got := lb.current(ask); !shows(t, got.Text, ZH, "round.published", 1, "水果") || got.ReplyMarkup != nil && len(got.ReplyMarkup.InlineKeyboard) > 0 {
		t.Fatalf("the request after approval (edited, no buttons left): %q %s", got.Text, buttonLabels(got))
	}
	if got := pressAnswer(t, lb, 900, 900, ask.ID, "r:a:1"); !shows(t, got, ZH, "round.refused_approve", 1, words(ZH, "round.status_open")) {
		t.Fatalf("a second approval (a stale copy): %q", got)
	}
	lb.drain(t)
	if got := last(lb.ts.BotMessages(roundOrganizer)).Text; !shows(t, got, EN, "round.approved_you", 1, "水果") {
		t.Fatalf("organiser not told: %q", got)
	}
	if got := lb.sayAll(t, zhUser, "/buy R1 1x1"); !shows(t, got[0].Text, ZH, "buy.total") {
		t.Fatalf("sign-up after approval: %q", got[0].Text)
	}
	// Approved from /rounds, the list stays (the other rounds are on it), brought up to date where
	// it is, and the outcome comes as a message of its own.
	lb.sayAll(t, roundOrganizer, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 蔬菜; 白菜 ¥5/颗")
	list := lb.say(t, 900, "/rounds")
	got = lb.pressAll(t, 900, list, words(ZH, "round.approve_button", 2))
	if len(got) == 0 || !shows(t, got[0].Text, ZH, "round.published", 2, "蔬菜") {
		t.Fatalf("approved from /rounds: %+v", got)
	}
	now := lb.current(list)
	if !strings.Contains(now.Text, "水果") || !strings.Contains(now.Text, "蔬菜") || hasButton(now, words(ZH, "round.approve_button", 2)) ||
		!hasButton(now, words(ZH, "round.close_button", 2)) || !hasButton(now, words(ZH, "round.close_button", 1)) {
		t.Fatalf("the list after approving R2 (both rounds, R2 open with Close, no Approve): %q %s", now.Text, buttonLabels(now))
	}
	lb.noneRefused(t)
}

// TestRound_GuidedPreviewBeforeApproval_English: an organiser's guided group buy ends in a
// preview as households will see it (their markup shown as typed), with how many it reaches and
// "Send for approval"; the items can be changed from it; nothing is stored before the press, and
// a second press of the old preview or a forged one creates nothing.
func TestRound_GuidedPreviewBeforeApproval_English(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	addOrganiser(t, lb)
	ask := lb.say(t, roundOrganizer, "/round")
	lb.press(t, roundOrganizer, ask, words(EN, "round.choice_groupbuy"))
	lb.say(t, roundOrganizer, "Fruit <i>box</i>")
	lb.say(t, roundOrganizer, "<b>Apples</b> ¥20/box max 2\nPears ¥15")
	audience := lb.say(t, roundOrganizer, cutoffIn(clock, 2*time.Hour))
	if labels := buttonLabels(audience); strings.Contains(labels, words(EN, "round.audience_all")) || strings.Contains(labels, "幸福里") || !strings.Contains(labels, "官北沟") {
		t.Fatalf("the audience buttons of an organiser of a1: %s", labels)
	}
	if got := lb.say(t, roundOrganizer, "zone:b2"); !shows(t, got.Text, EN, "round.not_your_zone", "zone:b2") {
		t.Fatalf("another zone, in the flow: %q", got.Text)
	}
	lb.sayAll(t, roundOrganizer, "zone:a1") // a1 is sealed: to the door, then the minimum
	preview := lb.say(t, roundOrganizer, "0")
	if !shows(t, preview.Text, EN, "round.preview_approval", "Fruit <i>box</i>", anyArg{}, 2) ||
		!strings.Contains(preview.Text, "<b>Apples</b>") || !strings.Contains(lineWith(preview.Text, "Pears"), "¥15.00") ||
		strings.Contains(lineWith(preview.Text, "Pears"), "max") {
		t.Fatalf("the preview: %q", preview.Text)
	}
	if !strings.Contains(buttonLabels(preview), words(EN, "round.propose_button")) || strings.Contains(buttonLabels(preview), words(EN, "round.publish_button")) {
		t.Fatalf("the preview's buttons: %s", buttonLabels(preview))
	}
	if q := lb.press(t, roundOrganizer, preview, words(EN, "round.edit_items")); !shows(t, q.Text, EN, "round.ask_items") {
		t.Fatalf("change the items: %q", q.Text)
	}
	if got := lb.say(t, roundOrganizer, strings.Repeat("Plums ¥3\n", 21)); !shows(t, got.Text, EN, "round.flow_bad_items", 20) {
		t.Fatalf("21 items, in the flow: %q", got.Text)
	}
	again := lb.say(t, roundOrganizer, "Apples ¥20/box max 2")
	if !shows(t, again.Text, EN, "round.preview_approval", "Fruit <i>box</i>", anyArg{}, 2) || strings.Contains(again.Text, "Pears") {
		t.Fatalf("the preview after changing the items: %q", again.Text)
	}
	lb.settle(t, lb.ts.PressRaw(roundOrganizer, again.ChatID, again.ID, "f:confirm:zz")) // forged
	if n := countRows(t, lb, "supply_rounds"); n != 0 {
		t.Fatalf("%d rounds stored before the press", n)
	}
	if !strings.Contains(again.Text, words(EN, "round.status_to_propose")) || strings.Contains(again.Text, words(EN, "round.status_draft")) {
		t.Fatalf("the preview's status reads as a state it is not in: %q", again.Text)
	}
	// The pressed preview becomes the outcome, its buttons gone.
	if got := lb.press(t, roundOrganizer, again, words(EN, "round.propose_button")); got.ID != again.ID ||
		!shows(t, got.Text, EN, "round.proposed", 1, "Fruit <i>box</i>") || got.ReplyMarkup != nil && len(got.ReplyMarkup.InlineKeyboard) > 0 {
		t.Fatalf("sent for approval: %+v", got)
	}
	lb.pressAll(t, roundOrganizer, preview, words(EN, "round.propose_button")) // the first preview, pressed late
	if n := countRows(t, lb, "supply_rounds"); n != 1 {
		t.Fatalf("%d rounds after the second press, want 1", n)
	}
	lb.noneRefused(t)
}

// An admin declines an organiser's proposal from the request: no household sees it, the
// organiser is told who declined it, and a late Approve on another copy says it is cancelled.
func TestRound_AdminDeclinesAProposal_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	addOrganiser(t, lb)
	lb.sayAll(t, roundOrganizer, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 水果; 苹果 ¥200/箱")
	lb.drain(t)
	ask := last(lb.ts.BotMessages(900))
	lb.pressAll(t, 900, ask, words(ZH, "round.decline_button", 1))
	if got := lb.current(ask); !shows(t, got.Text, ZH, "round.declined_done", 1, "水果") || hasButton(got, words(ZH, "round.approve_button", 1)) {
		t.Fatalf("the request after declining: %q", got.Text)
	}
	lb.drain(t)
	if got := last(lb.ts.BotMessages(roundOrganizer)).Text; !shows(t, got, EN, "round.declined_you", 1, "水果", anyArg{}) {
		t.Fatalf("organiser not told: %q", got)
	}
	if n := countWith(lb, zhUser, "苹果") + countWith(lb, enUser, "苹果"); n != 0 {
		t.Fatalf("households saw a declined proposal %d times", n)
	}
	if got := pressAnswer(t, lb, 900, 900, ask.ID, "r:a:1"); !shows(t, got, ZH, "round.refused_approve", 1, words(ZH, "round.status_cancelled")) {
		t.Fatalf("a late approval of a declined round (a copy of the request): %q", got)
	}
	if got := lb.sayAll(t, zhUser, "/buy R1 1x1"); !shows(t, got[0].Text, ZH, "buy.cancelled", 1) {
		t.Fatalf("sign-up to a declined round: %q", got[0].Text)
	}
	lb.noneRefused(t)
}
