// Package telegram is Linli's edge to the Bot API: durable intake (long polling or a webhook into
// the inbox table), the dispatcher that hands inbox rows to handlers, and the one sender that
// drains the outbox within Telegram's limits. It knows nothing of orders or notices.
package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// ClientOptions configures NewBot.
type ClientOptions struct {
	Token   string
	APIURL  string        // e.g. https://api.telegram.org or a stand-in's URL
	Timeout time.Duration // per API call; default 30s
	Logger  *slog.Logger
	Default bot.HandlerFunc  // for updates no handler matches
	Middle  []bot.Middleware // run around every handler, outermost first
	HTTP    *http.Client     // default: a client with Timeout
}

// NewBot makes the go-telegram/bot client Linli uses for its types, handler routing and methods.
// Its own poller is never started (it confirms updates before they are stored); handlers run
// synchronously inside the dispatcher's transaction.
func NewBot(o ClientOptions) (*bot.Bot, error) {
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.HTTP == nil {
		// Keep a connection per concurrent send alive: the default of two idle connections per
		// host makes a busy sender dial (and TLS-handshake) for most requests.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 64
		o.HTTP = &http.Client{Timeout: o.Timeout, Transport: tr}
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	opts := []bot.Option{
		bot.WithServerURL(strings.TrimRight(o.APIURL, "/")),
		bot.WithSkipGetMe(),
		bot.WithNotAsyncHandlers(),
		bot.WithHTTPClient(o.Timeout, wholeBodies{o.HTTP}),
		bot.WithErrorsHandler(func(err error) {
			log.Error("telegram client", "component", "telegram", "err", Redact(err, o.Token))
		}),
		bot.WithMiddlewares(o.Middle...),
	}
	if o.Default != nil {
		opts = append(opts, bot.WithDefaultHandler(o.Default))
	} else {
		opts = append(opts, bot.WithDefaultHandler(func(context.Context, *bot.Bot, *models.Update) {}))
	}
	b, err := bot.New(o.Token, opts...)
	if err != nil {
		return nil, Redact(fmt.Errorf("telegram: new client: %w", err), o.Token)
	}
	return b, nil
}

// wholeBodies is the HTTP client go-telegram/bot sends through. The library streams each
// request's multipart form through a pipe, and net/http sends a body of unknown length chunked,
// flushing after every chunk: a write() and a TCP segment for each part's header and for each
// value, eighteen for a reply with buttons, each waking the server's reader. Reading the form
// first sends the request with a Content-Length, in one or two writes. The form is in memory
// already (the library builds it from values the caller holds); uploads are files the bot
// made itself (exports), a few megabytes at most.
type wholeBodies struct{ c *http.Client }

func (w wholeBodies) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody && req.ContentLength <= 0 {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err // the form could not be built: nothing was sent
		}
		req.ContentLength = int64(len(body))
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	return w.c.Do(req)
}

// Redact returns err with every occurrence of token in its text replaced, keeping errors.Is and
// errors.As working through Unwrap. Go's *url.Error carries the request URL, and the Bot API puts
// the token in the URL.
func Redact(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return &redacted{msg: strings.ReplaceAll(err.Error(), token, "<token>"), err: err}
}

type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// isDialError reports whether err happened before any byte of the request could reach the
// server, so a retry cannot duplicate it.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

var errUnauthorized = errors.New("telegram: the token was refused (401): check telegram.token")
