package telegram

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/internal/testdb"
	"linli/store"
)

// A batch of slow updates lets another writer in (the sender with a reply to mark) instead of
// holding the database until the whole batch is done, and still handles every update once.
func TestDispatcher_BatchLetsAWaitingWriterIn(t *testing.T) {
	const updates, each = 20, 5 * time.Millisecond
	db := testdb.Open(t)
	ctx := context.Background()
	var handled atomic.Int64
	started := make(chan struct{}, updates)
	b, err := NewBot(ClientOptions{Token: "1:x", APIURL: "http://127.0.0.1:1",
		Default: func(ctx context.Context, _ *bot.Bot, u *models.Update) {
			started <- struct{}{}
			time.Sleep(each) // a handler's work inside the batch's transaction
			handled.Add(1)
		}})
	if err != nil {
		t.Fatal(err)
	}
	var raws []rawUpdate
	for i := range updates {
		raws = append(raws, rawUpdate{ID: int64(i + 1),
			Body: fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":1,"date":1,"chat":{"id":7,"type":"private"},"text":"hi"}}`, i+1)})
	}
	if _, err := storeUpdates(ctx, db.Write, raws, time.Now()); err != nil {
		t.Fatal(err)
	}
	d := NewDispatcher(DispatcherOptions{DB: db, Bot: b})
	run, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.Run(run) }()
	defer func() { stop(); <-done }()

	<-started // the batch holds the database now
	var before int64
	if err := store.InTx(ctx, db.Write, func(*sql.Tx) error { before = handled.Load(); return nil }); err != nil {
		t.Fatal(err)
	}
	if before >= updates/2 {
		t.Errorf("the waiting writer got in after %d of %d updates; want it let in after about %v",
			before, updates, yieldAfter)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		rows, err := pendingUpdates(ctx, db.Read, updates)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d updates still pending", len(rows))
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := handled.Load(); got != updates {
		t.Errorf("handled %d times, want each of the %d updates once", got, updates)
	}
}
