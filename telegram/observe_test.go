package telegram

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"linli/outbox"
)

func TestSendEvent_NamesOutcomeAndCountedRefusals(t *testing.T) {
	t.Parallel()
	send := outbox.Row{ID: 1, ChatID: 7, Message: outbox.Message{ChatID: 7, Text: "x"}}
	edit := outbox.Row{ID: 2, ChatID: 7, Message: outbox.Message{Kind: outbox.KindEdit, ChatID: 7, Text: "x"}}
	now := time.Now()
	cases := []struct {
		name string
		row  outbox.Row
		err  error
		want SendEvent
	}{
		{"sent", send, nil, SendEvent{Kind: "send", Outcome: "sent"}},
		{"429", send, &bot.TooManyRequestsError{Message: "too many requests", RetryAfter: 3},
			SendEvent{Kind: "send", Outcome: "retry", Code: 429, RetryAfter: 3 * time.Second}},
		{"403", edit, fmt.Errorf("%w, Forbidden: bot was blocked by the user", bot.ErrorForbidden),
			SendEvent{Kind: "edit", Outcome: "unreachable", Code: 403}},
		{"5xx", send, errors.New("error response from telegram for method sendMessage, 502 Bad Gateway"),
			SendEvent{Kind: "send", Outcome: "retry", Code: 500}},
		{"400", send, fmt.Errorf("%w, Bad Request: can't parse entities", bot.ErrorBadRequest),
			SendEvent{Kind: "send", Outcome: "failed"}},
		{"network", send, errors.New("dial tcp: connection refused"), SendEvent{Kind: "send", Outcome: "retry", Unknown: true}}, // not a *net.OpError: it may have been written
	}
	for _, c := range cases {
		o := classify(c.row, 5, c.err, now)
		if got := sendEvent(c.row, o, c.err); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
