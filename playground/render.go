package playground

import (
	"html"
	"net/url"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// renderText turns a message's plain text and entities (UTF-16 offsets, as Telegram counts) into
// HTML for the page. Every character of text is escaped and the only tags are the page's own, so
// whatever the bot (or a user) wrote cannot inject markup into the page.
func renderText(text string, ents []models.MessageEntity) string {
	units := utf16.Encode([]rune(text))
	sorted := slices.Clone(ents)
	slices.SortStableFunc(sorted, func(a, b models.MessageEntity) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return b.Length - a.Length
	})
	var b strings.Builder
	type open struct {
		end   int
		close string
	}
	var stack []open
	next := 0
	flush := func(from, to int) {
		if from < to {
			b.WriteString(html.EscapeString(string(utf16.Decode(units[from:to]))))
		}
	}
	pos := 0
	for pos <= len(units) {
		for len(stack) > 0 && stack[len(stack)-1].end <= pos {
			b.WriteString(stack[len(stack)-1].close)
			stack = stack[:len(stack)-1]
		}
		for next < len(sorted) && sorted[next].Offset <= pos {
			e := sorted[next]
			next++
			end := min(e.Offset+e.Length, len(units))
			if e.Length <= 0 || e.Offset < pos || end <= pos {
				continue
			}
			if len(stack) > 0 && end > stack[len(stack)-1].end {
				end = stack[len(stack)-1].end // keep tags nested
			}
			openTag, closeTag := tagFor(e, string(utf16.Decode(units[e.Offset:end])))
			b.WriteString(openTag)
			stack = append(stack, open{end: end, close: closeTag})
		}
		if pos == len(units) {
			break
		}
		stop := len(units)
		if len(stack) > 0 {
			stop = min(stop, stack[len(stack)-1].end)
		}
		if next < len(sorted) {
			stop = min(stop, max(sorted[next].Offset, pos+1))
		}
		stop = max(stop, pos+1)
		flush(pos, stop)
		pos = stop
	}
	for i := len(stack) - 1; i >= 0; i-- {
		b.WriteString(stack[i].close)
	}
	return b.String()
}

// tagFor is the page's markup for an entity; inner is the entity's text (for url entities).
func tagFor(e models.MessageEntity, inner string) (string, string) {
	switch e.Type {
	case models.MessageEntityTypeBold:
		return "<b>", "</b>"
	case models.MessageEntityTypeItalic:
		return "<i>", "</i>"
	case models.MessageEntityTypeUnderline:
		return "<u>", "</u>"
	case models.MessageEntityTypeStrikethrough:
		return "<s>", "</s>"
	case models.MessageEntityTypeSpoiler:
		return `<span class="spoiler">`, "</span>"
	case models.MessageEntityTypeCode:
		return "<code>", "</code>"
	case models.MessageEntityTypePre:
		return "<pre>", "</pre>"
	case models.MessageEntityTypeBlockquote, models.MessageEntityTypeExpandableBlockquote:
		return "<blockquote>", "</blockquote>"
	case models.MessageEntityTypeTextLink:
		if safeURL(e.URL) {
			return `<a href="` + html.EscapeString(e.URL) + `" target="_blank" rel="noopener noreferrer">`, "</a>"
		}
	case models.MessageEntityTypeURL:
		if safeURL(inner) {
			return `<a href="` + html.EscapeString(inner) + `" target="_blank" rel="noopener noreferrer">`, "</a>"
		}
	}
	return "<span>", "</span>"
}

// safeURL accepts only http(s) links: no javascript:, data: or the like.
func safeURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
