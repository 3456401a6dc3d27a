// Package metrics exposes Linli's Prometheus metrics and health check: counters the edge
// (telegram.Observer) bumps as updates arrive and sends settle, gauges read from the database at
// scrape time, and the Go runtime and process collectors. Each Metrics has its own registry, so
// several bots can run in one process (tests, the playground).
package metrics

import (
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options configures New; zero values take the defaults documented on each field.
type Options struct {
	DB         *sql.DB  // the read pool: scrape-time gauges and the health check query it
	Zones      []string // zone keys from the configuration: other zones are labelled "other"
	Categories []string // category keys from the catalogue: others are labelled "other"
	// Mode is the intake: "polling" (healthy while getUpdates rounds are answered), "webhook"
	// (healthy while the webhook server listens), or "" (only the database is checked).
	Mode string
	// StaleAfter: in polling mode, unhealthy when no getUpdates round was answered for this
	// long; default 60s, a little over two long-poll timeouts.
	StaleAfter   time.Duration
	QueryTimeout time.Duration // per scrape or health check; default 2s
	// ReplicaLag, when not nil (replication on), is how far behind the replica is: exported as
	// linli_replica_lag_seconds and shown by /healthz, unhealthy above MaxReplicaLag (default 60s).
	ReplicaLag    func() time.Duration
	MaxReplicaLag time.Duration
	Logger        *slog.Logger
	Now           func() time.Time
}

// Metrics holds the registry and the counters; it implements telegram.Observer.
type Metrics struct {
	o   Options
	reg *prometheus.Registry

	received  *prometheus.CounterVec
	recvPoll  prometheus.Counter
	recvHook  prometheus.Counter
	handled   *prometheus.CounterVec
	handledOK prometheus.Counter
	sends     *prometheus.CounterVec
	throttled prometheus.Counter
	retryWait prometheus.Counter
	forbidden prometheus.Counter
	server    prometheus.Counter
	refused   *prometheus.CounterVec

	lastPoll  atomic.Int64 // unix nanoseconds of the last answered getUpdates round
	listening atomic.Bool
}

// New makes a Metrics with its own registry, every metric registered.
func New(o Options) *Metrics {
	if o.StaleAfter == 0 {
		o.StaleAfter = 60 * time.Second
	}
	if o.QueryTimeout == 0 {
		o.QueryTimeout = 2 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxReplicaLag == 0 {
		o.MaxReplicaLag = time.Minute
	}
	m := &Metrics{o: o, reg: prometheus.NewRegistry()}
	// Until the first round is answered (a long poll lasts up to 25s), count from the start.
	m.lastPoll.Store(o.Now().UnixNano())
	m.counters()
	m.refused = newRefused()
	m.refused.WithLabelValues("webhook", "secret") // shown as 0 before the first refusal
	m.reg.MustRegister(m.refused)
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newDBCollector(m),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "linli_last_poll_timestamp_seconds",
			Help: "When the Bot API last answered a getUpdates round (polling mode), as a Unix time.",
		}, func() float64 { return float64(m.lastPoll.Load()) / 1e9 }),
	)
	if o.ReplicaLag != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "linli_replica_lag_seconds",
			Help: "How long the Litestream replica has been missing changes to the database (0: up to date).",
		}, func() float64 { return o.ReplicaLag().Seconds() }))
	}
	return m
}

// Registry is where every metric of m is registered.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves /metrics (Prometheus text format) and /healthz.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError, // one failed query must not hide the rest
		ErrorLog:      errorLog{m.o.Logger},
	}))
	mux.HandleFunc("GET /healthz", m.health)
	return mux
}

// errorLog turns promhttp's error reports into log lines.
type errorLog struct{ log *slog.Logger }

func (l errorLog) Println(v ...any) {
	l.log.Error("metrics", "component", "metrics", "err", fmt.Sprint(v...))
}
