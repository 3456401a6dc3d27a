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
//   - wins are counted from the database (each order claimed once, by the one volunteer told so),
//     and each claim is timed to the reply naming its order, whatever else reaches that chat;
//   - with the bot idle, queueSamples /queue one after another, alternating between a1 and
//     every-zone volunteers (queue-p50/p99-ms).
//
// The echo (measureEchoLatency) takes the same load in the same iteration: claim/echo-p50 and
// claim/echo-p99 compare each percentile with the echo's own. So does a bare bot that makes a
// claim's two sends, the sender's answer and a message to another chat, with no storage
// (runBareTwoCalls): bare2/echo-p50 and -p99 are the ceiling of the claim's ratios, what the two
// Bot API calls alone cost, and claim/bare2-p50 how far above that ceiling the claims are. Every
// figure is the median over iterations.
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

	var rates, p50, p99, c50, c99, q50, q99, e50, e99, ratio, ratio99, two50, two99, overTwo []float64
	for range b.N {
		echo := measureEchoLatency(b, runBareEcho)
		two := measureEchoLatency(b, func(b *testing.B, ts *telegramtest.Server) func() {
			return runBareTwoCalls(b, ts, func(v int64) int64 { return firstResident + v - firstVolunteer })
		})
		m := measureClaims(b, seeded)
		e50, e99 = append(e50, ms(percentile(echo, 50))), append(e99, ms(percentile(echo, 99)))
		ratio = append(ratio, ms(percentile(m.distinct, 50))/ms(percentile(echo, 50)))
		ratio99 = append(ratio99, ms(percentile(m.distinct, 99))/ms(percentile(echo, 99)))
		two50 = append(two50, ms(percentile(two, 50))/ms(percentile(echo, 50)))
		two99 = append(two99, ms(percentile(two, 99))/ms(percentile(echo, 99)))
		overTwo = append(overTwo, ms(percentile(m.distinct, 50))/ms(percentile(two, 50)))
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
	b.ReportMetric(median(e99), "echo-p99-ms")
	b.ReportMetric(median(ratio), "claim/echo-p50")
	b.ReportMetric(median(ratio99), "claim/echo-p99")
	b.ReportMetric(median(two50), "bare2/echo-p50")
	b.ReportMetric(median(two99), "bare2/echo-p99")
	b.ReportMetric(median(overTwo), "claim/bare2-p50")
}

// measureEchoLatency is the same load — claimVolunteers users each sending claimsEach messages
// one after another, all at once — against a bare go-telegram/bot bot (start: runBareEcho, or
// runBareTwoCalls) on its own stand-in: what the claim latency is compared with. The timed
// answer is the one echoed to the sender.
func measureEchoLatency(b *testing.B, start func(*testing.B, *telegramtest.Server) func()) []time.Duration {
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: telegramtest.Limits{Disabled: true}})
	defer ts.Close()
	stop := start(b, ts)
	defer stop()
	for i := range claimVolunteers {
		ts.AddUser(telegramtest.User{ID: firstVolunteer + int64(i), FirstName: "志愿者", LanguageCode: "zh"})
		ts.AddUser(telegramtest.User{ID: firstResident + int64(i), FirstName: "居民", LanguageCode: "zh"})
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
				text := fmt.Sprintf("/claim %d", k)
				w.say(b, firstVolunteer+int64(v), text, func(m telegramtest.Message) bool { return m.Text == text })
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

	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "linli.db")+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()

	var f claimFigures
	distinct := func(v, k int) int64 { return extraOrder(2 * (v*claimsEach + k)) }
	begin := time.Now()
	lat, replied := claimAll(b, w, distinct)
	f.rate = float64(len(lat)) / time.Since(begin).Seconds()
	var ids []int64
	for v := range claimVolunteers {
		for k := range claimsEach {
			ids = append(ids, distinct(v, k))
		}
	}
	if wins := checkWins(b, db, ids, replied); wins != len(ids) {
		b.Fatalf("distinct claims: %d won of %d", wins, len(ids))
	}
	f.distinct = lat
	contested := func(_, k int) int64 { return extraOrder(2 * (claimVolunteers*claimsEach + k)) }
	f.contested, replied = claimAll(b, w, contested)
	ids = ids[:0]
	for k := range claimsEach {
		ids = append(ids, contested(0, k))
	}
	if wins := checkWins(b, db, ids, replied); wins != claimsEach {
		b.Fatalf("contested claims: %d won, want exactly %d (one per order)", wins, claimsEach)
	}

	time.Sleep(200 * time.Millisecond) // let the notices drain
	for j := range queueSamples {
		user := firstVolunteer + int64(j%claimVolunteers)
		start := time.Now()
		m := w.say(b, user, "/queue", isQueue)
		f.queue = append(f.queue, time.Since(start))
		if n := strings.Count(m.Raw, "<b>#"); n != 10 {
			b.Fatalf("/queue from %d lists %d orders:\n%s", user, n, m.Raw)
		}
	}
	slices.Sort(f.queue)
	return f
}

