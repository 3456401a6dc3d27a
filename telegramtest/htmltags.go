package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// attribute reads one name=value pair of a start tag; name is "" when the tag ends instead.
func (p *htmlParser) attribute(tag string, begin int) (string, string, error) {
	for p.i < len(p.in) && isSpace(p.in[p.i]) {
		p.i++
	}
	if p.i >= len(p.in) {
		return "", "", fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	if p.in[p.i] == '>' {
		return "", "", nil
	}
	start := p.i
	for p.i < len(p.in) && !isSpace(p.in[p.i]) && p.in[p.i] != '=' && p.in[p.i] != '>' {
		p.i++
	}
	name := strings.ToLower(p.in[start:p.i])
	if name == "" {
		return "", "", fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", tag, begin)
	}
	for p.i < len(p.in) && isSpace(p.in[p.i]) {
		p.i++
	}
	if p.at(p.i) != '=' {
		if tag == "blockquote" && name == "expandable" {
			return name, "", nil
		}
		return "", "", fmt.Errorf("Expected equal sign in declaration of an attribute of the tag %q at byte offset %d", tag, begin)
	}
	p.i++
	for p.i < len(p.in) && isSpace(p.in[p.i]) {
		p.i++
	}
	if p.i >= len(p.in) {
		return "", "", fmt.Errorf("Unclosed start tag %q at byte offset %d", tag, begin)
	}
	value, err := p.attributeValue()
	if err != nil {
		return "", "", err
	}
	if p.i >= len(p.in) {
		return "", "", fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	return name, value, nil
}

// attributeValue reads a quoted string (entities decoded) or a bare name token.
func (p *htmlParser) attributeValue() (string, error) {
	q := p.in[p.i]
	if q != '"' && q != '\'' {
		start := p.i
		for p.i < len(p.in) && (isAlnum(p.in[p.i]) || p.in[p.i] == '.' || p.in[p.i] == '-') {
			p.i++
		}
		if c := p.at(p.i); !isSpace(c) && c != '>' {
			return "", fmt.Errorf("Unexpected end of name token at byte offset %d", start)
		}
		return strings.ToLower(p.in[start:p.i]), nil
	}
	p.i++
	var v []byte
	for p.i < len(p.in) && p.in[p.i] != q {
		if p.in[p.i] == '&' {
			if r, next, ok := decodeHTMLEntity(p.in, p.i, false); ok {
				v = utf8.AppendRune(v, r)
				p.i = next
				continue
			}
		}
		v = append(v, p.in[p.i])
		p.i++
	}
	if p.i < len(p.in) {
		p.i++
	}
	return string(v), nil
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// endTag reads </tag> and closes the innermost open entity, which it must match.
func (p *htmlParser) endTag() error {
	begin := p.i
	if len(p.stack) == 0 {
		return fmt.Errorf("Unexpected end tag at byte offset %d", begin)
	}
	p.i += 2
	for p.i < len(p.in) && !isSpace(p.in[p.i]) && p.in[p.i] != '>' {
		p.i++
	}
	name := strings.ToLower(p.in[begin+2 : p.i])
	for p.i < len(p.in) && isSpace(p.in[p.i]) {
		p.i++
	}
	if p.at(p.i) != '>' {
		return fmt.Errorf("Unclosed end tag at byte offset %d", begin)
	}
	p.i++
	o := p.stack[len(p.stack)-1]
	if name != "" && name != o.tag {
		return fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, o.tag, name)
	}
	p.stack = p.stack[:len(p.stack)-1]
	if p.off > o.offset {
		p.emit(o)
	}
	return nil
}

// htmlEntityTypes maps simple tags to their entity types.
var htmlEntityTypes = map[string]models.MessageEntityType{
	"b": models.MessageEntityTypeBold, "strong": models.MessageEntityTypeBold,
	"i": models.MessageEntityTypeItalic, "em": models.MessageEntityTypeItalic,
	"u": models.MessageEntityTypeUnderline, "ins": models.MessageEntityTypeUnderline,
	"s": models.MessageEntityTypeStrikethrough, "strike": models.MessageEntityTypeStrikethrough,
	"del": models.MessageEntityTypeStrikethrough, "span": models.MessageEntityTypeSpoiler,
	"tg-spoiler": models.MessageEntityTypeSpoiler, "code": models.MessageEntityTypeCode,
}

// emit adds the entity for a closed tag.
func (p *htmlParser) emit(o htmlOpen) {
	e := models.MessageEntity{Offset: o.offset, Length: p.off - o.offset, Type: htmlEntityTypes[o.tag]}
	last := len(p.ents) - 1
	switch o.tag {
	case "a":
		url := o.arg
		if url == "" {
			url = string(p.out[o.outPos:])
		}
		e = linkEntity(e, url)
		if e.Type == "" {
			return
		}
	case "tg-emoji":
		e.Type, e.CustomEmojiID = models.MessageEntityTypeCustomEmoji, o.arg
	case "blockquote":
		e.Type = models.MessageEntityTypeBlockquote
		if o.expandable {
			e.Type = models.MessageEntityTypeExpandableBlockquote
		}
	case "pre":
		e.Type = models.MessageEntityTypePre
		// <pre><code class="language-x">…</code></pre> is one pre entity with a language.
		if last >= 0 && p.ents[last].Type == models.MessageEntityTypeCode && p.ents[last].Offset == e.Offset && p.ents[last].Length == e.Length {
			e.Language = p.ents[last].Language
			p.ents = p.ents[:last]
		}
	case "code":
		e.Language = o.arg // kept only if a pre closes around it (see parseHTML)
	}
	p.ents = append(p.ents, e)
}

// linkEntity makes a text_link, or a text_mention for tg://user?id=N; Type is "" when Telegram
// would drop the link.
func linkEntity(e models.MessageEntity, url string) models.MessageEntity {
	if id, ok := strings.CutPrefix(url, "tg://user?id="); ok {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			e.Type, e.User = models.MessageEntityTypeTextMention, &models.User{ID: n}
			return e
		}
	}
	if !validURL(url) {
		e.Type = ""
		return e
	}
	e.Type, e.URL = models.MessageEntityTypeTextLink, url
	return e
}

// validURL is a loose check_url: a URL with an allowed scheme, or a bare host with a dot.
func validURL(u string) bool {
	if u == "" || strings.ContainsAny(u, " \n\t") {
		return false
	}
	if scheme, rest, ok := strings.Cut(u, "://"); ok {
		switch strings.ToLower(scheme) {
		case "http", "https", "tg", "ton", "ftp":
			return rest != ""
		}
		return false
	}
	host, _, _ := strings.Cut(u, "/")
	return strings.Contains(host, ".")
}
