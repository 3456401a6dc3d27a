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
	if got := lb.sayAll(t, roundOrganizer, "/round groupbuy zone:b2 "+cutoffIn(clock, time.Hour)+" x; y"); !strings.Contains(got[0].Text, "outside your zones") {
		t.Fatalf("a round for another zone: %q", got[0].Text)
	}
	got := lb.sayAll(t, roundOrganizer, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 水果; 苹果 ¥20/箱")
	if !strings.Contains(got[0].Text, "sent to the admins for approval") {
		t.Fatalf("organiser's round: %q", got[0].Text)
	}
	if got := lb.sayAll(t, zhUser, "/buy R1 1x1"); !strings.Contains(got[0].Text, "还未开放") {
		t.Fatalf("sign-up before approval: %q", got[0].Text)
	}
	lb.drain(t)
	ask := last(lb.ts.BotMessages(900))
	if !strings.Contains(ask.Text, "等待您审核") {
		t.Fatalf("admin not asked: %q", ask.Text)
	}
	if got := lb.press(t, 900, ask, "R1"); !strings.Contains(got.Text, "已发布") {
		t.Fatalf("approval: %q", got.Text)
	}
	lb.drain(t)
	if got := last(lb.ts.BotMessages(roundOrganizer)).Text; !strings.Contains(got, "approved and published") {
		t.Fatalf("organiser not told: %q", got)
	}
	if got := lb.sayAll(t, zhUser, "/buy R1 1x1"); !strings.Contains(got[0].Text, "应付团长合计") {
		t.Fatalf("sign-up after approval: %q", got[0].Text)
	}
	lb.noneRefused(t)
}
