package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/telegram"
	"linli/telegramtest"
)

// ratioGuided is how many residents press the guided order's last button at once.
const ratioGuided = 500

// BenchmarkRatios measures, side by side in every iteration on fresh stand-ins with rate limits
// off, a bare go-telegram/bot echo bot (bare-upd/s: benchUpdates texts answered, as
// BenchmarkIntake) and the real bot on a database of benchUpdates registered residents:
//   - /help from benchUpdates residents at once (help/echo);
//   - one-line "/order groceries 大米 5kg" from benchUpdates residents at once (order/echo);
//   - the guided /order's last press ("确认下单") by ratioGuided residents at once, each brought
//     to the summary first, untimed (guided/echo);
//   - the same press answered by a bare bot with no storage that makes the press's two Bot API
//     calls (measureBarePress): bare2-press/echo, the ceiling of guided/echo, and guided/bare2-press,
//     how near the real bot comes to that ceiling.
//
// Each ratio is answers a second over the echo's (or the bare two-call bot's), medians over
// iterations.
//
//	go test -run '^$' -bench Ratios -benchtime 3x ./cmd/bot/
func BenchmarkRatios(b *testing.B) {
	b.StopTimer()
	seeded := filepath.Join(b.TempDir(), "seed.db")
	registerResidents(b, seeded, firstResident, benchUpdates)
	b.StartTimer()
	var echo, help, order, guided, press, nearCeiling []float64
	for range b.N {
		e := measure(b, runBareEcho)
		echo = append(echo, e)
		p := measureBarePress(b)
		press = append(press, p/e)
		help = append(help, measureAnswers(b, seeded, benchUpdates, func(ts *telegramtest.Server, i int) {
			ts.SendText(firstResident+int64(i), "/help")
		})/e)
		order = append(order, measureAnswers(b, seeded, benchUpdates, func(ts *telegramtest.Server, i int) {
			ts.SendText(firstResident+int64(i), "/order groceries 大米 5kg")
		})/e)
		g := measureGuidedLast(b, seeded)
		guided = append(guided, g/e)
		nearCeiling = append(nearCeiling, g/p)
	}
	b.ReportMetric(median(echo), "bare-upd/s")
	b.ReportMetric(median(help), "help/echo")
	b.ReportMetric(median(order), "order/echo")
	b.ReportMetric(median(guided), "guided/echo")
	b.ReportMetric(median(press), "bare2-press/echo")
	b.ReportMetric(median(nearCeiling), "guided/bare2-press")
}

// measureBarePress has ratioGuided users press a button under a summary-sized message at once,
// answered by a bare bot with no storage making the guided last press's two Bot API calls
// (runBareTwoCalls: answerCallbackQuery, then a message), and returns the answers a second: the
// ceiling of guided/echo.
func measureBarePress(b *testing.B) float64 {
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: telegramtest.Limits{Disabled: true}})
	defer ts.Close()
	defer runBareTwoCalls(b, ts, func(c int64) int64 { return c })()
	api, err := bot.New(testToken, bot.WithServerURL(ts.URL()), bot.WithSkipGetMe())
	if err != nil {
		b.Fatal(err)
	}
	summary := strings.Repeat("大米 5kg、食用油 1 桶、鸡蛋 30 个，放门口，谢谢\n", 6)
	keys := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
		{{Text: words(ZH, "order.place"), CallbackData: "f:order:place"}}, {{Text: "✖", CallbackData: "f:order:cancel"}}}}
	shown := make([]*models.Message, ratioGuided)
	for i := range ratioGuided {
		user := firstResident + int64(i)
		ts.AddUser(telegramtest.User{ID: user, FirstName: "居民", LanguageCode: "zh"})
		if shown[i], err = api.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: user, Text: summary,
			ReplyMarkup: telegram.InlineMarkup{InlineKeyboardMarkup: keys}}); err != nil {
			b.Fatal(err)
		}
	}
	return answersPerSecond(b, ts, ratioGuided, func(i int) {
		if _, err := ts.Press(firstResident+int64(i), shown[i].Chat.ID, shown[i].ID, "f:order:place"); err != nil {
			b.Fatal(err)
		}
	})
}

