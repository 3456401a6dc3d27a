// Package i18n holds Linli's message catalogues (Chinese and English) and the helpers that make
// a message safe for Telegram's HTML parse mode. T escapes every argument it is given, so a
// user's name or order text can never break a message or inject markup; only Raw fragments,
// built by this program, pass through unchanged.
package i18n

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The supported languages.
const (
	ZH = "zh"
	EN = "en"
)

// Langs lists the supported languages in display order.
var Langs = []string{ZH, EN}

// Supported reports whether lang has a catalogue.
func Supported(lang string) bool { return lang == ZH || lang == EN }

// Detect picks a language from Telegram's language_code ("zh-hans", "en-US", ...), falling back.
func Detect(code, fallback string) string {
	code = strings.ToLower(code)
	switch {
	case strings.HasPrefix(code, "zh"):
		return ZH
	case strings.HasPrefix(code, "en"):
		return EN
	}
	if Supported(fallback) {
		return fallback
	}
	return ZH
}

// Raw is an HTML fragment this program built (for example from other T calls); T inserts it as is.
type Raw string

// T renders the catalogue entry key in lang with args. Arguments are escaped for HTML unless
// they are Raw; numbers are formatted as usual. A missing key renders as the key itself, which a
// test of the catalogues forbids.
func T(lang, key string, args ...any) string {
	format, ok := catalog(lang)[key]
	if !ok {
		format, ok = catalogEN[key]
	}
	if !ok {
		return Escape(key)
	}
	if len(args) == 0 {
		return format
	}
	safe := make([]any, len(args))
	for i, a := range args {
		safe[i] = escapeArg(a)
	}
	return fmt.Sprintf(format, safe...)
}

// The catalogues are kept in several files by subject; these merge them once.
var catalogZH, catalogEN = merge(catalogZHBasic, catalogZHOrders, catalogZHRoles, catalogZHVolunteers, catalogZHQueue, catalogZHGroups, catalogZHCheckins, catalogZHNotices, catalogZHWeb, catalogZHRecords, catalogZHSupplies, catalogZHReplica, catalogZHScope, catalogZHPlace, catalogZHRevoke, catalogZHSanity, catalogZHAddress, catalogZHPaid, catalogZHCards, catalogZHFree, catalogZHMedia, catalogZHMenus, catalogZHHandover, catalogZHDuplicates, catalogZHCallbacks),
	merge(catalogENBasic, catalogENOrders, catalogENRoles, catalogENVolunteers, catalogENQueue, catalogENGroups, catalogENCheckins, catalogENNotices, catalogENWeb, catalogENRecords, catalogENSupplies, catalogENReplica, catalogENScope, catalogENPlace, catalogENRevoke, catalogENSanity, catalogENAddress, catalogENPaid, catalogENCards, catalogENFree, catalogENMedia, catalogENMenus, catalogENHandover, catalogENDuplicates, catalogENCallbacks)

func merge(parts ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

func catalog(lang string) map[string]string {
	if lang == EN {
		return catalogEN
	}
	return catalogZH
}

func escapeArg(a any) any {
	switch v := a.(type) {
	case Raw:
		return string(v)
	case string:
		return Escape(v)
	case fmt.Stringer:
		return Escape(v.String())
	case error:
		return Escape(v.Error())
	}
	return a
}

// Escape makes s safe inside Telegram HTML: &, < and > become entities (Telegram knows &lt;
// &gt; &amp; &quot;), control characters other than newline and tab are dropped, and invalid
// UTF-8 becomes U+FFFD.
func Escape(s string) string {
	s = Clean(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Clean makes what a user typed ready to store or show: invalid UTF-8 repaired, NFC
// normalised, control characters (but newline and tab) dropped, and so are zero-width and
// bidirectional control characters (U+200B, U+202E, U+2066…: format characters), which can hide
// a text or make it read backwards; a joiner inside an emoji sequence stays.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFC.String(s)
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range rs {
		switch {
		case r == '\n' || r == '\t':
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			continue
		case r == '\u200d' && i > 0 && i+1 < len(rs) && emojiPart(rs[i-1]) && emojiPart(rs[i+1]):
			// a zero-width joiner inside an emoji sequence (👨‍👩‍👧) stays
		case unicode.Is(unicode.Cf, r):
			continue // zero-width characters, bidirectional overrides and isolates, BOMs
		}
		b.WriteRune(r)
	}
	return b.String()
}

// emojiPart reports whether r can sit next to a joiner in an emoji sequence.
func emojiPart(r rune) bool {
	return unicode.Is(unicode.So, r) || r == '\ufe0f' || unicode.Is(unicode.Sk, r)
}

// Clip shortens s to at most n characters, marking the cut with an ellipsis.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(n-1, 0)]) + "…"
}

// Plain turns a rendered HTML message into plain text (for button answers, which take no
// markup): tags are dropped and the entities Escape writes are turned back.
func Plain(html string) string {
	var b strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return unescape.Replace(b.String())
}

// unescape turns back the entities Escape writes. A Replacer builds its tables on first use: one
// made for every call built them for every button label.
var unescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&amp;", "&")

// Keys lists every key of the catalogues (of either language), for the tests that check the
// code's keys against them.
func Keys() []string {
	out := make([]string, 0, len(catalogZH))
	for k := range catalogZH {
		out = append(out, k)
	}
	for k := range catalogEN {
		if _, ok := catalogZH[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// Exists reports whether key is in both catalogues.
func Exists(key string) bool {
	_, zh := catalogZH[key]
	_, en := catalogEN[key]
	return zh && en
}
