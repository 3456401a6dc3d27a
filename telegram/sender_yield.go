package telegram

import "time"

// Answers before notifications, for the CPU too. Priorities put a reply ahead of notifications
// in the outbox and in Telegram's second, but a notification already started costs what a reply
// costs: building the request, the round trip, recording its outcome. When updates pile up
// faster than the bot can handle them (200 volunteers tapping Claim at once, against a local
// Bot API server without Telegram's limits) those sends take the CPU from the dispatcher, and
// every person waiting for an answer waits longer. So while the dispatcher has updates waiting,
// notifications and notices are not started, for maxYield at most at a time: past that they go
// even if it is still busy, and the next wait begins only after it has been idle once. At
// Telegram's pace the dispatcher is idle nearly all the time, and nothing waits.

// maxYield is the longest notifications wait for the dispatcher at a time.
const maxYield = 2 * time.Second

// DispatcherBusy tells the sender whether the dispatcher has updates waiting to be handled
// (DispatcherOptions.Busy).
func (s *Sender) DispatcherBusy(busy bool) {
	if s.busy.Swap(busy) && !busy {
		s.signalFreed() // notifications held for it may go now
	}
}

// yielding reports whether notifications wait for the dispatcher at now, and for how long at
// most; the dispatch loop's alone.
func (s *Sender) yielding(now time.Time) (bool, time.Duration) {
	if !s.busy.Load() {
		s.yieldFrom = time.Time{}
		return false, 0
	}
	if s.yieldFrom.IsZero() {
		s.yieldFrom = now
	}
	left := maxYield - now.Sub(s.yieldFrom)
	return left > 0, left
}
