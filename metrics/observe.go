package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linli/telegram"
)

var _ telegram.Observer = (*Metrics)(nil)

// counters makes and registers the counters the edge bumps, resolving the label values the hot
// path uses most so that it only adds.
func (m *Metrics) counters() {
	m.received = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "linli_updates_received_total",
		Help: "Updates newly committed to the inbox, by source (polling or webhook); duplicates are not counted.",
	}, []string{"source"})
	m.handled = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "linli_updates_handled_total",
		Help: "Updates handled and marked done, by outcome: ok; failed (rolled back, answered with an apology); panic (the same, after a handler bug).",
	}, []string{"outcome"})
	m.sends = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "linli_sends_total",
		Help: "Bot API calls that sent the outbox, by kind (send, edit, answer, document, photo) and outcome (sent, retry, failed, unreachable).",
	}, []string{"kind", "outcome"})
	m.throttled = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "linli_telegram_too_many_requests_total",
		Help: "Sends Telegram refused with 429 Too Many Requests (the whole sender then pauses for retry_after).",
	})
	m.retryWait = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "linli_telegram_retry_after_seconds_total",
		Help: "Sum of the retry_after seconds Telegram asked for in its 429 answers.",
	})
	m.forbidden = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "linli_telegram_forbidden_total",
		Help: "Sends Telegram refused with 403 Forbidden (the user blocked the bot or left): the chat is marked unreachable.",
	})
	m.server = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "linli_telegram_server_errors_total",
		Help: "Sends that got a 5xx (or another unexpected) answer from the Bot API; they are retried with backoff.",
	})
	m.recvPoll = m.received.WithLabelValues(telegram.SourcePolling)
	m.recvHook = m.received.WithLabelValues(telegram.SourceWebhook)
	m.handledOK = m.handled.WithLabelValues(telegram.HandledOK)
	m.handled.WithLabelValues(telegram.HandledFailed) // shown as 0 before the first failure
	m.handled.WithLabelValues(telegram.HandledPanic)
	m.reg.MustRegister(m.received, m.handled, m.sends, m.throttled, m.retryWait, m.forbidden, m.server)
}

// UpdatesReceived implements telegram.Observer.
func (m *Metrics) UpdatesReceived(source string, n int) {
	switch source {
	case telegram.SourcePolling:
		m.recvPoll.Add(float64(n))
	case telegram.SourceWebhook:
		m.recvHook.Add(float64(n))
	default:
		m.received.WithLabelValues(source).Add(float64(n))
	}
}

// UpdateHandled implements telegram.Observer.
func (m *Metrics) UpdateHandled(outcome string) {
	if outcome == telegram.HandledOK {
		m.handledOK.Inc()
		return
	}
	m.handled.WithLabelValues(outcome).Inc()
}

// Polled implements telegram.Observer.
func (m *Metrics) Polled(at time.Time) { m.lastPoll.Store(at.UnixNano()) }

// Listening implements telegram.Observer.
func (m *Metrics) Listening(on bool) { m.listening.Store(on) }

// Sent implements telegram.Observer.
func (m *Metrics) Sent(e telegram.SendEvent) {
	m.sends.WithLabelValues(e.Kind, e.Outcome).Inc()
	switch e.Code {
	case 429:
		m.throttled.Inc()
		m.retryWait.Add(e.RetryAfter.Seconds())
	case 403:
		m.forbidden.Inc()
	case 500:
		m.server.Inc()
	}
}
