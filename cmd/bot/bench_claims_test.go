package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/telegram"
	"linli/telegramtest"
)

// The claims benchmark's extra rows, on top of seedOrdersDB's community.
const (
	claimVolunteers = 200       // concurrent claimers
	claimsEach      = 10        // orders each claims, one after another
	extraOpen       = 10_000    // open orders added to the seed's
	firstVolunteer  = 3_000_000 // user id of volunteer 0
	firstExtraOrder = seedOrders + 1
	queueSamples    = 200 // sequential /queue for its latency figures
)

// BenchmarkClaims measures claims and the queue on a database holding seedOrdersDB's 10,000
// households and 100,000 past orders plus extraOpen open orders (110,000 orders, 12,000 open)
// and claimVolunteers volunteers on duty, half of them in zone a1, half in every zone.
//
// Each iteration copies the seeded database, starts the real bot (realMain, as `bot run`) on a
// fresh stand-in with rate limits off, and:
//   - distinct: the claimVolunteers volunteers at once, each sending "/claim <id>" for claimsEach
//     orders of their own one after another, timing each from SendText to the claimer's card
//     (claim-p50/p99-ms; claims/s is all of them over the wall time). Each claim also queues the
//     household's "who is coming" notice, which the bot sends meanwhile;
//   - contested: the same volunteers all claiming the same claimsEach orders (each in the same
//     order), so every order is raced by claimVolunteers: exactly one wins each, the others are
//     told it is taken (contested-p50/p99-ms);
//   - with the bot idle, queueSamples /queue one after another, alternating between a1 and
//     every-zone volunteers (queue-p50/p99-ms).
//
// Every figure is the median over iterations.
//
//	go test -run '^$' -bench Claims -benchtime 3x ./cmd/bot/
func BenchmarkClaims(b *testing.B) {
	b.StopTimer()
	seeded := filepath.Join(b.TempDir(), "seed.db")
	began := time.Now()
	seedClaimsDB(b, seeded, time.Now())
	b.Logf("seeded %d orders (%d open) and %d volunteers in %v", seedOrders+extraOpen,
		extraOpen+seedResidents/5, claimVolunteers, time.Since(began).Round(time.Millisecond))
	b.StartTimer()

	var rates, p50, p99, c50, c99, q50, q99, e50, ratio []float64
	for range b.N {
		echo := measureEchoLatency(b)
		m := measureClaims(b, seeded)
		e50 = append(e50, ms(percentile(echo, 50)))
		ratio = append(ratio, ms(percentile(m.distinct, 50))/ms(percentile(echo, 50)))
		rates = append(rates, m.rate)
		p50, p99 = append(p50, ms(percentile(m.distinct, 50))), append(p99, ms(percentile(m.distinct, 99)))
		c50, c99 = append(c50, ms(percentile(m.contested, 50))), append(c99, ms(percentile(m.contested, 99)))
		q50, q99 = append(q50, ms(percentile(m.queue, 50))), append(q99, ms(percentile(m.queue, 99)))
	}
	b.ReportMetric(median(rates), "claims/s")
	b.ReportMetric(median(p50), "claim-p50-ms")
	b.ReportMetric(median(p99), "claim-p99-ms")
	b.ReportMetric(median(c50), "contested-p50-ms")
	b.ReportMetric(median(c99), "contested-p99-ms")
	b.ReportMetric(median(q50), "queue-p50-ms")
	b.ReportMetric(median(q99), "queue-p99-ms")
	b.ReportMetric(median(e50), "echo-p50-ms")
	b.ReportMetric(median(ratio), "claim/echo-p50")
}

// measureEchoLatency is the same load — claimVolunteers users each sending claimsEach messages
// one after another, all at once — against a bare go-telegram/bot echo handler on its own
// stand-in: what the claim latency is compared with.
func measureEchoLatency(b *testing.B) []time.Duration {
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: telegramtest.Limits{Disabled: true}})
	defer ts.Close()
	stop := runBareEcho(b, ts)
	defer stop()
	for i := range claimVolunteers {
		ts.AddUser(telegramtest.User{ID: firstVolunteer + int64(i), FirstName: "志愿者", LanguageCode: "zh"})
	}
	w := newWaiter(ts)
	defer w.stop()
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	for v := range claimVolunteers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range claimsEach {
				start := time.Now()
				w.say(b, firstVolunteer+int64(v), fmt.Sprintf("/claim %d", k))
				mu.Lock()
				lat = append(lat, time.Since(start))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	return lat
}

