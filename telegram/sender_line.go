package telegram

import (
	"slices"

	"linli/outbox"
)

// The line at the gate: sends handed to workers leave for Telegram strictly in the order the
// dispatch loop took them from the outbox, replies before notifications before broadcasts (the
// outbox's priorities) and first come, first served within a priority. Without it, the sends
// held at the gate while Telegram's second is full woke in no fixed order, and a worker the
// scheduler stalled let later ones go first: in a burst of 5,000 /order, residents were answered
// up to 32 places after someone who wrote later.

// line is one pace's queue of tickets, in admission order. s.mu guards it.
type line struct {
	queue []*ticket
}

// ticket is a send's place in line; first is closed when it comes to the head, so that only
// the send whose turn it is wakes (not every one waiting).
type ticket struct {
	id     int64
	prio   outbox.Priority
	first  chan struct{}
	headed bool // first is closed
}

// join puts message id in line behind every ticket of its priority or a more urgent one, ahead
// of the less urgent. s.mu is held.
func (l *line) join(id int64, prio outbox.Priority) {
	i := len(l.queue)
	for i > 0 && l.queue[i-1].prio > prio {
		i--
	}
	if i == 0 && len(l.queue) > 0 && l.queue[0].headed {
		// The head is displaced by a more urgent send: it waits again.
		l.queue[0].first, l.queue[0].headed = make(chan struct{}), false
	}
	l.queue = slices.Insert(l.queue, i, &ticket{id: id, prio: prio, first: make(chan struct{})})
	l.headChanged()
}

// behind reports whether message id is in line with another ticket ahead of it, and the
// channel closed when it comes to the head. s.mu is held.
func (l *line) behind(id int64) (bool, <-chan struct{}) {
	i := l.find(id)
	if i <= 0 {
		return false, nil
	}
	return true, l.queue[i].first
}

// leave takes message id out of line (admitted, or not sent after all). s.mu is held.
func (l *line) leave(id int64) {
	if i := l.find(id); i >= 0 {
		l.queue = slices.Delete(l.queue, i, i+1)
		l.headChanged()
	}
}

func (l *line) find(id int64) int {
	return slices.IndexFunc(l.queue, func(t *ticket) bool { return t.id == id })
}

// headChanged wakes the ticket at the head if it is waiting.
func (l *line) headChanged() {
	if len(l.queue) > 0 && !l.queue[0].headed {
		l.queue[0].headed = true
		close(l.queue[0].first)
	}
}

// queue gives a send handed to a worker its ticket at its pace's gate (a callback answer,
// which Telegram does not count, takes none).
func (s *Sender) queue(r outbox.Row) {
	if !paced(r.Message.Kind) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paceOf(r).line.join(r.ID, r.Priority)
}

// unqueue takes back the ticket of a send that did not reach the gate (an edit whose message
// cannot be named yet); a send admitted at the gate has left the line already.
func (s *Sender) unqueue(r outbox.Row) {
	if !paced(r.Message.Kind) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paceOf(r).line.leave(r.ID)
}