// ratioBot runs the real bot on a copy of seeded against ts, limits off, until stop.
func ratioBot(b *testing.B, ts *telegramtest.Server, seeded string) (stop func()) {
	dir := b.TempDir()
	copyFile(b, seeded, filepath.Join(dir, "linli.db"))
	cfg := writeConfig(b, dir, ts.URL(), benchOrderLimit)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	hooks := &appHooks{sender: func(o *telegram.SenderOptions) { o.PerSec, o.PerChat = 1e6, time.Microsecond }}
	go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, hooks) }()
	for len(ts.Commands()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	for i := range benchUpdates {
		ts.AddUser(telegramtest.User{ID: firstResident + int64(i), FirstName: "居民", LanguageCode: "zh"})
	}
	return func() { cancel(); <-done }
}

// measureAnswers has send(ts, i) for i < n, all at once, and returns the answers a second.
func measureAnswers(b *testing.B, seeded string, n int, send func(ts *telegramtest.Server, i int)) float64 {
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: telegramtest.Limits{Disabled: true}})
	defer ts.Close()
	defer ratioBot(b, ts, seeded)()
	return answersPerSecond(b, ts, n, func(i int) { send(ts, i) })
}

// answersPerSecond has send(i) for i < n, all at once, and returns the answers a second: n over
// the time until ts has seen n more sendMessage calls.
func answersPerSecond(b *testing.B, ts *telegramtest.Server, n int, send func(i int)) float64 {
	base := ts.CountCalls("sendMessage")
	begin := time.Now()
	for i := range n {
		send(i)
	}
	waitCalls(b, ts, base+n)
	return float64(n) / time.Since(begin).Seconds()
}

// waitCalls waits until the stand-in has seen n sendMessage calls.
func waitCalls(b *testing.B, ts *telegramtest.Server, n int) {
	deadline := time.Now().Add(3 * time.Minute)
	for ts.CountCalls("sendMessage") < n {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d answers", ts.CountCalls("sendMessage"), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// measureGuidedLast brings ratioGuided residents through the guided /order to its summary, then
// has them all press "确认下单" at once and returns the answers a second.
func measureGuidedLast(b *testing.B, seeded string) float64 {
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: telegramtest.Limits{Disabled: true}})
	defer ts.Close()
	defer ratioBot(b, ts, seeded)()
	summaries := make([]telegramtest.Message, ratioGuided)
	var wg sync.WaitGroup
	for i := range ratioGuided {
		wg.Go(func() { summaries[i] = toSummary(b, ts, firstResident+int64(i)) })
	}
	wg.Wait()
	place := words(ZH, "order.place")
	rate := answersPerSecond(b, ts, ratioGuided, func(i int) {
		m := summaries[i]
		if _, err := ts.Press(firstResident+int64(i), m.ChatID, m.ID, buttonData(b, m, place)); err != nil {
			b.Fatal(err)
		}
	})
	placed := wordsBefore(ZH, "order.placed") // the answer to an order, up to its number
	for i := range ratioGuided {
		if m := ts.BotMessages(firstResident + int64(i)); !strings.Contains(m[len(m)-1].Text, placed) {
			b.Fatalf("resident %d: %q", i, m[len(m)-1].Text)
		}
	}
	return rate
}

// toSummary walks user through the guided /order up to the summary with its confirm button.
func toSummary(b *testing.B, ts *telegramtest.Server, user int64) telegramtest.Message {
	next := func(after int) telegramtest.Message {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		m, err := ts.WaitMessage(ctx, user, func(m telegramtest.Message) bool { return m.ID > after && m.ReplyMarkup != nil })
		if err != nil {
			b.Errorf("resident %d: no next step: %v", user, err)
		}
		return m
	}
	ts.SendText(user, "/order")
	m := next(0)
	for _, label := range []string{words(ZH, "cat.groceries"), words(ZH, "item.rice"), words(ZH, "button.done"),
		words(ZH, "order.not_urgent"), words(ZH, "note.door")} {
		if _, err := ts.Press(user, m.ChatID, m.ID, buttonData(b, m, label)); err != nil {
			b.Fatal(err)
		}
		if label == words(ZH, "item.rice") {
			continue // an item is added in place: the same menu, edited, is pressed next
		}
		m = next(m.ID)
	}
	return m
}
