package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"linli/telegram"
	"linli/telegramtest"
)

// Group chats of the group tests: zone a1 mirrored in Chinese and in English, zone b2 in Chinese.
const (
	grpA1 int64 = -1001000000101
	grpEN int64 = -1001000000102
	grpB2 int64 = -1001000000103

	enAdmin int64 = 903
)

// groupBot is claimBot with the sender's group pacing lifted too (the stand-in's is off).
func groupBot(t *testing.T, hooks *appHooks) *liveBot {
	t.Helper()
	if hooks == nil {
		hooks = &appHooks{}
	}
	hooks.sender = func(o *telegram.SenderOptions) {
		o.PerSec, o.PerChat, o.PerGrp = 1000, time.Millisecond, time.Millisecond
	}
	lb := startBotWith(t, quick, hooks, "[limits]\nmessages_per_minute = 1000\nopen_orders_per_household = 20\n")
	addUsers(lb.ts)
	return lb
}

// groupSay has user write text in group chat and returns every message of the bot's answer there.
func (lb *liveBot) groupSay(t *testing.T, chat, user int64, text string) []telegramtest.Message {
	t.Helper()
	before := len(lb.ts.BotMessages(chat))
	return lb.answers(t, chat, before, lb.ts.SendGroupText(chat, user, text))
}

// only is the one message of an answer.
func only(t *testing.T, msgs []telegramtest.Message) telegramtest.Message {
	t.Helper()
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1: %+v", len(msgs), msgs)
	}
	return msgs[0]
}

// cardOf is the bot's message in chat that is order id's card, as it stands now.
func cardOf(t *testing.T, lb *liveBot, chat int64, id int) telegramtest.Message {
	t.Helper()
	for _, m := range lb.ts.BotMessages(chat) {
		if strings.Contains(m.Text, fmt.Sprintf("#%d ·", id)) {
			return m
		}
	}
	t.Fatalf("no card of #%d in %d: %+v", id, chat, lb.ts.BotMessages(chat))
	return telegramtest.Message{}
}

