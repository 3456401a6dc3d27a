package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// webhook is the registered webhook and its delivery state.
type webhook struct {
	url, secret string
	lastErrAt   time.Time
	lastErr     string
}

// setWebhook registers url (an empty url removes the webhook, as Telegram does).
func (s *Server) setWebhook(c *call) (any, *apiError) {
	raw := strings.TrimSpace(c.p.get("url"))
	if raw == "" {
		return s.deleteWebhook(c)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, badRequest("bad webhook: Failed to resolve host: Name or service not known")
	}
	// Telegram demands HTTPS; plain HTTP is allowed to loopback hosts so tests can listen locally.
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret := c.p.get("secret_token")
	if e := checkSecret(secret); e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.p.bool("drop_pending_updates") {
		s.queue = nil
	}
	if c.p.has("allowed_updates") {
		if e := s.setAllowed(c.p.get("allowed_updates")); e != nil {
			return nil, e
		}
	}
	if s.hook != nil && s.hook.url == raw && s.hook.secret == secret {
		return described{true, "Webhook is already set"}, nil
	}
	s.hook = &webhook{url: raw, secret: secret}
	s.wakeHook()
	return described{true, "Webhook was set"}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkSecret enforces secret_token: 1–256 characters of A-Z, a-z, 0-9, _ and -.
func checkSecret(secret string) *apiError {
	if len(secret) > 256 {
		return badRequest("secret token is too long")
	}
	for _, r := range secret {
		if !(r == '_' || r == '-' || r < 128 && isAlnum(byte(r))) {
			return badRequest("secret token contains unallowed characters")
		}
	}
	return nil
}

// deleteWebhook removes the webhook, optionally dropping pending updates.
func (s *Server) deleteWebhook(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.p.bool("drop_pending_updates") {
		s.queue = nil
	}
	if s.hook == nil {
		return described{true, "Webhook is already deleted"}, nil
	}
	s.hook = nil
	return described{true, "Webhook was deleted"}, nil
}

// getWebhookInfo describes the webhook and the pending queue.
func (s *Server) getWebhookInfo(*call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := models.WebhookInfo{PendingUpdateCount: len(s.queue)}
	if h := s.hook; h != nil {
		info.URL, info.MaxConnections, info.IPAddress = h.url, 40, "127.0.0.1"
		info.LastErrorMessage = h.lastErr
		if !h.lastErrAt.IsZero() {
			info.LastErrorDate = int(h.lastErrAt.Unix())
		}
	}
	for k := range s.allowed {
		info.AllowedUpdates = append(info.AllowedUpdates, k)
	}
	return info, nil
}

func (s *Server) wakeHook() {
	select {
	case s.hookWake <- struct{}{}:
	default:
	}
}

// deliverWebhooks POSTs queued updates to the webhook one at a time, in order, each retried
// with backoff until the bot answers 2xx; only then is it confirmed.
func (s *Server) deliverWebhooks() {
	defer s.wg.Done()
	client := &http.Client{Timeout: 30 * time.Second}
	backoff := time.Duration(0)
	for {
		if !s.sleepOrWake(backoff) {
			return
		}
		s.mu.Lock()
		h, next := s.hook, queued{}
		if h != nil && len(s.queue) > 0 {
			next = s.queue[0]
		}
		s.mu.Unlock()
		if h == nil || next.body == nil {
			backoff = 0
			continue
		}
		err := s.post(client, h, next.body)
		s.mu.Lock()
		if err == nil {
			if len(s.queue) > 0 && s.queue[0].id == next.id {
				s.queue = s.queue[1:]
			}
			backoff = 0
			s.wakeHook()
		} else {
			h.lastErrAt, h.lastErr = s.now(), err.Error()
			backoff = min(max(2*backoff, 50*time.Millisecond), 2*time.Second)
		}
		s.mu.Unlock()
	}
}

// sleepOrWake waits out a retry backoff, or for a wake-up when there is none; false once the
// server closes.
func (s *Server) sleepOrWake(backoff time.Duration) bool {
	if backoff > 0 {
		t := time.NewTimer(backoff)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-s.closed:
			return false
		}
	}
	select {
	case <-s.hookWake:
		return true
	case <-s.closed:
		return false
	}
}

// post delivers one update as Telegram does: JSON body, secret in a header.
func (s *Server) post(client *http.Client, h *webhook, body []byte) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.closed:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.proxied(h.url), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if h.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h.secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("Connection refused")
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("Wrong response from the webhook: %s", resp.Status)
	}
	return nil
}

// ProxyWebhooks plays the TLS reverse proxy in front of a bot in webhook mode: deliveries to a
// webhook URL under public (e.g. "https://bot.example.org") go to local (e.g.
// "http://127.0.0.1:8443") with the same path and query, as Caddy or nginx would forward them.
// setWebhook still sees, and checks, the public https URL.
func (s *Server) ProxyWebhooks(public, local string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.proxy = [2]string{strings.TrimSuffix(public, "/"), strings.TrimSuffix(local, "/")}
}

func (s *Server) proxied(raw string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rest, ok := strings.CutPrefix(raw, s.proxy[0]); ok && s.proxy[0] != "" && (rest == "" || rest[0] == '/' || rest[0] == '?') {
		return s.proxy[1] + rest
	}
	return raw
}
