package telegram

import (
	"context"
	"log/slog"
	"math"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"linli/outbox"
	"linli/store"
)

// Doer performs one outbox message against the Bot API (BotAPI in production, fakes in tests).
type Doer interface {
	Do(ctx context.Context, m outbox.Message) (messageID int, err error)
}

// SenderOptions configures a Sender; zero values take Telegram's limits.
type SenderOptions struct {
	DB     *store.DB
	API    Doer
	PerSec float64 // messages per second in all; default 30
	// PaidPerSec is the pace of messages marked Paid (Telegram's paid broadcasts: 1,000 a
	// second in all, the free PerSec included); 0: paid broadcasts off, such messages go at
	// the free pace without allow_paid_broadcast.
	PaidPerSec float64
	// PaidRefused is called (from a send's goroutine) for each message Telegram refused to send
	// as a paid broadcast, with Telegram's answer. The message goes on at the free pace, and so
	// do all paid messages for the next paidOff; nil: nobody is told.
	PaidRefused func(r outbox.Row, reason string)
	PerChat     time.Duration // minimum gap between sends to one private chat; default 1s
	PerGrp      time.Duration // minimum gap for a group chat; default 3s (20 per minute)
	Workers     int           // sends in flight at once; default from PerSec, 8 to 64
	Timeout     time.Duration // per send; default 30s
	Logger      *slog.Logger
	// Clock tells the time and does every wait of the sender (pacing, 429 pauses, idle looks,
	// retries of the database); nil: the real clock. Tests pass a fake one and move it.
	Clock clockwork.Clock
	// Observer is told of every send settled: the sender's one report of what it does; nil:
	// nobody.
	Observer Observer
}

// Sender is the one way anything leaves the bot. It drains the outbox in priority order while
// keeping Telegram's limits (global, per private chat, per group), honours 429 retry_after for
// the whole bot, marks chats that answer 403 as unreachable, retries 5xx and network failures with
// backoff, and counts sends whose outcome is unknown.
//
// Its jobs live in files of their own: the dispatch loop (sender_dispatch.go), worker slots and
// the chats in flight (sender_slots.go), pacing and 429 pauses (sender_pace.go) and the batched
// recording of outcomes (sender_record.go).
type Sender struct {
	o       SenderOptions
	clock   clockwork.Clock
	wake    chan struct{} // new rows were committed
	freed   chan struct{} // a worker was freed, or outcomes committed freed their chats
	outcome chan outbox.Outcome
	slots   chan struct{}

	mu       sync.Mutex
	inflight map[int64]bool
	nextAt   map[int64]time.Time
	leave    map[int64]time.Time // outbox id → its turn at the global pace (admit)
	paused   time.Time           // no request starts before this (429)
	freePace pace                // Telegram's free budget: PerSec
	paidPace pace                // paid broadcasts: PaidPerSec - PerSec (sender_paid.go)
	paidOff  time.Time           // paid broadcasts refused: none before this

	// Rows read from the outbox and not sent yet; the dispatch loop's alone (dueRows).
	due   []outbox.Row
	dueAt time.Time
	stale bool // new rows were committed since
}

// NewSender makes a Sender, defaulting zero options.
func NewSender(o SenderOptions) *Sender {
	if o.PerSec <= 0 {
		o.PerSec = 30
	}
	if o.PerChat == 0 {
		o.PerChat = time.Second
	}
	if o.PerGrp == 0 {
		o.PerGrp = 3 * time.Second
	}
	if o.Workers <= 0 {
		// Enough sends in flight to keep the configured pace at a quarter second per request:
		// 8 for Telegram's 30/s, more for paid broadcasts or a local Bot API server with the
		// limits raised.
		o.Workers = int(min(max(math.Ceil(max(o.PerSec, o.PaidPerSec)/4), 8), 64))
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Clock == nil {
		o.Clock = clockwork.NewRealClock()
	}
	o.Observer = observerOr(o.Observer)
	return &Sender{
		o:        o,
		clock:    o.Clock,
		freePace: newPace(o.PerSec),
		paidPace: newPace(max(1, o.PaidPerSec-o.PerSec)),
		wake:     make(chan struct{}, 1),
		freed:    make(chan struct{}, 1),
		outcome:  make(chan outbox.Outcome, o.Workers),
		slots:    make(chan struct{}, o.Workers),
		inflight: map[int64]bool{},
		nextAt:   map[int64]time.Time{},
		leave:    map[int64]time.Time{},
	}
}

// Wake tells the sender new rows were committed.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx is done, then lets the sends in flight finish and records them.
func (s *Sender) Run(ctx context.Context) error {
	if n, err := outbox.RecoverInFlight(ctx, s.o.DB.Write); err != nil {
		return err
	} else if n > 0 {
		s.o.Logger.Warn("sends of unknown outcome before the last stop; sending again",
			"component", "sender", "count", n)
	}
	var wg sync.WaitGroup
	recorded := make(chan struct{})
	go func() { s.record(); close(recorded) }()
	for ctx.Err() == nil {
		wait := s.dispatch(ctx, &wg)
		if wait > 0 {
			s.sleep(ctx, wait)
		}
	}
	wg.Wait()
	close(s.outcome)
	<-recorded
	return nil
}

// send performs one message; it does not use the Run context, so stopping the bot lets a send
// in flight finish instead of leaving its outcome unknown.
func (s *Sender) send(r outbox.Row) {
	defer s.unqueue(r) // its ticket at the gate, if it did not get there
	err := r.Load()
	if err == nil && r.Message.EditOf != 0 {
		var m outbox.Message
		if m, err = outbox.ResolveEdit(context.Background(), s.o.DB.Read, r.Message); err == nil {
			r.Message = m
		}
	}
	if err != nil {
		o := s.unresolved(r, err)
		s.o.Observer.Sent(sendEvent(r, o, nil))
		s.settle(o)
		return
	}
	s.turn(r.ID)
	s.waitPause()
	var wrote func()
	if paced(r.Message.Kind) {
		wrote = s.gate(s.paceOf(r), r.ID, isReply(r))
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.o.Timeout)
	defer cancel()
	if wrote != nil { // the next send waits until this request is written
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { wrote() }})
	}
	id, err := s.o.API.Do(ctx, r.Message)
	if wrote != nil {
		wrote() // a request that failed before it was written frees the next one too
	}
	now := s.clock.Now()
	o := classify(r, id, err, now)
	s.after(r, o, now)
	if r.Message.Paid && isPaidRefused(err) {
		o = s.refusedPaid(r, err, now)
	}
	if o.Status == outbox.StatusFailed {
		s.o.Logger.Warn("send refused", "component", "sender", "outbox_id", r.ID, "chat_id", r.ChatID, "err", o.Err)
	}
	o.Kind = r.Message.Kind
	s.o.Observer.Sent(sendEvent(r, o, err))
	s.settle(o)
}

// settle hands o to the recorder and gives the worker slot back: the next send may start while
// o waits for its commit (its chat stays in flight until then).
func (s *Sender) settle(o outbox.Outcome) {
	s.outcome <- o
	s.freeSlot()
}
