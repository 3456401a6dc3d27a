package telegram

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"linli/outbox"
	"linli/store"
)

// Doer performs one outbox message against the Bot API (BotAPI in production, fakes in tests).
type Doer interface {
	Do(ctx context.Context, m outbox.Message) (messageID int, err error)
}

// SenderOptions configures a Sender; zero values take Telegram's limits.
type SenderOptions struct {
	DB      *store.DB
	API     Doer
	PerSec  float64       // messages per second in all; default 30
	PerChat time.Duration // minimum gap between sends to one private chat; default 1s
	PerGrp  time.Duration // minimum gap for a group chat; default 3s (20 per minute)
	Workers int           // sends in flight at once; default from PerSec, 8 to 64
	Timeout time.Duration // per send; default 30s
	Logger  *slog.Logger
	Now     func() time.Time
	// Observer is told of every send settled; nil: nobody.
	Observer Observer
}

// Sender is the one way anything leaves the bot. It drains the outbox in priority order while
// keeping Telegram's limits (global, per private chat, per group), honours 429 retry_after for
// the whole bot, marks chats that answer 403 as unreachable, retries 5xx and network failures with
// backoff, and counts sends whose outcome is unknown.
type Sender struct {
	o       SenderOptions
	global  *rate.Limiter
	wake    chan struct{}
	outcome chan outbox.Outcome
	slots   chan struct{}

	mu       sync.Mutex
	inflight map[int64]bool
	nextAt   map[int64]time.Time
	paused   time.Time // no request starts before this (429)

	Stats SenderStats
}

// SenderStats are running counts, for metrics and tests.
type SenderStats struct {
	Sent, Retried, Failed, Unreachable, TooMany, Unknown atomic.Int64
}

// headroom is the share of PerSec the sender paces at. Requests leave evenly spaced but arrive
// with jitter (scheduling, GC, the network), and a server counting a sliding second sees a
// bunched pair as one too many: a 429 then stops the whole bot for a second or more. Pacing a few
// per cent under the limit costs those few per cent and provokes no 429s.
const headroom = 0.96

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
		// 8 for Telegram's 30/s, more for a local Bot API server with the limits raised.
		o.Workers = int(min(max(math.Ceil(o.PerSec/4), 8), 64))
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Observer = observerOr(o.Observer)
	return &Sender{
		o:        o,
		global:   rate.NewLimiter(rate.Limit(o.PerSec*headroom), 1),
		wake:     make(chan struct{}, 1),
		outcome:  make(chan outbox.Outcome, o.Workers),
		slots:    make(chan struct{}, o.Workers),
		inflight: map[int64]bool{},
		nextAt:   map[int64]time.Time{},
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
		s.Stats.Unknown.Add(n)
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

func (s *Sender) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-s.wake:
	case <-t.C:
	}
}

// dispatch starts the sends that may go now and returns how long to wait before looking again
// (0: look again at once).
func (s *Sender) dispatch(ctx context.Context, wg *sync.WaitGroup) time.Duration {
	now := s.o.Now()
	if wait := s.pausedFor(now); wait > 0 {
		return wait
	}
	rows, err := outbox.Due(ctx, s.o.DB.Read, now, 4*s.o.Workers+32)
	if err != nil {
		if ctx.Err() == nil {
			s.o.Logger.Error("read outbox", "component", "sender", "err", err)
		}
		return time.Second
	}
	ready, wait := s.ready(rows, now)
	if len(ready) == 0 {
		return s.idleWait(ctx, wait)
	}
	// Rows that find a free worker are marked 'sending' together in one transaction; when none
	// is free, those gathered so far go, and the next row waits for one.
	var batch []outbox.Row
	for _, r := range ready {
		if !s.reserve(ctx, r, false) {
			if !s.launch(ctx, wg, batch) {
				return time.Second
			}
			batch = nil
			if !s.reserve(ctx, r, true) {
				return 0
			}
		}
		batch = append(batch, r)
	}
	if !s.launch(ctx, wg, batch) {
		return time.Second
	}
	return 0
}

