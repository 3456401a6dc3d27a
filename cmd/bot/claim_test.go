package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"linli/telegramtest"
)

// Volunteers of the claim tests: two in zone a1 (zh and en), one in b2, one in a1 off duty.
const (
	volZH  int64 = 201
	volEN  int64 = 202
	volB2  int64 = 203
	volOff int64 = 204

	zhResident = "王秀兰"
	enResident = "Ann Lee-Zhou"
	resPhone   = "13800138000" // register gives zhUser this phone (others: phoneOf), every resident this room
	resRoom    = "2单元 301"
)

// enlist makes user a volunteer of zone through an admin's /invite and their /join.
func enlist(t *testing.T, lb *liveBot, user int64, lang, name, zone string) {
	t.Helper()
	lb.ts.AddUser(telegramtest.User{ID: user, FirstName: name, LanguageCode: lang})
	inv := lb.say(t, 900, "/invite "+zone)
	i := strings.Index(inv.Text, "/join ")
	if i < 0 {
		t.Fatalf("/invite: %q", inv.Text)
	}
	code := strings.Fields(inv.Text[i+len("/join "):])[0]
	if got := lb.sayAll(t, user, "/join "+code); len(got) == 0 || !shows(t, got[0].Text, lang, "join.welcome") {
		t.Fatalf("/join: %+v", got)
	}
}

// pressAnswer presses data (any, as a forged client may) under message msg of chat as user and
// returns the text of the answer to that press.
func pressAnswer(t *testing.T, lb *liveBot, user, chat int64, msg int, data string) string {
	t.Helper()
	id := lb.ts.PressRaw(user, chat, msg, data)
	lb.settle(t, id)
	// The answer to this press: of the same presses, the newest query's (ids grow with each
	// press), not the last recorded, as an earlier press's answer may be sent after it.
	got, newest := "", ""
	for _, a := range lb.ts.CallbackAnswers() {
		if a.Data == data && a.ChatID == chat && a.UserID == user &&
			(len(a.QueryID) > len(newest) || len(a.QueryID) == len(newest) && a.QueryID > newest) {
			got, newest = a.Text, a.QueryID
		}
	}
	return got
}

