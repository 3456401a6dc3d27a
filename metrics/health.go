package metrics

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"linli/telegram"
)

// healthReport is the body of /healthz.
type healthReport struct {
	Status       string   `json:"status"` // "ok" or "unhealthy"
	Mode         string   `json:"mode,omitempty"`
	LastPollAgo  *float64 `json:"last_poll_seconds_ago,omitempty"`
	Listening    *bool    `json:"listening,omitempty"`
	InboxPending *int     `json:"inbox_pending,omitempty"`
	ReplicaLag   *float64 `json:"replica_lag_seconds,omitempty"`
	Problems     []string `json:"problems,omitempty"`
}

// health answers 200 when the database answers a query and the intake is alive (polling: a
// getUpdates round was answered within StaleAfter; webhook: the server is listening), else 503
// with the reasons.
func (m *Metrics) health(w http.ResponseWriter, r *http.Request) {
	rep := m.check(r.Context())
	code := http.StatusOK
	if len(rep.Problems) > 0 {
		rep.Status, code = "unhealthy", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(rep)
}

func (m *Metrics) check(ctx context.Context) healthReport {
	rep := healthReport{Status: "ok", Mode: m.o.Mode}
	ctx, cancel := context.WithTimeout(ctx, m.o.QueryTimeout)
	defer cancel()
	if n, _, err := telegram.InboxLag(ctx, m.o.DB); err != nil {
		rep.Problems = append(rep.Problems, "database: "+err.Error())
	} else {
		rep.InboxPending = &n
	}
	if m.o.ReplicaLag != nil {
		lag := m.o.ReplicaLag()
		secs := lag.Round(time.Millisecond).Seconds()
		rep.ReplicaLag = &secs
		if lag > m.o.MaxReplicaLag {
			rep.Problems = append(rep.Problems,
				fmt.Sprintf("replica: missing the last %s of changes", lag.Round(time.Second)))
		}
	}
	switch m.o.Mode {
	case telegram.SourcePolling:
		ago := m.o.Now().Sub(time.Unix(0, m.lastPoll.Load()))
		secs := ago.Round(time.Millisecond).Seconds()
		rep.LastPollAgo = &secs
		if ago > m.o.StaleAfter {
			rep.Problems = append(rep.Problems,
				fmt.Sprintf("intake: no getUpdates round answered for %s", ago.Round(time.Second)))
		}
	case telegram.SourceWebhook:
		on := m.listening.Load()
		rep.Listening = &on
		if !on {
			rep.Problems = append(rep.Problems, "intake: the webhook server is not listening")
		}
	}
	return rep
}
