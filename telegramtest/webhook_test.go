package telegramtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// hookRecorder is a bot's webhook endpoint that fails its first failures requests.
type hookRecorder struct {
	mu       sync.Mutex
	failures int
	got      []int64
	secrets  []string
	arrived  chan struct{}
}

func (h *hookRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var u models.Update
	_ = json.Unmarshal(body, &u)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.secrets = append(h.secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	if h.failures > 0 {
		h.failures--
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	h.got = append(h.got, u.ID)
	h.arrived <- struct{}{}
}

func TestWebhook_DeliversInOrderWithSecretAndRetries(t *testing.T) {
	s := newServer(t, Options{})
	h := &hookRecorder{failures: 2, arrived: make(chan struct{}, 10)}
	hook := httptest.NewServer(h)
	defer hook.Close()
	env := callJSON(t, s, "setWebhook", map[string]any{"url": hook.URL + "/tg", "secret_token": "s3cret_-X"})
	if wantOK(t, env); env.Description != "Webhook was set" {
		t.Fatalf("description %q", env.Description)
	}
	a, b := s.SendText(1, "one"), s.SendText(1, "two")
	for range 2 {
		select {
		case <-h.arrived:
		case <-time.After(3 * time.Second):
			t.Fatal("update not delivered")
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.got) != 2 || h.got[0] != a || h.got[1] != b {
		t.Fatalf("delivered %v, want [%d %d]", h.got, a, b)
	}
	if len(h.secrets) != 4 || h.secrets[0] != "s3cret_-X" {
		t.Fatalf("secrets %v (2 failures, 2 deliveries)", h.secrets)
	}
}

func TestWebhook_GetUpdatesConflictsAndInfoShowsPending(t *testing.T) {
	s := newServer(t, Options{})
	wantOK(t, callJSON(t, s, "setWebhook", map[string]any{"url": "https://bot.example.com/hook"}))
	wantError(t, callJSON(t, s, "getUpdates", nil), 409,
		"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
	s.SendText(1, "waiting")
	env := callJSON(t, s, "getWebhookInfo", nil)
	var info models.WebhookInfo
	_ = json.Unmarshal(env.Result, &info)
	if info.URL != "https://bot.example.com/hook" || info.PendingUpdateCount != 1 {
		t.Fatalf("info %+v", info)
	}
	wantOK(t, callJSON(t, s, "deleteWebhook", map[string]any{"drop_pending_updates": true}))
	if got, err := getUpdates(t, s, 0); err != nil || len(got) != 0 {
		t.Fatalf("after deleteWebhook: %v %v", got, err)
	}
}

func TestSetWebhook_ValidatesURLAndSecret(t *testing.T) {
	s := newServer(t, Options{})
	tests := []struct {
		params map[string]any
		err    string
	}{
		{map[string]any{"url": "http://bot.example.com/hook"}, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
		{map[string]any{"url": "https://bot.example.com/hook", "secret_token": "has space"}, "Bad Request: secret token contains unallowed characters"},
		{map[string]any{"url": "https://bot.example.com/hook", "secret_token": string(make([]byte, 257))}, "Bad Request: secret token is too long"},
	}
	for _, tt := range tests {
		wantError(t, callJSON(t, s, "setWebhook", tt.params), 400, tt.err)
	}
}
