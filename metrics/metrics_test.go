package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"linli/internal/testdb"
	"linli/metrics"
	"linli/store"
	"linli/telegram"
)

func healthz(t *testing.T, m *metrics.Metrics) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	var rep map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatalf("/healthz body %q: %v", rec.Body.String(), err)
	}
	return rec.Code, rep
}

func TestHealthz_Webhook_HealthyOnlyWhileListening(t *testing.T) {
	db := testdb.Open(t)
	m := metrics.New(metrics.Options{DB: db.Read, Mode: telegram.SourceWebhook})
	if code, rep := healthz(t, m); code != http.StatusServiceUnavailable || !strings.Contains(rep["problems"].([]any)[0].(string), "webhook") {
		t.Fatalf("before listening: %d %v", code, rep)
	}
	m.Listening(true)
	if code, rep := healthz(t, m); code != http.StatusOK || rep["status"] != "ok" || rep["listening"] != true {
		t.Fatalf("listening: %d %v", code, rep)
	}
	m.Listening(false)
	if code, _ := healthz(t, m); code != http.StatusServiceUnavailable {
		t.Fatalf("stopped: %d", code)
	}
}

func TestHealthz_Polling_StaleRoundIsUnhealthy(t *testing.T) {
	db := testdb.Open(t)
	now := time.Now()
	m := metrics.New(metrics.Options{DB: db.Read, Mode: telegram.SourcePolling, StaleAfter: time.Minute,
		Now: func() time.Time { return now }})
	if code, _ := healthz(t, m); code != http.StatusOK {
		t.Fatalf("just started: %d", code)
	}
	now = now.Add(2 * time.Minute)
	if code, rep := healthz(t, m); code != http.StatusServiceUnavailable || !strings.Contains(rep["problems"].([]any)[0].(string), "getUpdates") {
		t.Fatalf("no round for 2m: %d %v", code, rep)
	}
	m.Polled(now)
	if code, _ := healthz(t, m); code != http.StatusOK {
		t.Fatalf("after a round: %d", code)
	}
}

func TestHealthz_DatabaseClosed_Unhealthy(t *testing.T) {
	db, err := store.Open(context.Background(), t.TempDir()+"/linli.db")
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New(metrics.Options{DB: db.Read, Logger: slog.New(slog.DiscardHandler)})
	if code, _ := healthz(t, m); code != http.StatusOK {
		t.Fatalf("open database: %d", code)
	}
	db.Close()
	code, rep := healthz(t, m)
	if code != http.StatusServiceUnavailable || !strings.Contains(rep["problems"].([]any)[0].(string), "database") {
		t.Fatalf("closed database: %d %v", code, rep)
	}
	// The scrape goes on without the database gauges and says so.
	want := `
# HELP linli_database_up 1 if the scrape-time queries of the database succeeded, 0 if one failed or timed out.
# TYPE linli_database_up gauge
linli_database_up 0
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "linli_database_up"); err != nil {
		t.Fatal(err)
	}
}

func TestQueueGauges_UnknownZonesAndCategoriesAreOther(t *testing.T) {
	db := testdb.Open(t)
	now := time.Now().Truncate(time.Millisecond) // as stored
	seed(t, db,
		`INSERT INTO households (id, zone, building, room, name, phone, size, registered_by, created_at, updated_at)
		 VALUES (1, 'a1', '1', '101', 'x', '1', 1, 1, 0, 0)`,
		order("a1", "groceries", 0, now.Add(-90*time.Second)),
		order("zz", "groceries", 0, now.Add(-30*time.Second)),
		order("yy", "groceries", 0, now.Add(-50*time.Second)),
		order("a1", "secret-cat", 1, now.Add(-10*time.Second)),
	)
	m := metrics.New(metrics.Options{DB: db.Read, Zones: []string{"a1"}, Categories: []string{"groceries"},
		Now: func() time.Time { return now }})
	got, err := testutil.GatherAndCount(m.Registry(), "linli_queue_oldest_age_seconds")
	if err != nil || got != 3 {
		t.Fatalf("%d queue series (%v), want 3: a1/groceries, other/groceries, a1/other", got, err)
	}
	want := `
# HELP linli_queue_open_orders Open (unclaimed) orders waiting in a queue; queues with none waiting are absent.
# TYPE linli_queue_open_orders gauge
linli_queue_open_orders{category="groceries",urgent="false",zone="a1"} 1
linli_queue_open_orders{category="groceries",urgent="false",zone="other"} 2
linli_queue_open_orders{category="other",urgent="true",zone="a1"} 1
# HELP linli_queue_oldest_age_seconds Age in seconds of the oldest open (unclaimed) order of a queue; queues with none waiting are absent.
# TYPE linli_queue_oldest_age_seconds gauge
linli_queue_oldest_age_seconds{category="groceries",urgent="false",zone="a1"} 90
linli_queue_oldest_age_seconds{category="groceries",urgent="false",zone="other"} 50
linli_queue_oldest_age_seconds{category="other",urgent="true",zone="a1"} 10
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want),
		"linli_queue_open_orders", "linli_queue_oldest_age_seconds"); err != nil {
		t.Fatal(err)
	}
}

func order(zone, category string, urgent int, at time.Time) string {
	return fmt.Sprintf(`INSERT INTO orders (household_id, placed_by, zone, category, shape, items, urgent, created_at)
		VALUES (1, 1, '%s', '%s', 'delivery', 'x', %d, %d)`, zone, category, urgent, at.UnixMilli())
}

func seed(t *testing.T, db *store.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Write.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// BenchmarkObserver_OneUpdate is the counting one update and its answer cost on the hot path:
// received, handled, one send settled.
func BenchmarkObserver_OneUpdate(b *testing.B) {
	m := metrics.New(metrics.Options{})
	ev := telegram.SendEvent{Kind: "send", Outcome: "sent"}
	b.ReportAllocs()
	for b.Loop() {
		m.UpdatesReceived(telegram.SourcePolling, 1)
		m.UpdateHandled(telegram.HandledOK)
		m.Sent(ev)
	}
}
