package notices

import (
	"time"

	"github.com/robfig/cron/v3"
)

// Year is how far ahead a schedule must fire at least once to be accepted.
const Year = 366 * 24 * time.Hour

// FiresWithin reports whether s fires in loc within d after t ("0 0 30 2 *", the 30th of
// February, never does).
func FiresWithin(s cron.Schedule, t time.Time, loc *time.Location, d time.Duration) bool {
	next := Next(s, t, loc)
	return !next.IsZero() && next.Sub(t) <= d
}

// MoreOftenThan reports whether s fires in loc twice within less than d at some point of the
// week after t ("* * * * *" fires every minute; "0 8 * * *" once a day).
func MoreOftenThan(s cron.Schedule, t time.Time, loc *time.Location, d time.Duration) bool {
	end := t.Add(7 * 24 * time.Hour)
	prev := Next(s, t, loc)
	for prev.Before(end) && !prev.IsZero() {
		next := Next(s, prev, loc)
		if next.IsZero() {
			return false
		}
		if next.Sub(prev) < d {
			return true
		}
		prev = next
	}
	return false
}
