package telegram

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"linli/outbox"
)

// Pacing and 429 pauses: the global rate, Telegram's sliding second, the gap per chat (counted
// from the answer), and the pause of the whole bot that a 429's retry_after asks for. The
// dispatch loop admits one message at a time, as each may go: a token is never held by a message
// waiting in a queue, so a reply committed during a broadcast takes the next one.

// window is the sender's own count of Telegram's sliding second. Telegram (and the stand-in)
// counts the requests it accepted in any one second; a request is accepted somewhere between
// leaving and its answer, so counting each from the moment it leaves (gate) until one second
// after its answer bounds every second the server can see, whatever the network and the
// scheduler did to the requests on the way. Holding that count under the limit leaves no room
// for a 429.
type window struct {
	answered []time.Time // answers of the last second, oldest first
	open     int         // requests on their way
	waiting  int         // sends held at the gate: the loop admits no more meanwhile
}

// pace is one budget of Telegram's: the free one (PerSec, 30 a second) or the paid broadcasts'
// (PaidPerSec less the free share, so that both together stay within Telegram's 1,000).
type pace struct {
	global *rate.Limiter
	win    window // Telegram's sliding second as the sender counts it
	// perWindow is how many messages of this budget Telegram accepts in a second.
	perWindow int
	ahead     time.Duration // aheadFor the budget's rate
	line      line          // the sends handed out, in the order they leave (sender_line.go)
	// written is closed once the request of the send that left last is written: the next one
	// leaves after it (or after writeWait), so requests reach Telegram in the order they left.
	// Only at Telegram's own pace (ordered): sends that leave microseconds apart at a local Bot
	// API server's rates would wait on each other's writes for an order no one can see.
	written <-chan struct{}
	ordered bool
	// replyAt is when a reply last left: for a second after it, the other messages leave
	// replyRoom of Telegram's second to replies (full).
	replyAt time.Time
}

// replyRoom is how many requests of Telegram's second the other messages leave free while
// replies are being sent (one left in the last second), at Telegram's own pace. A broadcast
// keeps the second full; a reply to one of its recipients, held a second for its chat, then
// waited at the gate for the broadcast's next turn to come free (70 ms more at p90 in
// BenchmarkRepliesDuringBroadcast). With one kept free it leaves as soon as its chat may have
// it: recipient p99 1,035-1,088 -> 1,021-1,033 ms, a stranger's 80-137 -> 45-55 ms, all the
// bot's messages 98.8% -> 96.2% of 30/s while replies flow. Two kept free cost too much (92.6%).
// Without replies the broadcast has the whole second.
const replyRoom = 1

// orderedUpTo is the highest rate at which requests are written one after another.
const orderedUpTo = 100

// writeWait is the longest a send waits at the gate for the request ahead of it to be written
// (a new connection being dialled, a stalled worker): order is kept, not at any price.
const writeWait = 50 * time.Millisecond

// newPace paces perSec messages a second, evenly spaced, with a burst of 50 ms worth (at least
// 3) so a loop that woke late catches up, even at high rates; the window keeps any burst within
// Telegram's second.
func newPace(perSec float64) pace {
	return pace{
		global:    rate.NewLimiter(rate.Limit(perSec), max(3, int(perSec/20))),
		perWindow: max(1, int(perSec)),
		ahead:     aheadFor(perSec),
		ordered:   perSec <= orderedUpTo,
	}
}

// full reports how long until one more request of p may leave at now (0: at once): a reply's,
// or another's, which leaves replyRoom free while replies are being sent. s.mu is held.
func (p *pace) full(now time.Time, reply bool) time.Duration {
	w := &p.win
	i := 0
	for i < len(w.answered) && now.Sub(w.answered[i]) >= time.Second {
		i++
	}
	w.answered = w.answered[i:]
	limit := p.perWindow
	// Room is kept in Telegram's ordered pace only, and not in a budget of a few a second (a
	// test's, or a bot configured that slow), where it would be a quarter of the second or more.
	if !reply && p.ordered && limit > 4*replyRoom && now.Sub(p.replyAt) < time.Second {
		limit -= replyRoom
	}
	n := len(w.answered) + w.open
	if n < limit {
		return 0
	}
	if k := n - limit; k < len(w.answered) {
		return w.answered[k].Add(time.Second).Sub(now) // room once the k+1 oldest are a second old
	}
	return 10 * time.Millisecond // all on their way: look again soon
}

// maxAhead is how far ahead of its turn at the global pace the loop may hand a message to a
// worker, which then waits for that turn: enough to mark a batch 'sending' in one transaction at a
// local Bot API server's high rates, little enough that a reply committed meanwhile waits at most
// this long behind messages already handed out. It shrinks with the rate (aheadFor): at
// Telegram's 30 a second, a message is handed out only at its turn.
const maxAhead = 100 * time.Millisecond

