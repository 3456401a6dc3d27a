package audit

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxArgs is the longest Args stored, in bytes.
const MaxArgs = 120

var (
	// safeToken is what an argument looks like when it is a key, an id, a role, a cron field or
	// a date: short ASCII without spaces. Anything else (Chinese text, a name) is left out.
	safeToken = regexp.MustCompile(`^[A-Za-z0-9:#@*/,._=!?+-]{1,32}$`)
	// phoneLike is a run of 11 or more digits, perhaps split by spaces or dashes: a mobile
	// number (11 digits in China; Telegram user ids have at most 10 so far).
	phoneLike = regexp.MustCompile(`\+?\d(?:[\s-]?\d){10,}`)
)

// omitted stands for arguments left out.
const omitted = "…"

// Clean returns args as the log keeps them: phone-like digit runs are replaced by "***" first,
// then every whitespace-separated token that is not a short ASCII key or id is replaced by "…"
// (runs of them by one), and the result is cut to MaxArgs bytes. So "/grant 123 admin" keeps
// "123 admin" while a name, an address or a notice's text never reaches the log.
func Clean(args string) string {
	args = phoneLike.ReplaceAllString(args, "***")
	var out []string
	for _, f := range strings.Fields(args) {
		if !safeToken.MatchString(f) {
			f = omitted
		}
		if f == omitted && len(out) > 0 && out[len(out)-1] == omitted {
			continue
		}
		out = append(out, f)
	}
	return clip(strings.Join(out, " "), MaxArgs)
}

// clip cuts s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len(omitted)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + omitted
}
