package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"linli/telegramtest"
)

// BenchmarkPaidBroadcast sends a notice to paidBenchResidents residents (100,000; the
// environment variable LINLI_PAID_RESIDENTS changes it) with [notices] paid_broadcast on and the
// stand-in enforcing Telegram's limits (1,000 paid messages a second, 30 free, one a second per
// chat). It reports the time from the admin's /notice to the last resident reached (seconds),
// the rate (msgs/s) and its ratio to Telegram's 1,000 a second (%-of-1000/s), and the 429s.
//
//	go test -run '^$' -bench PaidBroadcast -benchtime 1x -timeout 30m ./cmd/bot/
func BenchmarkPaidBroadcast(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("LINLI_PAID_RESIDENTS")); err == nil && v > 0 {
		n = v
	}
	var secs, rates []float64
	tooMany := 0
	for range b.N {
		d, refused := measurePaidBroadcast(b, n)
		secs, rates = append(secs, d.Seconds()), append(rates, float64(n)/d.Seconds())
		tooMany += refused
	}
	b.ReportMetric(median(secs), "seconds")
	b.ReportMetric(median(rates), "msgs/s")
	b.ReportMetric(100*median(rates)/paidPerSec, "%-of-1000/s")
	b.ReportMetric(float64(tooMany), "429s")
}

func measurePaidBroadcast(b *testing.B, n int) (time.Duration, int) {
	const first, admin, text = 10_000, 900, "明天 8:00 全员核酸检测，请在楼下排队"
	ts := telegramtest.New(telegramtest.Options{Token: testToken})
	defer ts.Close()
	dir := b.TempDir()
	registerResidents(b, filepath.Join(dir, "linli.db"), first, n)
	cfg := writeConfig(b, dir, ts.URL(), "[notices]\npaid_broadcast = true\nconfirm_over = 10000000\n")
	ts.AddUser(telegramtest.User{ID: admin, FirstName: "Secretary", LanguageCode: "zh"})
	for i := range n {
		ts.AddUser(telegramtest.User{ID: int64(first + i), FirstName: "R", LanguageCode: "zh"})
	}
	var reached atomic.Int64
	last := make(chan time.Time, 1)
	feed, end := ts.Subscribe()
	defer end()
	go func() {
		for ev := range feed {
			if ev.Kind == telegramtest.EventNew && ev.Message.FromBot && ev.ChatID != admin &&
				strings.Contains(ev.Message.Text, text) && reached.Add(1) == int64(n) {
				last <- time.Now()
			}
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, nil) }()
	defer func() { cancel(); <-done }()
	for len(ts.Commands()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	b.ResetTimer()
	start := time.Now()
	ts.SendText(admin, "/notice residents "+text)
	var at time.Time
	select {
	case at = <-last:
	case <-time.After(20 * time.Minute):
		b.Fatalf("%d of %d residents reached in 20 minutes", reached.Load(), n)
	}
	b.StopTimer()
	return at.Sub(start), tooMany(ts)
}
