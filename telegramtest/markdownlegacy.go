package telegramtest

import (
	"fmt"

	"github.com/go-telegram/bot/models"
)

// parseMarkdown reads legacy Markdown as Telegram does: *bold*, _italic_, `code`, ```pre```,
// [text](url); '\' escapes only _ * ` [; nothing nests; an unclosed mark is an error.
func parseMarkdown(in string) (string, []models.MessageEntity, error) {
	var (
		out  []byte
		ents []models.MessageEntity
		off  int
	)
	at := func(i int) byte {
		if i < len(in) {
			return in[i]
		}
		return 0
	}
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c == '\\' && (at(i+1) == '_' || at(i+1) == '*' || at(i+1) == '`' || at(i+1) == '[') {
			i++
			out = append(out, in[i])
			off++
			continue
		}
		if c != '_' && c != '*' && c != '`' && c != '[' {
			out = append(out, c)
			off += utf16Step(c)
			continue
		}
		begin, end := i, c
		if c == '[' {
			end = ']'
		}
		i++
		pre, lang := false, ""
		if c == '`' && at(i) == '`' && at(i+1) == '`' {
			pre, i = true, i+2
			j := i
			for j < len(in) && !isSpace(in[j]) && in[j] != '`' {
				j++
			}
			if j != i && j < len(in) && in[j] != '`' {
				lang, i = in[i:j], j
			}
			if c := at(i); c == '\n' || c == '\r' {
				if n := at(i + 1); (n == '\n' || n == '\r') && n != c {
					i++
				}
				i++
			}
		}
		start, outPos := off, len(out)
		for i < len(in) && (in[i] != end || pre && !(at(i+1) == '`' && at(i+2) == '`')) {
			out = append(out, in[i])
			off += utf16Step(in[i])
			i++
		}
		if i >= len(in) {
			return "", nil, fmt.Errorf("Can't find end of the entity starting at byte offset %d", begin)
		}
		e := models.MessageEntity{Offset: start, Length: off - start}
		switch {
		case c == '_':
			e.Type = models.MessageEntityTypeItalic
		case c == '*':
			e.Type = models.MessageEntityTypeBold
		case c == '[':
			url := string(out[outPos:])
			if at(i+1) == '(' {
				i += 2
				j := i
				for i < len(in) && in[i] != ')' {
					i++
				}
				url = in[j:min(i, len(in))]
			}
			e = linkEntity(e, url)
		case pre:
			e.Type, e.Language = models.MessageEntityTypePre, lang
		default:
			e.Type = models.MessageEntityTypeCode
		}
		if e.Length > 0 && e.Type != "" {
			ents = append(ents, e)
		}
		if pre {
			i += 2
		}
	}
	sortEntities(ents)
	return string(out), ents, nil
}
