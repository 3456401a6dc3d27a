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
	global   []time.Time           // accepted sends in the last second
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
	return &limiter{l: l, lastSent: map[int64]time.Time{}, groups: map[int64][]time.Time{}}
}

// allow reports 0 if a message to chat may go now, else Telegram's retry_after in seconds. A
// message that may go is counted.
func (l *limiter) allow(now time.Time, chatID int64, private bool) int {
	if l.l.Disabled {
		return 0
	}
	l.global = within(l.global, now, time.Second)
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
	if len(l.global) >= l.l.Global {
		return retryAfter(l.global[len(l.global)-l.l.Global].Add(time.Second).Sub(now))
	}
	l.global = append(l.global, now)
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

// limit applies the flood limits to a message-producing call in chat c; s.mu is held.
func (s *Server) limit(c *chat) *apiError {
	if wait := s.limits.allow(s.now(), c.id, c.private()); wait > 0 {
		return tooMany(wait)
	}
	return nil
}
