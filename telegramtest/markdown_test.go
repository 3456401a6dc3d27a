package telegramtest

import (
	"reflect"
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestParseMarkdownV2_AcceptsEscapedTextAndEntities(t *testing.T) {
	tests := []struct {
		name, in, text string
		ents           []ent
	}{
		{"escaped reserved characters", `Version 1\.0 \- done\! \(a\) \#1 \+ \= \| \{ \} \> \~ \[ \] \_ \* \` + "`", "Version 1.0 - done! (a) #1 + = | { } > ~ [ ] _ * `", nil},
		{"all simple entities", "*b* _i_ __u__ ~s~ ||p|| `c`", "b i u s p c", []ent{
			{Type: models.MessageEntityTypeBold, Offset: 0, Length: 1}, {Type: models.MessageEntityTypeItalic, Offset: 2, Length: 1},
			{Type: models.MessageEntityTypeUnderline, Offset: 4, Length: 1}, {Type: models.MessageEntityTypeStrikethrough, Offset: 6, Length: 1},
			{Type: models.MessageEntityTypeSpoiler, Offset: 8, Length: 1}, {Type: models.MessageEntityTypeCode, Offset: 10, Length: 1}}},
		{"nested", "*a _b_ c*", "a b c", []ent{{Type: models.MessageEntityTypeBold, Offset: 0, Length: 5}, {Type: models.MessageEntityTypeItalic, Offset: 2, Length: 1}}},
		{"link", "[site](https://example.com/a\\)b)", "site", []ent{{Type: models.MessageEntityTypeTextLink, Offset: 0, Length: 4, URL: "https://example.com/a)b"}}},
		{"reserved characters inside code", "`a.b-c!`", "a.b-c!", []ent{{Type: models.MessageEntityTypeCode, Offset: 0, Length: 6}}},
		{"pre with language", "```go\nx := 1\n```", "x := 1", []ent{{Type: models.MessageEntityTypePre, Offset: 0, Length: 6, Language: "go"}}},
		{"block quote", ">first\n>second\nafter", "first\nsecond\nafter", []ent{{Type: models.MessageEntityTypeBlockquote, Offset: 0, Length: 12}}},
		{"expandable quote", "**>hidden\n>more||", "hidden\nmore", []ent{{Type: models.MessageEntityTypeExpandableBlockquote, Offset: 0, Length: 11}}},
		{"offsets in UTF-16 after emoji", "👍 *ok*", "👍 ok", []ent{{Type: models.MessageEntityTypeBold, Offset: 3, Length: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, ents, err := ParseText(tt.in, "MarkdownV2")
			if err != nil {
				t.Fatal(err)
			}
			if text != tt.text || !reflect.DeepEqual(ents, tt.ents) {
				t.Errorf("got %q %+v, want %q %+v", text, ents, tt.text, tt.ents)
			}
		})
	}
}

func TestParseMarkdownV2_RejectsUnescapedAndUnbalanced(t *testing.T) {
	tests := []struct{ name, in, err string }{
		{"dot", "Version 1.0", `Character '.' is reserved and must be escaped with the preceding '\'`},
		{"dash", "a-b", `Character '-' is reserved and must be escaped with the preceding '\'`},
		{"parenthesis", "call (me)", `Character '(' is reserved and must be escaped with the preceding '\'`},
		{"single pipe", "a|b", `Character '|' is reserved and must be escaped with the preceding '\'`},
		{"exclamation", "hi!", `Character '!' is reserved and must be escaped with the preceding '\'`},
		{"reserved inside bold", "*1.5*", `Character '.' is reserved and must be escaped with the preceding '\'`},
		{"unclosed bold", "*bold", "Can't find end of Bold entity at byte offset 0"},
		{"unclosed italic", "a _b", "Can't find end of Italic entity at byte offset 2"},
		{"unclosed underline", "__u", "Can't find end of Underline entity at byte offset 0"},
		{"unclosed strike", "~s", "Can't find end of Strikethrough entity at byte offset 0"},
		{"unclosed spoiler", "||s", "Can't find end of Spoiler entity at byte offset 0"},
		{"unclosed code", "`c", "Can't find end of Code entity at byte offset 0"},
		{"unclosed pre", "```\nx", "Can't find end of Pre entity at byte offset 0"},
		{"unclosed link text", "[a", "Can't find end of TextUrl entity at byte offset 0"},
		{"unclosed link url", "[a](https://x.com", "Can't find end of a URL at byte offset 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseText(tt.in, "MarkdownV2")
			if want := "can't parse entities: " + tt.err; err == nil || err.Error() != want {
				t.Errorf("got %v, want %q", err, want)
			}
		})
	}
}

func TestParseMarkdown_LegacyIsLooseButNeedsClosedMarks(t *testing.T) {
	text, ents, err := ParseText("*b* _i_ 1.5 - ok! [x](https://example.com)", "Markdown")
	if err != nil || text != "b i 1.5 - ok! x" || len(ents) != 3 {
		t.Fatalf("got %q %+v %v", text, ents, err)
	}
	_, _, err = ParseText("snake_case", "Markdown")
	if want := "can't parse entities: Can't find end of the entity starting at byte offset 5"; err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
}
