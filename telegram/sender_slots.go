package telegram

import (
	"context"
	"time"

	"linli/outbox"
)

// Worker slots and the chats in flight: at most Workers sends at once, and at most one per chat,
// held from the moment a row is picked until its outcome is committed.

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
	if s.paused.After(s.clock.Now()) || s.inflight[r.ChatID] {
		<-s.slots
		return false
	}
	s.inflight[r.ChatID] = true
	return true
}

// free forgets that chat is in flight and gives its worker slot back.
func (s *Sender) free(chat int64) {
	s.mu.Lock()
	delete(s.inflight, chat)
	s.mu.Unlock()
	<-s.slots
}
