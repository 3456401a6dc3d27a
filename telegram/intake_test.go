package telegram

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/telegramtest"
)

func (r *rig) poll(t *testing.T) {
	t.Helper()
	p := NewPoller(PollerOptions{DB: r.db, APIURL: r.ts.URL(), Token: r.ts.Token(), Timeout: time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = p.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func (r *rig) inboxIDs(t *testing.T) []int64 {
	t.Helper()
	rows, err := r.db.Read.Query("SELECT update_id FROM inbox ORDER BY received_at, update_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

func (r *rig) waitInbox(t *testing.T, n int) []int64 {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ids := r.inboxIDs(t)
		if len(ids) >= n {
			return ids
		}
		if time.Now().After(deadline) {
			t.Fatalf("inbox has %v, want %d updates", ids, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPoller_UnstoredUpdatesAreNotConfirmed(t *testing.T) {
	r := newRig(t, telegramtest.Limits{}, nil)
	// The disk is "full": every insert into the inbox fails.
	if _, err := r.db.Write.Exec(`CREATE TRIGGER full BEFORE INSERT ON inbox BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	a := r.ts.SendText(1, "first")
	b := r.ts.SendText(1, "second")
	r.poll(t)
	time.Sleep(700 * time.Millisecond)
	if ids := r.inboxIDs(t); len(ids) != 0 {
		t.Fatalf("inbox %v while inserts fail", ids)
	}
	if _, err := r.db.Write.Exec(`DROP TRIGGER full`); err != nil {
		t.Fatal(err)
	}
	ids := r.waitInbox(t, 2)
	if ids[0] != a || ids[1] != b {
		t.Fatalf("inbox %v, want [%d %d]: updates were confirmed before they were stored", ids, a, b)
	}
}

func TestPoller_DuplicateDeliveryStoredOnce(t *testing.T) {
	r := newRig(t, telegramtest.Limits{}, nil)
	id := r.ts.SendText(1, "hello")
	r.poll(t)
	r.waitInbox(t, 1)
	// Telegram sends the same update again (its confirmation was lost).
	r.ts.PushUpdate(models.Update{ID: id, Message: &models.Message{ID: 99, Text: "hello",
		Chat: models.Chat{ID: 1, Type: models.ChatTypePrivate}, From: &models.User{ID: 1}}})
	r.ts.SendText(1, "next")
	ids := r.waitInbox(t, 2)
	time.Sleep(200 * time.Millisecond)
	if ids = r.inboxIDs(t); len(ids) != 2 {
		t.Fatalf("inbox %v: the duplicate was stored twice", ids)
	}
}

func TestPoller_UpdateIDsRestartingLowerAreNotSkipped(t *testing.T) {
	r := newRig(t, telegramtest.Limits{}, nil)
	r.ts.ResetUpdateIDs(1_000_000)
	r.ts.SendText(1, "before the quiet week")
	r.poll(t)
	r.waitInbox(t, 1)
	time.Sleep(1200 * time.Millisecond) // an empty long poll goes by
	r.ts.ResetUpdateIDs(500)            // a week without updates: ids restart at a random, lower value
	low := r.ts.SendText(1, "after")
	ids := r.waitInbox(t, 2)
	if ids[1] != low {
		t.Fatalf("inbox %v, want the restarted id %d", ids, low)
	}
}

func TestWebhook_SecretCheckedAndUpdateCommittedBeforeOK(t *testing.T) {
	r := newRig(t, telegramtest.Limits{}, nil)
	w := NewWebhook(WebhookOptions{DB: r.db, Path: "/hook", Secret: "s3cret_-ok"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = w.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	url := "http://" + ln.Addr().String() + "/hook"
	post := func(secret, body string) int {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	upd := `{"update_id":42,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":"hi"}}`
	for _, c := range []struct{ secret, body string }{{"", upd}, {"wrong", upd}, {"s3cret_-ok2", upd}, {"s3cret_-ok", "{not json"}} {
		if code := post(c.secret, c.body); code == http.StatusOK {
			t.Errorf("secret %q body %.10q: accepted", c.secret, c.body)
		}
	}
	if ids := r.inboxIDs(t); len(ids) != 0 {
		t.Fatalf("inbox %v after rejected requests", ids)
	}
	if code := post("s3cret_-ok", upd); code != http.StatusOK {
		t.Fatalf("right secret: %d", code)
	}
	if ids := r.inboxIDs(t); len(ids) != 1 || ids[0] != 42 {
		t.Fatalf("inbox %v right after the 200, want [42]", ids)
	}
	if code := post("s3cret_-ok", upd); code != http.StatusOK || len(r.inboxIDs(t)) != 1 {
		t.Fatal("a retried delivery must be acknowledged and stored once")
	}
}

func TestWebhook_StandInPushesWithSecret(t *testing.T) {
	r := newRig(t, telegramtest.Limits{}, nil)
	w := NewWebhook(WebhookOptions{DB: r.db, Secret: "abc"})
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = w.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	if _, err := r.bot.SetWebhook(ctx, &bot.SetWebhookParams{URL: "http://" + ln.Addr().String() + "/", SecretToken: "abc"}); err != nil {
		t.Fatal(err)
	}
	id := r.ts.SendText(1, "via webhook")
	if ids := r.waitInbox(t, 1); ids[0] != id {
		t.Fatalf("inbox %v", ids)
	}
}