// aheadFor is how far ahead the loop hands messages out at perSec: maxAhead from 300 a second,
// proportionally less below.
func aheadFor(perSec float64) time.Duration {
	return time.Duration(float64(maxAhead) * min(1, perSec/300))
}

// admit reports 0 if the loop may hand message id to a worker at now (taking its turn at p's
// pace, noted in leave), else how long to wait before asking again. While a send waits at the
// gate for Telegram's second the loop admits no more, except a reply: it joins the line ahead
// of the waiting message (sender_line.go) and may use the room kept for replies. s.mu is held.
func (s *Sender) admit(now time.Time, id int64, p *pace, reply bool) time.Duration {
	if p.win.waiting > 0 && !reply {
		return max(p.full(now, false), time.Millisecond)
	}
	res := p.global.ReserveN(now, 1)
	d := res.DelayFrom(now)
	if d > p.ahead {
		res.CancelAt(now)
		return d - p.ahead
	}
	if d > 0 {
		s.leave[id] = now.Add(d)
	}
	return 0
}

// turn waits until message id's turn at the global pace.
func (s *Sender) turn(id int64) {
	s.mu.Lock()
	at, ok := s.leave[id]
	delete(s.leave, id)
	s.mu.Unlock()
	if d := at.Sub(s.clock.Now()); ok && d > 0 {
		s.clock.Sleep(d)
	}
}

// gate holds paced send id (a reply or not) until every send ahead of it in its budget p's line
// has left, the request of the one that left last is written, and it may leave within
// Telegram's second; it counts it on its way and returns what to call once its own request is
// written (nil when p's requests need not be written in order).
func (s *Sender) gate(p *pace, id int64, reply bool) (wrote func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if behind, moved := p.line.behind(id); behind {
			s.mu.Unlock()
			<-moved
			s.mu.Lock()
			continue
		}
		if w := p.written; w != nil {
			p.written = nil
			s.mu.Unlock()
			select {
			case <-w:
			case <-s.clock.After(writeWait):
			}
			s.mu.Lock()
			continue
		}
		now := s.clock.Now()
		d := p.full(now, reply)
		if d <= 0 {
			p.line.leave(id)
			p.win.open++
			if reply {
				p.replyAt = now
			}
			if !p.ordered {
				return nil
			}
			done := make(chan struct{})
			p.written = done
			var once sync.Once
			return func() { once.Do(func() { close(done) }) }
		}
		p.win.waiting++
		s.mu.Unlock()
		s.clock.Sleep(d)
		s.mu.Lock()
		p.win.waiting--
	}
}

// done counts a request answered at.
func (w *window) done(at time.Time) {
	w.open--
	w.answered = append(w.answered, at)
}

// paced reports whether a message of kind k counts against Telegram's limits (a callback
// answer does not).
func paced(k outbox.Kind) bool { return k != outbox.KindAnswer }

// chatPaced reports whether a message of kind k takes the chat's turn (one message a second in
// a private chat): a command menu is no message in the chat, so a reply after it does not wait.
func chatPaced(k outbox.Kind) bool { return paced(k) && k != outbox.KindCommands }

// isReply reports whether r answers someone who just wrote: it may be handed out while another
// message waits at the gate (admit) and use the room kept for replies in Telegram's second (full).
func isReply(r outbox.Row) bool { return r.Priority == outbox.PriorityReply }

// waitPause waits out a 429 pause that began after r was admitted. A send marked 'sending' but
// still waiting here when the process dies is counted as unknown and sent after the restart:
// it never reached Telegram, so that is no duplicate.
func (s *Sender) waitPause() {
	for {
		wait := s.pausedFor(s.clock.Now())
		if wait <= 0 {
			return
		}
		s.clock.Sleep(wait)
	}
}

func (s *Sender) pausedFor(now time.Time) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused.Sub(now)
}

// after updates the limits from one outcome answered at now: the sliding second, the chat's next
// turn, and a pause of the whole bot on a 429.
func (s *Sender) after(r outbox.Row, o outbox.Outcome, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gap := s.o.PerChat
	if r.ChatID < 0 {
		gap = s.o.PerGrp
	}
	if paced(r.Message.Kind) {
		s.paceOf(r).win.done(now)
	}
	if chatPaced(r.Message.Kind) {
		// Counted from the answer, not the request: the next request then arrives at least
		// a full gap after this one did, whatever the network did to either.
		s.nextAt[r.ChatID] = now.Add(gap)
	}
	if o.Status == outbox.StatusRetry && o.Throttled && o.NotBefore.After(s.paused) {
		s.paused = o.NotBefore
	}
}
