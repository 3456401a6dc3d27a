package telegramtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Request is one API call as the server saw it, with the answer it gave.
type Request struct {
	Method      string            // canonical name, e.g. "sendMessage" (as sent, if unknown)
	Params      map[string]string // uploaded files appear as "<file NAME, N bytes>"
	Status      int               // HTTP status answered; 0 if the client gave up first
	At          time.Time         // by the server's clock
	Description string            // the error description; "" on success
	Spec        bool              // refused because the published Bot API does not allow it (checkSpec)
}

// failRule is one FailNext order.
type failRule struct {
	method     string
	left       int
	code       int
	desc       string
	retryAfter int
}

// handler answers one method.
type handler func(s *Server, c *call) (any, *apiError)

// method is one supported Bot API method.
type method struct {
	name string
	fn   handler
}

// methods maps lower-cased names (Telegram matches them case-insensitively) to handlers.
var methods = func() map[string]method {
	all := map[string]handler{
		"getMe": (*Server).getMe, "getUpdates": (*Server).getUpdates,
		"setWebhook": (*Server).setWebhook, "deleteWebhook": (*Server).deleteWebhook,
		"getWebhookInfo": (*Server).getWebhookInfo,
		"sendMessage":    (*Server).sendMessage, "sendDocument": (*Server).sendDocument,
		"sendPhoto": (*Server).sendPhoto, "sendVoice": (*Server).sendVoice, "sendAudio": (*Server).sendAudio, "sendChatAction": (*Server).sendChatAction,
		"editMessageText": (*Server).editMessageText, "editMessageReplyMarkup": (*Server).editMessageReplyMarkup,
		"deleteMessage": (*Server).deleteMessage, "answerCallbackQuery": (*Server).answerCallbackQuery,
		"setMyCommands": (*Server).setMyCommands, "getMyCommands": (*Server).getMyCommands,
		"deleteMyCommands": (*Server).deleteMyCommands,
	}
	m := make(map[string]method, len(all))
	for name, fn := range all {
		m[strings.ToLower(name)] = method{name: name, fn: fn}
	}
	return m
}()

// record appends a call to the request log.
func (s *Server) record(method string, p *params, status int, desc string) {
	s.recordCall(method, p, status, desc, false)
}

// recordCall is record with the mark of a spec violation.
func (s *Server) recordCall(method string, p *params, status int, desc string, spec bool) {
	vals := map[string]string{}
	if p != nil {
		for k, v := range p.vals {
			vals[k] = v
		}
		for k, f := range p.files {
			vals[k] = fmt.Sprintf("<file %s, %d bytes>", f.name, len(f.data))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{Method: method, Params: vals, Status: status, At: s.now(), Description: desc, Spec: spec})
}

// SpecViolations returns the calls refused because the published Bot API does not allow them
// (unknown parameter, missing required one, wrong type, value out of its documented bounds).
// A bot that speaks the API to the letter makes none.
func (s *Server) SpecViolations() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if r.Spec {
			out = append(out, r)
		}
	}
	return out
}

// Requests returns every API call so far, oldest first, with the answer given.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// CountCalls counts calls of method (case-insensitive), whatever their answer.
func (s *Server) CountCalls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if strings.EqualFold(r.Method, method) {
			n++
		}
	}
	return n
}

// FailNext makes the next n calls of method ("" = any method) fail with this error code and
// description (e.g. 500, "Internal Server Error"; 429 with retryAfter > 0 adds
// parameters.retry_after). Orders queue up: a later one applies after earlier ones are used.
func (s *Server) FailNext(method string, n int, code int, description string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails = append(s.fails, failRule{method: method, left: n, code: code, desc: description, retryAfter: retryAfter})
}

// injected consumes a matching FailNext order.
func (s *Server) injected(method string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.fails {
		f := &s.fails[i]
		if f.left > 0 && (f.method == "" || strings.EqualFold(f.method, method)) {
			f.left--
			return &apiError{Code: f.code, Desc: f.desc, RetryAfter: f.retryAfter}
		}
	}
	return nil
}

// Hang makes calls of method ("" = any method) block before they are processed, until the
// client gives up (its request context ends) or Hang(method, false): nothing happens, as when
// a request never reached Telegram.
func (s *Server) Hang(method string, on bool) { s.setHang(s.hangs, method, on) }

// HangAfter makes calls of method ("" = any) be processed — the message is sent — and then
// withhold the answer until the client gives up or HangAfter(method, false): the case of a send
// whose outcome the bot cannot know.
func (s *Server) HangAfter(method string, on bool) { s.setHang(s.after, method, on) }

func (s *Server) setHang(m map[string]chan struct{}, method string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(method)
	ch, ok := m[key]
	switch {
	case on && !ok:
		m[key] = make(chan struct{})
	case !on && ok:
		close(ch)
		delete(m, key)
	}
}

// wait blocks while a hang applies to method; false if the client gave up meanwhile.
func (s *Server) wait(r *http.Request, m map[string]chan struct{}, method string) bool {
	for {
		s.mu.Lock()
		ch, ok := m[strings.ToLower(method)]
		if !ok {
			ch, ok = m[""]
		}
		s.mu.Unlock()
		if !ok {
			return true
		}
		if !s.held1(r, ch) {
			return false
		}
	}
}

// held1 blocks until ch closes (true) or the client or the server goes away (false), counted in
// Held meanwhile.
func (s *Server) held1(r *http.Request, ch chan struct{}) bool {
	s.mu.Lock()
	s.held++
	s.mu.Unlock()
	defer func() { s.mu.Lock(); s.held--; s.mu.Unlock() }()
	select {
	case <-ch:
		return true
	case <-r.Context().Done():
		return false
	case <-s.closed:
		return false
	}
}

// Held is how many requests Hang or HangAfter is holding right now: a test waits for it to know
// a call reached the server.
func (s *Server) Held() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

// Polling reports whether a getUpdates call is waiting for updates right now, so a test can
// change what the next call meets (Hang) knowing the update it sends goes to this one.
func (s *Server) Polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.poll != nil
}
