package telegram

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"linli/internal/edge"
	"linli/store"

	json "github.com/goccy/go-json"
)

// WebhookOptions configures a Webhook.
type WebhookOptions struct {
	DB     *store.DB
	Listen string // e.g. ":8443"
	Path   string // the path of webhook_url; "" serves every path
	Secret string // compared with X-Telegram-Bot-Api-Secret-Token on every request
	Notify func()
	Logger *slog.Logger
	Now    func() time.Time
	// Observer is told of each update committed and whether the server is listening; nil: nobody.
	Observer Observer
	// Refusals counts and logs (at most every few seconds) requests refused for a wrong path,
	// method or secret; nil: logged at most every 5 s, counted nowhere else.
	Refusals *edge.Refusals
	// Edge sets the server's timeouts and connection cap; zero values take edge's defaults,
	// except ReadTimeout (10 s: an update is small, a slow body is an attack).
	Edge edge.Options
}

// Webhook receives updates pushed by Telegram. It answers 200 only after the update is committed
// to the inbox; any other answer makes Telegram deliver it again.
type Webhook struct {
	o WebhookOptions
}

// NewWebhook makes a Webhook, defaulting zero options.
func NewWebhook(o WebhookOptions) *Webhook {
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
	if o.Refusals == nil {
		o.Refusals = edge.NewRefusals(o.Logger, "webhook", 0, nil)
	}
	if o.Edge.ReadTimeout <= 0 {
		o.Edge.ReadTimeout = 10 * time.Second
	}
	o.Edge.Logger = o.Logger
	return &Webhook{o: o}
}

// ServeHTTP takes one update.
func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || (w.o.Path != "" && r.URL.Path != w.o.Path) {
		w.o.Refusals.Refuse("path", r.RemoteAddr)
		http.NotFound(rw, r)
		return
	}
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if w.o.Secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(w.o.Secret)) != 1 {
		w.o.Refusals.Refuse("secret", r.RemoteAddr)
		http.Error(rw, "forbidden", http.StatusForbidden)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		http.Error(rw, "read error", http.StatusBadRequest)
		return
	}
	var head struct {
		UpdateID *int64 `json:"update_id"`
	}
	if err := json.Unmarshal(body, &head); err != nil || head.UpdateID == nil {
		http.Error(rw, "not an update", http.StatusBadRequest)
		return
	}
	n, err := storeUpdates(r.Context(), w.o.DB.Write, []rawUpdate{{ID: *head.UpdateID, Body: body}}, w.o.Now())
	if err != nil {
		w.o.Logger.Error("store update", "component", "webhook", "update_id", *head.UpdateID, "err", err)
		http.Error(rw, "try again", http.StatusServiceUnavailable)
		return
	}
	w.o.Observer.UpdatesReceived(SourceWebhook, n)
	w.o.Notify()
	rw.WriteHeader(http.StatusOK)
}

// Run serves on o.Listen until ctx is done, then stops taking requests and waits for the ones
// being committed.
func (w *Webhook) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", w.o.Listen)
	if err != nil {
		return err
	}
	return w.Serve(ctx, ln)
}

// Serve is Run on a listener the caller opened.
func (w *Webhook) Serve(ctx context.Context, ln net.Listener) error {
	eo := w.o.Edge
	eo.Handler = w
	srv := edge.Server(eo)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(edge.Listener(ln, eo)) }()
	w.o.Observer.Listening(true)
	defer w.o.Observer.Listening(false)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-done; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
