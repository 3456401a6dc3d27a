package main

import (
	"fmt"
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
	if got := lb.sayAll(t, user, "/join "+code); len(got) == 0 || !strings.Contains(got[0].Text, "🙌") {
		t.Fatalf("/join: %+v", got)
	}
}

// pressAnswer presses data (any, as a forged client may) under message msg of chat as user and
// returns the text of the answer to that press.
func pressAnswer(t *testing.T, lb *liveBot, user, chat int64, msg int, data string) string {
	t.Helper()
	id := lb.ts.PressRaw(user, chat, msg, data)
	lb.settle(t, id)
	got := ""
	for _, a := range lb.ts.CallbackAnswers() {
		if a.Data == data && a.ChatID == chat && a.UserID == user {
			got = a.Text
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
	items := lb.press(t, zhUser, cat, "买菜")
	items = lb.say(t, zhUser, "大米 5kg")
	note := lb.press(t, zhUser, lb.press(t, zhUser, items, "完成"), "不急")
	lb.pressAll(t, zhUser, lb.press(t, zhUser, note, "放门口"), "确认下单")
	lb.sayAll(t, enUser, "/order medicine insulin") // #2, urgent by default
	pushEN, pushZH := lastWith(t, lb, volEN, "#2"), lastWith(t, lb, volZH, "#2")
	if !strings.Contains(pushEN.Text, "New urgent order") || !strings.Contains(pushEN.Text, "insulin") ||
		!strings.Contains(pushZH.Text, "紧急订单") || !hasButton(pushZH, "认领 #2") {
		t.Fatalf("urgent push: en %q, zh %q", pushEN.Text, pushZH.Text)
	}
	if countWith(lb, volB2, "#2") != 0 || countWith(lb, volOff, "#2") != 0 || countWith(lb, volEN, "#1") != 0 {
		t.Fatalf("pushed beyond the zone's on-duty volunteers, or a non-urgent order pushed: b2 %+v, off %+v, en %+v",
			lb.ts.BotMessages(volB2), lb.ts.BotMessages(volOff), lb.ts.BotMessages(volEN))
	}

	q := lb.say(t, volZH, "/queue")
	if i, j := strings.Index(q.Text, "#2"), strings.Index(q.Text, "#1"); i < 0 || j < i || !hasButton(q, "认领 #1") {
		t.Fatalf("/queue, urgent first, with Claim buttons: %q", q.Text)
	}
	if off := lb.say(t, volOff, "/queue"); !strings.Contains(off.Text, "off duty") || !strings.Contains(off.Text, "#1") {
		t.Fatalf("/queue off duty: %q", off.Text)
	}

	// 李雷 claims #1 from the queue; the household learns who is coming.
	before := len(lb.ts.BotMessages(zhUser))
	card := lb.press(t, volZH, q, "认领 #1")
	for _, want := range []string{"#1 归您了", zhResident, resPhone, resRoom, "大米 5kg", "放门口，无接触配送"} {
		if !strings.Contains(card.Text, want) {
			t.Fatalf("claimer's card lacks %q: %q", want, card.Text)
		}
	}
	if told := lb.nextAfter(t, zhUser, before); !strings.Contains(told.Text, "志愿者 李<i>雷</i> 接了您的订单 #1") {
		t.Fatalf("household told: %q", told.Text)
	}
	// Bob claims #2 from the push; Ann learns it in English; 李雷's press on the same push loses.
	before = len(lb.ts.BotMessages(enUser))
	cardEN := lb.press(t, volEN, pushEN, "Claim #2")
	if !strings.Contains(cardEN.Text, enResident) || !strings.Contains(cardEN.Text, phoneOf(enUser)) || !hasButton(cardEN, "Delivered #2") {
		t.Fatalf("claimer's card (en): %q", cardEN.Text)
	}
	if told := lb.nextAfter(t, enUser, before); !strings.Contains(told.Text, "Volunteer Bob & Co took order #2") {
		t.Fatalf("household told (en): %q", told.Text)
	}
	if got := pressAnswer(t, lb, volZH, volZH, pushZH.ID, buttonData(t, pushZH, "认领 #2")); !strings.Contains(got, "已经被其他志愿者接走了") {
		t.Fatalf("second claim of #2: %q", got)
	}
	if got := lb.say(t, volEN, "/claim 1"); !strings.Contains(got.Text, "already been taken by another volunteer") {
		t.Fatalf("second claim of #1: %q", got.Text)
	}
	if tasks := lb.say(t, volZH, "/mytasks"); !strings.Contains(tasks.Text, "#1") || !strings.Contains(tasks.Text, resPhone) {
		t.Fatalf("/mytasks: %q", tasks.Text)
	}

	// 李雷 delivers with a photo at the door; Bob with the button. Both households confirm.
	before = len(lb.ts.BotMessages(zhUser))
	got := lb.answers(t, volZH, len(lb.ts.BotMessages(volZH)), lb.ts.SendPhoto(volZH, "/deliver 1"))
	if len(got) != 1 || !strings.Contains(got[0].Text, "已标记送达") || !strings.Contains(got[0].Text, "照片") {
		t.Fatalf("/deliver as a photo caption: %+v", got)
	}
	var photo string
	_ = lb.readDB(t).QueryRow(`SELECT delivery_photo FROM orders WHERE id = 1`).Scan(&photo)
	if photo == "" {
		t.Fatalf("delivery photo not kept")
	}
	if told := lb.nextAfter(t, zhUser, before); !strings.Contains(told.Text, "#1 已送达") || buttonData(t, told, "已收到 #1") != "o:r:1" {
		t.Fatalf("household told of delivery, with a button to confirm: %+v", told)
	}
	if pic := lb.nextAfter(t, zhUser, before+1); pic.Photo == nil || !strings.Contains(pic.Caption, "#1") {
		t.Fatalf("household did not get the photo at the door: %+v", pic)
	}
	lb.pressAll(t, volEN, cardEN, "Delivered #2")
	if after := messageByID(t, lb, volEN, cardEN.ID); !strings.Contains(after.Text, "marked delivered") || strings.Contains(after.Text, phoneOf(enUser)) {
		t.Fatalf("card after delivery by button still shows the address: %q", after.Text)
	}
	if got := lb.say(t, zhUser, "/received 1 5"); !strings.Contains(got.Text, "#1") {
		t.Fatalf("/received: %q", got.Text)
	}
	lb.sayAll(t, enUser, "/received 2") // settled: 李雷 has been told of #1 by now
	if told := lastWith(t, lb, volZH, "确认收到"); !strings.Contains(told.Text, "#1") {
		t.Fatalf("claimer told of receipt: %q", told.Text)
	}
	if got := lb.say(t, volZH, "/mytasks"); strings.Contains(got.Text, resPhone) || !strings.Contains(got.Text, "没有任务") {
		t.Fatalf("/mytasks after delivery: %q", got.Text)
	}
	if s1, s2 := orderStatus(t, lb, 1), orderStatus(t, lb, 2); s1 != "received" || s2 != "received" {
		t.Fatalf("after the loop: #1 %s, #2 %s", s1, s2)
	}

	if got := lb.say(t, volB2, "/queue"); !strings.Contains(got.Text, "现在没有您可以接的订单") {
		t.Fatalf("empty /queue: %q", got.Text)
	}

	// Privacy: no non-claimer ever saw a household's name, resPhone or resRoom.
	mustNotLeak(t, lb, volB2, zhResident, enResident, resPhone, phoneOf(enUser), resRoom, "放门口")
	mustNotLeak(t, lb, volOff, zhResident, enResident, resPhone, phoneOf(enUser), resRoom, "放门口")
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
	lb.sayAll(t, zhUser, "/order groceries 大米")    // #1 (urgent: the household is vulnerable)
	lb.sayAll(t, zhUser, "/order counselling 睡不好") // #2, counsellors only
	qEN := lb.say(t, volEN, "/queue")
	if !strings.Contains(qEN.Text, "#1") || strings.Contains(qEN.Text, "#2") {
		t.Fatalf("/queue shows counselling to a non-counsellor: %q", qEN.Text)
	}
	own := lb.ts.BotMessages(zhUser)[0]
	b2 := lb.ts.BotMessages(volB2)[0]
	forged := []struct {
		user, chat int64
		msg        int
		data, want string
	}{
		{zhUser, zhUser, own.ID, "q:c:1", "给志愿者用的"}, // a resident
		{zhUser, zhUser, own.ID, "q:d:1", "给志愿者用的"},
		{volB2, volB2, b2.ID, "q:c:1", "不在您负责的片区"}, // another zone
		{volB2, volB2, b2.ID, "q:r:1", "不是（或已不再是）您的任务"},
		{volB2, volB2, b2.ID, "q:d:1", "不是（或已不再是）您的任务"},
		{volEN, volEN, qEN.ID, "q:c:2", "not in your zones or categories"}, // counselling
		{volEN, volEN, qEN.ID, "q:c:abc", "expired"},
		{volEN, volEN, qEN.ID, "q:c:#1", "expired"},
		{volEN, volEN, qEN.ID, "q:p:-1", "expired"},
		{volEN, volEN, qEN.ID, "q:p:0:counselling", "expired"},
		{volEN, volEN, qEN.ID, "q:zz:1", "expired"},
		{volB2, volEN, qEN.ID, "q:c:1", "按钮已经失效"}, // in someone else's chat
	}
	for _, f := range forged {
		if got := pressAnswer(t, lb, f.user, f.chat, f.msg, f.data); !strings.Contains(got, f.want) {
			t.Errorf("%d pressing %q: %q, want %q", f.user, f.data, got, f.want)
		}
	}
	if s1, s2 := orderStatus(t, lb, 1), orderStatus(t, lb, 2); s1 != "open" || s2 != "open" {
		t.Fatalf("forged presses changed orders: #1 %s, #2 %s", s1, s2)
	}

	// Counselling is for counsellors; the admin sees every zone.
	if got := lb.say(t, volZH, "/claim 2"); !strings.Contains(got.Text, "不在您负责的片区或类别") {
		t.Fatalf("claim of counselling by a non-counsellor: %q", got.Text)
	}
	lb.sayAll(t, 900, fmt.Sprintf("/grant %d counsellor", volEN)) // settled: Bob told
	if got := lb.say(t, volEN, "/queue counselling"); !strings.Contains(got.Text, "#2") || strings.Contains(got.Text, "#1") {
		t.Fatalf("/queue counselling by a counsellor: %q", got.Text)
	}
	if got := lb.say(t, 900, "/queue"); !strings.Contains(got.Text, "#1") {
		t.Fatalf("admin's /queue: %q", got.Text)
	}

	// 李雷 claims #1; an admin takes it back; 李雷 is told and can no longer deliver it.
	card := lb.say(t, volZH, "/claim 1")
	if got := pressAnswer(t, lb, volEN, volEN, qEN.ID, "q:c:1"); !strings.Contains(got, "already been taken") {
		t.Fatalf("the slower Claim press: %q", got)
	}
	before := len(lb.ts.BotMessages(volZH))
	if got := lb.sayAll(t, 900, "/release 1 重新分配"); len(got) != 1 || !strings.Contains(got[0].Text, "#1") {
		t.Fatalf("admin /release: %+v", got)
	}
	if told := lb.nextAfter(t, volZH, before); !strings.Contains(told.Text, "管理员（重新分配）退回") {
		t.Fatalf("holder told of the release: %q", told.Text)
	}
	if got := lb.say(t, volZH, "/deliver 1"); !strings.Contains(got.Text, "不再是）您的任务") {
		t.Fatalf("/deliver of a released claim: %q", got.Text)
	}
	if got := pressAnswer(t, lb, volZH, volZH, card.ID, "q:d:1"); !strings.Contains(got, "不再是）您的任务") {
		t.Fatalf("Delivered button of a released claim: %q", got)
	}
	if s := orderStatus(t, lb, 1); s != "open" {
		t.Fatalf("#1 %s after a refused delivery", s)
	}

	// Bob releases his own claim: nobody is told it was taken from him.
	lb.say(t, volEN, "/claim 1")
	if got := lb.sayAll(t, volEN, "/release 1"); len(got) != 1 || !strings.Contains(got[0].Text, "back in the queue") {
		t.Fatalf("own /release: %+v", got)
	}

	// An urgent claim taken back is pushed again, to all on duty but the one who held it.
	// #3: medicine through the guided order, with a prescription photo.
	cat := lb.say(t, zhUser, "/order")
	items := lb.press(t, zhUser, cat, "买药")
	items = lb.say(t, zhUser, "降压药")
	lb.press(t, zhUser, items, "完成")
	urgent := lb.answers(t, zhUser, len(lb.ts.BotMessages(zhUser)), lb.ts.SendPhoto(zhUser, ""))
	note := lb.press(t, zhUser, urgent[len(urgent)-1], "🔴 急")
	lb.pressAll(t, zhUser, lb.press(t, zhUser, note, "不用留言"), "确认下单")
	if got := lb.sayAll(t, volEN, "/claim 3"); len(got) != 2 || !strings.Contains(got[0].Text, "prescription photo") ||
		got[1].Photo == nil || !strings.Contains(got[1].Caption, "Prescription for order #3") {
		t.Fatalf("claimer of an order with a prescription photo: card and photo, got %+v", got)
	}
	lb.sayAll(t, 900, "/release 3")
	// 李雷: the first push, edited back to open, and the new one; Bob: his push, edited back.
	if n, m := len(offering(lb, volZH, 3)), len(offering(lb, volEN, 3)); n != 2 || m != 1 || countWith(lb, volEN, "urgent order", "#3") != 0 {
		t.Fatalf("cards offering #3: %d to 李雷 (want 2), %d to Bob (want 1, and no new push)", n, m)
	}
	if told := lastWith(t, lb, volEN, "#3"); !strings.Contains(told.Text, "released by an admin") {
		t.Fatalf("Bob told: %q", told.Text)
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
		user int64
		in   string
		want string
	}{
		{volZH, "/claim", "用法：/claim"},
		{volZH, "/claim abc", "用法：/claim"},
		{volZH, "/claim 0", "用法：/claim"},
		{volZH, "/claim -1", "用法：/claim"},
		{volZH, "/claim 99999", "没有订单 #99999"},
		{volZH, "/claim <b>1</b>", "用法：/claim"},
		{volZH, "/claim " + long, "用法：/claim"},
		{volZH, "/claim 🙂", "用法：/claim"},
		{volZH, "/claim 2 2", "用法：/claim"},
		{volZH, "/claim \x00\x07", "用法：/claim"},
		{volZH, "/claim 1", "已经是您的了"},
		{volEN, "/claim 1", "already been taken"},
		{volEN, "/deliver", "Usage: /deliver"},
		{volEN, "/deliver abc", "Usage: /deliver"},
		{volEN, "/deliver 0", "Usage: /deliver"},
		{volEN, "/deliver -1", "Usage: /deliver"},
		{volEN, "/deliver 99999", "no order #99999"},
		{volEN, "/deliver <b>1</b>", "Usage: /deliver"},
		{volEN, "/deliver " + long, "Usage: /deliver"},
		{volEN, "/deliver 🙂", "Usage: /deliver"},
		{volEN, "/deliver 1", "not (or no longer) your task"}, // someone else's task
		{volEN, "/deliver 2", "not (or no longer) your task"}, // nobody's yet
		{volEN, "/release", "Usage: /release"},
		{volEN, "/release abc", "Usage: /release"},
		{volEN, "/release 0", "Usage: /release"},
		{volEN, "/release -1", "Usage: /release"},
		{volEN, "/release 99999", "no order #99999"},
		{volEN, "/release <b>1</b>", "Usage: /release"},
		{volEN, "/release " + long, "Usage: /release"},
		{volEN, "/release 🙂", "Usage: /release"},
		{volEN, "/release 1 " + strings.Repeat("不", 5000), "not (or no longer) your task"},
		{volZH, "/queue abc", "没有“abc”这个类别"},
		{volZH, "/queue <b>1</b>", "没有“<b>1</b>”这个类别"},
		{volZH, "/queue " + long, "这个类别"},
		{volEN, "/queue 🙂", "There is no category “🙂”"},
		{volEN, "/queue -1", "There is no category"},
		{zhUser, "/queue", "给志愿者用的"},
		{zhUser, "/claim 2", "给志愿者用的"},
		{zhUser, "/deliver 1", "给志愿者用的"},
		{zhUser, "/release 1", "给志愿者用的"},
		{zhUser, "/mytasks", "给志愿者用的"},
	}
	for _, c := range cases {
		if got := lb.say(t, c.user, c.in); !strings.Contains(got.Text, c.want) {
			t.Errorf("%d %.40q: %q, want %q", c.user, c.in, got.Text, c.want)
		}
	}
	if got := lb.answers(t, -100500, 0, lb.ts.SendGroupText(-100500, volZH, "/claim 2")); len(got) != 1 || !strings.Contains(got[0].Text, "私聊") {
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
	if n := strings.Count(q.Raw, "<b>#"); n != 10 || !strings.Contains(q.Text, "#10") || strings.Contains(q.Text, "#11") {
		t.Fatalf("first page: %d orders: %q", n, q.Text)
	}
	lb.pressAll(t, volEN, q, "Next page")
	next := messageByID(t, lb, volEN, q.ID)
	if !strings.Contains(next.Text, "#11") || !strings.Contains(next.Text, "#12") || strings.Contains(next.Text, "#10") ||
		hasButton(next, "Next page") || !hasButton(next, "Claim #12") {
		t.Fatalf("second page: %q", next.Text)
	}
	if got := lb.say(t, volEN, "/queue medicine"); !strings.Contains(got.Text, "#12") || strings.Count(got.Raw, "<b>#") != 1 {
		t.Fatalf("/queue medicine: %q", got.Text)
	}
	lb.say(t, volEN, "/duty off")
	if got := lb.say(t, volEN, "/claim 12"); !strings.Contains(got.Text, "#12 is yours") || !strings.Contains(got.Text, "off duty") {
		t.Fatalf("claim off duty: %q", got.Text)
	}
	lb.noneRefused(t)
}
