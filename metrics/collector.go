package metrics

import (
	"context"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linli/orders"
	"linli/outbox"
	"linli/telegram"
)

// dbCollector computes the gauges that live in the database at scrape time, with a few cheap
// queries on the read pool (each reads only an index; about 5 ms in all for 110,000 orders).
type dbCollector struct {
	m                            *Metrics
	zones, categories            map[string]bool
	up, pending, lag, byState    *prometheus.Desc
	queueAge, queueOpen, backlog *prometheus.Desc
}

func newDBCollector(m *Metrics) *dbCollector {
	queue := []string{"zone", "category", "urgent"}
	return &dbCollector{
		m: m, zones: set(m.o.Zones), categories: set(m.o.Categories),
		up: prometheus.NewDesc("linli_database_up",
			"1 if the scrape-time queries of the database succeeded, 0 if one failed or timed out.", nil, nil),
		pending: prometheus.NewDesc("linli_inbox_pending",
			"Updates committed to the inbox and not yet handled.", nil, nil),
		lag: prometheus.NewDesc("linli_inbox_lag_seconds",
			"Seconds since the oldest not-yet-handled update arrived; 0 when none is waiting.", nil, nil),
		byState: prometheus.NewDesc("linli_orders",
			"Orders by state (open, claimed, delivered, received, cancelled, expired).", []string{"state"}, nil),
		queueAge: prometheus.NewDesc("linli_queue_oldest_age_seconds",
			"Age in seconds of the oldest open (unclaimed) order of a queue; queues with none waiting are absent.", queue, nil),
		queueOpen: prometheus.NewDesc("linli_queue_open_orders",
			"Open (unclaimed) orders waiting in a queue; queues with none waiting are absent.", queue, nil),
		backlog: prometheus.NewDesc("linli_outbox_backlog",
			"Outbox messages waiting to be sent or being sent, by priority (reply, notify, broadcast).", []string{"priority"}, nil),
	}
}

func set(keys []string) map[string]bool {
	if keys == nil {
		return nil
	}
	s := make(map[string]bool, len(keys))
	for _, k := range keys {
		s[k] = true
	}
	return s
}

// Describe implements prometheus.Collector.
func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.up, c.pending, c.lag, c.byState, c.queueAge, c.queueOpen, c.backlog} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.m.o.QueryTimeout)
	defer cancel()
	now := c.m.o.Now()
	up := 1.0
	for _, step := range []func(context.Context, chan<- prometheus.Metric, time.Time) error{
		c.inbox, c.orders, c.queues, c.outbox,
	} {
		if err := step(ctx, ch, now); err != nil {
			c.m.o.Logger.Error("metrics query", "component", "metrics", "err", err)
			up = 0
		}
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, up)
}

func (c *dbCollector) inbox(ctx context.Context, ch chan<- prometheus.Metric, now time.Time) error {
	n, oldest, err := telegram.InboxLag(ctx, c.m.o.DB)
	if err != nil {
		return err
	}
	lag := 0.0
	if !oldest.IsZero() {
		lag = max(now.Sub(oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, lag)
	return nil
}

var states = []orders.Status{orders.StatusOpen, orders.StatusClaimed, orders.StatusDelivered,
	orders.StatusReceived, orders.StatusCancelled, orders.StatusExpired}

func (c *dbCollector) orders(ctx context.Context, ch chan<- prometheus.Metric, _ time.Time) error {
	counts, err := orders.CountByStatus(ctx, c.m.o.DB)
	if err != nil {
		return err
	}
	for _, s := range states {
		ch <- prometheus.MustNewConstMetric(c.byState, prometheus.GaugeValue, float64(counts[s]), string(s))
	}
	return nil
}

func (c *dbCollector) outbox(ctx context.Context, ch chan<- prometheus.Metric, _ time.Time) error {
	counts, err := outbox.Backlog(ctx, c.m.o.DB)
	if err != nil {
		return err
	}
	for p, name := range []string{"reply", "notify", "broadcast"} {
		ch <- prometheus.MustNewConstMetric(c.backlog, prometheus.GaugeValue, float64(counts[outbox.Priority(p)]), name)
	}
	return nil
}

// queues emits the age and size of each queue with open orders. A zone or category no longer in
// the configuration is labelled "other", so the label sets stay those of the configuration.
func (c *dbCollector) queues(ctx context.Context, ch chan<- prometheus.Metric, now time.Time) error {
	ages, err := orders.OpenAges(ctx, c.m.o.DB)
	if err != nil {
		return err
	}
	type key struct{ zone, category, urgent string }
	merged := map[key]orders.QueueAge{}
	for _, a := range ages {
		k := key{bounded(c.zones, a.Zone), bounded(c.categories, a.Category), strconv.FormatBool(a.Urgent)}
		if m, ok := merged[k]; ok {
			a.Open += m.Open
			if m.Oldest.Before(a.Oldest) {
				a.Oldest = m.Oldest
			}
		}
		merged[k] = a
	}
	for k, a := range merged {
		ch <- prometheus.MustNewConstMetric(c.queueAge, prometheus.GaugeValue,
			max(now.Sub(a.Oldest).Seconds(), 0), k.zone, k.category, k.urgent)
		ch <- prometheus.MustNewConstMetric(c.queueOpen, prometheus.GaugeValue, float64(a.Open), k.zone, k.category, k.urgent)
	}
	return nil
}

// bounded is v if allowed holds it (or allowed is nil), else "other".
func bounded(allowed map[string]bool, v string) string {
	if allowed == nil || allowed[v] {
		return v
	}
	return "other"
}