// claimFigures are one iteration's latencies, each sorted.
type claimFigures struct {
	rate                       float64
	distinct, contested, queue []time.Duration
}

func measureClaims(b *testing.B, seeded string) claimFigures {
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: telegramtest.Limits{Disabled: true}})
	defer ts.Close()
	dir := b.TempDir()
	copyFile(b, seeded, filepath.Join(dir, "linli.db"))
	cfg := writeConfig(b, dir, ts.URL(), benchOrderLimit)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	hooks := &appHooks{sender: func(o *telegram.SenderOptions) { o.PerSec, o.PerChat = 1e6, time.Microsecond }}
	go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, hooks) }()
	defer func() { cancel(); <-done }()
	for len(ts.Commands()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	for i := range seedResidents { // the households told who is coming
		ts.AddUser(telegramtest.User{ID: firstResident + int64(i), FirstName: "居民", LanguageCode: "zh"})
	}
	for i := range claimVolunteers {
		ts.AddUser(telegramtest.User{ID: firstVolunteer + int64(i), FirstName: "志愿者", LanguageCode: "zh"})
	}
	w := newWaiter(ts)
	defer w.stop()

	var f claimFigures
	begin := time.Now()
	wins, lat := claimAll(b, ts, w, func(v, k int) int64 { return extraOrder(2 * (v*claimsEach + k)) })
	f.rate = float64(len(lat)) / time.Since(begin).Seconds()
	if wins != claimVolunteers*claimsEach {
		b.Fatalf("distinct claims: %d won of %d", wins, claimVolunteers*claimsEach)
	}
	f.distinct = lat
	wins, f.contested = claimAll(b, ts, w, func(_, k int) int64 { return extraOrder(2 * (claimVolunteers*claimsEach + k)) })
	if wins != claimsEach {
		b.Fatalf("contested claims: %d won, want exactly %d (one per order)", wins, claimsEach)
	}

	time.Sleep(200 * time.Millisecond) // let the notices drain
	for j := range queueSamples {
		user := firstVolunteer + int64(j%claimVolunteers)
		start := time.Now()
		m := w.say(b, user, "/queue")
		f.queue = append(f.queue, time.Since(start))
		if n := strings.Count(m.Raw, "<b>#"); n != 10 {
			b.Fatalf("/queue from %d lists %d orders:\n%s", user, n, m.Raw)
		}
	}
	slices.Sort(f.queue)
	return f
}

// extraOrder is the id of extra open order j; even j are in zone a1, so every volunteer may take
// them.
func extraOrder(j int) int64 { return int64(firstExtraOrder + j) }

