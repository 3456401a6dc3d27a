package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/internal/testlog"
	"linli/telegram"
	"linli/telegramtest"
)

// liveBot is the real bot (realMain, as `bot run`) talking to a stand-in, in this process.
type liveBot struct {
	ts   *telegramtest.Server
	dir  string
	logs *testlog.Buffer
	stop func() int
}

// startBot runs the bot against a fresh stand-in until the test ends.
func startBot(t *testing.T, limits telegramtest.Limits, hooks *appHooks) *liveBot {
	t.Helper()
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: limits})
	t.Cleanup(ts.Close)
	lb := &liveBot{ts: ts, dir: t.TempDir(), logs: &testlog.Buffer{}}
	cfg := writeConfig(t, lb.dir, ts.URL(), "")
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, lb.logs, lb.logs, hooks) }()
	var once sync.Once
	var rc int
	lb.stop = func() int {
		once.Do(func() { cancel(); rc = <-code })
		return rc
	}
	t.Cleanup(func() {
		lb.stop()
		if strings.Contains(lb.logs.String(), testToken) {
			t.Errorf("token in logs")
		}
	})
	return lb
}

// fastSender lifts the sender's limits for tests that do not test them.
func fastSender() *appHooks {
	return &appHooks{sender: func(o *telegram.SenderOptions) { o.PerSec, o.PerChat = 1000, time.Millisecond }}
}

// say sends text as user and returns the bot's next new message to that chat.
func (lb *liveBot) say(t *testing.T, user int64, text string) telegramtest.Message {
	t.Helper()
	before := len(lb.ts.BotMessages(user))
	lb.ts.SendText(user, text)
	return lb.nextAfter(t, user, before)
}

// nextAfter waits for the bot's message number before+1 in chat.
func (lb *liveBot) nextAfter(t *testing.T, chat int64, before int) telegramtest.Message {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if msgs := lb.ts.BotMessages(chat); len(msgs) > before {
			return msgs[before]
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no answer in chat %d; logs:\n%s", chat, lb.logs.String())
	return telegramtest.Message{}
}

// refusedRequests lists every API call the stand-in refused with 400: each is a message a user
// did not get because the bot broke Telegram's rules.
func (lb *liveBot) refusedRequests() []telegramtest.Request {
	var out []telegramtest.Request
	for _, q := range lb.ts.Requests() {
		if q.Status == 400 {
			out = append(out, q)
		}
	}
	return out
}
