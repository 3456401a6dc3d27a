package telegram

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"linli/outbox"
)

// TestBotAPI_SendsEachRequestWhole: go-telegram/bot streams its multipart form, which net/http
// sends chunked with a flush (a write and a TCP segment) per part; the client Linli gives it
// sends the form whole, with a Content-Length, and Telegram reads the same fields.
func TestBotAPI_SendsEachRequestWhole(t *testing.T) {
	var mu sync.Mutex
	type seen struct {
		length   int64
		encoding []string
		chat     string
		text     string
		markup   string
	}
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, seen{r.ContentLength, r.TransferEncoding, r.FormValue("chat_id"), r.FormValue("text"), r.FormValue("reply_markup")})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true,"result":{"message_id":7,"date":0,"chat":{"id":1,"type":"private"}}}`))
	}))
	defer srv.Close()
	b, err := NewBot(ClientOptions{Token: "1:x", APIURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	text := "<b>请</b> & 谢谢 🙏"
	id, err := BotAPI{Bot: b, Token: "1:x"}.Do(context.Background(), outbox.Message{ChatID: 1, Text: text,
		Buttons: [][]outbox.Button{{{Text: "认领", Data: "claim:1"}}}})
	if err != nil || id != 7 {
		t.Fatalf("Do: %d, %v", id, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 {
		t.Fatalf("%d requests", len(got))
	}
	s := got[0]
	if s.length <= 0 || len(s.encoding) != 0 {
		t.Errorf("Content-Length %d, Transfer-Encoding %v: want the whole form with its length, not chunked", s.length, s.encoding)
	}
	if s.chat != "1" || s.text != text || s.markup == "" {
		t.Errorf("fields read: chat %q, text %q, reply_markup %q", s.chat, s.text, s.markup)
	}
}
