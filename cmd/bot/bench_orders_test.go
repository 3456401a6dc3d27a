package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"linli/store"
	"linli/telegram"
	"linli/telegramtest"
)

// The database BenchmarkOrders runs against: a community in full swing.
const (
	seedResidents   = 10_000    // users, each with a household of their own
	seedOrders      = 100_000   // past orders, seedOrders/seedResidents per household
	firstResident   = 1_000_000 // user id of resident 0; resident i is firstResident+i
	latencySamples  = 200       // sequential /orders for the latency figures
	ordersPerReply  = 10        // /orders lists the latest 10
	benchOrderLimit = "[limits]\nmessages_per_minute = 100000\n"
)

// BenchmarkOrders measures the whole path of an order (getUpdates → inbox → dispatcher →
// handler → SQLite → outbox → sender → reply) on a database holding seedResidents registered
// residents and seedOrders past orders, and then the latency of /orders at that size.
//
// Each iteration copies a database seeded once per run, starts the real bot (realMain, as `bot
// run`) on a fresh stand-in with rate limits off, and:
//   - has benchUpdates distinct residents send "/order farming 浇地 2亩" at once and times until
//     every one of them has the "#id" answer (orders/s); beside it, in the same iteration, a bare
//     go-telegram/bot echo handler answers benchUpdates texts on its own fresh stand-in
//     (bare-upd/s, as BenchmarkIntake), and ratio is orders/s over bare-upd/s;
//   - with the bot idle, has latencySamples other residents, each with past orders, send /orders one
//     after another, timing each from the update to the bot's answer in that chat (p50, p99).
//
// The machine is shared: every figure is the median over iterations.
//
//	go test -run '^$' -bench Orders -benchtime 3x ./cmd/bot/
func BenchmarkOrders(b *testing.B) {
	b.StopTimer()
	seeded := filepath.Join(b.TempDir(), "seed.db")
	began := time.Now()
	seedOrdersDB(b, seeded, time.Now())
	b.Logf("seeded %d residents and %d past orders in %v", seedResidents, seedOrders, time.Since(began).Round(time.Millisecond))
	b.StartTimer()

	var rates, bare, ratios, p50s, p99s []float64
	for range b.N {
		mb := measure(b, runBareEcho)
		rate, lat := measureOrders(b, seeded)
		slices.Sort(lat)
		rates, bare, ratios = append(rates, rate), append(bare, mb), append(ratios, rate/mb)
		p50s = append(p50s, ms(percentile(lat, 50)))
		p99s = append(p99s, ms(percentile(lat, 99)))
	}
	b.ReportMetric(median(rates), "orders/s")
	b.ReportMetric(median(bare), "bare-upd/s")
	b.ReportMetric(median(ratios), "ratio")
	b.ReportMetric(median(p50s), "orders-p50-ms")
	b.ReportMetric(median(p99s), "orders-p99-ms")
}

// measureOrders runs the bot on a copy of the seeded database and returns the rate at which
// benchUpdates orders placed at once were answered, and the latencies of latencySamples /orders.
func measureOrders(b *testing.B, seeded string) (float64, []time.Duration) {
	return measureOrdersWith(b, seeded, "", nil)
}

