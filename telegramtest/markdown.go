package telegramtest

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"
)

// mdReserved are MarkdownV2's characters that must be escaped with '\' outside entities.
const mdReserved = "_*[]()~`>#+-=|{}.!"

// mdOpen is an entity whose closing mark has not come yet; kind is tdlib's name for it, as
// Telegram's errors spell it ("Can't find end of Bold entity ...").
type mdOpen struct {
	kind, arg string
	offset    int // UTF-16 offset in the output
	bytePos   int // where its mark starts in the input
	outPos    int // byte offset in the output
}

// mdQuote is a block quote being read line by line.
type mdQuote struct {
	offset     int
	expandable bool
}

// mdParser follows Telegram's MarkdownV2 parser, with spoilers, block quotes and custom emoji.
type mdParser struct {
	in    string
	i     int
	out   []byte
	off   int
	stack []mdOpen
	quote *mdQuote
	ents  []models.MessageEntity
}

// parseMarkdownV2 returns the plain text and entities of MarkdownV2, or Telegram's parse error.
func parseMarkdownV2(in string) (string, []models.MessageEntity, error) {
	p := &mdParser{in: in}
	for p.i < len(in) {
		if err := p.step(); err != nil {
			return "", nil, err
		}
	}
	if n := len(p.stack); n > 0 {
		return "", nil, fmt.Errorf("Can't find end of %s entity at byte offset %d", p.stack[n-1].kind, p.stack[n-1].bytePos)
	}
	p.endQuote(p.off)
	sortEntities(p.ents)
	return string(p.out), p.ents, nil
}

func (p *mdParser) at(i int) byte {
	if i < len(p.in) {
		return p.in[i]
	}
	return 0
}

func (p *mdParser) top() string {
	if len(p.stack) == 0 {
		return ""
	}
	return p.stack[len(p.stack)-1].kind
}

func (p *mdParser) inCode() bool {
	t := p.top()
	return t == "Code" || t == "Pre" || t == "PreCode"
}

// step consumes one character, escape, mark or quote prefix.
func (p *mdParser) step() error {
	if (p.i == 0 || p.in[p.i-1] == '\n') && !p.inCode() && p.quoteLine() {
		return nil
	}
	c := p.in[p.i]
	if c == '\\' && p.at(p.i+1) > 0 && p.at(p.i+1) <= 126 {
		p.out = append(p.out, p.in[p.i+1])
		p.off++
		p.i += 2
		return nil
	}
	reserved := mdReserved
	if p.inCode() {
		reserved = "`"
	}
	if strings.IndexByte(reserved, c) < 0 {
		p.out = append(p.out, c)
		p.off += utf16Step(c)
		p.i++
		return nil
	}
	if p.quote != nil && p.quote.expandable && p.top() != "Spoiler" && strings.HasPrefix(p.in[p.i:], "||") &&
		(p.i+2 == len(p.in) || p.in[p.i+2] == '\n') {
		p.endQuote(p.off)
		p.i += 2
		return nil
	}
	if p.closes(c) {
		return p.close()
	}
	return p.open(c)
}

// quoteLine handles a line start: '>' or '**>' starts or continues a quote, anything else ends one.
func (p *mdParser) quoteLine() bool {
	switch {
	case p.in[p.i] == '>':
		if p.quote == nil {
			p.quote = &mdQuote{offset: p.off}
		}
		p.i++
		return true
	case strings.HasPrefix(p.in[p.i:], "**>"):
		if p.quote == nil {
			p.quote = &mdQuote{offset: p.off}
		}
		p.quote.expandable = true
		p.i += 3
		return true
	}
	p.endQuote(p.off - 1) // the quote ends before the line break
	return false
}

func (p *mdParser) endQuote(end int) {
	if p.quote == nil {
		return
	}
	if end > p.quote.offset {
		t := models.MessageEntityTypeBlockquote
		if p.quote.expandable {
			t = models.MessageEntityTypeExpandableBlockquote
		}
		p.ents = append(p.ents, models.MessageEntity{Type: t, Offset: p.quote.offset, Length: end - p.quote.offset})
	}
	p.quote = nil
}

// closes reports whether c closes the innermost open entity.
func (p *mdParser) closes(c byte) bool {
	next := p.at(p.i + 1)
	switch p.top() {
	case "Bold":
		return c == '*'
	case "Italic":
		return c == '_' && next != '_'
	case "Underline":
		return c == '_' && next == '_'
	case "Strikethrough":
		return c == '~'
	case "Spoiler":
		return c == '|' && next == '|'
	case "Code":
		return c == '`'
	case "Pre", "PreCode":
		return strings.HasPrefix(p.in[p.i:], "```")
	case "TextUrl", "CustomEmoji":
		return c == ']'
	}
	return false
}
