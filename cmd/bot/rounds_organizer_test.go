package main

import (
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

const roundOrganizer int64 = 314 // an organiser of zone a1 (en)

// TestRound_OrganiserProposesAdminApproves: an organiser of zone a1 proposes a group buy; no one
// sees it until an admin approves it with the button; a round for another zone is refused.
func TestRound_OrganiserProposesAdminApproves(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	lb.ts.AddUser(telegramtest.User{ID: roundOrganizer, FirstName: "Olga", LanguageCode: "en"})
	lb.say(t, roundOrganizer, "/help")
	lb.sayAll(t, 900, "/grant 314 organizer a1")
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.say(t, enAdmin, "/help")
	lb.sayAll(t, 900, "/grant 903 admin b2") // an admin of another zone, who could not approve it
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
	if got := lb.press(t, 900, ask, "R1"); !shows(t, got.Text, ZH, "round.published", 1, "水果") {
		t.Fatalf("approval: %q", got.Text)
	}
	lb.drain(t)
	if got := last(lb.ts.BotMessages(roundOrganizer)).Text; !shows(t, got, EN, "round.approved_you", 1, "水果") {
		t.Fatalf("organiser not told: %q", got)
	}
	if got := lb.sayAll(t, zhUser, "/buy R1 1x1"); !shows(t, got[0].Text, ZH, "buy.total") {
		t.Fatalf("sign-up after approval: %q", got[0].Text)
	}
	lb.noneRefused(t)
}
