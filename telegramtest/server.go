// Package telegramtest is an in-process stand-in for the Telegram Bot API. A bot under test talks
// to it over real HTTP exactly as to api.telegram.org, and it enforces Telegram's rules — message
// length in UTF-16 units, HTML and MarkdownV2 entity parsing, callback data in bytes, keyboards,
// rate limits, blocked users, getUpdates confirmations and webhook delivery — so the bugs that
// hurt in production fail a test first. Tests act as users (SendText, Press, ...) and read what
// the bot did (Messages, Requests, CallbackAnswers, Commands).
package telegramtest

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Options configures New. Zero values take the documented defaults.
type Options struct {
	Token       string // accepted bot token; default "123456:TEST-token"
	BotID       int64  // default 123456
	BotUsername string // default "linli_test_bot"
	Limits      Limits
	Clock       func() time.Time // message dates and rate limits; default time.Now
}

// Limits are the flood limits the server enforces on message-producing methods (send*, edit*).
// The zero value is Telegram's: 30 messages per second in all, one message per second per private
// chat, 20 messages per minute per group. Disabled turns all rate limiting off (benchmarks).
//
// Paid broadcasts (a send with allow_paid_broadcast) are held to PaidGlobal messages per sliding
// second, counting every message accepted (paid or not); a send without it is held to Global
// messages per second among those without it, and to PaidGlobal in all. The per-chat and
// per-group limits apply to both. Each paid message costs 0.1 Star of the balance (SetStars):
// Telegram charges only those beyond the free 30 a second, the stand-in every one, so a test
// runs out no later than Telegram would.
type Limits struct {
	Global            int           // messages per sliding second across all chats; default 30
	PaidGlobal        int           // with allow_paid_broadcast; default 1000
	PerChat           time.Duration // minimum interval between messages to one private chat; default 1s
	PerGroupPerMinute int           // messages per sliding minute to one group; default 20
	Disabled          bool
}

// Server is a running Bot API stand-in. All methods are safe for concurrent use.
type Server struct {
	opts Options
	http *httptest.Server
	now  func() time.Time

	mu       sync.Mutex
	users    map[int64]*User
	chats    map[int64]*chat
	queue    []queued // unconfirmed updates, oldest first
	nextUpd  int64
	allowed  map[string]bool // nil: Telegram's default set
	updated  chan struct{}   // closed and replaced whenever the queue grows
	poll     *poller         // the getUpdates call now waiting, if any
	hook     *webhook
	proxy    [2]string // ProxyWebhooks: public URL prefix → local one
	hookWake chan struct{}
	queries  map[string]*callbackQuery
	answers  []CallbackAnswer
	commands map[CommandScope][]BotCommand
	requests []Request
	fails    []failRule
	hangs    map[string]chan struct{}
	after    map[string]chan struct{}
	held     int // requests blocked by Hang or HangAfter right now
	limits   *limiter
	stars    int64 // Stars balance in tenths for paid broadcasts; -1: unlimited
	subs     map[int]chan Event
	subSeq   int
	changed  chan struct{} // closed and replaced on every chat change
	seq      int64         // file ids, callback query ids
	files    map[string]storedFile
	closed   chan struct{}
	once     sync.Once
	wg       sync.WaitGroup
}

// New starts a stand-in on 127.0.0.1 with opts' zero values defaulted.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = "123456:TEST-token"
	}
	if opts.BotID == 0 {
		opts.BotID = 123456
	}
	if opts.BotUsername == "" {
		opts.BotUsername = "linli_test_bot"
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	s := &Server{
		opts: opts, now: opts.Clock,
		users: map[int64]*User{}, chats: map[int64]*chat{},
		nextUpd: 1, updated: make(chan struct{}), hookWake: make(chan struct{}, 1),
		queries: map[string]*callbackQuery{}, commands: map[CommandScope][]BotCommand{},
		hangs: map[string]chan struct{}{}, after: map[string]chan struct{}{},
		limits: newLimiter(opts.Limits), stars: -1, subs: map[int]chan Event{},
		changed: make(chan struct{}), closed: make(chan struct{}),
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.wg.Add(1)
	go s.deliverWebhooks()
	return s
}

// URL is the base URL to give the bot (bot.WithServerURL, config api_url), without a trailing slash.
func (s *Server) URL() string { return s.http.URL }

// Token is the bot token the server accepts.
func (s *Server) Token() string { return s.opts.Token }

// Close stops the server: waiting calls return, webhook delivery stops. It is safe to call twice.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closed)
		s.http.CloseClientConnections()
		s.http.Close()
		s.wg.Wait()
		s.mu.Lock()
		for id, ch := range s.subs {
			close(ch)
			delete(s.subs, id)
		}
		s.mu.Unlock()
	})
}

// serveHTTP routes /bot{token}/{method} and answers in Telegram's envelope.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, name, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || name == "" {
		writeEnvelope(w, nil, &apiError{Code: 404, Desc: "Not Found"})
		return
	}
	if token != s.opts.Token {
		s.finish(w, name, nil, nil, &apiError{Code: 401, Desc: "Unauthorized"})
		return
	}
	m, known := methods[strings.ToLower(name)]
	if !known {
		s.finish(w, name, nil, nil, &apiError{Code: 404, Desc: "Not Found"})
		return
	}
	p, err := readParams(r)
	if err != nil && (errors.Is(err, io.ErrUnexpectedEOF) || r.Context().Err() != nil) {
		// The client went away while sending its body (a bot stopping mid-request): Telegram
		// never saw a whole request, so it neither answered nor refused it.
		s.record(m.name, nil, 0, "client gave up while sending the request")
		return
	}
	if err != nil {
		s.finish(w, m.name, nil, nil, badRequest("%s", err.Error()))
		return
	}
	if e := checkSpec(m.name, p); e != nil {
		s.finish(w, m.name, p, nil, e)
		return
	}
	if e := s.injected(m.name); e != nil {
		s.finish(w, m.name, p, nil, e)
		return
	}
	if !s.wait(r, s.hangs, m.name) {
		s.record(m.name, p, 0, "client gave up while the call hung")
		return
	}
	res, e := m.fn(s, &call{r: r, p: p})
	if !s.wait(r, s.after, m.name) {
		s.record(m.name, p, 0, "client gave up after the call was processed")
		return
	}
	s.finish(w, m.name, p, res, e)
}

// finish records the call and writes the answer.
func (s *Server) finish(w http.ResponseWriter, method string, p *params, res any, e *apiError) {
	if e != nil {
		s.recordCall(method, p, e.Code, e.Desc, e.spec)
	} else {
		s.record(method, p, http.StatusOK, "")
	}
	writeEnvelope(w, res, e)
}
