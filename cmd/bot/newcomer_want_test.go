package main

import (
	"testing"

	"linli/telegramtest"
)

// needBeforeRegistering is what each language's newcomer types before registering.
var needBeforeRegistering = map[string]string{ZH: "我要买点大米和鸡蛋", EN: "I need rice and eggs"}

// finishRegistration answers the guided registration from its name question to the summary's
// confirmation, and returns what the confirming press brought.
func finishRegistration(t *testing.T, lb *liveBot, user int64, lang, name string) []telegramtest.Message {
	t.Helper()
	lb.say(t, user, name)
	before := len(lb.ts.BotMessages(user))
	lb.ts.SendContact(user, "+86 "+phoneOf(user))
	zone := lb.nextAfter(t, user, before+1) // after "phone noted"
	lb.press(t, user, zone, "官北沟")
	lb.say(t, user, "3号楼")
	size := lb.say(t, user, "2单元 301")
	vuln := lb.press(t, user, size, "1")
	summary := lb.press(t, user, vuln, words(lang, "button.done"))
	return lb.pressAll(t, user, summary, words(lang, "button.confirm"))
}

// A need typed before registering is kept, said so, and drafted once registered, whichever way
// the registration is started: the menu's order button, /start and a language, /register.
func TestNewcomer_NeedTypedBeforeRegisteringIsKeptAndDrafted(t *testing.T) {
	t.Parallel()
	for _, way := range []string{"menu", "start", "register"} {
		for lang, user := range map[string]int64{ZH: zhUser, EN: enUser} {
			t.Run(way+"/"+lang, func(t *testing.T) {
				t.Parallel()
				lb := startBot(t, quick, fastSender())
				addUsers(lb.ts)
				need := needBeforeRegistering[lang]
				told := lb.say(t, user, need)
				if !shows(t, told.Text, lang, "free.not_registered_kept", need) || told.ReplyMarkup == nil {
					t.Fatalf("a need typed before registering: %+v", told)
				}
				var got []telegramtest.Message
				switch way {
				case "menu":
					got = lb.pressAll(t, user, told, "🛒 "+words(lang, "menu.order"))
				case "start":
					greet := lb.say(t, user, "/start")
					got = lb.pressAll(t, user, greet, words(lang, "button."+lang))
				case "register":
					got = lb.sayAll(t, user, "/register")
				}
				if !showsIn(t, got, lang, "register.want_noted", need) || !shows(t, last(got).Text, lang, "register.ask_name") {
					t.Fatalf("registration started by %s: %+v", way, got)
				}
				done := finishRegistration(t, lb, user, lang, "Wang")
				if len(done) != 2 || !shows(t, done[0].Text, lang, "register.done", anyArg{}, anyArg{}) ||
					!shows(t, done[1].Text, lang, "free.draft", words(lang, "cat.groceries"), need) {
					t.Fatalf("after registering: %+v", done)
				}
				lb.noneRefused(t)
			})
		}
	}
}

// The one-line /register drafts a need kept before, too; a second need typed before registering
// is added to the first.
func TestNewcomer_OneLineRegisterDraftsTheKeptNeed(t *testing.T) {
	t.Parallel()
	for lang, user := range map[string]int64{ZH: zhUser, EN: enUser} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			lb := startBot(t, quick, fastSender())
			addUsers(lb.ts)
			lb.say(t, user, needBeforeRegistering[lang])
			more := map[string]string{ZH: "还要一桶油", EN: "and a bottle of oil too"}[lang]
			if told := lb.say(t, user, more); !shows(t, told.Text, lang, "free.not_registered_kept", anyArg{}) {
				t.Fatalf("a second need: %+v", told)
			}
			got := lb.sayAll(t, user, "/register a1; Wang; "+phoneOf(user)+"; 3号楼 301")
			if len(got) != 2 || !shows(t, got[0].Text, lang, "register.done", anyArg{}, anyArg{}) ||
				!shows(t, got[1].Text, lang, "free.draft", anyArg{}, anyArg{}) {
				t.Fatalf("one-line /register after a need: %+v", got)
			}
			mustSay(t, got[1], needBeforeRegistering[lang], more)
			lb.noneRefused(t)
		})
	}
}

// A registration, guided or in one line, ends with the main menu: its order button starts an
// order at once, no command to remember.
func TestRegistration_DoneOffersTheMenusOrderButton(t *testing.T) {
	t.Parallel()
	for lang, user := range map[string]int64{ZH: zhUser, EN: enUser} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			lb := startBot(t, quick, fastSender())
			addUsers(lb.ts)
			lb.say(t, user, "/register")
			done := finishRegistration(t, lb, user, lang, "Wang")
			if len(done) != 1 || !shows(t, done[0].Text, lang, "register.done", anyArg{}, anyArg{}) {
				t.Fatalf("after registering: %+v", done)
			}
			if ask := lb.press(t, user, done[0], "🛒 "+words(lang, "menu.order")); !shows(t, ask.Text, lang, "order.ask_category") {
				t.Fatalf("the order button after registering: %+v", ask)
			}
			other := map[string]int64{ZH: 910, EN: 911}[lang]
			lb.ts.AddUser(telegramtest.User{ID: other, FirstName: "Li", LanguageCode: lang})
			got := lb.sayAll(t, other, "/register a1; Li; "+phoneOf(other)+"; 5号楼 101")
			if len(got) != 1 || !shows(t, got[0].Text, lang, "register.done", anyArg{}, anyArg{}) || got[0].ReplyMarkup == nil {
				t.Fatalf("one-line /register: %+v", got)
			}
			if ask := lb.press(t, other, got[0], "🛒 "+words(lang, "menu.order")); !shows(t, ask.Text, lang, "order.ask_category") {
				t.Fatalf("the order button after /register: %+v", ask)
			}
			lb.noneRefused(t)
		})
	}
}
