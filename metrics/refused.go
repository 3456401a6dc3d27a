package metrics

import "github.com/prometheus/client_golang/prometheus"

// refusedVec counts requests an HTTP server of the bot refused, by server and reason.
func newRefused() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "linli_http_refused_total",
		Help: "Requests the bot's HTTP servers refused, by server (webhook, web, playground) and reason (secret, path, method, host); logged at most every few seconds.",
	}, []string{"server", "reason"})
}

// Refused counts one request server refused for reason (see edge.Refusals).
func (m *Metrics) Refused(server, reason string) { m.refused.WithLabelValues(server, reason).Inc() }
