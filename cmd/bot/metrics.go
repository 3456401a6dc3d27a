package main

import (
	"linli/internal/edge"

	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"linli/metrics"
	"linli/orders"
	"linli/telegram"
)

// newMetrics makes the metrics of the app when [metrics] listen is set (nil otherwise), with
// the configured zones and categories as the only label values of the queue gauges.
func (a *app) newMetrics(catalog *orders.Catalog, hooks *appHooks) *metrics.Metrics {
	if a.cfg.Metrics.Listen == "" {
		return nil
	}
	var cats []string
	for _, c := range catalog.Enabled() {
		cats = append(cats, c.Key)
	}
	o := metrics.Options{
		DB: a.db.Read, Zones: a.cfg.Zones.Keys(), Categories: cats, Mode: a.mode(), Logger: a.log,
		ReplicaLag: a.replicaLag(),
	}
	if hooks.metrics != nil {
		hooks.metrics(&o)
	}
	return metrics.New(o)
}

// observer is what the edge reports to: the metrics, or nobody when they are off. (A nil
// *metrics.Metrics in the interface would not be a nil Observer.)
func (a *app) observer() telegram.Observer {
	if a.metrics == nil {
		return nil
	}
	return a.metrics
}

// refusals counts server's refused requests in the metrics (when on) and logs them at most
// every 5 s.
func (a *app) refusals(server string) *edge.Refusals {
	return edge.NewRefusals(a.log, server, 0, func(reason string) {
		if a.metrics != nil {
			a.metrics.Refused(server, reason)
		}
	})
}

// serveMetrics starts the HTTP server of /metrics and /healthz on [metrics] listen and returns
// the function that stops it; with metrics off it does nothing.
func (a *app) serveMetrics() (stop func(), err error) {
	if a.metrics == nil {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", a.cfg.Metrics.Listen)
	if err != nil {
		return nil, fmt.Errorf("metrics.listen: %w", err)
	}
	if a.metricsAt != nil {
		a.metricsAt(ln.Addr().String())
	}
	srv := &http.Server{Handler: a.metrics.Handler(), ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("metrics server", "component", "metrics", "err", err)
		}
	}()
	a.log.Info("metrics and health check", "component", "metrics", "listen", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}, nil
}
