package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"linli/metrics"
	"linli/telegram"
	"linli/telegramtest"
)

// metricsOn is the configuration that turns the metrics server on, on a port the system picks.
const metricsOn = "[limits]\nmessages_per_minute = 1000\n[metrics]\nlisten = \"127.0.0.1:0\"\n"

// metricsBot starts the bot with metrics on and returns it with the metrics server's address.
func metricsBot(t *testing.T, adjust func(o *metrics.Options)) (*liveBot, string) {
	t.Helper()
	at := make(chan string, 1)
	hooks := fastSender()
	hooks.metrics, hooks.metricsAt = adjust, func(addr string) { at <- addr }
	hooks.register = misbehave // /fail and /crash: a failed and a panicking handler
	lb := startBotWith(t, quick, hooks, metricsOn)
	addUsers(lb.ts)
	select {
	case addr := <-at:
		return lb, "http://" + addr
	case <-time.After(10 * time.Second):
		t.Fatalf("the metrics server did not start; logs:\n%s", lb.logs.String())
		return nil, ""
	}
}

// scrape reads /metrics as Prometheus does.
func scrape(t *testing.T, base string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: HTTP %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

// metricValue is the value of the series of family name with the given label pairs (k, v, ...);
// ok is false if there is none.
func metricValue(fams map[string]*dto.MetricFamily, name string, labels ...string) (v float64, ok bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			if !hasLabel(m, labels[i], labels[i+1]) {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		}
	}
	return 0, false
}

func hasLabel(m *dto.Metric, name, value string) bool {
	for _, l := range m.Label {
		if l.GetName() == name && l.GetValue() == value {
			return true
		}
	}
	return false
}