// measureOrdersWith is measureOrders with extra configuration and, when ready is not nil, a
// wait for ready(hooks of the running bot) before the burst.
func measureOrdersWith(b *testing.B, seeded, extra string, ready func(*appHooks) func()) (float64, []time.Duration) {
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: telegramtest.Limits{Disabled: true}})
	defer ts.Close()
	dir := b.TempDir()
	copyFile(b, seeded, filepath.Join(dir, "linli.db")) // the path writeConfig gives [database]
	cfg := writeConfig(b, dir, ts.URL(), benchOrderLimit+extra)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	hooks := &appHooks{sender: func(o *telegram.SenderOptions) { o.PerSec, o.PerChat = 1e6, time.Microsecond }}
	wait := func() {}
	if ready != nil {
		wait = ready(hooks)
	}
	go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, hooks) }()
	defer func() { cancel(); <-done }()
	for len(ts.Commands()) == 0 { // ready once the command menus are registered
		time.Sleep(5 * time.Millisecond)
	}
	wait()

	// Orders placed at once by residents 0 .. benchUpdates-1.
	for i := range benchUpdates {
		ts.AddUser(telegramtest.User{ID: firstResident + int64(i), FirstName: "居民", LanguageCode: "zh"})
	}
	base := ts.CountCalls("sendMessage")
	begin := time.Now()
	for i := range benchUpdates {
		// a category the seed leaves no order open in: an open one of the same category would be
		// answered with the duplicates question (issue 16), not "#id"
		ts.SendText(firstResident+int64(i), "/order farming 浇地 2亩")
	}
	deadline := begin.Add(2 * time.Minute)
	for ts.CountCalls("sendMessage")-base < benchUpdates {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d orders answered", ts.CountCalls("sendMessage")-base, benchUpdates)
		}
		time.Sleep(2 * time.Millisecond)
	}
	rate := benchUpdates / time.Since(begin).Seconds()
	placed := wordsBefore(ZH, "order.placed") // the answer to an order, up to its number
	for i := range benchUpdates {
		msgs := ts.BotMessages(firstResident + int64(i))
		if len(msgs) != 1 || !strings.Contains(msgs[0].Text, placed) {
			b.Fatalf("resident %d got %d answers, first %q", i, len(msgs), first(msgs))
		}
	}

	// /orders, one at a time, from residents who have not written yet and have past orders.
	time.Sleep(100 * time.Millisecond) // let the bot settle after the burst
	lat := make([]time.Duration, 0, latencySamples)
	for j := range latencySamples {
		user := firstResident + int64(benchUpdates+j*(seedResidents-benchUpdates)/latencySamples)
		ts.AddUser(telegramtest.User{ID: user, FirstName: "居民", LanguageCode: "zh"})
		wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
		start := time.Now()
		ts.SendText(user, "/orders")
		m, err := ts.WaitMessage(wctx, user, nil)
		d := time.Since(start)
		wcancel()
		if err != nil {
			b.Fatalf("/orders from %d: no answer: %v", user, err)
		}
		if n := strings.Count(m.Raw, "<b>#"); n == 0 || n > ordersPerReply || !strings.Contains(m.Text, "#") {
			b.Fatalf("/orders from %d lists %d orders:\n%s", user, n, m.Raw)
		}
		lat = append(lat, d)
	}
	return rate, lat
}

func first(msgs []telegramtest.Message) string {
	if len(msgs) == 0 {
		return ""
	}
	return msgs[0].Text
}

// percentile is the nearest-rank p-th percentile of sorted xs.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100 // ceil(n·p/100), 1-based
	return sorted[max(i, 1)-1]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	src, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
}

// seedOrdersDB creates the database at path (migrated by store.Open) with seedResidents users,
// each the 'self' member of a household in zone a1 or b2, and seedOrders past orders with their
// event trails, in one transaction. Every household has ten orders: at most one open and one
// claimed, both recent (well under the limit of 5, so placing one more is accepted), the rest
// received, cancelled, delivered or expired, days to weeks ago. Nothing is past an SLA deadline.
func seedOrdersDB(b *testing.B, path string, now time.Time) {
	seedDB(b, path, func(ctx context.Context, tx *sql.Tx) error { return seedTx(ctx, tx, now) })
}

// seedDB opens (and migrates) the database at path, fills it in one transaction and closes it
// checkpointed, so a copy of the file alone holds everything.
func seedDB(b *testing.B, path string, fill func(ctx context.Context, tx *sql.Tx) error) {
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error { return fill(ctx, tx) })
	if err == nil {
		_, err = db.Write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if errC := db.Close(); err == nil {
		err = errC
	}
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		b.Fatalf("%s-wal left after closing: the copy would miss it", path)
	}
}

