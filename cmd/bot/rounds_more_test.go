package main

import (
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

const roundRelative int64 = 313 // a relative of zhUser's household (en)

// linkRelative makes user a relative of owner's household with /family.
func linkRelative(t *testing.T, lb *liveBot, owner, user int64) {
	t.Helper()
	link := lb.say(t, owner, "/family")
	i := strings.Index(link.Text, "/start f_")
	if i < 0 {
		t.Fatalf("no code: %q", link.Text)
	}
	lb.say(t, user, "/start "+strings.Fields(link.Text[i+len("/start "):])[0])
}

func TestRound_RelativeSignsUpAndCancellationTellsEveryone(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	lb.ts.AddUser(telegramtest.User{ID: roundRelative, FirstName: "Rita", LanguageCode: "en"})
	linkRelative(t, lb, zhUser, roundRelative)
	lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" 水果; 苹果 ¥20/箱 max 2")
	lb.sayAll(t, 900, "/round groupbuy zone:b2 "+cutoffIn(clock, time.Hour)+" 幸福里团购; 牛奶 ¥30/箱")
	got := lb.sayAll(t, roundRelative, "/buy R1 1x2")
	if !strings.Contains(got[0].Text, "苹果 × 2") || !strings.Contains(got[0].Text, "¥40.00") {
		t.Fatalf("relative's sign-up: %q", got[0].Text)
	}
	lb.drain(t)
	if told := last(lb.ts.BotMessages(zhUser)).Text; !strings.Contains(told, "Rita 为您家报名了 苹果 × 2") {
		t.Fatalf("household not told of the relative's sign-up: %q", told)
	}
	if got := lb.sayAll(t, enUser, "/buy R2 1x1"); !strings.Contains(got[0].Text, "not for your building or zone") {
		t.Fatalf("another zone's round: %q", got[0].Text)
	}
	forgedPresses(t, lb)
	if got := lb.sayAll(t, 900, "/cancelround R1 供应商缺货"); !strings.Contains(got[0].Text, "已取消") {
		t.Fatalf("/cancelround: %q", got[0].Text)
	}
	lb.drain(t)
	for user, want := range map[int64]string{zhUser: "供应商缺货", roundRelative: "is cancelled: 供应商缺货"} {
		if got := last(lb.ts.BotMessages(user)).Text; !strings.Contains(got, want) {
			t.Errorf("%d after the cancellation: %q", user, got)
		}
	}
	if got := lb.sayAll(t, roundRelative, "/buy R1 1x1"); !strings.Contains(got[0].Text, "R1 is cancelled") {
		t.Fatalf("sign-up on a cancelled round: %q", got[0].Text)
	}
	if got := lb.sayAll(t, 900, "/rounds"); !strings.Contains(got[0].Text, "已取消") || !strings.Contains(got[0].Text, "报名中") {
		t.Fatalf("/rounds: %q", got[0].Text)
	}
	if got := lb.sayAll(t, zhUser, "/rounds"); !strings.Contains(got[0].Text, "只有管理员和团长") {
		t.Fatalf("/rounds by a resident: %q", got[0].Text)
	}
	lb.noneRefused(t)
}

func TestRound_GuidedDistributionWithPickupSlots(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	ask := lb.say(t, 900, "/round")
	ask = lb.press(t, 900, ask, "发放")
	lb.say(t, 900, "保供菜包")
	lb.say(t, 900, "菜包\n大米 5kg/袋")
	if got := lb.say(t, 900, "明天"); !strings.Contains(got.Text, "截单时间须为") {
		t.Fatalf("bad cut-off in the flow: %q", got.Text)
	}
	lb.say(t, 900, cutoffIn(clock, time.Hour))
	ask = lb.say(t, 900, "zone:a1")
	ask = lb.press(t, 900, ask, "自提")
	lb.say(t, 900, "北门; 15")
	done := lb.sayAll(t, 900, "0")
	if !strings.Contains(done[0].Text, "R1「保供菜包」已发布") {
		t.Fatalf("guided round: %+v", done)
	}
	clock.jump(90 * time.Minute)
	lb.sweep(t)
	for _, u := range []int64{zhUser, enUser} {
		if got := last(lb.ts.BotMessages(u)).Text; !strings.Contains(got, "北门") {
			t.Errorf("%d not told the slot: %q", u, got)
		}
	}
	clock.jump(time.Hour)
	lb.sweep(t)
	if got := last(lb.ts.BotMessages(enUser)).Text; !strings.Contains(got, "pickup slot has begun") {
		t.Errorf("slot start: %q", got)
	}
	queue := lb.sayAll(t, roundVol, "/queue supplies")
	list := lb.press(t, roundVol, queue[0], "Claim B1")
	if !strings.Contains(list.Text, "2 households") || !strings.Contains(list.Text, "大米 5kg/袋 ×1") {
		t.Fatalf("checklist: %q", list.Text)
	}
	list = lb.pressEdited(t, roundVol, list, "nobody home")
	lb.drain(t)
	if got := lb.ts.BotMessages(zhUser); !strings.Contains(got[len(got)-1].Text+got[len(got)-2].Text, "无人") {
		t.Errorf("household not told nobody was home")
	}
	before := len(lb.ts.BotMessages(900))
	id, err := lb.ts.Press(roundVol, list.ChatID, list.ID, "s:d:1:2") // enUser's household, the second
	if err != nil {
		t.Fatal(err)
	}
	lb.settle(t, id)
	lb.drain(t)
	if got := lb.ts.BotMessages(900)[before:]; len(got) == 0 || !strings.Contains(got[len(got)-1].Text, "2单元 301") {
		t.Fatalf("not-reached list to the organiser: %+v", got)
	}
	lb.noneRefused(t)
}

// forgedPresses: a resident of zone a1 presses the Sign-up button of a forwarded announcement
// of R2 (zone b2), and buttons with forged household and item ids; each is refused and nothing
// changes.
func forgedPresses(t *testing.T, lb *liveBot) {
	t.Helper()
	var before int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM supply_signups`).Scan(&before)
	msg := last(lb.ts.BotMessages(enUser))
	for data, want := range map[string]string{
		"b:r:2":           "not for your building or zone", // the forwarded announcement of R2
		"b:q:1:1:1:1":     "expired",                       // household 1 is zhUser's, not enUser's
		"b:q:1:2:9:1":     "no such item",
		"b:q:1:2:1:99999": "more than one household may take",
		"b:q:1:2:1:0":     "whole number from 1",
		"b:q:1:x:1:1":     "expired",
		"b:c:1:1":         "expired",
	} {
		id := lb.ts.PressRaw(enUser, enUser, msg.ID, data)
		lb.settle(t, id)
		var got string
		for _, a := range lb.ts.CallbackAnswers() {
			if a.Data == data && a.UserID == enUser {
				got = a.Text
			}
		}
		if !strings.Contains(got, want) {
			t.Errorf("press %q: answer %q, want %q", data, got, want)
		}
	}
	var after int
	_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM supply_signups`).Scan(&after)
	if after != before {
		t.Fatalf("forged presses changed sign-ups: %d → %d", before, after)
	}
}