// messageByID is message id of chat as it stands now (edits included).
func messageByID(t *testing.T, lb *liveBot, chat int64, id int) telegramtest.Message {
	t.Helper()
	for _, m := range lb.ts.BotMessages(chat) {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("no message %d in chat %d", id, chat)
	return telegramtest.Message{}
}

// lastWith is the last bot message in chat whose text contains s.
func lastWith(t *testing.T, lb *liveBot, chat int64, s string) telegramtest.Message {
	t.Helper()
	msgs := lb.ts.BotMessages(chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.Contains(msgs[i].Text, s) {
			return msgs[i]
		}
	}
	t.Fatalf("no message with %q in chat %d", s, chat)
	return telegramtest.Message{}
}

// countWith counts the bot messages in chat whose text contains every one of subs.
func countWith(lb *liveBot, chat int64, subs ...string) int {
	n := 0
	for _, m := range lb.ts.BotMessages(chat) {
		all := true
		for _, s := range subs {
			all = all && strings.Contains(m.Text, s)
		}
		if all {
			n++
		}
	}
	return n
}

// mustNotLeak fails if any message the bot ever sent to chat holds one of the secrets.
func mustNotLeak(t *testing.T, lb *liveBot, chat int64, secrets ...string) {
	t.Helper()
	for _, m := range lb.ts.BotMessages(chat) {
		for _, s := range secrets {
			if strings.Contains(m.Text, s) || strings.Contains(m.Raw, s) || strings.Contains(m.MarkupJSON, s) {
				t.Errorf("chat %d was sent %q: %q", chat, s, m.Text)
			}
		}
	}
}

func claimBot(t *testing.T) *liveBot {
	t.Helper()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\nopen_orders_per_household = 20\n")
	addUsers(lb.ts)
	return lb
}

func TestClaims_FullLoopUrgentPushAndPrivacy_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李<i>雷</i>", "a1")
	enlist(t, lb, volEN, "en", "Bob & Co", "a1")
	enlist(t, lb, volB2, "zh", "赵六", "b2")
	enlist(t, lb, volOff, "en", "Olga", "a1")
	lb.say(t, volOff, "/duty off")

	// #1 through the guided order, not urgent (so pushed to no one), with a note for the claimer.
	cat := lb.say(t, zhUser, "/order")
	items := lb.press(t, zhUser, cat, words(ZH, "cat.groceries"))
	items = lb.say(t, zhUser, "大米 5kg")
	note := lb.press(t, zhUser, lb.press(t, zhUser, items, words(ZH, "button.done")), words(ZH, "order.not_urgent"))
	lb.pressAll(t, zhUser, lb.press(t, zhUser, note, words(ZH, "note.door")), words(ZH, "order.place"))
	lb.sayAll(t, enUser, "/order medicine insulin") // #2, urgent by default
	pushEN, pushZH := lastWith(t, lb, volEN, "#2"), lastWith(t, lb, volZH, "#2")
	if !shows(t, pushEN.Text, EN, "queue.push") || !strings.Contains(pushEN.Text, "insulin") ||
		!shows(t, pushZH.Text, ZH, "queue.push") || !hasButton(pushZH, words(ZH, "queue.claim", 2)) {
		t.Fatalf("urgent push: en %q, zh %q", pushEN.Text, pushZH.Text)
	}
	if countWith(lb, volB2, "#2") != 0 || countWith(lb, volOff, "#2") != 0 || countWith(lb, volEN, "#1") != 0 {
		t.Fatalf("pushed beyond the zone's on-duty volunteers, or a non-urgent order pushed: b2 %+v, off %+v, en %+v",
			lb.ts.BotMessages(volB2), lb.ts.BotMessages(volOff), lb.ts.BotMessages(volEN))
	}

	q := lb.say(t, volZH, "/queue")
	if i, j := strings.Index(q.Text, "#2"), strings.Index(q.Text, "#1"); i < 0 || j < i || !hasButton(q, words(ZH, "queue.claim", 1)) {
		t.Fatalf("/queue, urgent first, with Claim buttons: %q", q.Text)
	}
	if off := lb.say(t, volOff, "/queue"); !shows(t, off.Text, EN, "queue.off_duty_hint") || !strings.Contains(off.Text, "#1") {
		t.Fatalf("/queue off duty: %q", off.Text)
	}

	// 李雷 claims #1 from the queue; the household learns who is coming.
	before := len(lb.ts.BotMessages(zhUser))
	card := lb.press(t, volZH, q, words(ZH, "queue.claim", 1))
	for _, want := range []string{zhResident, resPhone, resRoom, "大米 5kg", words(ZH, "note.door")} {
		if !strings.Contains(card.Text, want) {
			t.Fatalf("claimer's card lacks %q: %q", want, card.Text)
		}
	}
	if !shows(t, card.Text, ZH, "queue.claimed", 1) {
		t.Fatalf("claimer's card: %q", card.Text)
	}
	if told := lb.nextAfter(t, zhUser, before); !shows(t, told.Text, ZH, "notify.claimed_by", "李<i>雷</i>", 1) {
		t.Fatalf("household told: %q", told.Text)
	}
	// Bob claims #2 from the push; Ann learns it in English; 李雷's press on the same push loses.
	before = len(lb.ts.BotMessages(enUser))
	cardEN := lb.press(t, volEN, pushEN, words(EN, "queue.claim", 2))
	if !strings.Contains(cardEN.Text, enResident) || !strings.Contains(cardEN.Text, phoneOf(enUser)) || !hasButton(cardEN, words(EN, "queue.deliver_button", 2)) {
		t.Fatalf("claimer's card (en): %q", cardEN.Text)
	}
	if told := lb.nextAfter(t, enUser, before); !shows(t, told.Text, EN, "notify.claimed_by", "Bob & Co", 2) {
		t.Fatalf("household told (en): %q", told.Text)
	}
	if got := pressAnswer(t, lb, volZH, volZH, pushZH.ID, buttonData(t, pushZH, words(ZH, "queue.claim", 2))); !shows(t, got, ZH, "queue.already_taken", 2) {
		t.Fatalf("second claim of #2: %q", got)
	}
	if got := lb.say(t, volEN, "/claim 1"); !shows(t, got.Text, EN, "queue.already_taken", 1) {
		t.Fatalf("second claim of #1: %q", got.Text)
	}
	if tasks := lb.say(t, volZH, "/mytasks"); !strings.Contains(tasks.Text, "#1") || !strings.Contains(tasks.Text, resPhone) {
		t.Fatalf("/mytasks: %q", tasks.Text)
	}

	// 李雷 delivers with a photo at the door; Bob with the button. Both households confirm.
	before = len(lb.ts.BotMessages(zhUser))
	got := lb.answers(t, volZH, len(lb.ts.BotMessages(volZH)), lb.ts.SendPhoto(volZH, "/deliver 1"))
	if len(got) != 1 || !shows(t, got[0].Text, ZH, "queue.delivered_photo", 1) {
		t.Fatalf("/deliver as a photo caption: %+v", got)
	}
	var photo string
	_ = lb.readDB(t).QueryRow(`SELECT delivery_photo FROM orders WHERE id = 1`).Scan(&photo)
	if photo == "" {
		t.Fatalf("delivery photo not kept")
	}
	if told := lb.nextAfter(t, zhUser, before); !shows(t, told.Text, ZH, "notify.delivered", 1) || buttonData(t, told, words(ZH, "button.received", 1)) != "o:r:1" {
		t.Fatalf("household told of delivery, with a button to confirm: %+v", told)
	}
	if pic := lb.nextAfter(t, zhUser, before+1); pic.Photo == nil || !strings.Contains(pic.Caption, "#1") {
		t.Fatalf("household did not get the photo at the door: %+v", pic)
	}
	lb.pressAll(t, volEN, cardEN, words(EN, "queue.deliver_button", 2))
	if after := messageByID(t, lb, volEN, cardEN.ID); !shows(t, after.Text, EN, "cards.task_delivered", 2) || strings.Contains(after.Text, phoneOf(enUser)) {
		t.Fatalf("card after delivery by button still shows the address: %q", after.Text)
	}
	if got := lb.say(t, zhUser, "/received 1 5"); !strings.Contains(got.Text, "#1") {
		t.Fatalf("/received: %q", got.Text)
	}
	lb.sayAll(t, enUser, "/received 2") // settled: 李雷 has been told of #1 by now
	if told := lastShowing(t, lb, volZH, ZH, "queue.told_received"); !shows(t, told.Text, ZH, "queue.told_received", 1) {
		t.Fatalf("claimer told of receipt: %q", told.Text)
	}
	if got := lb.say(t, volZH, "/mytasks"); strings.Contains(got.Text, resPhone) || !shows(t, got.Text, ZH, "mytasks.none") {
		t.Fatalf("/mytasks after delivery: %q", got.Text)
	}
	if s1, s2 := orderStatus(t, lb, 1), orderStatus(t, lb, 2); s1 != "received" || s2 != "received" {
		t.Fatalf("after the loop: #1 %s, #2 %s", s1, s2)
	}

	if got := lb.say(t, volB2, "/queue"); !shows(t, got.Text, ZH, "queue.empty") {
		t.Fatalf("empty /queue: %q", got.Text)
	}

	// Privacy: no non-claimer ever saw a household's name, resPhone or resRoom.
	mustNotLeak(t, lb, volB2, zhResident, enResident, resPhone, phoneOf(enUser), resRoom, words(ZH, "note.door"))
	mustNotLeak(t, lb, volOff, zhResident, enResident, resPhone, phoneOf(enUser), resRoom, words(ZH, "note.door"))
	mustNotLeak(t, lb, volZH, enResident)
	mustNotLeak(t, lb, volEN, zhResident)
	lb.noneRefused(t)
}

