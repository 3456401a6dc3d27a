package i18n

import "testing"

// Finding 5 (issue 12): zero-width-only items were accepted and right-to-left overrides shown
// to volunteers as they came.
func TestClean_NormalisesAndDropsInvisibleCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"\u200b\u200b":              "",
		"\u200b \ufeff\u2060":       " ",
		"eggs\u202e01 sgge":         "eggs01 sgge",
		"\u2066鸡蛋\u2069":            "鸡蛋",
		"e\u0301":                   "é", // NFC
		"👨\u200d👩\u200d👧":           "👨\u200d👩\u200d👧",
		"🏳\ufe0f\u200d🌈":            "🏳\ufe0f\u200d🌈",
		"a\u200db":                  "ab",
		"王\x07阿姨\n2单元":              "王阿姨\n2单元",
		"Building\u00a03, Room 301": "Building\u00a03, Room 301",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
