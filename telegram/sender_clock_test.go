package telegram

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/jonboulle/clockwork"

	"linli/internal/testdb"
	"linli/outbox"
)

// scriptDoer answers sends from a script of errors (nil: sent) and notes the clock's time of each.
type scriptDoer struct {
	clock clockwork.Clock
	mu    sync.Mutex
	errs  []error
	at    []time.Time
}

func (d *scriptDoer) Do(context.Context, outbox.Message) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.at = append(d.at, d.clock.Now())
	var err error
	if len(d.errs) > 0 {
		err, d.errs = d.errs[0], d.errs[1:]
	}
	return len(d.at), err
}

func (d *scriptDoer) calls() []time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]time.Time(nil), d.at...)
}

// A 429 pauses the sender for retry_after on its clock: with a fake clock the test moves time
// past a 30-second pause at once, and the send goes again exactly then.
func TestSender_429PauseWaitsOnTheClock(t *testing.T) {
	t.Parallel()
	start := time.Now()
	clock := clockwork.NewFakeClockAt(start)
	doer := &scriptDoer{clock: clock, errs: []error{&bot.TooManyRequestsError{Message: "Too Many Requests", RetryAfter: 30}}}
	db := testdb.Open(t)
	s := NewSender(SenderOptions{DB: db, API: doer, PerSec: 1e6, Clock: clock})
	r := &rig{db: db, sender: s}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	r.queue(t, outbox.Message{ChatID: 1, Text: "hello"})

	for len(doer.calls()) == 0 {
		time.Sleep(time.Millisecond)
	}
	wctx, wcancel := context.WithTimeout(ctx, 5*time.Second)
	defer wcancel()
	for s.pausedFor(clock.Now()) <= 0 { // the outcome is recorded, the pause set
		time.Sleep(time.Millisecond)
	}
	if err := clock.BlockUntilContext(wctx, 1); err != nil { // the loop sleeps out the pause
		t.Fatal(err)
	}
	clock.Advance(29 * time.Second)
	time.Sleep(20 * time.Millisecond)
	if n := len(doer.calls()); n != 1 {
		t.Fatalf("%d sends 29 s into a 30 s pause", n)
	}
	clock.Advance(time.Second)
	st := r.waitSettled(t, 5*time.Second)
	calls := doer.calls()
	if st["sent"] != 1 || len(calls) != 2 || calls[1].Sub(calls[0]) != 30*time.Second {
		t.Fatalf("outbox %v, sends at %v", st, calls)
	}
	if real := time.Since(start); real > 5*time.Second {
		t.Fatalf("took %v of real time", real)
	}
}
