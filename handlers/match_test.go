package handlers

import (
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestParseCommand(t *testing.T) {
	cases := []struct {
		text string
		ok   bool
		name string
		args string
	}{
		{"/start", true, "start", ""},
		{"/lang en", true, "lang", "en"},
		{"/LANG  en ", true, "lang", "en"},
		{"/start@linli_test_bot", true, "start", ""},
		{"/start@Linli_Test_Bot v_abc", true, "start", "v_abc"},
		{"/start@other_bot", false, "", ""},
		{"/order\n大米 5kg", true, "order", "大米 5kg"},
		{"hello /start", false, "", ""},
		{"/", false, "", ""},
		{"/命令", false, "", ""},
		{"/a<b>", false, "", ""},
	}
	for _, c := range cases {
		got, ok := parseCommand(&models.Message{Text: c.text}, "linli_test_bot")
		if ok != c.ok || got.Name != c.name || got.Args != c.args {
			t.Errorf("parseCommand(%q) = %+v, %v; want %q %q %v", c.text, got, ok, c.name, c.args, c.ok)
		}
	}
	if _, ok := parseCommand(nil, "x"); ok {
		t.Error("nil message parsed as a command")
	}
}
