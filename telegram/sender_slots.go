package telegram

import (
	"time"

	"linli/outbox"
)

// Worker slots and the chats in flight: at most Workers sends at once, each slot held from the
// moment a row is picked until its outcome is handed to the recorder; and at most one send per
// chat, held until its outcome is committed (the chat's next message waits for that).

// ready picks the rows whose chats may be sent to now; wait is when the next held one may go.
func (s *Sender) ready(rows []outbox.Row, now time.Time) (ready []outbox.Row, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range rows {
		if r.Message.Kind != outbox.KindAnswer && s.inflight[r.ChatID] {
			continue
		}
		if at := s.nextAt[r.ChatID]; chatPaced(r.Message.Kind) && at.After(now) {
			if d := at.Sub(now); wait == 0 || d < wait {
				wait = d
			}
			continue
		}
		ready = append(ready, r)
	}
	return ready, wait
}

// reserve takes a worker slot for r, marks its chat in flight and, for a message Telegram counts,
// admits it to the global pace at now. It reports ok false when no slot is free (an outcome
// committed wakes the loop), else wait > 0 when the pace holds r back that long.
func (s *Sender) reserve(r outbox.Row, now time.Time) (ok bool, wait time.Duration) {
	select {
	case s.slots <- struct{}{}:
	default:
		return false, 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.paused.Sub(now); d > 0 {
		<-s.slots
		return true, d
	}
	if paced(r.Message.Kind) {
		if d := s.admit(now, r.ID, s.paceOf(r), isReply(r)); d > 0 {
			<-s.slots
			return true, d
		}
	}
	if r.Message.Kind != outbox.KindAnswer { // an answer holds no chat back (outbox.Due)
		s.inflight[r.ChatID] = true
	}
	return true, 0
}

// free forgets that chat is in flight (unless it was an answer's, which held none) and gives
// its worker slot back: for a row that was picked but not sent.
func (s *Sender) free(chat int64, answer bool) {
	s.freeChat(chat, answer)
	s.freeSlot()
}

// freeChat forgets that chat is in flight, unless it was an answer's, which held none.
func (s *Sender) freeChat(chat int64, answer bool) {
	if !answer {
		s.mu.Lock()
		delete(s.inflight, chat)
		s.mu.Unlock()
	}
}

// freeSlot gives a worker slot back and wakes the dispatch loop.
func (s *Sender) freeSlot() {
	<-s.slots
	s.signalFreed()
}

// signalFreed wakes the dispatch loop: a worker or a chat is free.
func (s *Sender) signalFreed() {
	select {
	case s.freed <- struct{}{}:
	default:
	}
}
