package telegramtest

import (
	"reflect"
	"testing"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

type ent = models.MessageEntity

func TestParseHTML_AcceptsTelegramTagsAndEntities(t *testing.T) {
	bold, italic := models.MessageEntityTypeBold, models.MessageEntityTypeItalic
	tests := []struct {
		name, in, text string
		ents           []ent
	}{
		{"bold", "<b>bold</b> text", "bold text", []ent{{Type: bold, Offset: 0, Length: 4}}},
		{"nested", "<b>a<i>b</i></b>", "ab", []ent{{Type: bold, Offset: 0, Length: 2}, {Type: italic, Offset: 1, Length: 1}}},
		{"synonyms and case", "<STRONG>x</STRONG><em>y</em>", "xy", []ent{{Type: bold, Offset: 0, Length: 1}, {Type: italic, Offset: 1, Length: 1}}},
		{"named and numeric entities", "&lt;tag&gt; &amp; &quot;q&quot; &#65;&#x42;", `<tag> & "q" AB`, nil},
		{"bare greater-than", "a > b", "a > b", nil},
		{"link with raw ampersand in href", `<a href="https://example.com/?a=1&b=2">x</a>`, "x",
			[]ent{{Type: models.MessageEntityTypeTextLink, Offset: 0, Length: 1, URL: "https://example.com/?a=1&b=2"}}},
		{"pre with language", `<pre><code class="language-go">x := 1</code></pre>`, "x := 1",
			[]ent{{Type: models.MessageEntityTypePre, Offset: 0, Length: 6, Language: "go"}}},
		{"code keeps no language", `<code class="language-go">x</code>`, "x", []ent{{Type: models.MessageEntityTypeCode, Offset: 0, Length: 1}}},
		{"spoilers", `<span class="tg-spoiler">a</span><tg-spoiler>b</tg-spoiler>`, "ab",
			[]ent{{Type: models.MessageEntityTypeSpoiler, Offset: 0, Length: 1}, {Type: models.MessageEntityTypeSpoiler, Offset: 1, Length: 1}}},
		{"expandable quote", "<blockquote expandable>q</blockquote>", "q", []ent{{Type: models.MessageEntityTypeExpandableBlockquote, Offset: 0, Length: 1}}},
		{"offsets in UTF-16 after emoji", "😀<u>x</u>", "😀x", []ent{{Type: models.MessageEntityTypeUnderline, Offset: 2, Length: 1}}},
		{"Chinese", "<b>订单</b>已送达", "订单已送达", []ent{{Type: bold, Offset: 0, Length: 2}}},
		{"empty tag makes no entity", "<b></b>x", "x", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, ents, err := ParseText(tt.in, "HTML")
			if err != nil {
				t.Fatal(err)
			}
			if text != tt.text || !reflect.DeepEqual(ents, tt.ents) {
				t.Errorf("got %q %+v, want %q %+v", text, ents, tt.text, tt.ents)
			}
		})
	}
}

func TestParseHTML_RejectsWhatTelegramRejects(t *testing.T) {
	tests := []struct{ name, in, err string }{
		{"bare ampersand", "fish & chips", "Can't find end of the entity starting at byte offset 5"},
		{"unknown named entity", "&nbsp;x", "Can't find end of the entity starting at byte offset 0"},
		{"entity without semicolon", "&amp x", "Can't find end of the entity starting at byte offset 0"},
		{"bare less-than", "1 < 2", `Unsupported start tag "" at byte offset 2`},
		{"unknown tag", "<foo>x</foo>", `Unsupported start tag "foo" at byte offset 0`},
		{"br is not a tag", "a<br>b", `Unsupported start tag "br" at byte offset 1`},
		{"unclosed tag", "<b>x", `Can't find end tag corresponding to start tag "b"`},
		{"crossed tags", "<b><i>x</b></i>", `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{"end without start", "x</b>", "Unexpected end tag at byte offset 1"},
		{"start tag never ends", "<b", "Unclosed start tag at byte offset 0"},
		{"span without spoiler class", "<span>x</span>", `Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{"attribute without value", "<a href>x</a>", `Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseText(tt.in, "HTML")
			if want := "can't parse entities: " + tt.err; err == nil || err.Error() != want {
				t.Errorf("got %v, want %q", err, want)
			}
		})
	}
}

func TestParseText_TrimsWhitespaceAndShiftsEntities(t *testing.T) {
	text, ents, err := ParseText("  <b>x</b> \n", "HTML")
	if err != nil || text != "x" || len(ents) != 1 || ents[0].Offset != 0 || ents[0].Length != 1 {
		t.Fatalf("got %q %+v %v", text, ents, err)
	}
}

func TestParseText_UnknownParseModeIsRejected(t *testing.T) {
	if _, _, err := ParseText("x", "markdown3"); err == nil || err.Error() != "unsupported parse_mode" {
		t.Fatalf("got %v", err)
	}
}

func TestParseText_LinksInTextGetURLEntities(t *testing.T) {
	text, ents, err := ParseText("登录：http://127.0.0.1:8080/login?t=abc_-1. <a href=\"https://x.org\">https://x.org</a> <code>https://c.org</code>", "HTML")
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, e := range ents {
		if e.Type == models.MessageEntityTypeURL {
			u := utf16.Encode([]rune(text))
			urls = append(urls, string(utf16.Decode(u[e.Offset:e.Offset+e.Length])))
		}
	}
	if len(urls) != 1 || urls[0] != "http://127.0.0.1:8080/login?t=abc_-1" {
		t.Fatalf("url entities %q in %q (%+v)", urls, text, ents)
	}
}
