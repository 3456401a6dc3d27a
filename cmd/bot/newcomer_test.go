package main

import (
	"testing"
)

// A newcomer who sends /order and types what they need where their name is asked: it is kept,
// not taken for a name, and drafted as soon as they are registered.
func TestNewcomer_NeedTypedForTheNameIsDraftedOnceRegistered(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	lb.sayAll(t, zhUser, "/order")
	got := lb.sayAll(t, zhUser, "我要买药，胰岛素")
	if len(got) != 2 || !shows(t, got[0].Text, ZH, "register.want_noted", "我要买药，胰岛素") || !shows(t, got[1].Text, ZH, "register.ask_name") {
		t.Fatalf("a need typed for the name: %+v", got)
	}
	lb.say(t, zhUser, "米兰") // a name with a grocery word in it is a name
	before := len(lb.ts.BotMessages(zhUser))
	lb.ts.SendContact(zhUser, "+86 138 0013 8000")
	zone := lb.nextAfter(t, zhUser, before+1) // after "phone noted"
	lb.press(t, zhUser, zone, "官北沟")
	lb.say(t, zhUser, "3号楼")
	size := lb.say(t, zhUser, "2单元 301")
	vuln := lb.press(t, zhUser, size, "1")
	summary := lb.press(t, zhUser, vuln, words(ZH, "button.done"))
	done := lb.pressAll(t, zhUser, summary, words(ZH, "button.confirm"))
	if len(done) != 2 || !shows(t, done[0].Text, ZH, "register.done", anyArg{}, anyArg{}) ||
		!shows(t, done[1].Text, ZH, "free.draft", words(ZH, "cat.medicine"), "我要买药，胰岛素") {
		t.Fatalf("after registering: %+v", done)
	}
	mustSay(t, done[0], "米兰")
	lb.noneRefused(t)
}

// /start again in the middle of registration, and a language pressed: the question pending is
// asked again, and the answer is taken for it.
func TestNewcomer_StartAgainMidwayAsksThePendingQuestion(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	greet := lb.say(t, enUser, "/start")
	lb.pressAll(t, enUser, greet, words(EN, "button.en"))
	lb.say(t, enUser, "Ann")
	greet = lb.say(t, enUser, "/start")
	got := lb.pressAll(t, enUser, greet, words(ZH, "button.zh"))
	if !shows(t, last(got).Text, ZH, "register.ask_phone") {
		t.Fatalf("after /start midway: %+v", got)
	}
	lb.noneRefused(t)
}

// A volunteer with no household of their own is shown what they can do, not registered as a
// household; what they type is answered as to a volunteer.
func TestNewcomer_VolunteerIsNotMadeToRegisterAHousehold(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	enlist(t, lb, volEN, "en", "Bob", "a1")
	greet := lb.say(t, volEN, "/start")
	got := lb.pressAll(t, volEN, greet, words(EN, "button.en"))
	if !shows(t, last(got).Text, EN, "help.title") || shows(t, last(got).Text, EN, "register.ask_name") {
		t.Fatalf("a volunteer's /start: %+v", got)
	}
	if got := lb.sayAll(t, volEN, "order 3 delivered"); !shows(t, got[0].Text, EN, "free.staff") {
		t.Fatalf("a volunteer's words: %+v", got)
	}
	if ask := lb.say(t, volEN, "/register"); !shows(t, ask.Text, EN, "register.ask_name") {
		t.Fatalf("a volunteer who wants a household of their own: %q", ask.Text)
	}
	lb.noneRefused(t)
}
