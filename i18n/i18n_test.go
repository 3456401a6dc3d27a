package i18n

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

func TestCatalogues_SameKeysAndArguments(t *testing.T) {
	for key, zh := range catalogZH {
		en, ok := catalogEN[key]
		if !ok {
			t.Errorf("%s: in zh, missing in en", key)
			continue
		}
		if a, b := verbs(zh), verbs(en); a != b {
			t.Errorf("%s: zh takes %q, en takes %q", key, a, b)
		}
	}
	for key := range catalogEN {
		if _, ok := catalogZH[key]; !ok {
			t.Errorf("%s: in en, missing in zh", key)
		}
	}
}

func verbs(s string) string {
	v := verb.FindAllString(s, -1)
	sort.Strings(v)
	return strings.Join(v, " ")
}

func TestT_EscapesEveryArgumentButRaw(t *testing.T) {
	got := T(EN, "unknown.command", `<b>&"x"</b>`)
	if strings.Contains(got, "<b>&") || !strings.Contains(got, "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;") {
		t.Fatalf("argument not escaped: %q", got)
	}
	got = T(EN, "lang.unknown", Raw("<i>ok</i>"))
	if !strings.Contains(got, "<i>ok</i>") {
		t.Fatalf("Raw argument was escaped: %q", got)
	}
}

func TestEscape_DropsControlBytesAndRepairsUTF8(t *testing.T) {
	cases := map[string]string{
		"a\x00b\x07c":     "abc",
		"line1\nline2\tx": "line1\nline2\tx",
		"bad \xff utf8":   "bad \uFFFD utf8",
		"emoji 👩‍👩‍👧 ok":  "emoji 👩‍👩‍👧 ok",
		"*_[md]_*":        "*_[md]_*",
		"a & b < c > d":   "a &amp; b &lt; c &gt; d",
		"rtl \u2028 sep":  "rtl  sep",
	}
	for in, want := range cases {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetect_TelegramLanguageCodes(t *testing.T) {
	cases := []struct{ code, fallback, want string }{
		{"zh-hans", "en", ZH}, {"zh-CN", "en", ZH}, {"zh-TW", "en", ZH},
		{"en-US", "zh", EN}, {"en", "zh", EN}, {"ru", "en", EN}, {"", "zh", ZH}, {"de", "xx", ZH},
	}
	for _, c := range cases {
		if got := Detect(c.code, c.fallback); got != c.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", c.code, c.fallback, got, c.want)
		}
	}
}

func TestClipAndPlain(t *testing.T) {
	if got := Clip("一二三四五", 3); got != "一二…" {
		t.Errorf("Clip = %q", got)
	}
	if got := Clip("short", 10); got != "short" {
		t.Errorf("Clip = %q", got)
	}
	if got := Plain("<b>a &lt;b&gt; &amp;</b> c"); got != "a <b> & c" {
		t.Errorf("Plain = %q", got)
	}
}
