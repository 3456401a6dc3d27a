package main

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"linli/checkins"
	"linli/metrics"
	"linli/notices"
	"linli/orders"
	"linli/outbox"
	"linli/people"
	"linli/store"
	"linli/telegram"
	"linli/web"
)

// adminSamples is how many pages or scrapes each iteration times, one after another.
const adminSamples = 100

// BenchmarkDashboard times the admin dashboard's page (GET / with a logged-in session: the
// session check, every report query in one read transaction, the template) on seedAdminDB's
// community: 10,000 households, 110,000 orders (about 12,400 open or under way), 300 volunteers,
// 200 notices (the newest 10 with 10,000 outbox rows each), 2,000 monitored households. Beside
// the page, each report query is timed on its own (its median over adminSamples). Every figure
// is the median over iterations.
//
//	go test -run '^$' -bench Dashboard -benchtime 3x ./cmd/bot/
func BenchmarkDashboard(b *testing.B) {
	db, now, loc := openAdminDB(b)
	srv := web.New(web.Options{DB: db, Admins: []int64{adminUser}, Zones: adminZones, Location: loc,
		Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	h := srv.Handler()
	cookie := adminSession(b, db, h, now)
	page := func() {
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "第8网格") {
			b.Fatalf("dashboard: %d\n%.500s", rec.Code, rec.Body.String())
		}
	}
	ctx := context.Background()
	local := now.In(loc)
	dayStart := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	queries := map[string]func() error{
		"board":    func() error { _, err := orders.Board(ctx, db.Read, now, nil); return err },
		"waits":    func() error { _, err := orders.PlacedBetween(ctx, db.Read, dayStart, now, nil); return err },
		"loads":    func() error { _, err := orders.Loads(ctx, db.Read, dayStart, now); return err },
		"vols":     func() error { _, err := people.Volunteers(ctx, db.Read); return err },
		"notices":  func() error { _, err := notices.Latest(ctx, db.Read, 10); return err },
		"checkins": func() error { _, err := checkins.AnswersByZone(ctx, db.Read, checkins.DayOf(now, loc)); return err },
	}
	benchAdmin(b, "page", page, queries)
}

// BenchmarkScrape times a metrics scrape (GET /metrics: the scrape-time database gauges, the
// counters, the Go and process collectors) on seedAdminDB's community, and each database gauge's
// query on its own. Every figure is the median over iterations.
//
//	go test -run '^$' -bench Scrape -benchtime 3x ./cmd/bot/
func BenchmarkScrape(b *testing.B) {
	db, now, _ := openAdminDB(b)
	keys := make([]string, len(adminZones))
	for i, z := range adminZones {
		keys[i] = z.Key
	}
	m := metrics.New(metrics.Options{DB: db.Read, Zones: keys, Categories: adminCategories,
		Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	h := m.Handler()
	scrape := func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, "linli_database_up 1") ||
			!strings.Contains(body, `linli_orders{state="received"}`) {
			b.Fatalf("scrape: %d\n%.2000s", rec.Code, body)
		}
	}
	ctx := context.Background()
	queries := map[string]func() error{
		"by-state": func() error { _, err := orders.CountByStatus(ctx, db.Read); return err },
		"queues":   func() error { _, err := orders.OpenAges(ctx, db.Read); return err },
		"backlog":  func() error { _, err := outbox.Backlog(ctx, db.Read); return err },
		"inbox":    func() error { _, _, err := telegram.InboxLag(ctx, db.Read); return err },
	}
	benchAdmin(b, "scrape", scrape, queries)
}

// openAdminDB seeds the admin benchmarks' database (untimed) and opens it.
func openAdminDB(b *testing.B) (*store.DB, time.Time, *time.Location) {
	b.StopTimer()
	now, loc := adminNow()
	path := filepath.Join(b.TempDir(), "admin.db")
	began := time.Now()
	seedAdminDB(b, path, now, loc)
	b.Logf("seeded the admin community in %v", time.Since(began).Round(time.Millisecond))
	db, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, now, loc
}

// adminSession logs the admin in through a one-time link and returns the session cookie.
func adminSession(b *testing.B, db *store.DB, h http.Handler, now time.Time) *http.Cookie {
	ctx := context.Background()
	var token string
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) (err error) {
		token, err = people.NewLogin(ctx, tx, adminUser, now, time.Hour)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/login?t="+token, nil))
	cookies := rec.Result().Cookies()
	if rec.Code != http.StatusOK || len(cookies) != 1 {
		b.Fatalf("login: %d, %d cookies", rec.Code, len(cookies))
	}
	return cookies[0]
}

// benchAdmin times adminSamples calls of whole (name-p50-ms, name-p99-ms) and of each query
// (<query>-ms, its median) in every iteration, and reports the medians over iterations.
func benchAdmin(b *testing.B, name string, whole func(), queries map[string]func() error) {
	whole() // warm the page cache and the statement caches
	b.StartTimer()
	var p50, p99 []float64
	per := map[string][]float64{}
	for range b.N {
		lat := sample(func() { whole() })
		p50, p99 = append(p50, ms(percentile(lat, 50))), append(p99, ms(percentile(lat, 99)))
		for q, f := range queries {
			lat := sample(func() {
				if err := f(); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
			})
			per[q] = append(per[q], ms(percentile(lat, 50)))
		}
	}
	b.StopTimer()
	b.ReportMetric(median(p50), name+"-p50-ms")
	b.ReportMetric(median(p99), name+"-p99-ms")
	for q, xs := range per {
		b.ReportMetric(median(xs), q+"-ms")
	}
}

// sample times adminSamples calls of f, sorted.
func sample(f func()) []time.Duration {
	lat := make([]time.Duration, 0, adminSamples)
	for range adminSamples {
		start := time.Now()
		f()
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	return lat
}
