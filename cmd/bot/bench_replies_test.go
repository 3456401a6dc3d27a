package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/telegramtest"
)

// The broadcast BenchmarkRepliesDuringBroadcast answers through.
const (
	bcastResidents = 10_000    // recipients of the notice
	bcastFirst     = 10_000    // user id of recipient 0
	bcastStrangers = 5_000_000 // user id of the first non-recipient
	bcastAdmin     = 900
	bcastText      = "明天 8:00 全员核酸检测，请在楼下排队"
	bcastWarmup    = 60               // recipients reached before sampling starts
	bcastSample    = 20 * time.Second // how long replies are sampled while the broadcast runs
	bcastEvery     = 400 * time.Millisecond
)

// BenchmarkRepliesDuringBroadcast measures replies while a notice to bcastResidents residents
// goes out at Telegram's pace, with the stand-in enforcing Telegram's limits (30 messages a
// second in all, one a second per private chat) and the bot at its production settings.
//
// Each iteration registers the residents in a fresh database, starts the real bot (realMain, as
// `bot run`), has an admin send "/notice residents …" and press Send, waits until bcastWarmup
// residents have it, and then for bcastSample, every bcastEvery:
//   - a user who is not a recipient sends /help (stranger-p50/p99-ms: from the update to the
//     answer reaching the stand-in);
//   - a recipient sends /help: the one the notice reached last, so the answer must wait out the
//     chat's one-second gap (recipient-p50/p99-ms).
//
// Over the same window it counts the notice's messages the stand-in accepted (bcast-%-of-30/s),
// all the bot's messages it accepted, the replies included (all-%-of-30/s), and every 429 it
// answered (429s). Figures are medians over iterations (429s: the sum).
//
//	go test -run '^$' -bench RepliesDuringBroadcast -benchtime 3x ./cmd/bot/
func BenchmarkRepliesDuringBroadcast(b *testing.B) {
	var s50, s99, r50, r99, share, all []float64
	tooMany := 0
	for range b.N {
		f := measureRepliesDuringBroadcast(b)
		s50, s99 = append(s50, ms(percentile(f.stranger, 50))), append(s99, ms(percentile(f.stranger, 99)))
		r50, r99 = append(r50, ms(percentile(f.recipient, 50))), append(r99, ms(percentile(f.recipient, 99)))
		share, tooMany = append(share, 100*f.rate/30), tooMany+f.tooMany
		all = append(all, 100*f.all/30)
	}
	b.ReportMetric(median(s50), "stranger-p50-ms")
	b.ReportMetric(median(s99), "stranger-p99-ms")
	b.ReportMetric(median(r50), "recipient-p50-ms")
	b.ReportMetric(median(r99), "recipient-p99-ms")
	b.ReportMetric(median(share), "bcast-%-of-30/s")
	b.ReportMetric(median(all), "all-%-of-30/s")
	b.ReportMetric(float64(tooMany), "429s")
}

// broadcastFigures are one iteration's reply latencies (sorted), the notice's rate over the
// sampled window and the 429s answered.
type broadcastFigures struct {
	stranger, recipient []time.Duration
	rate, all           float64 // messages a second: the notice's, and all the bot's
	tooMany             int
}

func measureRepliesDuringBroadcast(b *testing.B) broadcastFigures {
	ts := telegramtest.New(telegramtest.Options{Token: testToken}) // Telegram's limits enforced
	defer ts.Close()
	dir := b.TempDir()
	registerResidents(b, filepath.Join(dir, "linli.db"), bcastFirst, bcastResidents)
	cfg := writeConfig(b, dir, ts.URL(), "")
	ts.AddUser(telegramtest.User{ID: bcastAdmin, FirstName: "Secretary", LanguageCode: "zh"})
	for i := range bcastResidents {
		ts.AddUser(telegramtest.User{ID: int64(bcastFirst + i), FirstName: "R", LanguageCode: "zh"})
	}
	for i := range int(bcastSample/bcastEvery) + 1 {
		ts.AddUser(telegramtest.User{ID: int64(bcastStrangers + i), FirstName: "S", LanguageCode: "zh"})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, nil) }()
	defer func() { cancel(); <-done }()
	for len(ts.Commands()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	w := newWaiter(ts)
	defer w.stop()
	reached := noticeFeed(ts)
	defer reached.stop()

	send := wordsBefore(ZH, "notice.button_send") // the count of people follows
	preview := w.say(b, bcastAdmin, "/notice residents "+bcastText, func(m telegramtest.Message) bool {
		return m.ReplyMarkup != nil && strings.Contains(fmt.Sprint(m.ReplyMarkup.InlineKeyboard), send)
	})
	if _, err := ts.Press(bcastAdmin, bcastAdmin, preview.ID, buttonData(b, preview, send)); err != nil {
		b.Fatal(err)
	}
	for reached.count() < bcastWarmup {
		time.Sleep(10 * time.Millisecond)
	}

	isHelp := func(m telegramtest.Message) bool { return !strings.Contains(m.Text, bcastText) }
	var f broadcastFigures
	var mu sync.Mutex
	var wg sync.WaitGroup
	startN, begin := reached.count(), time.Now()
	for i := 0; time.Since(begin) < bcastSample; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			start := time.Now()
			w.say(b, int64(bcastStrangers+i), "/help", isHelp)
			mu.Lock()
			f.stranger = append(f.stranger, time.Since(start))
			mu.Unlock()
		}()
		go func() {
			defer wg.Done()
			user := reached.last()
			start := time.Now()
			w.say(b, user, "/help", isHelp)
			mu.Lock()
			f.recipient = append(f.recipient, time.Since(start))
			mu.Unlock()
		}()
		time.Sleep(bcastEvery)
	}
	end := time.Now()
	f.rate = float64(reached.count()-startN) / end.Sub(begin).Seconds()
	wg.Wait()
	sent := 0
	for _, q := range ts.Requests() {
		if q.Status == 429 {
			f.tooMany++
		}
		if q.Status == 200 && q.Method == "sendMessage" && !q.At.Before(begin) && q.At.Before(end) {
			sent++
		}
	}
	f.all = float64(sent) / end.Sub(begin).Seconds()
	if n := len(w.ts.BotMessages(bcastAdmin)); n == 0 {
		b.Fatal("the admin heard nothing")
	}
	slices.Sort(f.stranger)
	slices.Sort(f.recipient)
	return f
}

// noticeWatch counts the residents the notice reached and remembers the latest.
type noticeWatch struct {
	mu     sync.Mutex
	n      int
	latest int64
	stop   func()
}

func noticeFeed(ts *telegramtest.Server) *noticeWatch {
	feed, end := ts.Subscribe()
	nw := &noticeWatch{stop: end}
	go func() {
		for ev := range feed {
			if ev.Kind == telegramtest.EventNew && ev.Message.FromBot && strings.Contains(ev.Message.Text, bcastText) &&
				ev.ChatID != bcastAdmin {
				nw.mu.Lock()
				nw.n++
				nw.latest = ev.ChatID
				nw.mu.Unlock()
			}
		}
	}()
	return nw
}

func (nw *noticeWatch) count() int {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	return nw.n
}

func (nw *noticeWatch) last() int64 {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	return nw.latest
}