func TestMetrics_NamesAndValuesAfterAScriptedSession(t *testing.T) {
	t.Parallel()
	lb, base := metricsBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	lb.sayAll(t, zhUser, "/order groceries 大米 5kg") // #1: claimed and delivered below
	lb.sayAll(t, zhUser, "/order medicine 胰岛素")     // #2: urgent, left open

	// One 429: the sender waits retry_after and sends again.
	lb.ts.FailNext("sendMessage", 1, 429, "Too Many Requests: retry after 1", 1)
	lb.sayAll(t, volZH, "/claim 1")
	lb.sayAll(t, volZH, "/deliver 1")
	// The resident blocks the bot right after writing to it: the answer gets one 403. (Block
	// would tell the bot first, with a my_chat_member update, and nothing would be sent.)
	lb.ts.FailNext("sendMessage", 1, 403, "Forbidden: bot was blocked by the user", 0)
	lb.sayAll(t, zhUser, "/orders")
	lb.sayAll(t, volZH, "/fail")
	lb.sayAll(t, volZH, "/crash")
	lb.drain(t)

	fams := scrape(t, base)
	var open, delivered float64
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FILTER (WHERE status = 'open'),
		count(*) FILTER (WHERE status = 'delivered') FROM orders`).Scan(&open, &delivered); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name   string
		labels []string
		min    float64
		max    float64
	}{
		{"linli_updates_received_total", []string{"source", "polling"}, 15, 1e9},
		{"linli_updates_handled_total", []string{"outcome", "ok"}, 15, 1e9},
		{"linli_updates_handled_total", []string{"outcome", "failed"}, 1, 1},
		{"linli_updates_handled_total", []string{"outcome", "panic"}, 1, 1},
		{"linli_orders", []string{"state", "open"}, open, open},
		{"linli_orders", []string{"state", "delivered"}, delivered, delivered},
		{"linli_orders", []string{"state", "received"}, 0, 0},
		{"linli_queue_open_orders", []string{"zone", "a1", "category", "medicine", "urgent", "true"}, 1, 1},
		{"linli_queue_oldest_age_seconds", []string{"zone", "a1", "category", "medicine", "urgent", "true"}, 0, 60},
		{"linli_sends_total", []string{"kind", "send", "outcome", "sent"}, 10, 1e9},
		{"linli_sends_total", []string{"kind", "send", "outcome", "retry"}, 1, 1},
		{"linli_sends_total", []string{"kind", "send", "outcome", "unreachable"}, 1, 1},
		{"linli_telegram_too_many_requests_total", nil, 1, 1},
		{"linli_telegram_retry_after_seconds_total", nil, 1, 1},
		{"linli_telegram_forbidden_total", nil, 1, 1},
		{"linli_telegram_server_errors_total", nil, 0, 0},
		{"linli_outbox_backlog", []string{"priority", "reply"}, 0, 0},
		{"linli_outbox_backlog", []string{"priority", "notify"}, 0, 0},
		{"linli_inbox_pending", nil, 0, 0},
		{"linli_inbox_lag_seconds", nil, 0, 0},
		{"linli_database_up", nil, 1, 1},
		{"linli_last_poll_timestamp_seconds", nil, float64(time.Now().Add(-time.Minute).Unix()), 1e12},
		{"go_goroutines", nil, 1, 1e9},
		{"process_start_time_seconds", nil, 1, 1e12},
	}
	for _, w := range want {
		got, ok := metricValue(fams, w.name, w.labels...)
		if !ok || got < w.min || got > w.max {
			t.Errorf("%s%v = %v (present %v), want %v..%v", w.name, w.labels, got, ok, w.min, w.max)
		}
		if f := fams[w.name]; f != nil && !strings.HasPrefix(w.name, "go_") && !strings.HasPrefix(w.name, "process_") &&
			f.GetHelp() == "" {
			t.Errorf("%s has no HELP", w.name)
		}
	}
	if open != 1 || delivered != 1 {
		t.Errorf("orders in the database: %v open, %v delivered; want 1 and 1", open, delivered)
	}
	lb.noneRefused(t)
}

// health asks /healthz and returns the status code and the decoded body.
func health(t *testing.T, base string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var rep map[string]any
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatalf("/healthz: %q: %v", body, err)
	}
	return resp.StatusCode, rep
}

// waitHealth waits until /healthz answers code and returns its body.
func waitHealth(t *testing.T, base string, code int) map[string]any {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, rep := health(t, base)
		if got == code {
			return rep
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz: %d %v, want %d", got, rep, code)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestHealthz_UnhealthyWhileGetUpdatesHangs_HealthyAgainAfter(t *testing.T) {
	t.Parallel()
	lb, base := metricsBot(t, func(o *metrics.Options) { o.StaleAfter = time.Second })
	lb.sayAll(t, zhUser, "/help") // a getUpdates round answered just now
	if rep := waitHealth(t, base, http.StatusOK); rep["status"] != "ok" || rep["mode"] != "polling" {
		t.Fatalf("healthy bot: %v", rep)
	}

	for deadline := time.Now().Add(5 * time.Second); !lb.ts.Polling() && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // the poller is back in a long poll, which gets the next update
	}
	lb.ts.Hang("getUpdates", true)
	lb.sayAll(t, zhUser, "/help") // ends the long poll in progress; the next one hangs
	rep := waitHealth(t, base, http.StatusServiceUnavailable)
	if rep["status"] != "unhealthy" || !strings.Contains(mustJSON(t, rep["problems"]), "getUpdates") {
		t.Fatalf("hung intake: %v", rep)
	}

	lb.ts.Hang("getUpdates", false)
	lb.sayAll(t, zhUser, "/help")
	waitHealth(t, base, http.StatusOK)
	lb.noneRefused(t)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// BenchmarkIntakeWithMetrics is BenchmarkIntake with [metrics] listen set, every counter of the
// hot path counting, and a scrape every 100ms besides:
//
//	go test -run '^$' -bench Intake -benchtime 5x ./cmd/bot/
func BenchmarkIntakeWithMetrics(b *testing.B) { benchAgainstEcho(b, runDurableWithMetrics) }

func runDurableWithMetrics(b *testing.B, ts *telegramtest.Server) func() {
	dir := b.TempDir()
	cfg := writeConfig(b, dir, ts.URL(), "[metrics]\nlisten = \"127.0.0.1:0\"\n")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	at := make(chan string, 1)
	hooks := &appHooks{
		sender:    func(o *telegram.SenderOptions) { o.PerSec, o.PerChat = 1e6, time.Microsecond },
		metricsAt: func(addr string) { at <- addr },
	}
	go func() { done <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, io.Discard, io.Discard, hooks) }()
	addr := <-at
	go func() { // a scraper far keener than Prometheus's usual 15s
		for ctx.Err() == nil {
			if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	for len(ts.Commands()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	return func() { cancel(); <-done }
}
