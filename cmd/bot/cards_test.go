package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"linli/telegramtest"
)

// offering lists the bot's messages in chat, as they stand now, that carry a Claim button of
// order id.
func offering(lb *liveBot, chat int64, id int) []telegramtest.Message {
	data := fmt.Sprintf("q:c:%d", id)
	var out []telegramtest.Message
	for _, m := range lb.ts.BotMessages(chat) {
		if m.ReplyMarkup == nil {
			continue
		}
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			if slices.ContainsFunc(row, func(b models.InlineKeyboardButton) bool { return b.CallbackData == data }) {
				out = append(out, m)
			}
		}
	}
	return out
}

// offeredAnywhere lists the chats where some message still offers Claim for order id.
func offeredAnywhere(lb *liveBot, id int) []int64 {
	var out []int64
	for _, chat := range lb.ts.Chats() {
		if len(offering(lb, chat, id)) > 0 {
			out = append(out, chat)
		}
	}
	return out
}

func TestCards_NoStaleClaimButtonsAnywhere_ClaimReleaseCancel(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	lb.ts.AddGroup(grpEN, "Guanbeigou volunteers")
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	only(t, lb.groupSay(t, grpA1, 900, "/bindqueue a1"))
	only(t, lb.groupSay(t, grpEN, enAdmin, "/bindqueue a1"))
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")

	lb.sayAll(t, zhUser, "/order medicine 胰岛素") // #1: urgent, pushed to both volunteers
	lb.sayAll(t, zhUser, "/order groceries 大米") // #2
	lb.sayAll(t, zhUser, "/order garbage 两袋")   // #3
	pageZH, pageEN := lb.say(t, volZH, "/queue"), lb.say(t, volEN, "/queue")
	lb.drain(t)
	for _, id := range []int{1, 2, 3} {
		for _, chat := range []int64{grpA1, grpEN, volZH, volEN} {
			if len(offering(lb, chat, id)) == 0 {
				t.Fatalf("#%d not offered in %d before any claim", id, chat)
			}
		}
	}
	var push telegramtest.Message
	for _, m := range lb.ts.BotMessages(volZH) {
		if shows(t, m.Text, ZH, "queue.push") && strings.Contains(m.Text, "胰岛素") {
			push = m
		}
	}

	// 李雷 claims #1 from his pushed card: no message anywhere offers #1 any more; #2 and #3 stay.
	task := lb.press(t, volZH, push, words(ZH, "queue.claim", 1))
	lb.drain(t)
	if chats := offeredAnywhere(lb, 1); len(chats) != 0 {
		t.Fatalf("after the claim, #1 still offered in %v", chats)
	}
	for _, chat := range []int64{grpA1, grpEN, volZH, volEN} {
		if len(offering(lb, chat, 2)) == 0 || len(offering(lb, chat, 3)) == 0 {
			t.Fatalf("other orders lost their Claim in %d", chat)
		}
	}
	if p := messageByID(t, lb, volEN, pageEN.ID); !shows(t, p.Text, EN, "cards.queue_gone", 1, words(EN, "status.claimed")) ||
		!strings.Contains(p.Text, "大米") {
		t.Fatalf("Bob's /queue page after the claim: %q", p.Text)
	}
	if c := cardOf(t, lb, grpEN, 1); !shows(t, c.Text, EN, "groups.card_taken_by", "李雷") {
		t.Fatalf("group card: %q", c.Text)
	}

	// Bob claims #2 from his /queue page and releases it by command: it is offered again
	// everywhere, and his card no longer shows the address or buttons.
	taskEN := lb.press(t, volEN, messageByID(t, lb, volEN, pageEN.ID), words(EN, "queue.claim", 2))
	lb.drain(t)
	if chats := offeredAnywhere(lb, 2); len(chats) != 0 {
		t.Fatalf("after the claim, #2 still offered in %v", chats)
	}
	lb.sayAll(t, volEN, "/release 2")
	lb.drain(t)
	for _, chat := range []int64{grpA1, grpEN, volZH, volEN} {
		if len(offering(lb, chat, 2)) == 0 {
			t.Fatalf("#2 not offered again in %d after its release", chat)
		}
	}
	if c := messageByID(t, lb, volEN, taskEN.ID); strings.Contains(c.Text, resPhone) || c.ReplyMarkup != nil && len(c.ReplyMarkup.InlineKeyboard) > 0 ||
		!shows(t, c.Text, EN, "cards.task_released", 2) {
		t.Fatalf("Bob's card after /release: %q %+v", c.Text, c.ReplyMarkup)
	}

	// The household cancels #3: nobody is offered it. 李雷 delivers #1 by command: his card
	// loses the address.
	lb.sayAll(t, zhUser, "/cancel 3")
	lb.sayAll(t, volZH, "/deliver 1")
	lb.drain(t)
	if chats := offeredAnywhere(lb, 3); len(chats) != 0 {
		t.Fatalf("cancelled #3 still offered in %v", chats)
	}
	if c := messageByID(t, lb, volZH, task.ID); strings.Contains(c.Text, resPhone) || !shows(t, c.Text, ZH, "cards.task_delivered", 1) {
		t.Fatalf("李雷's card after /deliver: %q", c.Text)
	}
	if p := messageByID(t, lb, volZH, pageZH.ID); !shows(t, p.Text, ZH, "cards.queue_gone", 3, words(ZH, "status.cancelled")) {
		t.Fatalf("李雷's /queue page after the cancel: %q", p.Text)
	}
	for _, g := range []int64{grpA1, grpEN} {
		mustNotLeak(t, lb, g, resPhone, zhResident, resRoom)
	}
	lb.noneRefused(t)
}

