package main

import (
	"strings"
	"testing"
	"time"

	"linli/telegram"
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
	if len(msgs) == 0 || !shows(t, msgs[0].Text, ZH, "revoke.back_in_queue", "#1、#2") {
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

// Walk: 李雷 holds supply batch B1 (its checklist shows the households' names and phones, with
// buttons) and orders #1 and #2 when the secretary revokes him. The answer names what went back
// ("B1 (3号楼)、#1、#2"), the zone's volunteers on duty and its group are told B1 waits again,
// and every checklist page, task card and /mytasks page in his chat loses the households' details
// and buttons. The same for an English volunteer revoked by an English admin.
func TestRevoke_GivesBackBatchesAndOrdersAndClearsTheirCards_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := batchBot(t)
	addEnglishAdmin(t, lb)

	list := last(lb.sayAll(t, volZH, "/claim B1"))
	page := lb.ts.PressRaw(volZH, volZH, list.ID, "s:p:1:0") // a second checklist message
	lb.settle(t, page)
	lists := []telegramtest.Message{list, last(lb.ts.BotMessages(volZH))}
	for _, l := range lists {
		if !strings.Contains(l.Text, resPhone) || !hasButton(l, words(ZH, "batch.release_button", 1)) {
			t.Fatalf("checklist: %+v", l)
		}
	}
	cards := []telegramtest.Message{lb.say(t, volZH, "/claim 1"), lb.say(t, volZH, "/claim 2"), lb.say(t, volZH, "/mytasks")}
	lb.drain(t)
	enBefore, grpBefore := len(lb.ts.BotMessages(volEN)), len(lb.ts.BotMessages(grpA1))

	msgs := lb.sayAll(t, 900, "/revoke 201 volunteer")
	if len(msgs) == 0 || !shows(t, msgs[0].Text, ZH, "revoke.back_in_queue", words(ZH, "revoke.batch_item", 1, "3号楼")+"、#1、#2") {
		t.Fatalf("/revoke: %+v", msgs)
	}
	lb.drain(t)
	var status string
	if err := lb.readDB(t).QueryRow(`SELECT status FROM supply_batches WHERE id = 1`).Scan(&status); err != nil || status != "open" {
		t.Fatalf("B1 after the revocation: %s, %v", status, err)
	}
	for _, l := range lists {
		c := lb.current(l)
		if !shows(t, c.Text, ZH, "batch.checklist_gone", 1, "3号楼") || strings.Contains(c.Text, resPhone) ||
			strings.Contains(c.Text, zhResident) || c.ReplyMarkup != nil && len(c.ReplyMarkup.InlineKeyboard) > 0 {
			t.Errorf("checklist after the revocation: %+v", c)
		}
	}
	for _, card := range cards {
		c := lb.current(card)
		if !showsAny(t, c.Text, ZH, "cards.task_released", "cards.tasks_changed") || strings.Contains(c.Text, resPhone) ||
			c.ReplyMarkup != nil && len(c.ReplyMarkup.InlineKeyboard) > 0 {
			t.Errorf("task card after the revocation: %+v", c)
		}
	}
	if !showsIn(t, lb.ts.BotMessages(volEN)[enBefore:], EN, "batch.back_in_queue", 1, anyArg{}, "3号楼", 1, 1) {
		t.Errorf("the volunteer on duty was not told B1 waits again: %+v", lb.ts.BotMessages(volEN)[enBefore:])
	}
	if g := lb.ts.BotMessages(grpA1)[grpBefore:]; !showsIn(t, g, ZH, "batch.back_in_queue", 1) {
		t.Errorf("the group was not told B1 waits again: %+v", g)
	}
	if showsIn(t, lb.ts.BotMessages(volZH), ZH, "batch.back_in_queue") {
		t.Error("the revoked volunteer was told his own batch waits")
	}
	if got := pressAnswer(t, lb, volZH, volZH, list.ID, "s:r:1"); strings.Contains(got, resPhone) || batchHolder(t, lb, 1) != 0 {
		t.Errorf("a press on the old checklist: %q", got)
	}

	// Bob takes B1; Eve revokes him: told in English.
	enList := last(lb.sayAll(t, volEN, "/claim B1"))
	msgs = lb.sayAll(t, enAdmin, "/revoke 202")
	if len(msgs) == 0 || !shows(t, msgs[0].Text, EN, "revoke.back_in_queue", words(EN, "revoke.batch_item", 1, "3号楼")) {
		t.Fatalf("/revoke in English: %+v", msgs)
	}
	lb.drain(t)
	if c := lb.current(enList); !shows(t, c.Text, EN, "batch.checklist_gone", 1, "3号楼") || strings.Contains(c.Text, resPhone) {
		t.Errorf("English checklist after the revocation: %+v", c)
	}
	mustNotLeak(t, lb, grpA1, zhResident, enResident, resPhone)
	lb.noneRefused(t)
}

// batchBot is a bot with a group bound to a1, zhUser and enUser registered there (3号楼),
// volunteers volZH and volEN on duty in a1, a closed distribution with its batch B1 (both
// households), and two orders: #1 (zhUser's urgent medicine) and #2 (enUser's groceries).
func batchBot(t *testing.T) *liveBot {
	t.Helper()
	clock := newTestClock()
	lb := startBotWith(t, quick, &appHooks{now: clock.now, sender: func(o *telegram.SenderOptions) {
		o.PerSec, o.PerChat, o.PerGrp = 1000, time.Millisecond, time.Millisecond
	}}, "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	lb.groupSay(t, grpA1, 900, "/bindqueue a1")
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")
	lb.sayAll(t, 900, "/round distribution zone:a1 "+cutoffIn(clock, 2*time.Hour)+" 保供物资; 大米 5kg max 1")
	lb.runJob(t, "notices")
	clock.jump(3 * time.Hour)
	lb.sweep(t)
	lb.sayAll(t, zhUser, "/order medicine 胰岛素")   // #1, urgent
	lb.sayAll(t, enUser, "/order groceries rice") // #2
	return lb
}

// batchHolder is who holds batch id now (0: nobody).
func batchHolder(t *testing.T, lb *liveBot, id int64) int64 {
	t.Helper()
	var by int64
	if err := lb.readDB(t).QueryRow(`SELECT coalesce(claimed_by, 0) FROM supply_batches WHERE id = ?`, id).Scan(&by); err != nil {
		t.Fatal(err)
	}
	return by
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
