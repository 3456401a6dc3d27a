package telegram

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
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

// In one batch, an update whose handler fails keeps none of its effects and is marked done with
// its error; the updates around it keep theirs and are marked done without one, in the batch's
// one commit.
func TestDispatcher_BatchMarksEachUpdateDoneWithItsOwnOutcome(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	b, err := NewBot(ClientOptions{Token: "1:x", APIURL: "http://127.0.0.1:1",
		Default: func(ctx context.Context, _ *bot.Bot, u *models.Update) {
			unit := UnitFrom(ctx)
			if _, err := unit.Tx.ExecContext(ctx, `INSERT INTO chats (chat_id) VALUES (?)`, u.ID); err != nil {
				unit.Err = err
				return
			}
			if u.Message.Text == "boom" {
				unit.Err = errors.New("handler failed")
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	var raws []rawUpdate
	for i, text := range []string{"hi", "boom", "hi"} {
		raws = append(raws, rawUpdate{ID: int64(i + 1),
			Body: fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":1,"date":1,"chat":{"id":7,"type":"private"},"text":%q}}`, i+1, text)})
	}
	if _, err := storeUpdates(ctx, db.Write, raws, time.Now()); err != nil {
		t.Fatal(err)
	}
	d := NewDispatcher(DispatcherOptions{DB: db, Bot: b})
	if n, err := d.drain(ctx); n != 3 || err != nil {
		t.Fatalf("drain: %d, %v", n, err)
	}
	got, err := store.QueryRows(ctx, db.Read, "inbox", func(r store.Scanner) (string, error) {
		var id int64
		var done, kept bool
		var msg string
		err := r.Scan(&id, &done, &msg, &kept)
		return fmt.Sprintf("%d done=%v error=%q kept=%v", id, done, msg, kept), err
	}, `SELECT i.update_id, i.done_at IS NOT NULL, i.error, c.chat_id IS NOT NULL
		FROM inbox i LEFT JOIN chats c ON c.chat_id = i.update_id ORDER BY i.update_id`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`1 done=true error="" kept=true`, `2 done=true error="handler failed" kept=false`,
		`3 done=true error="" kept=true`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("inbox and effects:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
