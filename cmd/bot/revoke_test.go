package main

import (
	"testing"
)

// Finding 4 (issue 12): a revoked volunteer's claimed orders stayed claimed until the SLA sweep,
// hours later, and the household was not told. Now the revocation releases them at once, in its
// own transaction: the household is told and the group card offers Claim again.
func TestRevoke_ReleasesTheVolunteersOrdersAtOnce(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	lb.groupSay(t, grpA1, 900, "/bindqueue a1")
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	lb.sayAll(t, zhUser, "/order groceries 鸡蛋 10个")
	placeOrder(t, lb, zhUser, "/order groceries 大米")
	lb.sayAll(t, volZH, "/claim 1")
	lb.sayAll(t, volZH, "/claim 2")
	if hasButton(cardOf(t, lb, grpA1, 1), words(ZH, "queue.claim", 1)) {
		t.Fatal("the card of a claimed order still offers Claim")
	}
	told := countShowing(t, lb, zhUser, ZH, "notify.released")
	msgs := lb.sayAll(t, 900, "/revoke 201")
	if len(msgs) == 0 || !shows(t, msgs[0].Text, ZH, "revoke.released", 2) {
		t.Fatalf("/revoke: %+v", msgs)
	}
	lb.drain(t)
	for _, id := range []int64{1, 2} {
		if s := orderStatus(t, lb, id); s != "open" {
			t.Errorf("#%d after the revocation: %s, want open", id, s)
		}
	}
	if got := countShowing(t, lb, zhUser, ZH, "notify.released") - told; got != 2 {
		t.Errorf("the household was told %d times, want 2: %+v", got, lb.ts.BotMessages(zhUser))
	}
	if !hasButton(cardOf(t, lb, grpA1, 1), words(ZH, "queue.claim", 1)) || !hasButton(cardOf(t, lb, grpA1, 2), words(ZH, "queue.claim", 2)) {
		t.Errorf("group cards after the revocation: %+v", lb.ts.BotMessages(grpA1))
	}
	if got := lb.say(t, volZH, "/deliver 1"); !shows(t, got.Text, ZH, "error.volunteer_only") {
		t.Errorf("the revoked volunteer delivering: %q", got.Text)
	}
	lb.noneRefused(t)
}
