package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

// newServer starts a stand-in that closes with the test.
func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s := New(opts)
	t.Cleanup(s.Close)
	return s
}

// newBot is a go-telegram/bot client pointed at s.
func newBot(t *testing.T, s *Server) *bot.Bot {
	t.Helper()
	b, err := bot.New(s.Token(), bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// envelope is a decoded Bot API answer.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// callJSON calls method with a JSON body and decodes the envelope.
func callJSON(t *testing.T, s *Server, method string, params map[string]any) envelope {
	t.Helper()
	body, _ := json.Marshal(params)
	return post(t, s.URL()+"/bot"+s.Token()+"/"+method, "application/json", body)
}

func post(t *testing.T, url, contentType string, body []byte) envelope {
	t.Helper()
	resp, err := http.Post(url, contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env envelope
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	if env.OK != (resp.StatusCode == 200) || !env.OK && env.ErrorCode != resp.StatusCode {
		t.Fatalf("HTTP %d does not agree with envelope %+v", resp.StatusCode, env)
	}
	return env
}

// wantError fails unless env is the error code and description given.
func wantError(t *testing.T, env envelope, code int, desc string) {
	t.Helper()
	if env.OK || env.ErrorCode != code || env.Description != desc {
		t.Fatalf("got ok=%v %d %q, want %d %q", env.OK, env.ErrorCode, env.Description, code, desc)
	}
}

// wantOK fails unless env succeeded.
func wantOK(t *testing.T, env envelope) {
	t.Helper()
	if !env.OK {
		t.Fatalf("got %d %q, want ok", env.ErrorCode, env.Description)
	}
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2022, 4, 10, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