func TestClaims_RefusalsReleasesAndForgedPresses(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")
	enlist(t, lb, volB2, "zh", "赵六", "b2")
	lb.sayAll(t, zhUser, "/order groceries 大米") // #1 (urgent: the household is vulnerable)
	adminBefore := len(lb.ts.BotMessages(900))
	// #2, counsellors only, and there is none: the resident and the admins are told so at once
	// (the admins without the request's words, which are the resident's own).
	if got := lb.sayAll(t, zhUser, "/order counselling 睡不好"); !shows(t, last(got).Text, ZH, "counsel.none_yet") {
		t.Fatalf("a counselling request with no counsellor: %+v", got)
	}
	lb.drain(t)
	told := lb.ts.BotMessages(900)[adminBefore:]
	if !slices.ContainsFunc(told, func(m telegramtest.Message) bool { return shows(t, m.Text, ZH, "counsel.none_admin", 2, anyArg{}) }) ||
		slices.ContainsFunc(told, func(m telegramtest.Message) bool { return strings.Contains(m.Text, "睡不好") }) {
		t.Fatalf("the admin: %+v", told)
	}
	qEN := lb.say(t, volEN, "/queue")
	if !strings.Contains(qEN.Text, "#1") || strings.Contains(qEN.Text, "#2") {
		t.Fatalf("/queue shows counselling to a non-counsellor: %q", qEN.Text)
	}
	own := lb.ts.BotMessages(zhUser)[0]
	b2 := lb.ts.BotMessages(volB2)[0]
	forged := []struct {
		user, chat int64
		msg        int
		data       string
		lang, key  string
	}{
		{zhUser, zhUser, own.ID, "q:c:1", ZH, "error.volunteer_only"}, // a resident
		{zhUser, zhUser, own.ID, "q:d:1", ZH, "error.volunteer_only"},
		{volB2, volB2, b2.ID, "q:c:1", ZH, "queue.not_for_you"}, // another zone
		{volB2, volB2, b2.ID, "q:r:1", ZH, "queue.not_your_task"},
		{volB2, volB2, b2.ID, "q:d:1", ZH, "queue.not_your_task"},
		{volEN, volEN, qEN.ID, "q:c:2", EN, "queue.not_for_you"}, // counselling
		{volEN, volEN, qEN.ID, "q:c:abc", EN, "error.stale_button"},
		{volEN, volEN, qEN.ID, "q:c:#1", EN, "error.stale_button"},
		{volEN, volEN, qEN.ID, "q:p:-1", EN, "error.stale_button"},
		{volEN, volEN, qEN.ID, "q:p:0:counselling", EN, "error.stale_button"},
		{volEN, volEN, qEN.ID, "q:zz:1", EN, "error.stale_button"},
		{volB2, volEN, qEN.ID, "q:c:1", ZH, "error.stale_button"}, // in someone else's chat
	}
	for _, f := range forged {
		if got := pressAnswer(t, lb, f.user, f.chat, f.msg, f.data); !shows(t, got, f.lang, f.key) {
			t.Errorf("%d pressing %q: %q, want %s", f.user, f.data, got, f.key)
		}
	}
	if s1, s2 := orderStatus(t, lb, 1), orderStatus(t, lb, 2); s1 != "open" || s2 != "open" {
		t.Fatalf("forged presses changed orders: #1 %s, #2 %s", s1, s2)
	}

	// Counselling is for counsellors; the admin sees every zone.
	if got := lb.say(t, volZH, "/claim 2"); !shows(t, got.Text, ZH, "queue.not_for_you", 2) {
		t.Fatalf("claim of counselling by a non-counsellor: %q", got.Text)
	}
	lb.grant(t, 900, fmt.Sprintf("%d counsellor", volEN)) // settled: Bob told
	if got := lb.say(t, volEN, "/queue counselling"); !strings.Contains(got.Text, "#2") || strings.Contains(got.Text, "#1") {
		t.Fatalf("/queue counselling by a counsellor: %q", got.Text)
	}
	if got := lb.say(t, 900, "/queue"); !strings.Contains(got.Text, "#1") {
		t.Fatalf("admin's /queue: %q", got.Text)
	}

	// 李雷 claims #1; an admin takes it back; 李雷 is told and can no longer deliver it.
	card := lb.say(t, volZH, "/claim 1")
	if got := pressAnswer(t, lb, volEN, volEN, qEN.ID, "q:c:1"); !shows(t, got, EN, "queue.already_taken", 1) {
		t.Fatalf("the slower Claim press: %q", got)
	}
	before := len(lb.ts.BotMessages(volZH))
	if got := lb.sayAll(t, 900, "/release 1 重新分配"); len(got) != 1 || !strings.Contains(got[0].Text, "#1") {
		t.Fatalf("admin /release: %+v", got)
	}
	if told := lb.nextAfter(t, volZH, before); !shows(t, told.Text, ZH, "queue.taken_back", 1) || !strings.Contains(told.Text, "重新分配") {
		t.Fatalf("holder told of the release: %q", told.Text)
	}
	if got := lb.say(t, volZH, "/deliver 1"); !shows(t, got.Text, ZH, "queue.not_your_task", 1) {
		t.Fatalf("/deliver of a released claim: %q", got.Text)
	}
	if got := pressAnswer(t, lb, volZH, volZH, card.ID, "q:d:1"); !shows(t, got, ZH, "queue.not_your_task", 1) {
		t.Fatalf("Delivered button of a released claim: %q", got)
	}
	if s := orderStatus(t, lb, 1); s != "open" {
		t.Fatalf("#1 %s after a refused delivery", s)
	}

	// Bob releases his own claim: nobody is told it was taken from him.
	lb.say(t, volEN, "/claim 1")
	if got := lb.sayAll(t, volEN, "/release 1"); len(got) != 1 || !shows(t, got[0].Text, EN, "queue.released", 1) {
		t.Fatalf("own /release: %+v", got)
	}

	// An urgent claim taken back is pushed again, to all on duty but the one who held it.
	// #3: medicine through the guided order, with a prescription photo.
	cat := lb.say(t, zhUser, "/order")
	items := lb.press(t, zhUser, cat, words(ZH, "cat.medicine"))
	items = lb.say(t, zhUser, "降压药")
	lb.press(t, zhUser, items, words(ZH, "button.done"))
	urgent := lb.answers(t, zhUser, len(lb.ts.BotMessages(zhUser)), lb.ts.SendPhoto(zhUser, ""))
	note := lb.press(t, zhUser, urgent[len(urgent)-1], words(ZH, "order.urgent"))
	lb.pressAll(t, zhUser, lb.press(t, zhUser, note, words(ZH, "note.none")), words(ZH, "order.place"))
	if got := lb.sayAll(t, volEN, "/claim 3"); len(got) != 2 || !shows(t, got[0].Text, EN, "queue.rx_photo") ||
		got[1].Photo == nil || !shows(t, got[1].Caption, EN, "queue.rx_photo_caption", 3) {
		t.Fatalf("claimer of an order with a prescription photo: card and photo, got %+v", got)
	}
	lb.sayAll(t, 900, "/release 3")
	// 李雷: the first push, edited back to open, and the new one; Bob: his push, edited back.
	if n, m := len(offering(lb, volZH, 3)), len(offering(lb, volEN, 3)); n != 2 || m != 1 || countShowing(t, lb, volEN, EN, "queue.push", "#3") != 0 {
		t.Fatalf("cards offering #3: %d to 李雷 (want 2), %d to Bob (want 1, and no new push)", n, m)
	}
	if told := lastWith(t, lb, volEN, "#3"); !shows(t, told.Text, EN, "queue.taken_back", 3, words(EN, "queue.by_admin")) {
		t.Fatalf("Bob told: %q", told.Text)
	}
	// Bob is a counsellor of a1 now: a counselling request there raises no alarm.
	if got := lb.sayAll(t, zhUser, "/order counselling 想找人聊聊"); slices.ContainsFunc(got, func(m telegramtest.Message) bool { return shows(t, m.Text, ZH, "counsel.none_yet") }) {
		t.Fatalf("a counselling request with a counsellor in the zone: %+v", got)
	}
	// Nor in a zone whose admin is a counsellor (orders.MayTake: they see it in their queue).
	lb.grant(t, 900, "900 counsellor")
	lb.ts.AddUser(telegramtest.User{ID: 615, FirstName: "周", LanguageCode: "zh"})
	lb.sayAll(t, 615, "/register b2; 周阿姨; 13800138615; 3号楼 2单元 101") // b2: no counsellor volunteers
	if got := lb.sayAll(t, 615, "/order counselling 想找人聊聊"); slices.ContainsFunc(got, func(m telegramtest.Message) bool { return shows(t, m.Text, ZH, "counsel.none_yet") }) {
		t.Fatalf("a counselling request where the admin is a counsellor: %+v", got)
	}
	lb.noneRefused(t)
}

