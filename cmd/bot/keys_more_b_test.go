package main

import (
	"html"
	"regexp"
	"strings"

	"linli/i18n"
)

// residentWords are more of sampleData: people's own words in the tests and benchmarks (names, rooms, items,
// round titles, pickup places, a column of an imported household list) that also stand in a
// catalogue's example. TestTests_MatchKeysNotTranslatedText takes them as data.
var residentWords = addSampleData(
	"阿姨", "志愿者", "2单元", "2单元 501", "蔬菜", "生活垃圾", "快递", "水果", "菜包", "蔬菜包 ¥39/份 max 2", "北门", "北门; 15",
	"备注", "fever medicine, I have a prescription", "Room 301", "Building 3, Room 301", "Testing at 8",
)

// addSampleData adds words to sampleData (initialised before it: it is read here).
func addSampleData(words ...string) bool {
	for _, w := range words {
		sampleData[w] = true
	}
	return true
}

// tagged is a tag of the playground page's HTML.
var tagged = regexp.MustCompile(`<[^>]*>`)

// pageText is the playground page's HTML of a message as the user reads it (the page escapes
// every character of the text and adds only its own tags).
func pageText(h string) string { return html.UnescapeString(tagged.ReplaceAllString(h, "")) }

// wordsThrough is key's words in lang from the beginning through the placeholders args fill (in
// order; no explicit argument indexes) and the words after the last of them, up to the next
// placeholder: a text to find with strings.Contains where shows (a regexp built for each
// message) would weigh on what a benchmark measures.
func wordsThrough(lang, key string, args ...any) string {
	format := i18n.T(lang, key)
	verbs, pieces := placeholder.FindAllString(format, -1), placeholder.Split(format, -1)
	var b strings.Builder
	b.WriteString(i18n.Plain(pieces[0]))
	for i, a := range args {
		b.WriteString(plainArg(verbs[i], a))
		b.WriteString(i18n.Plain(pieces[i+1]))
	}
	return b.String()
}