// isQueue tells the answer to /queue (its title) from an urgent order pushed meanwhile.
func isQueue(m telegramtest.Message) bool { return strings.Contains(m.Text, queueTitle) }

// queueTitle is the title of /queue's answer up to its numbers.
var queueTitle = wordsBefore(ZH, "queue.title")

// extraOrder is the id of extra open order j; even j are in zone a1, so every volunteer may take
// them.
func extraOrder(j int) int64 { return int64(firstExtraOrder + j) }

// claimAll has every volunteer v claim order(v, 0), ..., order(v, claimsEach-1) one after another,
// all volunteers at once, and returns every claim's latency, sorted, and who claimed each order as
// the volunteers' replies tell it. A reply is the bot's message in the volunteer's chat that names
// the order claimed (queue.claimed or queue.already_taken), whatever else reaches that chat.
func claimAll(b *testing.B, w *waiter, order func(v, k int) int64) ([]time.Duration, map[int64][]int64) {
	var mu sync.Mutex
	var lat []time.Duration
	won := map[int64][]int64{}
	var wg sync.WaitGroup
	for v := range claimVolunteers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := firstVolunteer + int64(v)
			for k := range claimsEach {
				id := order(v, k)
				mine, taken := wordsThrough(ZH, "queue.claimed", id), wordsThrough(ZH, "queue.already_taken", id)
				start := time.Now()
				m := w.say(b, user, fmt.Sprintf("/claim %d", id), func(m telegramtest.Message) bool {
					return strings.Contains(m.Text, mine) || strings.Contains(m.Text, taken)
				})
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				if strings.Contains(m.Text, mine) {
					won[id] = append(won[id], user)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	return lat, won
}

// checkWins counts the claims won from the database: each of ids must be claimed by exactly one
// volunteer, with one 'claimed' event, and that volunteer, alone, must have been told it is theirs
// (replied). It returns how many of ids are claimed.
func checkWins(b *testing.B, db *sql.DB, ids []int64, replied map[int64][]int64) int {
	wins := 0
	for _, id := range ids {
		var status string
		var by sql.NullInt64
		var events int
		if err := db.QueryRow(`SELECT status, claimed_by, (SELECT count(*) FROM order_events e
			WHERE e.order_id = o.id AND e.kind = 'claimed') FROM orders o WHERE id = ?`, id).Scan(&status, &by, &events); err != nil {
			b.Fatalf("order %d: %v", id, err)
		}
		if status != "claimed" || !by.Valid || events != 1 {
			b.Errorf("order %d: status %s, claimed by %v, %d claim events", id, status, by, events)
			continue
		}
		wins++
		if got := replied[id]; len(got) != 1 || got[0] != by.Int64 {
			b.Errorf("order %d claimed by %d in the database, told to %v", id, by.Int64, got)
		}
	}
	return wins
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

// say sends text as user and returns the first bot message in that chat from then on for which
// match holds; others (a notice, a late message) are passed over. A message the feed dropped (it
// is bounded) is found by looking at the chat.
func (w *waiter) say(b *testing.B, user int64, text string, match func(telegramtest.Message) bool) telegramtest.Message {
	ch := make(chan telegramtest.Message, 16)
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
			if match(m) {
				return m
			}
		case <-time.After(100 * time.Millisecond):
			for _, m := range w.ts.BotMessages(user)[before:] {
				if match(m) {
					return m
				}
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
