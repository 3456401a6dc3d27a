package notices

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// The descriptors /schedule takes. @every is refused: an interval counts from whenever the bot
// started, not from the clock, so it would drift across restarts and name no local time.
var descriptors = map[string]bool{
	"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true,
	"@daily": true, "@midnight": true, "@hourly": true,
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

var fieldRe = regexp.MustCompile(`^[0-9A-Za-z*/,\-?]{1,64}$`)

// ParseSpec checks spec before robfig/cron sees it — v3.0.1 panics on a malformed TZ= or
// CRON_TZ= prefix, so any time zone prefix is refused (the configured zone applies) — and parses
// it inside a recover. spec is five cron fields or one descriptor other than @every.
func ParseSpec(spec string) (s cron.Schedule, err error) {
	f := strings.Fields(spec)
	switch {
	case len(f) == 1 && descriptors[strings.ToLower(f[0])]:
		spec = strings.ToLower(f[0])
	case len(f) == 5:
		for _, x := range f {
			if !fieldRe.MatchString(x) {
				return nil, fmt.Errorf("%w: %q", ErrBadSpec, x)
			}
		}
		spec = strings.Join(f, " ")
	default:
		return nil, fmt.Errorf("%w: want five fields or a descriptor", ErrBadSpec)
	}
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("%w: %v", ErrBadSpec, p)
		}
	}()
	s, err = cronParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSpec, err)
	}
	return s, nil
}

// NormalSpec is spec as stored: fields separated by one space, descriptors in lower case.
func NormalSpec(spec string) string {
	f := strings.Fields(spec)
	if len(f) == 1 {
		return strings.ToLower(f[0])
	}
	return strings.Join(f, " ")
}

// Next is the first time after t that s fires in loc. The schedule is read on the wall clock:
// s runs in UTC (which has no daylight saving) on t's local wall time, and the wall time it
// gives is placed in loc. So across daylight-saving changes (robfig/cron alone skips a time in
// the spring gap and fires twice in the autumn's repeated hour):
//   - a wall time that does not exist (02:30 in New York on the day clocks go forward) fires
//     once, read with the offset before the gap (03:30 by the new clock);
//   - a wall time that exists twice (01:30 when clocks go back) fires once.
//
// Asia/Shanghai has no daylight saving. See TestNext_AcrossDaylightSaving.
func Next(s cron.Schedule, t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
	for {
		w := s.Next(wall)
		if w.IsZero() {
			return w
		}
		next := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
		if n := next.In(loc); n.Hour() != w.Hour() || n.Minute() != w.Minute() || n.Day() != w.Day() {
			// In the spring gap: read the wall time with the offset in force before it.
			_, off := next.Add(-12 * time.Hour).Zone()
			next = w.Add(-time.Duration(off) * time.Second)
		}
		if next.After(t) {
			return next
		}
		wall = w // placed at or before t (a wall time in the spring gap): the next one
	}
}

// SendsAtNight returns when a scheduled run due at next goes out (quiet hours hold a non-urgent
// one), and whether that is at night, 22:00–07:00 local, when a message wakes people up: for
// the author to be warned while it can still be changed.
func (s *Service) SendsAtNight(next time.Time, urgent bool) (time.Time, bool) {
	at := next
	if !urgent {
		at = s.o.Quiet.Hold(next, s.o.Location)
	}
	h := at.In(s.o.Location).Hour()
	return at, h >= 22 || h < 7
}

// QuietUntil reports whether t falls inside [notices] quiet_hours (never, when they are off),
// and when they end.
func (s *Service) QuietUntil(t time.Time) (time.Time, bool) {
	end := s.o.Quiet.Hold(t, s.o.Location)
	return end, end.After(t)
}

// Quiet is a daily window (e.g. 22:00–07:00 local) in which non-urgent scheduled notices are
// held until its end: [notices] quiet_hours as config.Notices.QuietWindow reads it. The zero
// value is no window.
type Quiet struct {
	On       bool
	From, To time.Duration // since local midnight
}

// Hold returns when a run due at t may be sent: t itself outside the window, else the window's
// end (local time).
func (q Quiet) Hold(t time.Time, loc *time.Location) time.Time {
	if !q.On {
		return t
	}
	l := t.In(loc)
	midnight := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	at := func(day int, d time.Duration) time.Time {
		m := time.Date(l.Year(), l.Month(), l.Day()+day, 0, 0, 0, 0, loc)
		return m.Add(d)
	}
	since := l.Sub(midnight)
	switch {
	case q.From < q.To: // e.g. 01:00–06:00 within a day
		if since >= q.From && since < q.To {
			return at(0, q.To)
		}
	case since >= q.From: // e.g. 22:00–07:00, before midnight
		return at(1, q.To)
	case since < q.To: // after midnight
		return at(0, q.To)
	}
	return t
}
