package main

import (
	"html"
	"regexp"
)

// residentWords are more of sampleData: people's own words in the tests (names, rooms, items,
// round titles, pickup places, a column of an imported household list) that also stand in a
// catalogue's example. TestTests_MatchKeysNotTranslatedText takes them as data.
var residentWords = addSampleData(
	"阿姨", "2单元", "2单元 501", "大米", "鸡蛋", "水果", "菜包", "蔬菜包 ¥39/份 max 2", "北门", "北门; 15", "备注",
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