// claimAll has every volunteer v claim order(v, 0), ..., order(v, claimsEach-1) one after another,
// all volunteers at once; it returns how many claims won and every claim's latency, sorted.
func claimAll(b *testing.B, ts *telegramtest.Server, w *waiter, order func(v, k int) int64) (int, []time.Duration) {
	var mu sync.Mutex
	var lat []time.Duration
	wins := 0
	var wg sync.WaitGroup
	for v := range claimVolunteers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := firstVolunteer + int64(v)
			for k := range claimsEach {
				start := time.Now()
				m := w.say(b, user, fmt.Sprintf("/claim %d", order(v, k)))
				d := time.Since(start)
				won := strings.Contains(m.Text, "归您了")
				if !won && !strings.Contains(m.Text, "已经被其他志愿者接走了") {
					b.Errorf("volunteer %d, /claim %d: %q", v, order(v, k), m.Text)
				}
				mu.Lock()
				lat = append(lat, d)
				if won {
					wins++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	return wins, lat
}

// waiter hands each chat's new bot messages to whoever waits for them, from one subscription:
// 200 goroutines polling the stand-in would measure the harness rather than the bot.
type waiter struct {
	ts   *telegramtest.Server
	mu   sync.Mutex
	wait map[int64]chan telegramtest.Message
	end  func()
}

func newWaiter(ts *telegramtest.Server) *waiter {
	feed, end := ts.Subscribe()
	w := &waiter{ts: ts, wait: map[int64]chan telegramtest.Message{}, end: end}
	go func() {
		for ev := range feed {
			if ev.Kind != telegramtest.EventNew || !ev.Message.FromBot {
				continue
			}
			w.mu.Lock()
			ch := w.wait[ev.ChatID]
			w.mu.Unlock()
			if ch != nil {
				select {
				case ch <- ev.Message:
				default:
				}
			}
		}
	}()
	return w
}

func (w *waiter) stop() { w.end() }

// say sends text as user and returns the bot's next message in that chat. A message the feed
// dropped (it is bounded) is found by looking at the chat.
func (w *waiter) say(b *testing.B, user int64, text string) telegramtest.Message {
	ch := make(chan telegramtest.Message, 4)
	w.mu.Lock()
	w.wait[user] = ch
	w.mu.Unlock()
	defer func() { w.mu.Lock(); delete(w.wait, user); w.mu.Unlock() }()
	before := len(w.ts.BotMessages(user))
	w.ts.SendText(user, text)
	deadline := time.After(30 * time.Second)
	for {
		select {
		case m := <-ch:
			return m
		case <-time.After(100 * time.Millisecond):
			if msgs := w.ts.BotMessages(user); len(msgs) > before {
				return msgs[before]
			}
		case <-deadline:
			b.Errorf("no answer to %q from %d", text, user)
			return telegramtest.Message{}
		}
	}
}

// seedClaimsDB is seedOrdersDB plus claimVolunteers volunteers on duty (even ones in zone a1, odd
// ones in every zone) and extraOpen open, non-urgent orders spread over the households.
func seedClaimsDB(b *testing.B, path string, now time.Time) {
	seedOrdersDB(b, path, now)
	seedDB(b, path, func(ctx context.Context, tx *sql.Tx) error { return seedClaimsTx(ctx, tx, now) })
}

func seedClaimsTx(ctx context.Context, tx *sql.Tx, now time.Time) error {
	nowMs := now.UnixMilli()
	for i := range int64(claimVolunteers) {
		uid, zones := firstVolunteer+i, ""
		if i%2 == 0 {
			zones = "a1"
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO users (user_id, first_name, lang, created_at, seen_at) VALUES (?, '志愿者', 'zh', ?, ?)`, []any{uid, nowMs, nowMs}},
			{`INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES (?, 'volunteer', 900, ?)`, []any{uid, nowMs}},
			{`INSERT INTO volunteers (user_id, zones, on_duty, invited_by, joined_at, active_at) VALUES (?, ?, 1, 900, ?, ?)`, []any{uid, zones, nowMs, nowMs}},
		} {
			if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
				return fmt.Errorf("volunteer %d: %w", uid, err)
			}
		}
	}
	order, err := tx.PrepareContext(ctx, `INSERT INTO orders (id, household_id, placed_by, zone, building, category,
		shape, items, urgent, vulnerable, status, version, created_at, claim_deadline)
		VALUES (?, ?, ?, ?, ?, 'groceries', 'delivery', '大米 5kg', 0, 0, 'open', 1, ?, ?)`)
	if err != nil {
		return err
	}
	event, err := tx.PrepareContext(ctx, `INSERT INTO order_events (order_id, at, actor, kind, from_status, to_status)
		VALUES (?, ?, ?, 'placed', '', 'open')`)
	if err != nil {
		return err
	}
	for j := range int64(extraOpen) {
		h := j % seedResidents // as seedTx: household h+1 of resident h, zone and building by h
		id, uid, created := int64(firstExtraOrder)+j, int64(firstResident)+h, nowMs-(extraOpen-j)*100
		if _, err := order.ExecContext(ctx, id, h+1, uid, []string{"a1", "b2"}[h%2], fmt.Sprintf("%d号楼", h%40+1),
			created, nowMs+30*60_000); err != nil {
			return fmt.Errorf("order %d: %w", id, err)
		}
		if _, err := event.ExecContext(ctx, id, created, uid); err != nil {
			return err
		}
	}
	return nil
}
