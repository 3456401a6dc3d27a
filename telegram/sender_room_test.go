package telegram

import (
	"testing"
	"time"
)

// While replies are being sent, the other messages leave one request of Telegram's second free
// for them: a reply held a second for its chat then leaves as soon as the chat may have it,
// instead of waiting for a broadcast's next turn. Without a reply in the last second a broadcast
// has the whole second, and a reply never has more than the second itself.
func TestPace_RoomKeptForRepliesOnlyWhileRepliesFlow(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	window := func(n int) *pace {
		p := newPace(30)
		for i := range n { // answered over the last second, the oldest 990 ms ago
			p.win.answered = append(p.win.answered, now.Add(-990*time.Millisecond+time.Duration(i)*33*time.Millisecond))
		}
		return &p
	}

	p := window(29)
	p.replyAt = now.Add(-100 * time.Millisecond)
	if d := p.full(now, true); d != 0 {
		t.Errorf("29 of 30 taken: a reply waits %v, want 0", d)
	}
	if d := p.full(now, false); d != 10*time.Millisecond {
		t.Errorf("29 of 30 taken, a reply 100 ms ago: a broadcast waits %v, want 10ms (the oldest a second old)", d)
	}
	p.replyAt = now.Add(-2 * time.Second)
	if d := p.full(now, false); d != 0 {
		t.Errorf("29 of 30 taken, no reply for two seconds: a broadcast waits %v, want 0", d)
	}

	p = window(30)
	if d := p.full(now, true); d != 10*time.Millisecond {
		t.Errorf("30 of 30 taken: a reply waits %v, want 10ms (the oldest a second old)", d)
	}
	p.replyAt = now
	if d := p.full(now, false); d != 43*time.Millisecond {
		t.Errorf("30 of 30 taken, a reply just now: a broadcast waits %v, want 43ms (two a second old)", d)
	}

	paid := newPace(970) // a paid broadcast's budget is not written in order: no room kept
	paid.replyAt = now
	for range 969 {
		paid.win.answered = append(paid.win.answered, now.Add(-500*time.Millisecond))
	}
	if d := paid.full(now, false); d != 0 {
		t.Errorf("paid budget, 969 of 970 taken: waits %v, want 0", d)
	}
}
