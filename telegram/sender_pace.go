package telegram

import (
	"time"

	"linli/outbox"
)

// Pacing and 429 pauses: the global rate, the gap per chat (counted from the answer), and the
// pause of the whole bot that a 429's retry_after asks for. Every wait is on the sender's clock.

// headroom is the share of PerSec the sender paces at. Requests leave evenly spaced but arrive
// with jitter (scheduling, GC, the network), and a server counting a sliding second sees a
// bunched pair as one too many: a 429 then stops the whole bot for a second or more. Pacing a few
// per cent under the limit costs those few per cent and provokes no 429s.
const headroom = 0.96

// pace waits for the global token and for the end of a 429 pause. A send marked 'sending' but
// still waiting here when the process dies is counted as unknown and sent after the restart:
// it never reached Telegram, so that is no duplicate.
func (s *Sender) pace(r outbox.Row) {
	if r.Message.Kind != outbox.KindAnswer {
		now := s.clock.Now()
		if d := s.global.ReserveN(now, 1).DelayFrom(now); d > 0 {
			s.clock.Sleep(d)
		}
	}
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

// after updates the limits from one outcome: the chat's next turn, and a pause of the whole bot
// on a 429.
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
	if o.Status == outbox.StatusRetry && o.Throttled && o.NotBefore.After(s.paused) {
		s.paused = o.NotBefore
	}
}