// An escalated order is offered to another zone's volunteer, pushed to its zone's (and again at
// the escalation), to the admins with a Claim button, shown on a /queue page and in the group: claimed from the group card, no chat offers it any more; the
// claimer's card loses the address at /deliver; the sweep forgets its cards once it is received.
func TestCards_EscalatedOfferAndGroupClaim_NothingOffersItAndTheSweepForgetsTheCards(t *testing.T) {
	t.Parallel()
	lb, clock := sweepBot(t)
	lb.ts.AddGroup(grpA1, "官北沟志愿者群")
	only(t, lb.groupSay(t, grpA1, 900, "/bindqueue a1"))
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volB2EN, "en", "Olga", "b2")
	lb.sayAll(t, zhUser, "/order groceries 大米 5kg") // #1: urgent (vulnerable), pushed to 李雷
	page := lb.say(t, volZH, "/queue")
	clock.jump(11 * time.Minute)
	before := len(lb.ts.BotMessages(volB2EN))
	lb.sweep(t)
	offer := newSince(t, lb, volB2EN, before, 1)[0]
	if !hasButton(offer, words(EN, "queue.claim", 1)) || !hasButton(messageByID(t, lb, volZH, page.ID), words(ZH, "queue.claim", 1)) {
		t.Fatalf("before the claim: offer %q, page %q", offer.Text, page.Text)
	}
	if chats := offeredAnywhere(lb, 1); len(chats) != 5 {
		t.Fatalf("#1 offered in %v, want the two admins, the group, 李雷 and Olga", chats)
	}

	// 李雷 claims it from the group's card: the card says who took it; nothing offers it.
	card := cardOf(t, lb, grpA1, 1)
	id, err := lb.ts.Press(volZH, grpA1, card.ID, buttonData(t, card, words(ZH, "queue.claim", 1)))
	if err != nil {
		t.Fatal(err)
	}
	lb.settle(t, id)
	lb.drain(t)
	if chats := offeredAnywhere(lb, 1); len(chats) != 0 {
		t.Fatalf("after the claim, #1 still offered in %v", chats)
	}
	if o := messageByID(t, lb, volB2EN, offer.ID); !shows(t, o.Text, EN, "groups.card_taken_by", "李雷") || strings.Contains(o.Text, resPhone) {
		t.Fatalf("Olga's offer after the claim: %q", o.Text)
	}
	task := lastWith(t, lb, volZH, resPhone) // the claimer's card, with the phone
	lb.sayAll(t, volZH, "/deliver 1")
	lb.drain(t)
	if c := messageByID(t, lb, volZH, task.ID); strings.Contains(c.Text, resPhone) || strings.Contains(c.Text, resRoom) {
		t.Fatalf("李雷's card after /deliver still shows the address: %q", c.Text)
	}
	mustNotLeak(t, lb, grpA1, resPhone, zhResident, resRoom)

	// Received: the sweep forgets every card of #1.
	cards := func() (n int) {
		_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM order_cards WHERE order_id = 1`).Scan(&n)
		return n
	}
	if n := cards(); n == 0 {
		t.Fatal("no cards tracked for #1")
	}
	lb.sayAll(t, zhUser, "/received 1")
	lb.sweep(t)
	if n := cards(); n != 0 {
		t.Fatalf("%d cards of the received #1 left after the sweep", n)
	}
	lb.noneRefused(t)
}

// A /mytasks page shows every task's address, an overdue reminder has Delivered and Release
// buttons: once one of their tasks ends, by command or by the sweep, neither shows an address or
// a button any more.
func TestCards_MyTasksPageAndOverdueReminderEditedWhenATaskEnds(t *testing.T) {
	t.Parallel()
	lb, clock := sweepBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volEN, "en", "Bob", "a1")
	lb.sayAll(t, zhUser, "/order groceries 大米")
	lb.sayAll(t, zhUser, "/order garbage 两袋")
	lb.sayAll(t, volEN, "/claim 1")
	lb.sayAll(t, volEN, "/claim 2")
	page := lb.say(t, volEN, "/mytasks")
	if strings.Count(page.Text, resPhone) != 2 || !hasButton(page, words(EN, "queue.deliver_button", 1)) {
		t.Fatalf("/mytasks: %q", page.Text)
	}
	clock.jump(241 * time.Minute)
	before := len(lb.ts.BotMessages(volEN))
	lb.sweep(t)
	var reminder telegramtest.Message
	for _, m := range lb.ts.BotMessages(volEN)[before:] {
		if strings.Contains(m.Text, "#2") && hasButton(m, words(EN, "queue.release_button", 2)) {
			reminder = m
		}
	}
	if reminder.ID == 0 {
		t.Fatalf("no reminder of #2: %+v", lb.ts.BotMessages(volEN)[before:])
	}

	lb.sayAll(t, volEN, "/deliver 1")
	lb.sayAll(t, volEN, "/release 2")
	lb.drain(t)
	p := messageByID(t, lb, volEN, page.ID)
	if strings.Contains(p.Text, resPhone) || strings.Contains(p.Text, resRoom) || p.ReplyMarkup != nil && len(p.ReplyMarkup.InlineKeyboard) > 0 ||
		!shows(t, p.Text, EN, "cards.tasks_changed") {
		t.Fatalf("/mytasks page after the tasks ended: %q %+v", p.Text, p.ReplyMarkup)
	}
	if m := messageByID(t, lb, volEN, reminder.ID); m.ReplyMarkup != nil && len(m.ReplyMarkup.InlineKeyboard) > 0 ||
		!shows(t, m.Text, EN, "cards.task_released", 2) {
		t.Fatalf("reminder after /release: %q %+v", m.Text, m.ReplyMarkup)
	}
	lb.noneRefused(t)
}
