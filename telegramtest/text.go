package telegramtest

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Telegram's limits on formatted text, in UTF-16 code units after entity parsing.
const (
	maxTextLen    = 4096
	maxCaptionLen = 1024
)

// UTF16Len counts UTF-16 code units, the unit of Telegram's length limits and entity offsets:
// a character outside the Basic Multilingual Plane (most emoji) counts as 2.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// utf16Step advances a UTF-16 offset over byte c of a UTF-8 string: lead bytes start a
// character, and 4-byte characters are surrogate pairs.
func utf16Step(c byte) int {
	switch {
	case c&0xC0 == 0x80:
		return 0
	case c >= 0xF0:
		return 2
	}
	return 1
}

// formatted is text after entity parsing.
type formatted struct {
	text     string
	entities []models.MessageEntity
}

// ParseText applies parse_mode to raw the way Telegram does before sending: it returns the plain
// text (markup removed, surrounding whitespace trimmed) and its entities, or the error
// description Telegram would give without the "Bad Request: " prefix. mode is "", "HTML",
// "MarkdownV2" or "Markdown" (case-insensitive).
func ParseText(raw, mode string) (string, []models.MessageEntity, error) {
	f, err := parseFormatted(raw, mode, "")
	return f.text, f.entities, err
}

// parseFormatted parses raw by mode, or takes explicit entities (JSON) when mode is empty.
func parseFormatted(raw, mode, entitiesJSON string) (formatted, error) {
	if !utf8.ValidString(raw) {
		return formatted{}, errors.New("text must be encoded in UTF-8")
	}
	var (
		text string
		ents []models.MessageEntity
		err  error
	)
	switch strings.ToLower(mode) {
	case "":
		text = raw
		if entitiesJSON != "" {
			if json.Unmarshal([]byte(entitiesJSON), &ents) != nil {
				return formatted{}, errors.New("can't parse entities JSON object")
			}
		}
	case "html":
		text, ents, err = parseHTML(raw)
	case "markdownv2":
		text, ents, err = parseMarkdownV2(raw)
	case "markdown":
		text, ents, err = parseMarkdown(raw)
	default:
		return formatted{}, errors.New("unsupported parse_mode")
	}
	if err != nil {
		return formatted{}, errors.New("can't parse entities: " + err.Error())
	}
	return detectURLs(trimFormatted(text, ents)), nil
}

// trimFormatted drops leading and trailing whitespace as Telegram does, moving entities along
// and dropping those left empty.
func trimFormatted(text string, ents []models.MessageEntity) formatted {
	trimmed := strings.TrimLeftFunc(text, unicode.IsSpace)
	shift := UTF16Len(text[:len(text)-len(trimmed)])
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	end := UTF16Len(trimmed)
	var out []models.MessageEntity
	for _, e := range ents {
		from, to := max(e.Offset-shift, 0), min(e.Offset+e.Length-shift, end)
		if to > from {
			e.Offset, e.Length = from, to-from
			out = append(out, e)
		}
	}
	sortEntities(out)
	return formatted{text: trimmed, entities: out}
}

// sortEntities orders entities by offset, outer before inner.
func sortEntities(ents []models.MessageEntity) {
	sort.SliceStable(ents, func(i, j int) bool {
		if ents[i].Offset != ents[j].Offset {
			return ents[i].Offset < ents[j].Offset
		}
		return ents[i].Length > ents[j].Length
	})
}

// checkLength enforces Telegram's empty and too-long rules on parsed text.
func checkLength(f formatted, caption bool) *apiError {
	n := UTF16Len(f.text)
	switch {
	case caption && n > maxCaptionLen:
		return badRequest("message caption is too long")
	case caption:
		return nil
	case n == 0:
		return badRequest("message text is empty")
	case n > maxTextLen:
		return badRequest("message is too long")
	}
	return nil
}

// commandEntity marks a leading /command or /command@bot the way Telegram clients do.
func commandEntity(text string) []models.MessageEntity {
	if !strings.HasPrefix(text, "/") {
		return nil
	}
	end := 1
	for end < len(text) && isCommandChar(text[end]) {
		end++
	}
	if end == 1 || end > 33 {
		return nil
	}
	if end < len(text) && text[end] == '@' {
		at := end + 1
		for at < len(text) && isCommandChar(text[at]) {
			at++
		}
		if at > end+1 {
			end = at
		}
	}
	return []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: UTF16Len(text[:end])}}
}

func isCommandChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
