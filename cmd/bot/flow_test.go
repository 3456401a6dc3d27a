package main

import (
	"context"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/i18n"
	"linli/telegramtest"
)

const (
	zhUser int64 = 101
	enUser int64 = 102
)

func addUsers(ts *telegramtest.Server) {
	ts.AddUser(telegramtest.User{ID: zhUser, FirstName: "王<b>阿姨</b>", LanguageCode: "zh-hans"})
	ts.AddUser(telegramtest.User{ID: enUser, FirstName: "Ann & Bob", LanguageCode: "en-GB"})
	ts.AddUser(telegramtest.User{ID: 900, FirstName: "Secretary", LanguageCode: "zh"})
}

func TestStart_GreetsInTheUsersLanguageWithLanguageButtons(t *testing.T) {
	t.Parallel()
	lb := startBot(t, telegramtest.Limits{}, nil)
	addUsers(lb.ts)
	zh := lb.say(t, zhUser, "/start")
	if !shows(t, zh.Text, ZH, "start.greeting", "王<b>阿姨</b>") {
		t.Errorf("zh greeting: %q", zh.Text)
	}
	en := lb.say(t, enUser, "/start")
	if !shows(t, en.Text, EN, "start.greeting", "Ann & Bob") {
		t.Errorf("en greeting: %q", en.Text)
	}
	kb := en.ReplyMarkup
	if kb == nil || len(kb.InlineKeyboard) != 1 || len(kb.InlineKeyboard[0]) != 2 {
		t.Fatalf("no language buttons: %+v", en.ReplyMarkup)
	}
	lb.noneRefused(t)
}

func TestLanguageButton_SwitchesOnlyThePressersLanguage(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	greeting := lb.say(t, zhUser, "/start")
	before := len(lb.ts.BotMessages(zhUser))
	if _, err := lb.ts.Press(zhUser, zhUser, greeting.ID, "lang:en"); err != nil {
		t.Fatal(err)
	}
	if got := lb.nextAfter(t, zhUser, before); !shows(t, got.Text, EN, "lang.set") {
		t.Fatalf("after pressing English: %q", got.Text)
	}
	if got := lb.nextAfter(t, zhUser, before+1); !shows(t, got.Text, EN, "register.ask_name") {
		t.Fatalf("registration did not start in English: %q", got.Text)
	}
	if help := lb.say(t, zhUser, "/help"); !shows(t, help.Text, EN, "help.title") {
		t.Fatalf("/help after switching: %q", help.Text)
	}
	if help := lb.say(t, enUser, "/help"); !shows(t, help.Text, EN, "help.title") {
		t.Fatalf("other user's /help: %q", help.Text)
	}
	lb.drain(t) // a press's answer goes beside the chat's messages, not before them
	if n := len(lb.ts.CallbackAnswers()); n != 1 {
		t.Fatalf("%d callback answers, want the press answered once", n)
	}
}

func TestLang_BadInputGetsUsageAndChangesNothing(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	hostile := []string{
		"/lang fr",
		"/lang <b>en</b>",
		"/lang *en*",
		"/lang " + strings.Repeat("长", 5000),
		"/lang 🇬🇧",
		"/lang en\x00\x07",
		"/lang en zh",
		"/lang [en](http://x)",
	}
	for _, in := range hostile {
		for _, user := range []int64{zhUser, enUser} {
			got := lb.say(t, user, in)
			if !shows(t, got.Text, map[int64]string{zhUser: ZH, enUser: EN}[user], "lang.usage") {
				t.Errorf("user %d %.30q: answer %q, want the usage in their language", user, in, got.Text)
			}
		}
	}
	if help := lb.say(t, zhUser, "/help"); !shows(t, help.Text, ZH, "help.title") {
		t.Fatalf("language changed by bad input: %q", help.Text)
	}
	bare := lb.say(t, enUser, "/lang")
	if !shows(t, bare.Text, EN, "lang.usage") || bare.ReplyMarkup == nil {
		t.Fatalf("/lang alone: %q", bare.Text)
	}
	lb.noneRefused(t)
}

