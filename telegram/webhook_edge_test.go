package telegram

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"linli/internal/edge"
	"linli/telegramtest"
)

// Finding 5 (issue 12): the webhook server had no read or idle timeouts (refused connections
// stayed open; a right secret with a partial body hung 40 s) and logged a line per bad request.
func TestWebhook_TimeoutsCloseStalledConnectionsAndRefusalsAreRateLimited(t *testing.T) {
	r := newRig(t, telegramtest.Limits{}, nil)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	refused := edge.NewRefusals(logger, "webhook", time.Hour, nil)
	w := NewWebhook(WebhookOptions{DB: r.db, Path: "/hook", Secret: "s3cret", Logger: logger, Refusals: refused,
		Edge: edge.Options{ReadHeaderTimeout: 200 * time.Millisecond, ReadTimeout: 300 * time.Millisecond,
			IdleTimeout: 300 * time.Millisecond, MaxConns: 8}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = w.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	addr := ln.Addr().String()

	// A connection that says nothing, and one with the right secret and half a body, are cut.
	silent, _ := net.Dial("tcp", addr)
	partial, _ := net.Dial("tcp", addr)
	defer silent.Close()
	defer partial.Close()
	io.WriteString(partial, "POST /hook HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: s3cret\r\nContent-Length: 1000\r\n\r\n{\"update_id\":")
	for name, c := range map[string]net.Conn{"silent": silent, "partial body": partial} {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		io.ReadAll(c) // until the server closes it
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s connection open for %v", name, d)
		}
	}
	// Fifty wrong secrets: all refused and counted, one log line.
	for range 50 {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/hook", strings.NewReader("{}"))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "wrong")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("wrong secret: %d", resp.StatusCode)
		}
	}
	if refused.Total() != 50 || strings.Count(logs.String(), "request refused") != 1 {
		t.Fatalf("refused %d, log lines %d:\n%s", refused.Total(), strings.Count(logs.String(), "request refused"), logs.String())
	}
}
