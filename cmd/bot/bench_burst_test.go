package main

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/telegramtest"
)

// BenchmarkOrderBurst has 5,000 registered residents each send a one-line /order within 10 s
// (evenly spread) against the stand-in with Telegram's limits on and the bot at its production
// settings. Every order must be stored once and every resident answered. It reports the time
// from the first /order to the last answer (last-answer-s) against the limit's floor (5,000 /
// 30 = 167 s: ratio-to-floor), the answers out of arrival order (out-of-order: residents
// answered after someone who wrote later; max-displacement: how many places the worst one was
// overtaken by), the latency p50/p99 and the 429s (0).
//
//	go test -run '^$' -bench OrderBurst -benchtime 1x -timeout 30m ./cmd/bot/
func BenchmarkOrderBurst(b *testing.B) {
	const residents, first, spread = 5000, 30_000, 10 * time.Second
	for b.Loop() {
		ts := telegramtest.New(telegramtest.Options{Token: testToken})
		dir := b.TempDir()
		dbPath := filepath.Join(dir, "linli.db")
		registerResidents(b, dbPath, first, residents)
		cfg := writeConfig(b, dir, ts.URL(), "")
		for i := range residents {
			ts.AddUser(telegramtest.User{ID: int64(first + i), FirstName: "居民", LanguageCode: "zh"})
		}
		var mu sync.Mutex
		sent := make([]time.Time, residents)
		var order []int // residents in the order their answers reached the stand-in
		answered := make([]time.Time, residents)
		all := make(chan struct{})
		placed := wordsBefore(ZH, "order.placed") // the answer to an order, up to its number
		feed, end := ts.Subscribe()
		go func() {
			for ev := range feed {
				i := int(ev.ChatID) - first
				if ev.Kind != telegramtest.EventNew || !ev.Message.FromBot || i < 0 || i >= residents ||
					!strings.Contains(ev.Message.Text, placed) {
					continue
				}
				mu.Lock()
				if answered[i].IsZero() {
					answered[i] = time.Now()
					order = append(order, i)
					if len(order) == residents {
						close(all)
					}
				}
				mu.Unlock()
			}
		}()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, nil) }()
		for len(ts.Commands()) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		begin := time.Now()
		go func() {
			for i := range residents {
				time.Sleep(time.Until(begin.Add(spread * time.Duration(i) / residents)))
				mu.Lock()
				sent[i] = time.Now()
				mu.Unlock()
				ts.SendText(int64(first+i), "/order groceries 大米 5kg; 鸡蛋 10个")
			}
		}()
		select {
		case <-all:
		case <-time.After(15 * time.Minute):
			mu.Lock()
			b.Fatalf("only %d of %d answered", len(order), residents)
		}
		total := time.Since(begin)
		end()
		var orders, distinct int
		_ = roDB(b, dbPath).QueryRow(`SELECT count(*), count(DISTINCT household_id) FROM orders`).Scan(&orders, &distinct)
		cancel()
		<-done
		n429 := tooMany(ts)
		ts.Close()
		if orders != residents || distinct != residents {
			b.Fatalf("%d orders stored for %d households, want %d once each", orders, distinct, residents)
		}
		mu.Lock()
		lat := make([]time.Duration, residents)
		for i := range residents {
			lat[i] = answered[i].Sub(sent[i])
		}
		outOfOrder, worst := disorder(order)
		mu.Unlock()
		slices.Sort(lat)
		floor := float64(residents) / 30
		b.ReportMetric(total.Seconds(), "last-answer-s")
		b.ReportMetric(total.Seconds()/floor, "ratio-to-floor")
		b.ReportMetric(float64(outOfOrder), "out-of-order")
		b.ReportMetric(float64(worst), "max-displacement")
		b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
		b.ReportMetric(ms(percentile(lat, 99)), "p99-ms")
		b.ReportMetric(float64(n429), "429s")
	}
}

// disorder counts the residents in order (resident indexes, in the order answered) answered
// after someone who wrote later, and by how many places the worst one was overtaken.
func disorder(order []int) (n, worst int) {
	maxSeen := -1
	for _, i := range order {
		if i < maxSeen {
			n++
			worst = max(worst, maxSeen-i)
		}
		maxSeen = max(maxSeen, i)
	}
	return n, worst
}
