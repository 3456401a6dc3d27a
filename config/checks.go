package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// checkHTTPURL requires an absolute http or https URL with a host.
func checkHTTPURL(key, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errorf(key, "%q must be an absolute http(s) URL", s)
	}
	return nil
}

// checkListen allows an empty address (off) or host:port with a numeric port;
// the host may be empty to listen on every interface.
func checkListen(key, addr string) error {
	if addr == "" {
		return nil
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errorf(key, "%q must be host:port, e.g. \"127.0.0.1:8080\" or \":8080\"", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return errorf(key, "%q has a bad port; want 0-65535", addr)
	}
	return nil
}

// checkCron accepts five cron fields or a descriptor such as @daily.
func checkCron(key, spec string) error {
	if strings.TrimSpace(spec) == "" {
		return errorf(key, "must be five cron fields or a descriptor such as @daily")
	}
	if _, err := ParseCron(spec); errors.Is(err, errCronTZ) {
		return errorf(key, "%q must not set a timezone; the top-level timezone applies", spec)
	} else if err != nil {
		return errorf(key, "%q is not a valid schedule: %v", spec, err)
	}
	return nil
}

var errCronTZ = errors.New("must not set a timezone")

// ParseCron parses a schedule of this configuration (checkin.prompt, checkin.deadline): five
// cron fields or a descriptor. robfig/cron v3.0.1 panics on some malformed TZ= prefixes, and the
// bot's timezone is the only one schedules use anyway, so a TZ= prefix is refused before the
// library sees it, and a panic is caught all the same.
func ParseCron(spec string) (s cron.Schedule, err error) {
	if strings.Contains(spec, "TZ=") {
		return nil, errCronTZ
	}
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("malformed schedule")
		}
	}()
	return cron.ParseStandard(spec)
}

// ParseCronIn is ParseCron with the schedule's times taken in loc (the configured timezone).
func ParseCronIn(spec string, loc *time.Location) (cron.Schedule, error) {
	s, err := ParseCron(spec)
	if ss, ok := s.(*cron.SpecSchedule); ok && err == nil {
		ss.Location = loc
	}
	return s, err
}

var quietRe = regexp.MustCompile(`^(\d\d:\d\d)-(\d\d:\d\d)$`)

// parseQuietHours reads "HH:MM-HH:MM"; empty means off (ok false).
func parseQuietHours(s string) (from, to time.Duration, ok bool, err error) {
	if s == "" {
		return 0, 0, false, nil
	}
	m := quietRe.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false, errors.New("must be empty or HH:MM-HH:MM, e.g. \"22:00-07:00\"")
	}
	if from, err = clock(m[1]); err == nil {
		to, err = clock(m[2])
	}
	if err != nil {
		return 0, 0, false, err
	}
	if from == to {
		return 0, 0, false, errors.New("start and end must differ")
	}
	return from, to, true, nil
}

// clock turns "HH:MM" into the time since midnight.
func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("has a bad time %q; want 00:00-23:59", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// QuietWindow returns quiet_hours as offsets from midnight in the configured
// timezone; ok is false when quiet hours are off. The window wraps past
// midnight when from is after to ("22:00-07:00"). Call it on a validated Config.
func (n Notices) QuietWindow() (from, to time.Duration, ok bool) {
	from, to, ok, err := parseQuietHours(n.QuietHours)
	if err != nil {
		return 0, 0, false
	}
	return from, to, ok
}
