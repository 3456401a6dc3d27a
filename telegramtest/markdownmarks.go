package telegramtest

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"
)

// mdKinds maps tdlib's entity names to Bot API entity types.
var mdKinds = map[string]models.MessageEntityType{
	"Bold": models.MessageEntityTypeBold, "Italic": models.MessageEntityTypeItalic,
	"Underline": models.MessageEntityTypeUnderline, "Strikethrough": models.MessageEntityTypeStrikethrough,
	"Spoiler": models.MessageEntityTypeSpoiler, "Code": models.MessageEntityTypeCode,
	"Pre": models.MessageEntityTypePre, "PreCode": models.MessageEntityTypePre,
	"TextUrl": models.MessageEntityTypeTextLink, "CustomEmoji": models.MessageEntityTypeCustomEmoji,
}

// open starts the entity whose mark is c, or reports c as an unescaped reserved character.
func (p *mdParser) open(c byte) error {
	o := mdOpen{offset: p.off, bytePos: p.i}
	next := p.at(p.i + 1)
	switch {
	case c == '_' && next == '_':
		o.kind, p.i = "Underline", p.i+2
	case c == '_':
		o.kind, p.i = "Italic", p.i+1
	case c == '*':
		o.kind, p.i = "Bold", p.i+1
	case c == '~':
		o.kind, p.i = "Strikethrough", p.i+1
	case c == '|' && next == '|':
		o.kind, p.i = "Spoiler", p.i+2
	case c == '[':
		o.kind, p.i = "TextUrl", p.i+1
	case c == '!' && next == '[':
		o.kind, p.i = "CustomEmoji", p.i+2
	case c == '`' && next == '`' && p.at(p.i+2) == '`':
		o.kind, o.arg = p.openPre()
	case c == '`':
		o.kind, p.i = "Code", p.i+1
	default:
		return fmt.Errorf("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
	}
	o.outPos = len(p.out)
	p.stack = append(p.stack, o)
	return nil
}

// openPre reads ```language and the one line break after it.
func (p *mdParser) openPre() (string, string) {
	p.i += 3
	end := p.i
	for end < len(p.in) && !isSpace(p.in[end]) && p.in[end] != '`' {
		end++
	}
	kind, lang := "Pre", ""
	if end != p.i && end < len(p.in) && p.in[end] != '`' {
		kind, lang, p.i = "PreCode", p.in[p.i:end], end
	}
	if c := p.at(p.i); c == '\n' || c == '\r' {
		if n := p.at(p.i + 1); (n == '\n' || n == '\r') && n != c {
			p.i++
		}
		p.i++
	}
	return kind, lang
}

// close ends the innermost entity at its closing mark.
func (p *mdParser) close() error {
	o := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	e := models.MessageEntity{Type: mdKinds[o.kind], Offset: o.offset, Length: p.off - o.offset, Language: o.arg}
	switch o.kind {
	case "Underline", "Spoiler":
		p.i += 2
	case "Pre", "PreCode":
		p.i += 3
	case "TextUrl", "CustomEmoji":
		p.i++
		url, err := p.linkTarget(string(p.out[o.outPos:]))
		if err != nil {
			return err
		}
		if o.kind == "TextUrl" {
			e = linkEntity(e, url)
		} else if id, ok := strings.CutPrefix(url, "tg://emoji?id="); ok && id != "" {
			e.CustomEmojiID = id
		} else {
			e.Type = ""
		}
	default:
		p.i++
	}
	if e.Length > 0 && e.Type != "" {
		p.ents = append(p.ents, e)
	}
	return nil
}

// linkTarget reads "(url)" after a link's ']'; without it the link text is the URL.
func (p *mdParser) linkTarget(text string) (string, error) {
	if p.at(p.i) != '(' {
		return text, nil
	}
	p.i++
	begin := p.i
	var url []byte
	for p.i < len(p.in) && p.in[p.i] != ')' {
		if p.in[p.i] == '\\' && p.at(p.i+1) > 0 && p.at(p.i+1) <= 126 {
			url = append(url, p.in[p.i+1])
			p.i += 2
			continue
		}
		url = append(url, p.in[p.i])
		p.i++
	}
	if p.i >= len(p.in) {
		return "", fmt.Errorf("Can't find end of a URL at byte offset %d", begin)
	}
	p.i++
	return string(url), nil
}
