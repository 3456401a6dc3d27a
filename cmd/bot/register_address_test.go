package main

import (
	"fmt"
	"strings"
	"testing"

	"linli/i18n"
	"linli/telegramtest"
)

// Issue 12, input sanity: the guided registration reads the building as the address parser
// does ("Building 3" and "3栋" are the same 3号楼 as "3号楼"), and a whole address typed at the
// building question fills the room too instead of asking for it again.
func TestRegistration_GuidedReadsTheBuildingLikeTheParser(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	cases := []struct {
		user             int64
		lang, typed      string
		skipsRoom        bool
		building, room   string
		roomTypedIfAsked string
	}{
		{501, "zh", "3栋", false, "3号楼", "2单元 301", "2单元 301"},
		{502, "en", "Bldg ３", false, "3号楼", "301", "301"},
		{503, "en", "Building 3, Room 301", true, "3号楼", "301", ""},
		{504, "zh", "5号楼2单元501", true, "5号楼", "2单元 501", ""},
		{505, "zh", "综合楼", false, "综合楼", "101", "101"},
		{506, "en", "12-3-402", true, "12号楼", "3单元 402", ""},
	}
	for _, c := range cases {
		lb.ts.AddUser(telegramtest.User{ID: c.user, FirstName: "U", LanguageCode: c.lang})
		start := lb.say(t, c.user, "/start")
		label := words(c.lang, "button."+c.lang)
		before := len(lb.ts.BotMessages(c.user))
		if _, err := lb.ts.Press(c.user, c.user, start.ID, buttonData(t, start, label)); err != nil {
			t.Fatal(err)
		}
		lb.nextAfter(t, c.user, before+1) // the language, then step 1
		lb.say(t, c.user, "Resident")
		lb.sayAll(t, c.user, fmt.Sprintf("1380013%04d", c.user))
		zone := lb.ts.BotMessages(c.user)[len(lb.ts.BotMessages(c.user))-1]
		lb.press(t, c.user, zone, "官北沟")
		next := lb.say(t, c.user, c.typed)
		wantKey := "register.ask_room"
		if c.skipsRoom {
			wantKey = "register.ask_size"
		}
		if !strings.HasPrefix(next.Text, i18n.T(c.lang, wantKey)) {
			t.Errorf("%q at the building question: %q, want %s", c.typed, next.Text, wantKey)
			continue
		}
		if !c.skipsRoom {
			next = lb.say(t, c.user, c.roomTypedIfAsked)
		}
		vuln := lb.press(t, c.user, next, "2")
		summary := lb.press(t, c.user, vuln, words(c.lang, "button.done"))
		lb.press(t, c.user, summary, words(c.lang, "button.confirm"))
		var building, room string
		lb.readDB(t).QueryRow(`SELECT h.building, h.room FROM households h JOIN household_members m ON m.household_id = h.id
			WHERE m.user_id = ?`, c.user).Scan(&building, &room)
		if building != c.building || room != c.room {
			t.Errorf("%q: stored %q %q, want %q %q", c.typed, building, room, c.building, c.room)
		}
	}
	lb.noneRefused(t)
}

// /start begins the guided registration; a resident who then registers in one line is done: the
// next thing they type is a need, not the answer to the guided flow's question.
func TestRegistration_OneLineEndsTheGuidedOneStartedBefore(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	lb.ts.AddUser(telegramtest.User{ID: 521, FirstName: "Ann", LanguageCode: "en"})
	start := lb.say(t, 521, "/start")
	before := len(lb.ts.BotMessages(521))
	if _, err := lb.ts.Press(521, 521, start.ID, buttonData(t, start, words(EN, "button.en"))); err != nil {
		t.Fatal(err)
	}
	if ask := lb.nextAfter(t, 521, before+1); !strings.HasPrefix(ask.Text, i18n.T("en", "register.ask_name")) {
		t.Fatalf("guided registration not begun: %q", ask.Text)
	}
	lb.sayAll(t, 521, "/register a1; Ann; 13800138521; Building 3, Room 301")
	next := lb.sayAll(t, 521, "I need insulin and some bread please")
	if len(next) != 1 || strings.Contains(next[0].Text, i18n.Plain(i18n.T("en", "register.ask_phone"))) || next[0].ReplyMarkup == nil {
		t.Fatalf("after the one-line registration, a need: %+v", next)
	}
	lb.noneRefused(t)
}
