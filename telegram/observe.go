package telegram

import (
	"errors"
	"time"

	"github.com/go-telegram/bot"

	"linli/outbox"
)

// Observer is told what happens at the edge, for metrics and the health check. Its methods are
// called on the hot path of intake and sending, from several goroutines: they must be cheap and
// safe for concurrent use. A nil Observer in the options of Poller, Webhook, Dispatcher and Sender
// means nobody is watching.
type Observer interface {
	// UpdatesReceived: n updates from source ("polling" or "webhook") were newly committed to
	// the inbox (duplicates of stored ones are not counted).
	UpdatesReceived(source string, n int)
	// UpdateHandled: one update was handled and marked done; outcome is "ok" or "failed".
	UpdateHandled(outcome string)
	// Polled: a getUpdates round was answered by the Bot API.
	Polled(at time.Time)
	// Listening: the webhook server started (true) or stopped (false) taking requests.
	Listening(on bool)
	// Sent: one send settled.
	Sent(e SendEvent)
}

// Sources of updates, as UpdatesReceived names them.
const (
	SourcePolling = "polling"
	SourceWebhook = "webhook"
)

// Outcomes of a handled update, as UpdateHandled names them.
const (
	HandledOK     = "ok"
	HandledFailed = "failed" // the handler returned an error
	HandledPanic  = "panic"  // the handler panicked (ErrPanic)
)

// ErrPanic marks the error of an update whose handler panicked; a middleware that recovers
// the panic wraps it, so metrics tell bugs from ordinary failures.
var ErrPanic = errors.New("panic")

// SendEvent is what became of one send.
type SendEvent struct {
	Kind    string // outbox.Kind: "send", "edit", "answer", "document", "photo"
	Outcome string // "sent", "retry", "failed" or "unreachable"
	// Code is the Bot API's refusal that caused it, when it was one worth counting: 429, 403,
	// or 500 for any 5xx answer; 0 otherwise.
	Code       int
	RetryAfter time.Duration // with Code 429
	// Unknown: the request may have reached Telegram (a timeout after it was written); it is
	// sent again, so the user may see it twice.
	Unknown bool
}

// nopObserver watches nothing.
type nopObserver struct{}

func (nopObserver) UpdatesReceived(string, int) {}
func (nopObserver) UpdateHandled(string)        {}
func (nopObserver) Polled(time.Time)            {}
func (nopObserver) Listening(bool)              {}
func (nopObserver) Sent(SendEvent)              {}

// observerOr returns o, or one that watches nothing when o is nil.
func observerOr(o Observer) Observer {
	if o == nil {
		return nopObserver{}
	}
	return o
}

var outcomeNames = [...]string{
	outbox.StatusSent: "sent", outbox.StatusRetry: "retry",
	outbox.StatusFailed: "failed", outbox.StatusUnreachable: "unreachable",
}

// sendEvent describes the outcome o of sending r, whose API call returned err.
func sendEvent(r outbox.Row, o outbox.Outcome, err error) SendEvent {
	e := SendEvent{Kind: string(r.Message.Kind), Outcome: "unknown", Unknown: o.Unknown}
	if r.Message.Kind == outbox.KindSend {
		e.Kind = "send"
	}
	if int(o.Status) >= 0 && int(o.Status) < len(outcomeNames) {
		e.Outcome = outcomeNames[o.Status]
	}
	var tooMany *bot.TooManyRequestsError
	switch {
	case err == nil:
	case errors.As(err, &tooMany):
		e.Code, e.RetryAfter = 429, time.Duration(tooMany.RetryAfter)*time.Second
	case errors.Is(err, bot.ErrorForbidden):
		e.Code = 403
	case isServerAnswer(err): // go-telegram/bot's text for codes it has no error of its own for
		e.Code = 500
	}
	return e
}
