package main

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/internal/testlog"
	"linli/telegram"
)

// Personal data of the log test's session: none of it may reach a log line.
const (
	logPhone   = "13812345678"
	logName    = "Zhang Sanfeng"
	logAddress = "7号楼 3单元 702"
	logItems   = "大米 5kg 鸡蛋"
	logNotice  = "今晚8点在3号楼下做核酸"
)

// misbehave registers handlers that fail the way a buggy handler would: one returns an error,
// one panics, both on updates that carry personal data.
func misbehave(b *bot.Bot) {
	is := func(cmd string) bot.MatchFunc {
		return func(u *models.Update) bool { return u.Message != nil && strings.HasPrefix(u.Message.Text, cmd) }
	}
	b.RegisterHandlerMatchFunc(is("/fail"), func(ctx context.Context, _ *bot.Bot, _ *models.Update) {
		telegram.UnitFrom(ctx).Err = errors.New("handler error")
	})
	b.RegisterHandlerMatchFunc(is("/crash"), func(context.Context, *bot.Bot, *models.Update) {
		panic("handler bug")
	})
}

func TestLogs_NoPhoneNameAddressTextOrToken_AtDebugLevel(t *testing.T) {
	t.Parallel()
	logs := &testlog.Buffer{}
	hooks := fastSender()
	hooks.register = misbehave
	hooks.logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	lb := startBotWith(t, quick, hooks, "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)

	register(t, lb, zhUser, "zh", zhResident) // guided: contact button, 3号楼 / 2单元 301
	mustShow(t, lb.sayAll(t, enUser, "/register a1; "+logName+"; 138-1234-5678; "+logAddress)[0], EN, "register.done")
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	cat := lb.say(t, zhUser, "/order")
	lb.press(t, zhUser, cat, words(ZH, "cat.groceries"))
	items := lb.say(t, zhUser, logItems)
	note := lb.press(t, zhUser, lb.press(t, zhUser, items, words(ZH, "button.done")), words(ZH, "order.not_urgent"))
	lb.pressAll(t, zhUser, lb.press(t, zhUser, note, words(ZH, "note.door")), words(ZH, "order.place"))
	lb.sayAll(t, volZH, "/claim 1")
	lb.sayAll(t, volZH, "/deliver 1")
	lb.sayAll(t, zhUser, "/received 1 5")
	lb.sayAll(t, 900, "/notice all "+logNotice)
	lb.drain(t)
	lb.sayAll(t, enUser, "/fail "+logPhone+" "+logAddress)
	lb.sayAll(t, enUser, "/crash "+logPhone+" "+logAddress)
	lb.ts.FailNext("sendMessage", 1, 400, "Bad Request: can't parse entities", 0)
	lb.sayAll(t, enUser, "/orders")
	lb.ts.Close() // the Bot API is gone: getUpdates fails with its URL, token included, in the error
	waitFor(t, "a getUpdates failure logged", 5*time.Second, func() bool {
		return strings.Contains(logs.String(), "getUpdates failed")
	})
	lb.stop()

	all := logs.String() + lb.logs.String()
	for _, want := range []string{"update failed", "handler panic", "send refused", "getUpdates failed"} {
		if !strings.Contains(all, want) {
			t.Errorf("the session did not log %q: the bad path was not taken", want)
		}
	}
	assertNoPersonalData(t, all)
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if !strings.Contains(line, " component=") {
			t.Errorf("log line without a component: %s", line)
		}
	}
}

// digitRuns joins digits split by spaces, dashes, dots, brackets or a plus, so that a phone
// number is found in any format.
var digitRuns = regexp.MustCompile(`(\d)[\s\-+().]+(\d)`)

// stackTrace is a logged panic's stack: functions, files, line numbers and hex addresses, none
// of them the user's. Its addresses hold any digits (0xc000702aa0 once held the room number
// "702"), so the search for personal data skips it; the panic's value is in err=, searched.
var stackTrace = regexp.MustCompile(`stack="(?:[^"\\]|\\.)*"`)

func assertNoPersonalData(t *testing.T, logs string) {
	t.Helper()
	all := logs
	logs = stackTrace.ReplaceAllString(logs, `stack="…"`)
	joined := digitRuns.ReplaceAllString(digitRuns.ReplaceAllString(logs, "$1$2"), "$1$2")
	for _, phone := range []string{logPhone, resPhone} {
		if strings.Contains(joined, phone) || strings.Contains(joined, phone[3:]) {
			t.Errorf("phone %s in the logs", phone)
		}
	}
	secrets := []string{
		testToken, "TEST-token", "SECRET",
		logName, "Sanfeng", zhResident, "李雷", "阿姨", "Ann & Bob", "Ann &amp; Bob", "Secretary",
		logAddress, "7号楼", "3单元", "2单元", "3号楼", "702",
		logItems, "大米", logNotice, "核酸",
		strings.Split(words(ZH, "note.door"), "，")[0], // the note the resident chose, or its first words
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("%q in the logs", s)
		}
	}
	if t.Failed() {
		t.Logf("logs:\n%s", all)
	}
}
