package checkins

import (
	"errors"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"linli/config"
)

// Day is a local day in the configured time zone, written "20261129": the key of a household's
// check-in and the day named in its buttons.
type Day string

// dayLayout is how a Day is written.
const dayLayout = "20060102"

// ParseDay reads a Day as written in a button; ok is false for anything else.
func ParseDay(s string) (Day, bool) {
	if len(s) != len(dayLayout) {
		return "", false
	}
	if _, err := time.Parse(dayLayout, s); err != nil {
		return "", false
	}
	return Day(s), true
}

// Schedule is when the prompt and the deadline of each day are, from the two cron specs of
// [checkin], in the configured time zone.
type Schedule struct {
	prompt, deadline cron.Schedule
	loc              *time.Location
}

// ErrBadSpec is what NewSchedule returns for a spec it cannot use.
var ErrBadSpec = errors.New("checkins: bad schedule")

// NewSchedule parses prompt and deadline (five cron fields or a descriptor; no TZ= prefix: the
// configured zone loc applies).
func NewSchedule(prompt, deadline string, loc *time.Location) (*Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	p, err := config.ParseCronIn(prompt, loc)
	if err != nil {
		return nil, fmt.Errorf("%w: prompt %q: %v", ErrBadSpec, prompt, err)
	}
	d, err := config.ParseCronIn(deadline, loc)
	if err != nil {
		return nil, fmt.Errorf("%w: deadline %q: %v", ErrBadSpec, deadline, err)
	}
	return &Schedule{prompt: p, deadline: d, loc: loc}, nil
}

// Day is t's local day.
func (s *Schedule) Day(t time.Time) Day { return DayOf(t, s.loc) }

// DayOf is t's day in loc.
func DayOf(t time.Time, loc *time.Location) Day { return Day(t.In(loc).Format(dayLayout)) }

// MonthDay is d's month and day of the month, for people to read.
func (d Day) MonthDay() (month, dom int) {
	t, err := time.Parse(dayLayout, string(d))
	if err != nil {
		return 0, 0
	}
	return int(t.Month()), t.Day()
}

// start is when day begins; ok is false for a malformed day.
func (s *Schedule) start(day Day) (time.Time, bool) {
	t, err := time.ParseInLocation(dayLayout, string(day), s.loc)
	return t, err == nil
}

// PromptAt is the day's first prompt time; ok is false if the schedule has none that day (a
// weekday-only spec on a Sunday).
func (s *Schedule) PromptAt(day Day) (time.Time, bool) {
	begin, ok := s.start(day)
	if !ok {
		return time.Time{}, false
	}
	return s.sameDay(day, s.prompt.Next(begin.Add(-time.Second)))
}

// DeadlineAt is the day's first deadline after its prompt; ok is false if there is none that day.
func (s *Schedule) DeadlineAt(day Day) (time.Time, bool) {
	p, ok := s.PromptAt(day)
	if !ok {
		return time.Time{}, false
	}
	return s.sameDay(day, s.deadline.Next(p))
}

func (s *Schedule) sameDay(day Day, t time.Time) (time.Time, bool) {
	if t.IsZero() || s.Day(t) != day {
		return time.Time{}, false
	}
	return t, true
}

// Next is the first prompt after t and the deadline that follows it: what a household put under
// monitoring, and the admin who did it, are told.
func (s *Schedule) Next(t time.Time) (prompt, deadline time.Time) {
	prompt = s.prompt.Next(t)
	return prompt, s.deadline.Next(prompt)
}
