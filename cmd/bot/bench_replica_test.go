package main

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"linli/telegramtest"
)

// BenchmarkReplication measures what continuous replication costs: in every iteration, side by
// side, the intake (BenchmarkIntake's durable path: benchUpdates texts from as many users) and
// the order burst of BenchmarkOrders (benchUpdates orders at once on a database of seedResidents
// households and seedOrders past orders), each with [replica] off and on (Litestream streaming
// to a directory, its child process started by the bot). The "on" runs start the burst once the
// replica has caught up with the database (the first snapshot is a one-off, not a steady cost).
// Figures are medians over iterations; ratios are on/off.
//
//	go test -run '^$' -bench Replication -benchtime 3x ./cmd/bot/
func BenchmarkReplication(b *testing.B) {
	b.StopTimer()
	seeded := filepath.Join(b.TempDir(), "seed.db")
	seedOrdersDB(b, seeded, time.Now())
	b.StartTimer()
	var inOff, inOn, ordOff, ordOn []float64
	for range b.N {
		inOff = append(inOff, measure(b, func(b *testing.B, ts *telegramtest.Server) func() {
			return runDurableWith(b, ts, metricsAt0, caughtUp(b))
		}))
		on := replicaTo(b)
		inOn = append(inOn, measure(b, func(b *testing.B, ts *telegramtest.Server) func() {
			return runDurableWith(b, ts, metricsAt0+on, caughtUp(b))
		}))
		rate, _ := measureOrdersWith(b, seeded, metricsAt0, caughtUp(b))
		ordOff = append(ordOff, rate)
		rate, _ = measureOrdersWith(b, seeded, metricsAt0+replicaTo(b), caughtUp(b))
		ordOn = append(ordOn, rate)
	}
	b.ReportMetric(median(inOff), "intake-off-upd/s")
	b.ReportMetric(median(inOn), "intake-on-upd/s")
	b.ReportMetric(median(inOn)/median(inOff), "intake-ratio")
	b.ReportMetric(median(ordOff), "orders-off/s")
	b.ReportMetric(median(ordOn), "orders-on/s")
	b.ReportMetric(median(ordOn)/median(ordOff), "orders-ratio")
}

// metricsAt0 turns the metrics server on, on a port the system picks (both sides have it).
const metricsAt0 = "[metrics]\nlisten = \"127.0.0.1:0\"\n"

func replicaTo(b *testing.B) string {
	return fmt.Sprintf("[replica]\nurl = %q\n", "file://"+filepath.Join(b.TempDir(), "replica"))
}

// caughtUp learns the metrics address through the hooks and returns the wait until /healthz says
// the replica has caught up (at once when replication is off).
func caughtUp(b *testing.B) func(*appHooks) func() {
	return func(h *appHooks) func() {
		at := make(chan string, 1)
		h.metricsAt = func(addr string) { at <- addr }
		h.replicaLog = io.Discard
		return func() {
			base := "http://" + <-at
			deadline := time.Now().Add(2 * time.Minute)
			for time.Now().Before(deadline) {
				if lag, ok := healthzLag(base); !ok || lag == 0 {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			b.Fatal("the replica did not catch up")
		}
	}
}

// healthzLag is /healthz's replica lag; ok is false when it shows none (replication off).
func healthzLag(base string) (lag float64, ok bool) {
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		return -1, true
	}
	defer resp.Body.Close()
	var rep struct {
		Lag *float64 `json:"replica_lag_seconds"`
	}
	if err := decodeJSON(resp.Body, &rep); err != nil || rep.Lag == nil {
		return 0, err == nil && rep.Lag != nil
	}
	return *rep.Lag, true
}
