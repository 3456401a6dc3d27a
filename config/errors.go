package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// Error is a configuration problem at one key.
type Error struct {
	Key     string // e.g. "telegram.api_url", "zones[1].level", or "line 7" for syntax errors
	Problem string // what is wrong, never containing the token
}

// Error formats the problem as "config: <key>: <problem>".
func (e *Error) Error() string {
	return "config: " + e.Key + ": " + e.Problem
}

func errorf(key, format string, args ...any) *Error {
	return &Error{Key: key, Problem: fmt.Sprintf(format, args...)}
}

// typeErr matches the library's type mismatch errors, which are plain strings:
// `toml: line 3 (last key "sla.claim_minutes"): incompatible types: ...`.
var typeErr = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "(.*?)"\): (.*)$`)

// decodeError turns an error from toml.Decode into an *Error.
func decodeError(err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if strings.HasSuffix(pe.LastKey, "token") || strings.HasSuffix(pe.LastKey, "secret") {
			// The library quotes parts of bad values; this one may be a secret.
			msg = "invalid value (not shown: it may be a secret)"
		}
		return errorf(fmt.Sprintf("line %d", pe.Position.Line), "%s", msg)
	}
	if m := typeErr.FindStringSubmatch(err.Error()); m != nil {
		if m[1] != "" {
			return errorf(m[2], "line %s: %s", m[1], m[3])
		}
		return errorf(m[2], "%s", m[3])
	}
	return errorf("toml", "%s", strings.TrimPrefix(err.Error(), "toml: "))
}

// redact replaces every non-empty secret in an *Error's text; belt and
// braces, since no check quotes the token in the first place.
func redact(err error, secrets ...string) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	for _, s := range secrets {
		if s != "" {
			e.Key = strings.ReplaceAll(e.Key, s, "[redacted]")
			e.Problem = strings.ReplaceAll(e.Problem, s, "[redacted]")
		}
	}
	return e
}
