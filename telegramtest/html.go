package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// htmlTags are the only tags Telegram's HTML parse mode accepts.
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true, "tg-emoji": true,
	"code": true, "pre": true, "blockquote": true,
}

// htmlOpen is a start tag waiting for its end tag.
type htmlOpen struct {
	tag, arg   string
	expandable bool
	offset     int // UTF-16 offset in the output
	outPos     int // byte offset in the output
}

// htmlParser follows Telegram's (tdlib's) HTML parser, stricter in one way the Bot API
// documentation asks for: in text, a '&' must start &lt; &gt; &amp; &quot; or a numeric
// reference ended by ';'.
type htmlParser struct {
	in    string
	i     int
	out   []byte
	off   int
	stack []htmlOpen
	ents  []models.MessageEntity
}

// parseHTML returns the plain text and entities of Telegram HTML, or Telegram's parse error.
func parseHTML(in string) (string, []models.MessageEntity, error) {
	p := &htmlParser{in: in}
	for p.i < len(in) {
		var err error
		switch in[p.i] {
		case '&':
			err = p.entity()
		case '<':
			if p.at(p.i+1) == '/' {
				err = p.endTag()
			} else {
				err = p.startTag()
			}
		default:
			p.off += utf16Step(in[p.i])
			p.out = append(p.out, in[p.i])
			p.i++
		}
		if err != nil {
			return "", nil, err
		}
	}
	if n := len(p.stack); n > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag %q", p.stack[n-1].tag)
	}
	for i := range p.ents {
		if p.ents[i].Type == models.MessageEntityTypeCode {
			p.ents[i].Language = "" // a language only counts on pre
		}
	}
	sortEntities(p.ents)
	return string(p.out), p.ents, nil
}

func (p *htmlParser) at(i int) byte {
	if i < len(p.in) {
		return p.in[i]
	}
	return 0
}

// entity decodes a character reference in text.
func (p *htmlParser) entity() error {
	r, next, ok := decodeHTMLEntity(p.in, p.i, true)
	if !ok {
		return fmt.Errorf("Can't find end of the entity starting at byte offset %d", p.i)
	}
	if r >= 0xD800 && r <= 0xDFFF {
		return fmt.Errorf("Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units")
	}
	p.out = utf8.AppendRune(p.out, r)
	p.off += UTF16Len(string(r))
	p.i = next
	return nil
}

// decodeHTMLEntity decodes the reference at in[i] ('&'). strict demands a known reference ended
// by ';' (text); otherwise a bare '&' is not an error and ok is false (attribute values, as tdlib).
func decodeHTMLEntity(in string, i int, strict bool) (rune, int, bool) {
	j := i + 1
	var r rune
	if j < len(in) && in[j] == '#' {
		j++
		base, digits := 10, "0123456789"
		if j < len(in) && (in[j] == 'x' || in[j] == 'X') {
			j++
			base, digits = 16, "0123456789abcdefABCDEF"
		}
		start := j
		for j < len(in) && strings.IndexByte(digits, in[j]) >= 0 && j-start < 8 {
			j++
		}
		n, err := strconv.ParseInt(in[start:j], base, 32)
		if err != nil || n <= 0 || n >= 0x10FFFF {
			return 0, 0, false
		}
		r = rune(n)
	} else {
		for j < len(in) && (in[j] >= 'a' && in[j] <= 'z' || in[j] >= 'A' && in[j] <= 'Z') {
			j++
		}
		var ok bool
		if r, ok = map[string]rune{"lt": '<', "gt": '>', "amp": '&', "quot": '"'}[in[i+1:j]]; !ok {
			return 0, 0, false
		}
	}
	if j < len(in) && in[j] == ';' {
		return r, j + 1, true
	}
	return r, j, !strict
}

// startTag reads <tag attr="value" ...> and opens an entity.
func (p *htmlParser) startTag() error {
	begin := p.i
	p.i++
	for p.i < len(p.in) && !isSpace(p.in[p.i]) && p.in[p.i] != '>' {
		p.i++
	}
	if p.i >= len(p.in) {
		return fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	tag := strings.ToLower(p.in[begin+1 : p.i])
	if !htmlTags[tag] {
		return fmt.Errorf("Unsupported start tag %q at byte offset %d", tag, begin)
	}
	o := htmlOpen{tag: tag, offset: p.off, outPos: len(p.out)}
	class := ""
	for p.at(p.i) != '>' {
		name, value, err := p.attribute(tag, begin)
		if err != nil {
			return err
		}
		switch {
		case name == "":
		case tag == "a" && name == "href", tag == "tg-emoji" && name == "emoji-id":
			o.arg = value
		case tag == "code" && name == "class":
			o.arg, _ = strings.CutPrefix(value, "language-")
			if !strings.HasPrefix(value, "language-") {
				o.arg = ""
			}
		case tag == "span" && name == "class":
			class = value
		case tag == "blockquote" && name == "expandable":
			o.expandable = true
		}
	}
	p.i++ // '>'
	if tag == "span" && class != "tg-spoiler" {
		return fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
	}
	if tag == "tg-emoji" && o.arg == "" {
		return fmt.Errorf("Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset %d", begin)
	}
	p.stack = append(p.stack, o)
	return nil
}
