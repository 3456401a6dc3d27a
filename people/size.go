package people

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// ParseSize reads a household's size as people say it: "2", "2 of us", "two", "两口人", "二",
// "十二个人". It finds the numbers written in digits, Chinese numerals and English words; they
// must agree ("2 adults and 1 child" is refused: which is meant?). ok is false when none is
// found or they differ; the range (1 to MaxSize) is the caller's to check.
func ParseSize(s string) (n int, ok bool) {
	s = strings.ToLower(width.Narrow.String(s))
	for _, w := range []string{"一共", "一起", "一家"} { // 一 that counts nobody
		s = strings.ReplaceAll(s, w, " ")
	}
	var found []int
	for _, run := range runs(s, func(r rune) bool { return r >= '0' && r <= '9' }) {
		v := 0
		for _, r := range run {
			if v = v*10 + int(r-'0'); v > 1000 {
				break
			}
		}
		found = append(found, v)
	}
	if strings.ContainsAny(s, "-−负") { // "-1": no size at all
		return 0, false
	}
	for _, run := range runs(s, func(r rune) bool { return strings.ContainsRune(zhDigits+"两十百千万", r) }) {
		if v, ok := zhNumber(run); ok {
			found = append(found, v)
		} else {
			return 0, false
		}
	}
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if v, ok := enNumbers[word]; ok {
			found = append(found, v)
		}
	}
	if len(found) == 0 {
		return 0, false
	}
	for _, v := range found[1:] {
		if v != found[0] {
			return 0, false
		}
	}
	return found[0], true
}

// zhDigits are the Chinese numerals 0 to 9 by their value; 两 is 2 as 二 is.
const zhDigits = "零一二三四五六七八九"

// zhNumber reads a Chinese number below 100: "二", "两", "十", "十二", "二十", "二十三"; a larger
// one (百, 千, 万) is refused.
func zhNumber(s string) (int, bool) {
	digit := func(r rune) int { return strings.IndexRune(zhDigits, r) / len("零") }
	rs := []rune(strings.ReplaceAll(s, "两", "二"))
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1:
		return digit(rs[0]), true
	case len(rs) == 2 && rs[0] == '十':
		return 10 + digit(rs[1]), rs[1] != '十'
	case len(rs) == 2 && rs[1] == '十':
		return digit(rs[0]) * 10, rs[0] != '十'
	case len(rs) == 3 && rs[1] == '十':
		return digit(rs[0])*10 + digit(rs[2]), rs[0] != '十' && rs[2] != '十'
	}
	return 0, false
}

// runs are the longest pieces of s whose runes all satisfy in.
func runs(s string, in func(rune) bool) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !in(r) })
}

// enNumbers are the English words for the sizes a household has.
var enNumbers = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "alone": 1, "couple": 2}