func TestClaims_BadInputChangesNothing(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")
	lb.sayAll(t, zhUser, "/order groceries 大米")      // #1; both pushed to the volunteers, settled here
	placeOrder(t, lb, zhUser, "/order groceries 鸡蛋") // #2
	lb.sayAll(t, volZH, "/claim 1")
	long := strings.Repeat("9", 5000)
	cases := []struct {
		user      int64
		in        string
		lang, key string
		args      []any
	}{
		{volZH, "/claim", ZH, "claim.usage", nil},
		{volZH, "/claim abc", ZH, "claim.usage", nil},
		{volZH, "/claim 0", ZH, "claim.usage", nil},
		{volZH, "/claim -1", ZH, "claim.usage", nil},
		{volZH, "/claim 99999", ZH, "queue.not_found", []any{99999}},
		{volZH, "/claim <b>1</b>", ZH, "claim.usage", nil},
		{volZH, "/claim " + long, ZH, "claim.usage", nil},
		{volZH, "/claim 🙂", ZH, "claim.usage", nil},
		{volZH, "/claim 2 2", ZH, "claim.usage", nil},
		{volZH, "/claim \x00\x07", ZH, "claim.usage", nil},
		{volZH, "/claim 1", ZH, "queue.already_yours", []any{1}},
		{volEN, "/claim 1", EN, "queue.already_taken", []any{1}},
		{volEN, "/deliver", EN, "deliver.usage", nil},
		{volEN, "/deliver abc", EN, "deliver.usage", nil},
		{volEN, "/deliver 0", EN, "deliver.usage", nil},
		{volEN, "/deliver -1", EN, "deliver.usage", nil},
		{volEN, "/deliver 99999", EN, "queue.not_found", []any{99999}},
		{volEN, "/deliver <b>1</b>", EN, "deliver.usage", nil},
		{volEN, "/deliver " + long, EN, "deliver.usage", nil},
		{volEN, "/deliver 🙂", EN, "deliver.usage", nil},
		{volEN, "/deliver 1", EN, "queue.not_your_task", []any{1}}, // someone else's task
		{volEN, "/deliver 2", EN, "queue.not_your_task", []any{2}}, // nobody's yet
		{volEN, "/release", EN, "release.usage", nil},
		{volEN, "/release abc", EN, "release.usage", nil},
		{volEN, "/release 0", EN, "release.usage", nil},
		{volEN, "/release -1", EN, "release.usage", nil},
		{volEN, "/release 99999", EN, "queue.not_found", []any{99999}},
		{volEN, "/release <b>1</b>", EN, "release.usage", nil},
		{volEN, "/release " + long, EN, "release.usage", nil},
		{volEN, "/release 🙂", EN, "release.usage", nil},
		{volEN, "/release 1 " + strings.Repeat("不", 5000), EN, "queue.not_your_task", []any{1}},
		{volZH, "/queue abc", ZH, "queue.unknown_category", []any{"abc"}},
		{volZH, "/queue <b>1</b>", ZH, "queue.unknown_category", []any{"<b>1</b>"}},
		{volZH, "/queue " + long, ZH, "queue.unknown_category", nil},
		{volEN, "/queue 🙂", EN, "queue.unknown_category", []any{"🙂"}},
		{volEN, "/queue -1", EN, "queue.unknown_category", nil},
		{zhUser, "/queue", ZH, "error.volunteer_only", nil},
		{zhUser, "/claim 2", ZH, "error.volunteer_only", nil},
		{zhUser, "/deliver 1", ZH, "error.volunteer_only", nil},
		{zhUser, "/release 1", ZH, "error.volunteer_only", nil},
		{zhUser, "/mytasks", ZH, "error.volunteer_only", nil},
	}
	for _, c := range cases {
		if got := lb.say(t, c.user, c.in); !shows(t, got.Text, c.lang, c.key, c.args...) {
			t.Errorf("%d %.40q: %q, want %s %v", c.user, c.in, got.Text, c.key, c.args)
		}
	}
	if got := lb.answers(t, -100500, 0, lb.ts.SendGroupText(-100500, volZH, "/claim 2")); len(got) != 1 || !shows(t, got[0].Text, ZH, "place.private_only") {
		t.Errorf("/claim in a group: %+v", got)
	}
	var events int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM order_events`).Scan(&events)
	if s1, s2 := orderStatus(t, lb, 1), orderStatus(t, lb, 2); s1 != "claimed" || s2 != "open" || events != 3 {
		t.Fatalf("bad input changed something: #1 %s, #2 %s, %d events", s1, s2, events)
	}
	lb.noneRefused(t)
}

func TestClaims_QueuePagesTenAtATimeAndFiltersByCategory(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volEN, "en", "Bob", "a1")
	for i := 1; i <= 11; i++ {
		placeOrder(t, lb, zhUser, fmt.Sprintf("/order groceries 鸡蛋 %d", i))
	}
	lb.sayAll(t, zhUser, "/order medicine 降压药") // #12
	q := lb.say(t, volEN, "/queue")
	// zhUser's household is vulnerable, so all its orders are urgent by default; the medicine,
	// urgent by its category, comes first all the same.
	if n := strings.Count(q.Raw, "<b>#"); n != 10 || !strings.HasPrefix(q.Text[strings.Index(q.Text, "#"):], "#12 ") ||
		!strings.Contains(q.Text, "#9") || strings.Contains(q.Text, "#10") {
		t.Fatalf("first page: %d orders: %q", n, q.Text)
	}
	lb.pressAll(t, volEN, q, words(EN, "queue.next"))
	next := messageByID(t, lb, volEN, q.ID)
	if !strings.Contains(next.Text, "#10") || !strings.Contains(next.Text, "#11") || strings.Contains(next.Text, "#12") ||
		hasButton(next, words(EN, "queue.next")) || !hasButton(next, words(EN, "queue.claim", 11)) {
		t.Fatalf("second page: %q", next.Text)
	}
	if got := lb.say(t, volEN, "/queue medicine"); !strings.Contains(got.Text, "#12") || strings.Count(got.Raw, "<b>#") != 1 {
		t.Fatalf("/queue medicine: %q", got.Text)
	}
	lb.say(t, volEN, "/duty off")
	if got := lb.say(t, volEN, "/claim 12"); !shows(t, got.Text, EN, "queue.claimed", 12) || !shows(t, got.Text, EN, "queue.claimed_off_duty") {
		t.Fatalf("claim off duty: %q", got.Text)
	}
	lb.noneRefused(t)
}

// A household that changes its address (/profile) while a volunteer holds its order: the
// claimer's card with the old address is edited to say it is out of date, without its buttons,
// and a new card with the new address and the buttons comes, in the claimer's language.
func TestClaims_AddressChangedAfterTheClaimReachesTheClaimer_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")
	lb.sayAll(t, zhUser, "/order groceries 大米")
	lb.sayAll(t, enUser, "/order groceries rice")
	for _, c := range []struct {
		user, vol  int64
		lang, vlng string
		order      int
	}{{zhUser, volEN, ZH, EN, 1}, {enUser, volZH, EN, ZH, 2}} {
		claimed := lb.sayAll(t, c.vol, fmt.Sprintf("/claim %d", c.order))
		card := claimed[0]
		if !strings.Contains(card.Text, "2单元 301") {
			t.Fatalf("the claimer's card: %q", card.Text)
		}
		summary := lb.press(t, c.user, lb.say(t, c.user, "/profile"), words(c.lang, "profile.edit", map[int64]string{zhUser: zhResident, enUser: enResident}[c.user]))
		zone := lb.press(t, c.user, summary, words(c.lang, "register.edit_address"))
		lb.press(t, c.user, zone, "官北沟")
		lb.say(t, c.user, "5号楼")
		summary = lb.say(t, c.user, "1单元 502")
		lb.pressAll(t, c.user, summary, words(c.lang, "button.confirm"))
		lb.drain(t)
		if old := lb.current(card); !shows(t, old.Text, c.vlng, "cards.task_moved", c.order) || strings.Contains(old.Text, "301") ||
			old.ReplyMarkup != nil && len(old.ReplyMarkup.InlineKeyboard) > 0 {
			t.Fatalf("%s: the old card: %q", c.vlng, old.Text)
		}
		fresh := last(lb.ts.BotMessages(c.vol))
		if !shows(t, fresh.Text, c.vlng, "queue.household_changed", c.order) || !strings.Contains(fresh.Text, "5号楼") ||
			!strings.Contains(fresh.Text, "1单元 502") || !hasButton(fresh, words(c.vlng, "queue.deliver_button", c.order)) {
			t.Fatalf("%s: the new card: %q", c.vlng, fresh.Text)
		}
		// It is the card that goes on: delivering from it works.
		lb.pressAll(t, c.vol, fresh, words(c.vlng, "queue.deliver_button", c.order))
	}
	if n := countRowsWhere(t, lb, "orders", "status", "delivered"); n != 2 {
		t.Fatalf("%d orders delivered from the new cards", n)
	}
	lb.noneRefused(t)
}