// launch marks batch 'sending' and starts its sends. A row that is no longer pending (its chat
// answered 403 meanwhile) is dropped. It reports false if the database failed.
func (s *Sender) launch(ctx context.Context, wg *sync.WaitGroup, batch []outbox.Row) bool {
	if len(batch) == 0 {
		return true
	}
	ids := make([]int64, len(batch))
	for i, r := range batch {
		ids[i] = r.ID
	}
	var marked map[int64]bool
	err := store.InTx(ctx, s.o.DB.Write, func(tx *sql.Tx) error {
		var err error
		marked, err = outbox.MarkSending(ctx, tx, ids)
		return err
	})
	for _, r := range batch {
		if err != nil || !marked[r.ID] {
			s.release(r.ChatID)
			<-s.slots
			continue
		}
		r.Attempts++
		wg.Add(1)
		go func() { defer wg.Done(); s.send(r) }()
	}
	if err != nil {
		s.o.Logger.Error("mark sending", "component", "sender", "err", err)
		return false
	}
	return true
}

// ready picks the rows whose chats may be sent to now; wait is when the next held one may go.
func (s *Sender) ready(rows []outbox.Row, now time.Time) (ready []outbox.Row, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rows {
		if s.inflight[r.ChatID] {
			continue
		}
		if at := s.nextAt[r.ChatID]; r.Message.Kind != outbox.KindAnswer && at.After(now) {
			if d := at.Sub(now); wait == 0 || d < wait {
				wait = d
			}
			continue
		}
		ready = append(ready, r)
	}
	return ready, wait
}

// idleWait decides how long to sleep when nothing may go now.
func (s *Sender) idleWait(ctx context.Context, wait time.Duration) time.Duration {
	if next, err := outbox.NextDue(ctx, s.o.DB.Read); err == nil && !next.IsZero() {
		if d := next.Sub(s.o.Now()); d > 0 && (wait == 0 || d < wait) {
			wait = d
		}
	}
	if wait == 0 || wait > 5*time.Second {
		wait = 5 * time.Second
	}
	return wait
}

// reserve takes a worker slot for r and marks its chat in flight. With wait false it gives up
// instead of waiting for a slot.
func (s *Sender) reserve(ctx context.Context, r outbox.Row, wait bool) bool {
	if wait {
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			return false
		}
	} else {
		select {
		case s.slots <- struct{}{}:
		default:
			return false
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused.After(s.o.Now()) || s.inflight[r.ChatID] {
		<-s.slots
		return false
	}
	s.inflight[r.ChatID] = true
	return true
}

func (s *Sender) pausedFor(now time.Time) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused.Sub(now)
}

// send performs one message; it does not use the Run context, so stopping the bot lets a send
// in flight finish instead of leaving its outcome unknown.
func (s *Sender) send(r outbox.Row) {
	if r.Message.EditOf != 0 {
		m, err := outbox.ResolveEdit(context.Background(), s.o.DB.Read, r.Message)
		if err != nil {
			s.outcome <- s.unresolved(r, err)
			return
		}
		r.Message = m
	}
	s.pace(r)
	ctx, cancel := context.WithTimeout(context.Background(), s.o.Timeout)
	defer cancel()
	id, err := s.o.API.Do(ctx, r.Message)
	now := s.o.Now()
	o := classify(r, id, err, now)
	s.after(r, o, now)
	s.o.Observer.Sent(sendEvent(r, o, err))
	s.outcome <- o
}

