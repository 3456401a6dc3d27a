package telegram

import (
	"strings"
	"time"

	"linli/outbox"
)

// Paid broadcasts: a message marked Paid is sent with allow_paid_broadcast and paced on its own
// budget (up to 1,000 a second with the free 30), so a notice to 100,000 households takes
// minutes instead of an hour, while replies keep the free budget to themselves. When Telegram
// refuses a paid send (the Stars balance is spent), that message and every paid one after it go
// on at the free pace for paidOff, and whoever PaidRefused tells is told.

// paidOff is how long paid broadcasts stay off after Telegram refused one: long enough not to
// ask again for every message of a broadcast, short enough that a topped-up balance is used
// within the hour (and at the next start).
const paidOff = time.Hour

// payable reports whether r goes as a paid broadcast if sent at now.
func (s *Sender) payable(r outbox.Row, now time.Time) bool {
	if !r.Message.Paid || s.o.PaidPerSec <= 0 || r.Message.Kind != outbox.KindSend {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return !now.Before(s.paidOff)
}

// paceOf is the budget r is paced on: the paid one for a message dispatch marked payable.
func (s *Sender) paceOf(r outbox.Row) *pace {
	if r.Message.Paid {
		return &s.paidPace
	}
	return &s.freePace
}

// refusedPaid turns paid broadcasts off for paidOff and returns r's outcome: sent again at once,
// unpaid (no backoff: the refusal says nothing about the message).
func (s *Sender) refusedPaid(r outbox.Row, err error, now time.Time) outbox.Outcome {
	s.mu.Lock()
	first := !s.paidOff.After(now)
	s.paidOff = now.Add(paidOff)
	s.mu.Unlock()
	if first {
		s.o.Logger.Warn("paid broadcast refused; going on at the free pace", "component", "sender",
			"outbox_id", r.ID, "err", err, "for", paidOff)
	}
	if s.o.PaidRefused != nil {
		s.o.PaidRefused(r, err.Error())
	}
	return outbox.Outcome{ID: r.ID, ChatID: r.ChatID, Status: outbox.StatusRetry, NotBefore: now,
		Err: truncate(err.Error(), 500)}
}

// isPaidRefused reports whether err is Telegram refusing a paid broadcast it cannot charge for:
// MTProto's BALANCE_TOO_LOW as the Bot API passes it on ("Bad Request: BALANCE_TOO_LOW"), or
// a refusal that names the Stars or paid broadcasts.
func isPaidRefused(err error) bool {
	if err == nil {
		return false
	}
	e := strings.ToLower(err.Error())
	return strings.Contains(e, "balance_too_low") || strings.Contains(e, "stars") ||
		strings.Contains(e, "paid broadcast") || strings.Contains(e, "paid_broadcast")
}
