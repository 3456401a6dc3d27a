package main

import (
	"strings"
	"testing"

	"linli/telegramtest"
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

// A role for an id that has never written to the bot is given only once the granter confirms:
// the bot cannot say who it is, and a mistyped number would make a stranger an admin (walk B,
// finding 15). Cancel, a forged press and a group give nothing; a refusal by scope comes first.
func TestGrant_UnseenIdAsksFirst_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	roles := func(user int64) int { return countRowsWhere(t, lb, "user_roles", "user_id", user) }
	ask := lb.sayAll(t, 900, "/grant 777 admin")
	if len(ask) != 1 || !shows(t, ask[0].Text, ZH, "grant.confirm_unseen", 777, words(ZH, "role.admin"), words(ZH, "scope.all")) || roles(777) != 0 {
		t.Fatalf("a grant to an id never seen: %+v, %d roles", ask, roles(777))
	}
	if got := lb.press(t, 900, ask[0], words(ZH, "button.cancel")); !shows(t, got.Text, ZH, "grant.cancelled") || roles(777) != 0 {
		t.Fatalf("cancelled: %q, %d roles", got.Text, roles(777))
	}
	lb.settle(t, lb.ts.PressRaw(zhUser, zhUser, 1, "f:grant:yes")) // forged, in another chat
	ask = lb.sayAll(t, 900, "/grant 777 gridworker a1")
	lb.settle(t, lb.ts.PressRaw(zhUser, zhUser, 1, "f:grant:yes"))
	if roles(777) != 0 {
		t.Fatal("a forged press gave the role")
	}
	done := lb.pressAll(t, 900, ask[0], words(ZH, "grant.confirm_button", 777))
	if len(done) == 0 || !shows(t, done[0].Text, ZH, "grant.done", "777", 777, words(ZH, "role.gridworker"), anyArg{}) || roles(777) != 1 {
		t.Fatalf("confirmed: %+v, %d roles", done, roles(777))
	}

	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.say(t, enAdmin, "/help")
	lb.grant(t, 900, "903 admin a1")
	if got := lb.sayAll(t, enAdmin, "/grant 778 organizer b2"); !shows(t, got[0].Text, EN, "scope.outside", anyArg{}, "b2") {
		t.Fatalf("outside the admin's zones, asked before refusing: %q", got[0].Text)
	}
	ask = lb.sayAll(t, enAdmin, "/grant 778 organizer")
	if !shows(t, ask[0].Text, EN, "grant.confirm_unseen", 778, words(EN, "role.organizer"), anyArg{}) || !strings.Contains(ask[0].Text, "a1") {
		t.Fatalf("English: %q", ask[0].Text)
	}
	if done := lb.pressAll(t, enAdmin, ask[0], words(EN, "grant.confirm_button", 778)); !shows(t, done[0].Text, EN, "grant.done", "778", 778, words(EN, "role.organizer"), anyArg{}) {
		t.Fatalf("English, confirmed: %+v", done)
	}
	if got := lb.groupSay(t, grpA1, 900, "/grant 779 admin"); len(got) != 1 || !isPointer(got[0]) || roles(779) != 0 {
		t.Fatalf("/grant in a group: %+v", got)
	}
	lb.noneRefused(t)
}

// countRowsWhere is how many rows of table have column = v.
func countRowsWhere(t *testing.T, lb *liveBot, table, column string, v any) int {
	t.Helper()
	var n int
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FROM `+table+` WHERE `+column+` = ?`, v).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
