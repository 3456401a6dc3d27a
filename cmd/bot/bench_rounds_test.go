package main

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"linli/telegramtest"
)

// BenchmarkSignUpBurst has 3,000 households sign up for a group buy within one minute (50 a
// second, evenly) against the stand-in with Telegram's limits on and the bot's own sender
// pacing (30 messages/s in all, 1/s per chat): every sign-up must be stored once and answered.
// It reports the time from each "/buy" to its answer (p50, p99: the answers queue behind the
// 30/s limit, so p99 is about the burst's length over 30/s), the 429s the stand-in answered (0)
// and the process's max RSS.
func BenchmarkSignUpBurst(b *testing.B) {
	const households, first, spread = 3000, 20000, time.Minute
	for b.Loop() {
		ts := telegramtest.New(telegramtest.Options{Token: testToken})
		dir := b.TempDir()
		dbPath := filepath.Join(dir, "linli.db")
		registerResidents(b, dbPath, first, households)
		openRound(b, dbPath, households, time.Now().Add(24*time.Hour))
		cfg := writeConfig(b, dir, ts.URL(), "")
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, nil) }()
		for len(ts.Commands()) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		for i := range households {
			ts.AddUser(telegramtest.User{ID: int64(first + i), FirstName: "居民", LanguageCode: "zh"})
		}
		var sent [households]atomic.Int64 // unix ns each /buy was sent
		begin := time.Now()
		go func() {
			for i := range households {
				time.Sleep(time.Until(begin.Add(spread * time.Duration(i) / households)))
				sent[i].Store(time.Now().UnixNano())
				ts.SendText(int64(first+i), "/buy R1 1x1")
			}
		}()
		lat := make([]time.Duration, 0, households)
		seen := make([]bool, households)
		deadline := time.Now().Add(5 * time.Minute)
		costs := wordsBefore(ZH, "buy.total") // a sign-up's answer ends with what it costs
		for len(lat) < households {
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d answered", len(lat), households)
			}
			for i := range households {
				if seen[i] || sent[i].Load() == 0 {
					continue
				}
				if msgs := ts.BotMessages(int64(first + i)); len(msgs) > 0 {
					if !strings.Contains(msgs[0].Text, costs) {
						b.Fatalf("household %d: %q", i, msgs[0].Text)
					}
					seen[i] = true
					lat = append(lat, time.Since(time.Unix(0, sent[i].Load())))
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		total := time.Since(begin)
		n429 := 0
		for _, q := range ts.Requests() {
			if q.Status == 429 {
				n429++
			}
		}
		var rows int
		_ = roDB(b, dbPath).QueryRow(`SELECT count(DISTINCT household_id) FROM supply_signups WHERE status = 'confirmed'`).Scan(&rows)
		cancel()
		<-done
		ts.Close()
		if rows != households {
			b.Fatalf("%d sign-ups stored, want %d", rows, households)
		}
		slices.Sort(lat)
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
		b.ReportMetric(ms(percentile(lat, 99)), "p99-ms")
		b.ReportMetric(float64(n429), "429s")
		b.ReportMetric(total.Seconds(), "all-answered-s")
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MB")
	}
}
