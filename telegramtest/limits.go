package telegramtest

import (
	"math"
	"time"
)

// perChatTolerance forgives network jitter in the one-message-per-second rule for private
// chats (a quarter of the interval when that is shorter).
const perChatTolerance = 50 * time.Millisecond

// limiter enforces Limits on message-producing calls. It counts accepted calls only.
type limiter struct {
	l        Limits
	global   []time.Time           // accepted sends without allow_paid_broadcast in the last second
	all      []time.Time           // every accepted send in the last second, paid or not
	lastSent map[int64]time.Time   // private chats
	groups   map[int64][]time.Time // sends per group in the last minute
}

func newLimiter(l Limits) *limiter {
	if l.Global == 0 {
		l.Global = 30
	}
	if l.PerChat == 0 {
		l.PerChat = time.Second
	}
	if l.PerGroupPerMinute == 0 {
		l.PerGroupPerMinute = 20
	}
	if l.PaidGlobal == 0 {
		l.PaidGlobal = 1000
	}
	return &limiter{l: l, lastSent: map[int64]time.Time{}, groups: map[int64][]time.Time{}}
}

// allow reports 0 if a message to chat may go now (paid: sent with allow_paid_broadcast), else
// Telegram's retry_after in seconds. A message that may go is counted.
func (l *limiter) allow(now time.Time, chatID int64, private, paid bool) int {
	if l.l.Disabled {
		return 0
	}
	l.global = within(l.global, now, time.Second)
	l.all = within(l.all, now, time.Second)
	if private {
		if last, ok := l.lastSent[chatID]; ok && now.Sub(last) < l.l.PerChat-min(perChatTolerance, l.l.PerChat/4) {
			return retryAfter(last.Add(l.l.PerChat).Sub(now))
		}
	} else {
		l.groups[chatID] = within(l.groups[chatID], now, time.Minute)
		if g := l.groups[chatID]; len(g) >= l.l.PerGroupPerMinute {
			return retryAfter(g[len(g)-l.l.PerGroupPerMinute].Add(time.Minute).Sub(now))
		}
	}
	if len(l.all) >= l.l.PaidGlobal {
		return retryAfter(l.all[len(l.all)-l.l.PaidGlobal].Add(time.Second).Sub(now))
	}
	if !paid && len(l.global) >= l.l.Global {
		return retryAfter(l.global[len(l.global)-l.l.Global].Add(time.Second).Sub(now))
	}
	if !paid {
		l.global = append(l.global, now)
	}
	l.all = append(l.all, now)
	if private {
		l.lastSent[chatID] = now
	} else {
		l.groups[chatID] = append(l.groups[chatID], now)
	}
	return 0
}

// within drops times older than window before now.
func within(ts []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= window {
		i++
	}
	return ts[i:]
}

// retryAfter rounds a wait up to whole seconds, at least 1, as Telegram's retry_after is.
func retryAfter(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// limit applies the flood limits to a message-producing call in chat c, and for a paid
// broadcast (p has allow_paid_broadcast) the Stars balance; s.mu is held.
func (s *Server) limit(c *chat, p *params) *apiError {
	paid := p.bool("allow_paid_broadcast")
	if paid && s.stars >= 0 && s.stars < starsPerPaid {
		// Telegram's refusal when the bot's Stars balance cannot pay (MTProto's BALANCE_TOO_LOW,
		// passed on by the Bot API as a 400).
		return badRequest("BALANCE_TOO_LOW")
	}
	if wait := s.limits.allow(s.now(), c.id, c.private(), paid); wait > 0 {
		return tooMany(wait)
	}
	if paid && s.stars >= 0 {
		s.stars -= starsPerPaid
	}
	return nil
}

// starsPerPaid is what one paid broadcast message costs, in tenths of a Star.
const starsPerPaid = 1

// SetStars sets the bot's Telegram Stars balance that paid broadcasts draw on (0.1 Star a
// message); once it cannot pay for one more, a send with allow_paid_broadcast is refused with
// 400 "Bad Request: BALANCE_TOO_LOW". A negative n makes it unlimited, as it is by default.
func (s *Server) SetStars(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stars = int64(n) * 10
	if n < 0 {
		s.stars = -1
	}
}
