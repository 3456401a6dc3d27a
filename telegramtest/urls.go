package telegramtest

import (
	"regexp"
	"slices"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// webLink is what Telegram's clients and servers recognise as a link in plain text (simplified to
// http(s) with a host): such text gets a "url" entity, so a bot's login or invite link is clickable
// without markup.
var webLink = regexp.MustCompile(`https?://[^\s<>"'()]+[^\s<>"'().,;:!?]`)

// detectURLs adds a url entity for every link in f's text that no entity covers yet.
func detectURLs(f formatted) formatted {
	for _, loc := range webLink.FindAllStringIndex(f.text, -1) {
		off := len(utf16.Encode([]rune(f.text[:loc[0]])))
		n := len(utf16.Encode([]rune(f.text[loc[0]:loc[1]])))
		if slices.ContainsFunc(f.entities, func(e models.MessageEntity) bool {
			return e.Offset < off+n && off < e.Offset+e.Length && (e.Type == models.MessageEntityTypeTextLink ||
				e.Type == models.MessageEntityTypeCode || e.Type == models.MessageEntityTypePre || e.Type == models.MessageEntityTypeURL)
		}) {
			continue // a link or code already: Telegram does not link inside those
		}
		f.entities = append(f.entities, models.MessageEntity{Type: models.MessageEntityTypeURL, Offset: off, Length: n})
	}
	slices.SortStableFunc(f.entities, func(a, b models.MessageEntity) int { return a.Offset - b.Offset })
	return f
}
