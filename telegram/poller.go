package telegram

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"linli/store"
)

// PollerOptions configures a Poller.
type PollerOptions struct {
	DB      *store.DB
	APIURL  string
	Token   string
	Timeout time.Duration // long-poll timeout; default 25s
	Allowed []string      // allowed_updates; nil = Telegram's default
	Notify  func()        // called after new updates are committed (wakes the dispatcher)
	Logger  *slog.Logger
	Now     func() time.Time
	// Observer is told of each answered round and each batch committed; nil: nobody.
	Observer Observer
}

// Poller is Linli's own getUpdates loop. Each batch is committed to the inbox before the next
// request's offset confirms it to Telegram, so a crash at any point loses no update.
type Poller struct {
	o   PollerOptions
	api updatesClient
}

// NewPoller makes a Poller, defaulting zero options.
func NewPoller(o PollerOptions) *Poller {
	if o.Timeout == 0 {
		o.Timeout = 25 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Notify == nil {
		o.Notify = func() {}
	}
	o.Observer = observerOr(o.Observer)
	return &Poller{o: o, api: updatesClient{
		base: trimURL(o.APIURL), token: o.Token,
		http: &http.Client{Timeout: o.Timeout + 15*time.Second},
	}}
}

// Run polls until ctx is done.
//
// The offset is never persisted. After a crash the first request carries no offset, so Telegram
// hands back everything unconfirmed, and duplicates of stored updates are ignored. After an empty
// answer the offset is dropped again: everything before it has been confirmed by that very
// request, and Telegram restarts update ids at a random (possibly lower) value after a week
// without updates, which a remembered offset would silently skip.
func (p *Poller) Run(ctx context.Context) error {
	var offset int64
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		ups, err := p.api.getUpdates(ctx, offset, p.o.Timeout, p.o.Allowed)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			backoff = p.wait(ctx, err, backoff)
			continue
		}
		backoff = 0
		p.o.Observer.Polled(p.o.Now())
		if len(ups) == 0 {
			offset = 0
			continue
		}
		n, err := storeUpdates(context.WithoutCancel(ctx), p.o.DB.Write, ups, p.o.Now())
		if err != nil {
			// Not confirmed: Telegram sends them again on the next request.
			p.o.Logger.Error("store updates", "component", "poller", "err", err)
			backoff = p.sleep(ctx, nextBackoff(backoff))
			continue
		}
		p.o.Observer.UpdatesReceived(SourcePolling, n)
		p.o.Notify()
		offset = ups[len(ups)-1].ID + 1
	}
	return nil
}

// wait logs err and sleeps as long as it calls for; it returns the backoff to use next.
func (p *Poller) wait(ctx context.Context, err error, backoff time.Duration) time.Duration {
	var api *apiError
	if errors.As(err, &api) {
		switch {
		case api.Code == http.StatusTooManyRequests && api.RetryAfter > 0:
			p.o.Logger.Warn("getUpdates rate limited", "component", "poller", "retry_after", api.RetryAfter)
			p.sleep(ctx, time.Duration(api.RetryAfter)*time.Second)
			return 0
		case api.Code == http.StatusConflict:
			p.o.Logger.Error("getUpdates refused: a webhook is set or another copy of the bot is polling",
				"component", "poller", "err", err)
		case api.Code == http.StatusUnauthorized:
			p.o.Logger.Error("getUpdates refused: check telegram.token", "component", "poller")
		default:
			p.o.Logger.Error("getUpdates failed", "component", "poller", "err", err)
		}
	} else {
		p.o.Logger.Warn("getUpdates failed", "component", "poller", "err", err)
	}
	return p.sleep(ctx, nextBackoff(backoff))
}

func (p *Poller) sleep(ctx context.Context, d time.Duration) time.Duration {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
	return d
}

// nextBackoff doubles from 500ms up to 30s.
func nextBackoff(d time.Duration) time.Duration {
	switch {
	case d <= 0:
		return 500 * time.Millisecond
	case d >= 15*time.Second:
		return 30 * time.Second
	}
	return 2 * d
}
