package telegram

import (
	"context"
	"database/sql"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"linli/internal/testdb"
	"linli/internal/testlog"
	"linli/outbox"
	"linli/store"
	"linli/telegramtest"
)

// rig is a stand-in, a database and a sender wired as in production.
type rig struct {
	ts     *telegramtest.Server
	db     *store.DB
	bot    *bot.Bot
	sender *Sender
	logs   *testlog.Buffer
	seen   *sendCounts
	stop   func()
}

// sendCounts is an Observer counting what the sender reports.
type sendCounts struct {
	nopObserver
	tooMany, unknown atomic.Int64
}

func (c *sendCounts) Sent(e SendEvent) {
	if e.Code == 429 {
		c.tooMany.Add(1)
	}
	if e.Unknown {
		c.unknown.Add(1)
	}
}

func newRig(t testing.TB, limits telegramtest.Limits, tune func(*SenderOptions)) *rig {
	t.Helper()
	ts := telegramtest.New(telegramtest.Options{Limits: limits})
	t.Cleanup(ts.Close)
	r := &rig{ts: ts, db: testdb.Open(t), logs: &testlog.Buffer{}, seen: &sendCounts{}}
	log := slog.New(slog.NewTextHandler(r.logs, nil))
	b, err := NewBot(ClientOptions{Token: ts.Token(), APIURL: ts.URL(), Logger: log, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r.bot = b
	o := SenderOptions{DB: r.db, API: BotAPI{Bot: b, Token: ts.Token()}, Logger: log, Observer: r.seen}
	if tune != nil {
		tune(&o)
	}
	r.sender = NewSender(o)
	return r
}

// start runs the sender until the test ends.
func (r *rig) start(t testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = r.sender.Run(ctx); close(done) }()
	r.stop = func() { cancel(); <-done }
	t.Cleanup(r.stop)
}

func (r *rig) queue(t testing.TB, msgs ...outbox.Message) {
	t.Helper()
	err := store.InTx(context.Background(), r.db.Write, func(tx *sql.Tx) error {
		for _, m := range msgs {
			if _, err := outbox.Add(context.Background(), tx, m, outbox.Options{Priority: outbox.PriorityNotify}, time.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.sender.Wake()
}

// waitStatus waits until no row is pending or sending and returns the counts by status.
func (r *rig) waitSettled(t testing.TB, within time.Duration) map[string]int {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		st, err := outbox.Stats(context.Background(), r.db.Read)
		if err != nil {
			t.Fatal(err)
		}
		if st["pending"]+st["sending"] == 0 {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox not settled after %v: %v", within, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sends returns the stand-in's record of sendMessage calls to chat.
func (r *rig) sends(chat int64) []telegramtest.Request {
	var out []telegramtest.Request
	for _, q := range r.ts.Requests() {
		if q.Method == "sendMessage" && q.Params["chat_id"] == itoa(chat) {
			out = append(out, q)
		}
	}
	return out
}
