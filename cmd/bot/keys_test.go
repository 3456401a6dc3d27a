package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"linli/i18n"
	"linli/telegramtest"
)

// The end-to-end tests check which catalogue entry a message shows, not the words of one
// translation, so a copy edit does not break them; the golden transcripts in testdata/ are what
// shows the words. shows matches a message against a key as rendered in a language.

const (
	ZH = i18n.ZH
	EN = i18n.EN
)

// anyArg, as an argument of shows, matches whatever its placeholder holds.
type anyArg struct{}

// placeholder is a fmt verb of a catalogue entry, with its explicit argument index if it has one.
var placeholder = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)

// marked is a placeholder once marked in the entry: argument index and verb.
var marked = regexp.MustCompile("\uE000(\\d+):([^\uE001]*)\uE001")

// keyPattern is the entry key in lang as the user reads it (tags dropped, entities turned back),
// as a pattern: each placeholder is the argument given for it or, past the arguments given and
// for anyArg{}, anything.
func keyPattern(t testing.TB, lang, key string, args ...any) *regexp.Regexp {
	t.Helper()
	if !i18n.Exists(key) {
		t.Fatalf("no catalogue key %q", key)
	}
	next := 0
	format := placeholder.ReplaceAllStringFunc(i18n.T(lang, key), func(v string) string {
		if v == "%%" {
			return "%"
		}
		i := next
		if m := placeholder.FindStringSubmatch(v); m[1] != "" {
			i, _ = strconv.Atoi(m[1])
			i--
		}
		next = i + 1
		return fmt.Sprintf("\uE000%d:%s\uE001", i, v)
	})
	text := i18n.Plain(format)
	var b strings.Builder
	b.WriteString("(?s)")
	last := 0
	for _, m := range marked.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(regexp.QuoteMeta(text[last:m[0]]))
		i, _ := strconv.Atoi(text[m[2]:m[3]])
		if i < len(args) && args[i] != (anyArg{}) {
			b.WriteString(regexp.QuoteMeta(plainArg(text[m[4]:m[5]], args[i])))
		} else {
			b.WriteString(".*?")
		}
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(text[last:]))
	return regexp.MustCompile(b.String())
}

// plainArg is a as the user reads it in place of verb v (i18n.T escapes it, the client unescapes).
func plainArg(v string, a any) string {
	switch x := a.(type) {
	case i18n.Raw:
		return i18n.Plain(string(x))
	case string:
		return i18n.Clean(x)
	case fmt.Stringer:
		return i18n.Clean(x.String())
	}
	return fmt.Sprintf(argIndex.ReplaceAllString(v, ""), a) // a is the only argument here: %[4]d reads %d
}

// argIndex is a placeholder's explicit argument index ("[4]" of "%[4]d").
var argIndex = regexp.MustCompile(`\[\d+\]`)

// shows reports whether text shows the catalogue entry key in lang (somewhere in it), with args
// in its first placeholders.
func shows(t testing.TB, text, lang, key string, args ...any) bool {
	t.Helper()
	return keyPattern(t, lang, key, args...).MatchString(text)
}

// showsAny reports whether text shows any of keys in lang (with no arguments checked).
func showsAny(t testing.TB, text, lang string, keys ...string) bool {
	t.Helper()
	for _, k := range keys {
		if shows(t, text, lang, k) {
			return true
		}
	}
	return false
}

// words is a button's or a text's words for key in lang, as the user reads them.
func words(lang, key string, args ...any) string { return i18n.Plain(i18n.T(lang, key, args...)) }

func TestShows_MatchesAKeyWithAndWithoutItsArguments(t *testing.T) {
	text := i18n.Plain(i18n.T(ZH, "notify.claimed_by", "李<i>雷</i>", 1, i18n.Raw("<b>大米</b> 5kg")))
	for _, c := range []struct {
		args []any
		want bool
	}{
		{nil, true},
		{[]any{"李<i>雷</i>"}, true},
		{[]any{"李<i>雷</i>", 1}, true},
		{[]any{anyArg{}, 1, i18n.Raw("<b>大米</b>")}, true},
		{[]any{"李雷"}, false},
		{[]any{anyArg{}, 2}, false},
	} {
		if got := shows(t, text, ZH, "notify.claimed_by", c.args...); got != c.want {
			t.Errorf("shows(%q, %v) = %v, want %v", text, c.args, got, c.want)
		}
	}
	if shows(t, text, EN, "notify.claimed_by") || shows(t, text, ZH, "queue.claimed") {
		t.Error("another language or another key matched")
	}
	if !shows(t, "x "+words(EN, "queue.claimed", 7, i18n.Raw("…"), 7)+" y", EN, "queue.claimed", 7) {
		t.Error("a key with tags and a repeated argument did not match itself")
	}
	signed := words(EN, "buy.signed_for_you", 1, "Fruit", "apples", 2, "Rita")
	if !shows(t, signed, EN, "buy.signed_for_you", 1, "Fruit", "apples", 2, "Rita") || shows(t, signed, EN, "buy.signed_for_you", 1, "Fruit", "apples", 3) {
		t.Error("a number in a numbered placeholder was not matched as itself")
	}
}

// lastShowing is the last bot message in chat that shows key in lang.
func lastShowing(t *testing.T, lb *liveBot, chat int64, lang, key string, args ...any) telegramtest.Message {
	t.Helper()
	msgs := lb.ts.BotMessages(chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		if shows(t, msgs[i].Text, lang, key, args...) {
			return msgs[i]
		}
	}
	t.Fatalf("no message showing %s in chat %d", key, chat)
	return telegramtest.Message{}
}

// countShowing counts the bot messages in chat that show key in lang and contain each of also.
func countShowing(t *testing.T, lb *liveBot, chat int64, lang, key string, also ...string) int {
	t.Helper()
	n := 0
	for _, m := range lb.ts.BotMessages(chat) {
		ok := shows(t, m.Text, lang, key)
		for _, s := range also {
			ok = ok && strings.Contains(m.Text, s)
		}
		if ok {
			n++
		}
	}
	return n
}

// mustShow fails the test unless m shows key in lang, with args in its first placeholders.
func mustShow(t *testing.T, m telegramtest.Message, lang, key string, args ...any) {
	t.Helper()
	if !shows(t, m.Text, lang, key, args...) {
		t.Fatalf("%q does not show %s %v", m.Text, key, args)
	}
}

// textNotYetKeys are the test files that still match translated text instead of keys; each
// conversion takes one off. Any other test file matching a catalogue's words fails
// TestTests_MatchKeysNotTranslatedText.
var textNotYetKeys = map[string]bool{
	"transcript_test.go": true,
}

// sampleData are literals that are the residents' own words (names, addresses, items) and happen
// to stand in a catalogue example too.
var sampleData = map[string]bool{
	"3号楼": true, "2单元 301": true, "3号楼 2单元 301": true, "王阿姨": true, "/order groceries 大米": true,
	"睡不好": true, "胰岛素": true, "核酸": true, "2袋": true, "蔬菜包": true,
	"大米": true, "鸡蛋": true, "牛奶": true, "需要胰岛素": true, "您好！": true, "谢谢！": true, // residents' items and what they type
	"居民": true, // the name registerResidents gives every household
}

// wordsBefore is key's words in lang up to its first placeholder: a button's label when the
// rest of it (a count) is not known.
func wordsBefore(lang, key string) string {
	return i18n.Plain(placeholder.Split(i18n.T(lang, key), 2)[0])
}