func TestUnknownInput_AnsweredInBothLanguages(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	cases := []struct {
		send func(user int64)
		key  string
		args []any
	}{
		{func(u int64) { lb.ts.SendText(u, "你好 <script>") }, "free.greeting", nil},
		{func(u int64) { lb.ts.SendText(u, "/fly <b>now</b>") }, "unknown.command", []any{"/fly"}},
		{func(u int64) { lb.ts.SendSticker(u) }, "unknown.media", nil},
		{func(u int64) { lb.ts.SendPhoto(u, "look") }, "free.not_registered", nil}, // a photo order: not registered
		{func(u int64) { lb.ts.SendText(u, strings.Repeat("🍚", 5000)) }, "free.nothing", nil},
	}
	for i, c := range cases {
		for user, lang := range map[int64]string{zhUser: ZH, enUser: EN} {
			before := len(lb.ts.BotMessages(user))
			c.send(user)
			if got := lb.nextAfter(t, user, before); !shows(t, got.Text, lang, c.key, c.args...) {
				t.Errorf("case %d user %d: %q, want %s", i, user, got.Text, c.key)
			}
		}
	}
	lb.noneRefused(t)
}

func TestForgedButtons_ChangeNothing(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	greeting := lb.say(t, zhUser, "/start")
	for _, data := range []string{"lang:fr", "lang:", "claim:1", "x", "lang:en\x00"} {
		lb.ts.PressRaw(zhUser, zhUser, greeting.ID, data)
	}
	// A press on another user's message can only ever change the presser's own settings.
	lb.ts.PressRaw(enUser, zhUser, greeting.ID, "lang:zh")
	if help := lb.say(t, zhUser, "/help"); !shows(t, help.Text, ZH, "help.title") {
		t.Fatalf("forged buttons changed the language: %q", help.Text)
	}
	lb.drain(t) // a press's answer goes beside the chat's messages, not before them
	answers := lb.ts.CallbackAnswers()
	if len(answers) != 6 {
		t.Fatalf("%d answers: every press must be answered", len(answers))
	}
	for _, a := range answers {
		if !a.ShowAlert || !shows(t, a.Text, map[int64]string{zhUser: ZH, enUser: EN}[a.UserID], "error.stale_button") {
			t.Errorf("forged press answered %+v", a)
		}
	}
	if n := len(lb.ts.BotMessages(enUser)); n != 0 {
		t.Errorf("the forger got %d messages", n)
	}
}

// adminCommands are the admin-only commands of the command table (handlers/commands.go).
var adminCommands = []string{"grant", "revoke", "invite", "volunteers", "stats", "export", "bindqueue",
	"unbindqueue", "notice", "schedule", "notices", "unschedule", "monitor", "dashboard"}

func TestHelp_AdminSeesAdminCommandsOthersDoNot(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	title := i18n.Plain(i18n.T(i18n.ZH, "help.admin_title"))
	resident := lb.say(t, zhUser, "/help")
	admin := lb.say(t, 900, "/help") // the configured admin, in Chinese
	if strings.Contains(resident.Text, title) {
		t.Errorf("resident sees the admin section: %q", resident.Text)
	}
	for _, c := range []string{"/start", "/help", "/lang"} {
		for who, help := range map[string]string{"resident": resident.Text, "admin": admin.Text} {
			if !strings.Contains(help, c+" — ") {
				t.Errorf("%s's help lacks %s: %q", who, c, help)
			}
		}
	}
	_, section, ok := strings.Cut(admin.Text, title)
	if !ok {
		t.Fatalf("admin's help has no admin section: %q", admin.Text)
	}
	for _, c := range adminCommands {
		line := "/" + c + " — " + i18n.Plain(i18n.T(i18n.ZH, "cmd."+c))
		if !strings.Contains(section, line) {
			t.Errorf("admin section lacks %q: %q", line, section)
		}
		if strings.Contains(resident.Text, "/"+c+" — ") {
			t.Errorf("resident's help lists /%s", c)
		}
	}
}

func TestCommandMenus_RegisteredPerLanguage(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	lb.say(t, zhUser, "/start") // the bot is up and has registered its menus
	menus := lb.ts.Commands()
	found := map[string]string{}
	for scope, cmds := range menus {
		if scope.Type == "default" && len(cmds) > 0 {
			found[scope.LanguageCode] = cmds[0].Description
		}
	}
	if found["zh"] != words(ZH, "cmd.start") || found["en"] != words(EN, "cmd.start") || found[""] == "" {
		t.Fatalf("default menus: %v", found)
	}
}