// unresolved is the outcome of an edit whose message cannot be named: given up, with the reason
// logged, when that message was never sent or has not been sent yet, and tried again later when
// the database failed. An edit is queued behind its message (outbox.Add), so one that comes up
// first was queued ahead of it by mistake: waiting would hold the message back behind its own
// edit. Nothing reached Telegram, so the chat's pace is untouched.
func (s *Sender) unresolved(r outbox.Row, err error) outbox.Outcome {
	o := outbox.Outcome{ID: r.ID, ChatID: r.ChatID, Err: truncate(err.Error(), 500)}
	settled := errors.Is(err, outbox.ErrEditTargetGone) || errors.Is(err, outbox.ErrEditPending)
	if !settled && r.Attempts < maxAttempts {
		o.Status, o.NotBefore = outbox.StatusRetry, s.o.Now().Add(retryDelay(r.Attempts))
		s.Stats.Retried.Add(1)
		return o
	}
	o.Status = outbox.StatusFailed
	s.Stats.Failed.Add(1)
	s.o.Logger.Warn("edit given up", "component", "sender", "outbox_id", r.ID, "edit_of", r.Message.EditOf,
		"chat_id", r.ChatID, "err", o.Err)
	return o
}

// pace waits for the global token and for the end of a 429 pause. A send marked 'sending' but
// still waiting here when the process dies is counted as unknown and sent after the restart:
// it never reached Telegram, so that is no duplicate.
func (s *Sender) pace(r outbox.Row) {
	if r.Message.Kind != outbox.KindAnswer {
		_ = s.global.Wait(context.Background())
	}
	for {
		s.mu.Lock()
		wait := s.paused.Sub(s.o.Now())
		s.mu.Unlock()
		if wait <= 0 {
			return
		}
		time.Sleep(wait)
	}
}

// after updates the limits from one outcome.
func (s *Sender) after(r outbox.Row, o outbox.Outcome, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gap := s.o.PerChat
	if r.ChatID < 0 {
		gap = s.o.PerGrp
	}
	if r.Message.Kind != outbox.KindAnswer {
		// Counted from the answer, not the request: the next request then arrives at least
		// a full gap after this one did, whatever the network did to either.
		s.nextAt[r.ChatID] = now.Add(gap)
	}
	switch o.Status {
	case outbox.StatusSent:
		s.Stats.Sent.Add(1)
	case outbox.StatusRetry:
		s.Stats.Retried.Add(1)
		if o.Unknown {
			s.Stats.Unknown.Add(1)
		}
		if o.Throttled {
			s.Stats.TooMany.Add(1)
			if o.NotBefore.After(s.paused) {
				s.paused = o.NotBefore
			}
		}
	case outbox.StatusFailed:
		s.Stats.Failed.Add(1)
		s.o.Logger.Warn("send refused", "component", "sender", "outbox_id", r.ID, "chat_id", r.ChatID, "err", o.Err)
	case outbox.StatusUnreachable:
		s.Stats.Unreachable.Add(1)
	}
}

// release forgets that chat is in flight.
func (s *Sender) release(chat int64) {
	s.mu.Lock()
	delete(s.inflight, chat)
	s.mu.Unlock()
}

// record commits outcomes in small batches and only then frees their chats: until the row is
// no longer 'sending' in the database, the next message to that chat must wait.
func (s *Sender) record() {
	for o := range s.outcome {
		batch := []outbox.Outcome{o}
	more:
		for len(batch) < 64 {
			select {
			case o, ok := <-s.outcome:
				if !ok {
					break more
				}
				batch = append(batch, o)
			default:
				break more
			}
		}
		s.commit(batch)
	}
}

func (s *Sender) commit(batch []outbox.Outcome) {
	ctx := context.Background()
	for {
		err := store.InTx(ctx, s.o.DB.Write, func(tx *sql.Tx) error {
			return outbox.Record(ctx, tx, batch, s.o.Now())
		})
		if err == nil {
			break
		}
		s.o.Logger.Error("record send outcomes", "component", "sender", "err", err)
		time.Sleep(time.Second)
	}
	for _, o := range batch {
		s.release(o.ChatID)
		<-s.slots
	}
	s.Wake()
}
