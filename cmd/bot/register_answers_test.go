package main

import (
	"testing"
)

// The name question refuses an emoji alone (a name needs letters) and a phone number (typed a
// step early), saying which; the size question takes a size as people say it ("两口人",
// "2 of us", "two", "二").
func TestRegistration_NameAndSizeAnswersAsPeopleTypeThem(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang  string
		user  int64
		sizes []string
	}{{ZH, zhUser, []string{"两口人", "二"}}, {EN, enUser, []string{"2 of us", "two"}}} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			lb := startBot(t, quick, fastSender())
			addUsers(lb.ts)
			lang, user := c.lang, c.user
			lb.say(t, user, "/register")
			if got := lb.say(t, user, "👴🏻"); !shows(t, got.Text, lang, "register.name_no_letters") {
				t.Fatalf("an emoji for the name: %q", got.Text)
			}
			if got := lb.say(t, user, "138 1234 5678"); !shows(t, got.Text, lang, "register.name_is_phone") {
				t.Fatalf("a phone for the name: %q", got.Text)
			}
			if got := lb.say(t, user, "Wang"); got.ReplyKeyboard == nil || !got.ReplyKeyboard.Keyboard[0][0].RequestContact {
				t.Fatalf("a name after the refusals: %+v", got)
			}
			before := len(lb.ts.BotMessages(user))
			lb.ts.SendContact(user, "+86 "+phoneOf(user))
			zone := lb.nextAfter(t, user, before+1)
			lb.press(t, user, zone, "官北沟")
			lb.say(t, user, "3号楼")
			lb.say(t, user, "2单元 301")
			if got := lb.say(t, user, "many"); !shows(t, got.Text, lang, "register.bad_size") {
				t.Fatalf("no size in words: %q", got.Text)
			}
			if got := lb.say(t, user, c.sizes[0]); !shows(t, got.Text, lang, "register.ask_vulnerable") {
				t.Fatalf("size %q: %q", c.sizes[0], got.Text)
			}
			summary := lb.press(t, user, lb.current(lb.ts.BotMessages(user)[len(lb.ts.BotMessages(user))-1]), words(lang, "button.done"))
			lb.press(t, user, summary, words(lang, "register.edit_household")) // the size again, in words
			lb.say(t, user, c.sizes[1])
			summary = lb.press(t, user, lb.current(lb.ts.BotMessages(user)[len(lb.ts.BotMessages(user))-1]), words(lang, "button.done"))
			lb.press(t, user, summary, words(lang, "button.confirm"))
			var n int
			var name string
			if err := lb.readDB(t).QueryRow(`SELECT size, name FROM households`).Scan(&n, &name); err != nil || n != 2 || name != "Wang" {
				t.Fatalf("household saved: size %d, name %q, %v", n, name, err)
			}
			lb.noneRefused(t)
		})
	}
}