func TestHandlerPanic_UserToldAndBotGoesOn(t *testing.T) {
	t.Parallel()
	hooks := fastSender()
	hooks.register = func(b *bot.Bot) {
		b.RegisterHandlerMatchFunc(func(u *models.Update) bool {
			return u.Message != nil && u.Message.Text == "/boom"
		}, func(context.Context, *bot.Bot, *models.Update) { panic("handler bug") })
	}
	lb := startBot(t, telegramtest.Limits{}, hooks)
	addUsers(lb.ts)
	if got := lb.say(t, enUser, "/boom"); !shows(t, got.Text, EN, "error.internal") {
		t.Fatalf("after a panic: %q", got.Text)
	}
	if got := lb.say(t, enUser, "/help"); !shows(t, got.Text, EN, "help.title") {
		t.Fatalf("bot did not go on: %q", got.Text)
	}
	if !strings.Contains(lb.logs.String(), "handler bug") {
		t.Error("panic not logged")
	}
}

func TestGroup_CommandsForOtherBotsAndChatterIgnored(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	lb.ts.AddGroup(-100, "3号楼志愿者群")
	lb.ts.SendGroupText(-100, zhUser, "大家好")
	lb.ts.SendGroupText(-100, zhUser, "/start@other_bot")
	lb.ts.SendGroupText(-100, zhUser, "/help@linli_test_bot")
	got := lb.nextAfter(t, -100, 0)
	if !shows(t, got.Text, ZH, "help.group_title") || !strings.Contains(got.Text, "/bindqueue") || strings.Contains(got.Text, "/order ") ||
		strings.Contains(got.Text, "101") || got.ReplyMarkup == nil || got.ReplyMarkup.InlineKeyboard[0][0].URL == "" {
		t.Fatalf("group /help@bot (the group's commands, nothing of the sender, a way to the private chat): %q", got.Text)
	}
	// An admin's /help in a group lists no admin command and not their id: the group learns
	// nothing of who holds which role.
	admin := lb.answers(t, -100, 1, lb.ts.SendGroupText(-100, 900, "/help"))
	if len(admin) != 1 || strings.Contains(admin[0].Text, "/grant") || strings.Contains(admin[0].Text, "900") || !shows(t, admin[0].Text, ZH, "help.group_footer") {
		t.Fatalf("an admin's /help in a group: %+v", admin)
	}
	lb.say(t, zhUser, "/help") // let everything before it be handled
	if n := len(lb.ts.BotMessages(-100)); n != 2 {
		t.Fatalf("%d bot messages in the group, want only the answers to the two /help", n)
	}
}

func TestStop_SIGTERMExitsZero(t *testing.T) {
	t.Parallel()
	lb := startBot(t, telegramtest.Limits{}, nil)
	addUsers(lb.ts)
	lb.say(t, zhUser, "/start")
	if code := lb.stop(); code != exitOK {
		t.Fatalf("exit %d, want 0", code)
	}
}

// Each staff section of /help shows to those who act in that role, and an admin sees them all:
// an organiser the rounds, a grid worker the call-backs, a resident none.
func TestHelp_StaffSectionsFollowRoles(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: 311, FirstName: "Org", LanguageCode: "en"})
	lb.ts.AddUser(telegramtest.User{ID: 312, FirstName: "老李", LanguageCode: "zh"})
	lb.say(t, 311, "/start")
	lb.say(t, 312, "/start")
	lb.grant(t, 900, "311 organizer a1")
	lb.grant(t, 900, "312 gridworker b2")
	sections := []string{"help.organizer_title", "help.gridworker_title", "help.admin_title"}
	for _, c := range []struct {
		who  int64
		lang string
		want []bool // organizer, grid worker, admin
	}{
		{zhUser, ZH, []bool{false, false, false}},
		{311, EN, []bool{true, false, false}},
		{312, ZH, []bool{false, true, false}},
		{900, ZH, []bool{true, true, true}},
	} {
		help := lb.say(t, c.who, "/help")
		for i, key := range sections {
			if got := shows(t, help.Text, c.lang, key); got != c.want[i] {
				t.Errorf("user %d: /help shows %s = %v, want %v: %q", c.who, key, got, c.want[i], help.Text)
			}
		}
	}
}
