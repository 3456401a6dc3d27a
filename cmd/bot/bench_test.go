package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/telegram"
	"linli/telegramtest"
)

const benchUpdates = 2000

// BenchmarkIntake measures updates per second through the durable path (getUpdates → inbox →
// dispatcher → handler in a transaction → outbox → sender) against a bare go-telegram/bot echo
// handler (its own poller, no storage), each on its own fresh stand-in with rate limits off.
// Every iteration runs both, side by side; the reported figures are medians over iterations.
//
//	go test -run '^$' -bench Intake -benchtime 5x ./cmd/bot/
func BenchmarkIntake(b *testing.B) { benchAgainstEcho(b, runDurable) }

// benchAgainstEcho runs the bare echo and run side by side in every iteration and reports their
// medians and ratio.
func benchAgainstEcho(b *testing.B, run func(b *testing.B, ts *telegramtest.Server) func()) {
	var durable, bare []float64
	for range b.N {
		bare = append(bare, measure(b, runBareEcho))
		durable = append(durable, measure(b, run))
	}
	md, mb := median(durable), median(bare)
	b.ReportMetric(md, "durable-upd/s")
	b.ReportMetric(mb, "bare-upd/s")
	b.ReportMetric(md/mb, "ratio")
}

// measure starts a bot with start, sends benchUpdates texts from as many users and returns the
// rate at which their answers arrived.
func measure(b *testing.B, start func(b *testing.B, ts *telegramtest.Server) func()) float64 {
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: telegramtest.Limits{Disabled: true}})
	defer ts.Close()
	stop := start(b, ts)
	defer stop()
	for i := range benchUpdates {
		ts.AddUser(telegramtest.User{ID: int64(10_000 + i), FirstName: "U", LanguageCode: "en"})
	}
	begin := time.Now()
	for i := range benchUpdates {
		ts.SendText(int64(10_000+i), fmt.Sprintf("hello %d", i))
	}
	deadline := begin.Add(2 * time.Minute)
	for ts.CountCalls("sendMessage") < benchUpdates {
		if time.Now().After(deadline) {
			b.Fatalf("only %d answers", ts.CountCalls("sendMessage"))
		}
		time.Sleep(2 * time.Millisecond)
	}
	return benchUpdates / time.Since(begin).Seconds()
}

func runDurable(b *testing.B, ts *telegramtest.Server) func() {
	return runDurableWith(b, ts, "", nil)
}

// runDurableWith is runDurable with extra configuration and, when ready is not nil, a wait for
// ready(hooks of the running bot) before it returns.
func runDurableWith(b *testing.B, ts *telegramtest.Server, extra string, ready func(*appHooks) func()) func() {
	dir := b.TempDir()
	cfg := writeConfig(b, dir, ts.URL(), extra)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	hooks := &appHooks{sender: func(o *telegram.SenderOptions) { o.PerSec, o.PerChat = 1e6, time.Microsecond }}
	wait := func() {}
	if ready != nil {
		wait = ready(hooks)
	}
	go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, hooks) }()
	// Ready once the command menus are registered.
	for len(ts.Commands()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	wait()
	return func() { cancel(); <-done }
}

func runBareEcho(b *testing.B, ts *telegramtest.Server) func() {
	echo := func(ctx context.Context, bt *bot.Bot, u *models.Update) {
		if u.Message != nil {
			_, _ = bt.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
		}
	}
	return runBare(b, ts, echo)
}

// runBareTwoCalls is runBareEcho making the two Bot API calls the bot's busiest answers make,
// still with no storage: the ceiling of the claim and guided-order ratios, against which the
// durable path's own cost is read. A text is echoed to its sender and also sent to the chat
// other(sender) (a claim's card to the volunteer and "who is coming" to the household); a button
// press is answered (answerCallbackQuery, the spinner stopped) and followed by a message (the
// guided order's last press: "placed").
func runBareTwoCalls(b *testing.B, ts *telegramtest.Server, other func(int64) int64) func() {
	handle := func(ctx context.Context, bt *bot.Bot, u *models.Update) {
		switch {
		case u.Message != nil:
			_, _ = bt.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
			_, _ = bt.SendMessage(ctx, &bot.SendMessageParams{ChatID: other(u.Message.Chat.ID), Text: u.Message.Text})
		case u.CallbackQuery != nil:
			_, _ = bt.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID})
			_, _ = bt.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.CallbackQuery.From.ID, Text: u.CallbackQuery.Data})
		}
	}
	return runBare(b, ts, handle)
}

// runBare starts a go-telegram/bot bot with handler as its default, on its own poller.
func runBare(b *testing.B, ts *telegramtest.Server, handler bot.HandlerFunc) func() {
	bt, err := bot.New(testToken, bot.WithServerURL(ts.URL()), bot.WithSkipGetMe(), bot.WithDefaultHandler(handler),
		bot.WithErrorsHandler(func(error) {}))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { bt.Start(ctx); close(done) }()
	return func() { cancel(); <-done }
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}
