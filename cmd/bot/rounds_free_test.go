package main

import (
	"strings"
	"testing"
	"time"
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