func boundGroups(t *testing.T, lb *liveBot) (n int) {
	t.Helper()
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM group_queues`).Scan(&n)
	return n
}

func TestGroups_BindRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	long := strings.Repeat("a", 5000)
	cases := []struct {
		chat, user int64
		text       string
		lang, key  string
		args       []any // shown as typed: a tag in the text shows that it was escaped
	}{
		{grpA1, volZH, "/bindqueue a1", ZH, "error.admin_only", nil},
		{grpA1, zhUser, "/bindqueue", ZH, "error.admin_only", nil},
		{grpA1, enUser, "/unbindqueue", EN, "error.admin_only", nil},
		{grpA1, 900, "/bindqueue zz", ZH, "groups.unknown_zone", []any{"zz"}},
		{grpA1, 900, "/bindqueue a1 <b>x</b>", ZH, "groups.unknown_zone", []any{"<b>x</b>"}},
		{grpA1, 900, "/bindqueue " + long, ZH, "groups.unknown_zone", nil},
		{grpA1, 900, "/bindqueue a1 🙂", ZH, "groups.unknown_zone", []any{"🙂"}},
		{grpA1, 900, "/bindqueue a1 \x00\x07", ZH, "groups.unknown_zone", nil},
		{grpA1, enAdmin, "/bindqueue *a1*", EN, "groups.unknown_zone", []any{"*a1*"}},
		{grpA1, 900, "/unbindqueue", ZH, "groups.not_bound", nil},
		{grpA1, 900, "/unbindqueue a1", ZH, "groups.unbind_usage", nil},
		{grpA1, enAdmin, "/unbindqueue", EN, "groups.not_bound", nil},
	}
	for _, c := range cases {
		got := only(t, lb.groupSay(t, c.chat, c.user, c.text))
		if !shows(t, got.Text, c.lang, c.key, c.args...) {
			t.Errorf("%d in %d %.40q: %q, want %s %v", c.user, c.chat, c.text, got.Raw, c.key, c.args)
		}
	}
	if got := lb.say(t, 900, "/bindqueue a1"); !shows(t, got.Text, ZH, "groups.in_group_only", "/bindqueue") {
		t.Errorf("/bindqueue in a private chat: %q", got.Text)
	}
	if got := lb.say(t, enAdmin, "/unbindqueue"); !shows(t, got.Text, EN, "groups.in_group_only", "/unbindqueue") {
		t.Errorf("/unbindqueue in a private chat: %q", got.Text)
	}
	if n := boundGroups(t, lb); n != 0 {
		t.Fatalf("%d groups bound by refused commands", n)
	}
	lb.noneRefused(t)
}

func TestGroups_CardPostedClaimedInTheGroupAndEditedInBothLanguages(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	lb.ts.AddGroup(grpEN, "Guanbeigou volunteers")
	lb.ts.AddGroup(grpB2, "幸福里群")
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	if got := only(t, lb.groupSay(t, grpA1, 900, "/bindqueue a1")); !shows(t, got.Text, ZH, "groups.bound", "官北沟社区 1号楼-8号楼") {
		t.Fatalf("/bindqueue a1: %q", got.Text)
	}
	if got := only(t, lb.groupSay(t, grpEN, enAdmin, "/bindqueue@linli_test_bot A1 a1")); !shows(t, got.Text, EN, "groups.bound", "官北沟社区 1号楼-8号楼") {
		t.Fatalf("/bindqueue@bot A1 a1: %q", got.Text)
	}
	only(t, lb.groupSay(t, grpB2, 900, "/bindqueue b2"))
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李<i>雷</i>", "a1")
	enlist(t, lb, volEN, "en", "Bob & Co", "a1")

	lb.sayAll(t, zhUser, "/order groceries 大米 5kg") // #1
	lb.sayAll(t, zhUser, "/order counselling 睡不好")  // #2: never in a group
	zhCard, enCard := cardOf(t, lb, grpA1, 1), cardOf(t, lb, grpEN, 1)
	if !shows(t, zhCard.Text, ZH, "groups.card_new") || !strings.Contains(zhCard.Text, "大米 5kg") || !strings.Contains(zhCard.Text, "3号楼") ||
		!strings.Contains(zhCard.Text, "官北沟") || !hasButton(zhCard, words(ZH, "queue.claim", 1)) {
		t.Fatalf("zh card: %q", zhCard.Text)
	}
	if !shows(t, enCard.Text, EN, "groups.card_new") || !strings.Contains(enCard.Text, words(EN, "queue.flag_urgent")) || !hasButton(enCard, words(EN, "queue.claim", 1)) {
		t.Fatalf("en card: %q", enCard.Text)
	}
	for _, g := range []int64{grpA1, grpEN, grpB2} {
		if countWith(lb, g, "#2") != 0 || (g == grpB2 && countWith(lb, g, "#1") != 0) {
			t.Fatalf("group %d: counselling posted, or an a1 order in b2's group: %+v", g, lb.ts.BotMessages(g))
		}
	}

	// Bob claims in the English group: both cards say he took it and lose their button; the
	// address goes to his private chat only.
	id, err := lb.ts.Press(volEN, grpEN, enCard.ID, "q:c:1")
	if err != nil {
		t.Fatal(err)
	}
	lb.settle(t, id)
	zhCard, enCard = messageByID(t, lb, grpA1, zhCard.ID), messageByID(t, lb, grpEN, enCard.ID)
	if !enCard.Edited || !shows(t, enCard.Text, EN, "groups.card_taken_by", "Bob & Co") || enCard.ReplyMarkup != nil {
		t.Fatalf("en card after the claim: %+v", enCard)
	}
	if !shows(t, zhCard.Text, ZH, "groups.card_taken_by", "Bob & Co") || zhCard.ReplyMarkup != nil || !strings.Contains(zhCard.Text, "大米 5kg") {
		t.Fatalf("zh card after the claim: %+v", zhCard)
	}
	if task := lastWith(t, lb, volEN, "#1"); !strings.Contains(task.Text, resPhone) || !strings.Contains(task.Text, zhResident) {
		t.Fatalf("claimer's card in Bob's private chat: %q", task.Text)
	}
	if got := pressAnswer(t, lb, volZH, grpA1, zhCard.ID, "q:c:1"); !shows(t, got, ZH, "queue.already_taken", 1) {
		t.Fatalf("a stale Claim in the group: %q", got)
	}
	if got := pressAnswer(t, lb, zhUser, grpA1, zhCard.ID, "q:c:1"); !shows(t, got, ZH, "error.volunteer_only") {
		t.Fatalf("a resident's Claim in the group: %q", got)
	}
	if got := pressAnswer(t, lb, volEN, grpEN, enCard.ID, "q:d:1"); !shows(t, got, EN, "error.stale_button") {
		t.Fatalf("a forged Delivered in the group: %q", got)
	}

	// Back in the queue: open again with the button; 李雷 claims from the zh group, his name escaped.
	lb.sayAll(t, 900, "/release 1")
	zhCard = messageByID(t, lb, grpA1, zhCard.ID)
	if !shows(t, zhCard.Text, ZH, "groups.card_open_again") || !hasButton(zhCard, words(ZH, "queue.claim", 1)) {
		t.Fatalf("zh card after the release: %+v", zhCard)
	}
	id, err = lb.ts.Press(volZH, grpA1, zhCard.ID, "q:c:1")
	if err != nil {
		t.Fatal(err)
	}
	lb.settle(t, id)
	if c := messageByID(t, lb, grpA1, zhCard.ID); !shows(t, c.Text, ZH, "groups.card_taken_by", "李<i>雷</i>") || c.ReplyMarkup != nil {
		t.Fatalf("zh card claimed by 李<i>雷</i>: %q", c.Raw)
	}
	if c := messageByID(t, lb, grpEN, enCard.ID); !shows(t, c.Text, EN, "groups.card_taken_by", "李<i>雷</i>") {
		t.Fatalf("en card claimed by 李<i>雷</i>: %q", c.Raw)
	}

	// The household cancels: the cards say so, with no button; four edits in all.
	lb.sayAll(t, zhUser, "/cancel 1")
	zhCard, enCard = messageByID(t, lb, grpA1, zhCard.ID), messageByID(t, lb, grpEN, enCard.ID)
	if !shows(t, zhCard.Text, ZH, "groups.card_cancelled") || zhCard.ReplyMarkup != nil || zhCard.EditCount != 4 {
		t.Fatalf("zh card after the cancellation: %+v", zhCard)
	}
	if !shows(t, enCard.Text, EN, "groups.card_cancelled") || enCard.ReplyMarkup != nil {
		t.Fatalf("en card after the cancellation: %+v", enCard)
	}

	// Unbound: new orders are no longer posted there.
	if got := only(t, lb.groupSay(t, grpEN, enAdmin, "/unbindqueue")); !shows(t, got.Text, EN, "groups.unbound") {
		t.Fatalf("/unbindqueue: %q", got.Text)
	}
	lb.sayAll(t, zhUser, "/order garbage 2袋") // #3
	cardOf(t, lb, grpA1, 3)
	if countWith(lb, grpEN, "#3") != 0 {
		t.Fatalf("an order posted to an unbound group")
	}

	for _, g := range []int64{grpA1, grpEN, grpB2} {
		mustNotLeak(t, lb, g, zhResident, resPhone, resRoom, "睡不好")
	}
	lb.noneRefused(t)
}

// A phone or room number typed into an order is the claimer's to see: the group's card and the
// volunteers' new-order push mask it, the claimer's card shows it as typed. That the household is
// vulnerable is told to volunteers privately, never in the group.
func TestGroups_PhoneAndRoomTypedIntoAnOrderOnlyForTheClaimer(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	only(t, lb.groupSay(t, grpA1, 900, "/bindqueue a1"))
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	const phone, room = "13912345678", "2单元301"
	lb.sayAll(t, zhUser, "/order errand 拿包裹 "+phone+" "+room)
	lb.drain(t)
	card := cardOf(t, lb, grpA1, 1)
	vulnerable := words(ZH, "queue.flag_care")
	if push := lastWith(t, lb, volZH, "#1"); strings.Contains(card.Text, vulnerable) || !strings.Contains(push.Text, vulnerable) {
		t.Errorf("the vulnerable flag: group %q, volunteer's own push %q", card.Text, push.Text)
	}
	for chat, m := range map[int64]telegramtest.Message{grpA1: card, volZH: lastWith(t, lb, volZH, "#1")} {
		if strings.Contains(m.Text, phone) || strings.Contains(m.Text, room) || !strings.Contains(m.Text, "139******78") ||
			!strings.Contains(m.Text, "拿包裹") {
			t.Errorf("before the claim, chat %d reads %q", chat, m.Text)
		}
	}
	id, err := lb.ts.Press(volZH, grpA1, card.ID, "q:c:1")
	if err != nil {
		t.Fatal(err)
	}
	lb.settle(t, id)
	if task := lastWith(t, lb, volZH, "#1"); !strings.Contains(task.Text, phone) || !strings.Contains(task.Text, room) {
		t.Fatalf("the claimer's card: %q", task.Text)
	}
	if c := messageByID(t, lb, grpA1, card.ID); strings.Contains(c.Text, phone) || strings.Contains(c.Text, room) {
		t.Fatalf("the group's card after the claim: %q", c.Text)
	}

	// A medicine order: the group sees that one waits in the building, not what it is; a name
	// typed into it is masked for the volunteers it is pushed to, in either language.
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volEN, "en", "Bob", "a1")
	lb.sayAll(t, zhUser, "/order medicine 胰岛素两盒，我叫王秀兰，我有糖尿病")
	lb.sayAll(t, enUser, "/order medicine metformin, I am Ann Smith")
	lb.drain(t)
	for id, secret := range map[int]string{2: "胰岛素", 3: "metformin"} {
		c := cardOf(t, lb, grpA1, id)
		if strings.Contains(c.Text, secret) || strings.Contains(c.Text, "王秀兰") || strings.Contains(c.Text, "Ann Smith") ||
			!strings.Contains(c.Text, words(ZH, "groups.items_discreet")) || !strings.Contains(c.Text, words(ZH, "cat.medicine")) {
			t.Errorf("the group's card of medicine order #%d: %q", id, c.Text)
		}
	}
	if push := lastWith(t, lb, volZH, "#2"); !strings.Contains(push.Text, "胰岛素") || strings.Contains(push.Text, "王秀兰") || !strings.Contains(push.Text, "我叫**") {
		t.Errorf("the volunteer's own push of #2: %q", push.Text)
	}
	if push := lastWith(t, lb, volEN, "#3"); !strings.Contains(push.Text, "metformin") || strings.Contains(push.Text, "Ann Smith") || !strings.Contains(push.Text, "I am **") {
		t.Errorf("the English volunteer's push of #3: %q", push.Text)
	}
	lb.noneRefused(t)
}

// A group bound while orders already wait is shown them (the most pressing, at most ten, each
// once, counselling never), masked like every group card; binding again posts nothing twice.
func TestGroups_BoundLateShownTheOrdersAlreadyWaiting(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	const phone = "13912345678"
	lb.sayAll(t, zhUser, "/order errand 拿包裹 "+phone)   // #1
	lb.sayAll(t, enUser, "/order counselling anxiety") // #2: counsellors only
	for i := range 11 {                                // #3 … #13, one household each (a second would be asked whether it is a mistake)
		user := int64(720 + i)
		lb.ts.AddUser(telegramtest.User{ID: user, FirstName: "Lee", LanguageCode: "en"})
		lb.sayAll(t, user, fmt.Sprintf("/register a1; Lee %d; 139000007%02d; 3号楼 1单元 %d", i, i, 101+i))
		lb.sayAll(t, user, "/order groceries rice")
	}
	lb.say(t, volZH, "/claim 13")
	got := lb.groupSay(t, grpA1, 900, "/bindqueue a1")
	lb.drain(t)
	if !shows(t, got[0].Text, ZH, "groups.bound_backlog_more", 10) {
		t.Fatalf("/bindqueue with orders waiting: %q", got[0].Text)
	}
	cards := func() (ids []int) {
		for _, m := range lb.ts.BotMessages(grpA1) {
			for id := 1; id <= 13; id++ {
				if strings.Contains(m.Text, fmt.Sprintf("#%d ·", id)) {
					ids = append(ids, id)
				}
			}
		}
		return ids
	}
	// Urgent first (#1: vulnerable household), then oldest; #2 (counselling) and #13 (taken) never.
	if ids := cards(); !slices.Equal(ids, []int{1, 3, 4, 5, 6, 7, 8, 9, 10, 11}) {
		t.Fatalf("cards posted: %v", ids)
	}
	if c := cardOf(t, lb, grpA1, 1); strings.Contains(c.Text, phone) || !hasButton(c, words(ZH, "queue.claim", 1)) {
		t.Fatalf("a waiting order's card: %q", c.Text)
	}
	again := lb.groupSay(t, grpA1, 900, "/bindqueue a1")
	lb.drain(t)
	if !shows(t, again[0].Text, ZH, "groups.bound_backlog", 1) || !slices.Equal(cards(), []int{1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
		t.Fatalf("bound again: %q, cards %v", again[0].Text, cards())
	}
	mustNotLeak(t, lb, grpA1, zhResident, enResident, phone, "anxiety")
	lb.noneRefused(t)
}

// A Chinese group stays Chinese when an English-speaking admin binds another zone in it; an
// admin's /lang in the group switches what the bot posts there, on purpose.
func TestGroups_LanguageSetByTheFirstBindingAndByLangOnly(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	addEnglishAdmin(t, lb)
	register(t, lb, zhUser, "zh", zhResident)
	only(t, lb.groupSay(t, grpA1, 900, "/bindqueue a1"))
	lb.groupSay(t, grpA1, enAdmin, "/bindqueue a1 b2")
	lb.sayAll(t, zhUser, "/order groceries 大米")
	lb.drain(t)
	if card := cardOf(t, lb, grpA1, 1); !shows(t, card.Text, ZH, "groups.card_new", anyArg{}) {
		t.Fatalf("the card after an English admin bound b2: %q", card.Text)
	}
	if got := only(t, lb.groupSay(t, grpA1, enAdmin, "/lang en")); !shows(t, got.Text, EN, "groups.lang_set") {
		t.Fatalf("/lang en in the group: %q", got.Text)
	}
	lb.sayAll(t, zhUser, "/order errand 取快递")
	lb.drain(t)
	if card := cardOf(t, lb, grpA1, 2); !shows(t, card.Text, EN, "groups.card_new", anyArg{}) {
		t.Fatalf("the card after /lang en: %q", card.Text)
	}
	lb.noneRefused(t)
}
