package telegram

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"linli/internal/testdb"
	"linli/outbox"
	"linli/store"
)

// While the dispatcher has updates waiting, a reply goes at once and a notification waits: until
// the dispatcher is done, or maxYield at most if it never is.
func TestSender_NotificationsWaitWhileTheDispatcherIsBusy(t *testing.T) {
	t.Parallel()
	clock := clockwork.NewFakeClock()
	doer := &scriptDoer{clock: clock}
	db := testdb.Open(t)
	s := NewSender(SenderOptions{DB: db, API: doer, PerSec: 1e6, Clock: clock})
	add := func(chat int64, p outbox.Priority) {
		t.Helper()
		if err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
			_, err := outbox.Add(context.Background(), tx, outbox.Message{ChatID: chat, Text: "hi"},
				outbox.Options{Priority: p}, time.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		s.Wake()
	}
	sends := func(want int) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); len(doer.calls()) < want; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d sends, want %d", len(doer.calls()), want)
			}
		}
		time.Sleep(50 * time.Millisecond) // and no more
		if n := len(doer.calls()); n != want {
			t.Fatalf("%d sends, want %d", n, want)
		}
	}

	s.DispatcherBusy(true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	add(1, outbox.PriorityNotify)
	add(2, outbox.PriorityReply)
	sends(1) // the reply, alone
	s.DispatcherBusy(false)
	sends(2) // the notification, once the dispatcher is idle

	s.DispatcherBusy(true)
	add(3, outbox.PriorityBroadcast)
	sends(2)
	wctx, wcancel := context.WithTimeout(ctx, 5*time.Second)
	defer wcancel()
	if err := clock.BlockUntilContext(wctx, 1); err != nil { // the loop sleeps until maxYield
		t.Fatal(err)
	}
	clock.Advance(maxYield - time.Millisecond)
	sends(2)
	clock.Advance(time.Millisecond)
	sends(3) // the dispatcher is still busy, but the notice waited long enough
}