func seedTx(ctx context.Context, tx *sql.Tx, now time.Time) error {
	prep := func(q string) *sql.Stmt {
		s, err := tx.PrepareContext(ctx, q)
		if err != nil {
			panic(err) // a typo in the statements below; InTx rolls back
		}
		return s
	}
	user := prep(`INSERT INTO users (user_id, first_name, lang, created_at, seen_at) VALUES (?, ?, 'zh', ?, ?)`)
	household := prep(`INSERT INTO households (id, zone, building, unit, room, name, phone, size, vulnerable,
		registered_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	member := prep(`INSERT INTO household_members (household_id, user_id, relation, created_at) VALUES (?, ?, 'self', ?)`)
	order := prep(`INSERT INTO orders (id, household_id, placed_by, zone, building, category, shape, items, quantity,
		urgent, vulnerable, status, version, claimed_by, created_at, claimed_at, delivered_at, received_at,
		cancelled_at, expired_at, claim_deadline, deliver_deadline, rating)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	event := prep(`INSERT INTO order_events (order_id, at, actor, kind, from_status, to_status) VALUES (?, ?, ?, ?, ?, ?)`)

	type kind struct{ cat, shape, items, qty string }
	kinds := []kind{
		{"groceries", "delivery", "大米", "5kg"}, {"groceries", "delivery", "鸡蛋", "30个"},
		{"groceries", "delivery", "蔬菜", "2袋"}, {"medicine", "delivery", "降压药", "1盒"},
		{"garbage", "pickup", "生活垃圾", "2袋"}, {"errand", "delivery", "快递", ""},
		{"groceries", "delivery", "牛奶", "1箱"},
	}
	to := map[string]string{"placed": "open", "claimed": "claimed", "delivered": "delivered",
		"received": "received", "cancelled": "cancelled", "expired": "expired"} // an event's to_status
	const day = int64(24 * 60 * 60 * 1000)
	nowMs := now.UnixMilli()
	perHousehold := seedOrders / seedResidents
	orderID := int64(0)
	for h := range int64(seedResidents) {
		uid, hid := firstResident+h, h+1
		zone := []string{"a1", "b2"}[h%2]
		building := fmt.Sprintf("%d号楼", h%40+1)
		vulnerable := ""
		if h%10 == 0 {
			vulnerable = "elderly_alone"
		}
		joined := nowMs - 60*day + h
		if _, err := user.ExecContext(ctx, uid, fmt.Sprintf("居民%d", h), joined, joined); err != nil {
			return err
		}
		if _, err := household.ExecContext(ctx, hid, zone, building, fmt.Sprint(h%4+1), fmt.Sprintf("%d", 101+h%600),
			fmt.Sprintf("居民%d", h), fmt.Sprintf("138%08d", h), h%5+1, vulnerable, uid, joined, joined); err != nil {
			return err
		}
		if _, err := member.ExecContext(ctx, hid, uid, joined); err != nil {
			return err
		}
		for k := range perHousehold {
			orderID++
			kd := kinds[(int(h)+k)%len(kinds)]
			newest := k == perHousehold-1
			// Older orders every few days over the last six weeks, the newest two within hours.
			created := nowMs - int64(perHousehold-k)*4*day - (h*7919)%day
			var status string
			switch r := (h*31 + int64(k)*17) % 100; {
			case newest && h%5 == 0:
				status, created = "open", nowMs-int64(h%20+1)*60_000 // under its 30-minute claim SLA
			case k == perHousehold-2 && h%7 == 0:
				status, created = "claimed", nowMs-2*60*60*1000 // well within its 4-hour delivery SLA
			case r < 70:
				status = "received"
			case r < 82:
				status = "cancelled"
			case r < 92:
				status = "delivered"
			default:
				status = "expired"
			}
			at := func(min int64) int64 { return created + min*60_000 }
			var claimedBy, claimedAt, deliveredAt, receivedAt, cancelledAt, expiredAt, deliverDue any
			urgent := vulnerable != "" || kd.cat == "medicine"
			claimDue := at(30)
			if urgent {
				claimDue = at(10)
			}
			rating := 0
			events := [][3]any{{created, "placed", ""}} // at, kind, from_status; to follows the kind
			volunteer := int64(2_000_000 + (h*7+int64(k))%300)
			switch status {
			case "claimed", "delivered", "received":
				claimedBy, claimedAt, deliverDue = volunteer, at(12), at(12+240)
				events = append(events, [3]any{at(12), "claimed", "open"})
			}
			switch status {
			case "delivered", "received":
				deliveredAt = at(95)
				events = append(events, [3]any{at(95), "delivered", "claimed"})
			case "cancelled":
				cancelledAt = at(5)
				events = append(events, [3]any{at(5), "cancelled", "open"})
			case "expired":
				expiredAt = at(24 * 60)
				events = append(events, [3]any{at(24 * 60), "expired", "open"})
			}
			if status == "received" {
				receivedAt = at(130)
				rating = int(h+int64(k)) % 6 // 0: none given
				events = append(events, [3]any{at(130), "received", "delivered"})
			}
			if _, err := order.ExecContext(ctx, orderID, hid, uid, zone, building, kd.cat, kd.shape, kd.items, kd.qty,
				urgent, vulnerable != "", status, len(events), claimedBy, created, claimedAt, deliveredAt, receivedAt,
				cancelledAt, expiredAt, claimDue, deliverDue, rating); err != nil {
				return fmt.Errorf("order %d (%s): %w", orderID, status, err)
			}
			for _, e := range events {
				actor := any(uid)
				switch e[1] {
				case "claimed", "delivered":
					actor = volunteer
				case "expired":
					actor = 0
				}
				if _, err := event.ExecContext(ctx, orderID, e[0], actor, e[1], e[2], to[e[1].(string)]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
