// Package edge hardens Linli's HTTP servers (the webhook, the dashboard, metrics, the
// playground): a timeout on every phase of a request, a cap on concurrent connections, and
// refused requests counted and logged at most every few seconds, so a flood neither holds
// connections open nor fills the journal.
package edge

import (
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"golang.org/x/net/netutil"
	"golang.org/x/time/rate"
)

// Options configures a server; zero values take the defaults in brackets.
type Options struct {
	Handler           http.Handler
	Logger            *slog.Logger  // the server's own errors (TLS, bad framing), at Warn
	MaxConns          int           // concurrent connections [64]; more wait to be accepted
	ReadHeaderTimeout time.Duration // for the request line and headers [5 s]
	ReadTimeout       time.Duration // for the whole request, body included [15 s]
	WriteTimeout      time.Duration // for the answer [30 s]; negative: none (an event stream)
	IdleTimeout       time.Duration // a kept-alive connection with no request [60 s]
}

func (o *Options) defaults() {
	if o.MaxConns <= 0 {
		o.MaxConns = 64
	}
	if o.ReadHeaderTimeout <= 0 {
		o.ReadHeaderTimeout = 5 * time.Second
	}
	if o.ReadTimeout <= 0 {
		o.ReadTimeout = 15 * time.Second
	}
	switch {
	case o.WriteTimeout == 0:
		o.WriteTimeout = 30 * time.Second
	case o.WriteTimeout < 0:
		o.WriteTimeout = 0
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 60 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Server is an http.Server with o's timeouts; serve it on Listener(ln, o) for the cap.
func Server(o Options) *http.Server {
	o.defaults()
	return &http.Server{
		Handler: o.Handler, ReadHeaderTimeout: o.ReadHeaderTimeout, ReadTimeout: o.ReadTimeout,
		WriteTimeout: o.WriteTimeout, IdleTimeout: o.IdleTimeout, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(o.Logger.Handler(), slog.LevelWarn),
	}
}

// Listener caps ln at o.MaxConns connections at once (golang.org/x/net/netutil).
func Listener(ln net.Listener, o Options) net.Listener {
	o.defaults()
	return netutil.LimitListener(ln, o.MaxConns)
}

// Refusals counts refused requests (a wrong secret, a wrong Host, a bad method) and logs them
// at most once per interval, with how many were not logged since.
type Refusals struct {
	log        *slog.Logger
	component  string
	limit      *rate.Limiter
	count      func(reason string)
	total      atomic.Int64
	suppressed atomic.Int64
}

// NewRefusals logs as component at most once every interval (0 = 5 s); count, if set, is told of
// every refusal (a metrics counter).
func NewRefusals(logger *slog.Logger, component string, interval time.Duration, count func(reason string)) *Refusals {
	if logger == nil {
		logger = slog.Default()
	}
	if interval <= 0 {
		interval = 5 * time.Second
	}
	return &Refusals{log: logger, component: component, limit: rate.NewLimiter(rate.Every(interval), 1), count: count}
}

// Refuse records one refused request from remote.
func (r *Refusals) Refuse(reason, remote string) {
	r.total.Add(1)
	if r.count != nil {
		r.count(reason)
	}
	if !r.limit.Allow() {
		r.suppressed.Add(1)
		return
	}
	r.log.Warn("request refused", "component", r.component, "reason", reason, "remote", remote,
		"not_logged_since", r.suppressed.Swap(0))
}

// Total is how many requests were refused.
func (r *Refusals) Total() int64 { return r.total.Load() }
