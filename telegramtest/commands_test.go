package telegramtest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestSetMyCommands_StoresPerScopeAndLanguage(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 9})
	b := newBot(t, s)
	ctx := context.Background()
	zh := []models.BotCommand{{Command: "order", Description: "下单"}, {Command: "my_orders", Description: "我的订单"}}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: zh, Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "zh"}); err != nil {
		t.Fatal(err)
	}
	admin := []models.BotCommand{{Command: "broadcast", Description: "Send a notice"}}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: admin, Scope: &models.BotCommandScopeChat{ChatID: 9}}); err != nil {
		t.Fatal(err)
	}
	got := s.Commands()
	if len(got[CommandScope{Type: "all_private_chats", LanguageCode: "zh"}]) != 2 || got[CommandScope{Type: "chat", ChatID: 9}][0].Command != "broadcast" {
		t.Fatalf("commands %+v", got)
	}
	list, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "zh"})
	if err != nil || len(list) != 2 {
		t.Fatalf("getMyCommands %+v %v", list, err)
	}
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: 9}}); err != nil {
		t.Fatal(err)
	}
	if len(s.Commands()) != 1 {
		t.Fatalf("after delete %+v", s.Commands())
	}
}

func TestSetMyCommands_RejectsInvalidCommands(t *testing.T) {
	s := newServer(t, Options{})
	tests := []struct {
		cmd, desc, lang, scope, err string
	}{
		{"Order", "x", "", "", "Bad Request: BOT_COMMAND_INVALID"},
		{"/order", "x", "", "", "Bad Request: BOT_COMMAND_INVALID"},
		{strings.Repeat("a", 33), "x", "", "", "Bad Request: BOT_COMMAND_INVALID"},
		{"order", "", "", "", "Bad Request: command description must be non-empty"},
		{"order", strings.Repeat("d", 257), "", "", "Bad Request: command description is too long"},
		{"order", "x", "zho", "", "Bad Request: invalid language code specified"},
		{"order", "x", "", `{"type":"chat","chat_id":404}`, "Bad Request: chat not found"},
		{"order", "x", "", `{"type":"everyone"}`, "Bad Request: unsupported bot command scope type"},
	}
	for _, tt := range tests {
		params := map[string]any{"commands": []map[string]string{{"command": tt.cmd, "description": tt.desc}}, "language_code": tt.lang}
		if tt.scope != "" {
			params["scope"] = tt.scope
		}
		wantError(t, callJSON(t, s, "setMyCommands", params), 400, tt.err)
	}
}

func TestSetMyCommands_AtMostAHundredAndDescriptionsUpTo256(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 9})
	list := func(n int, desc string) []map[string]string {
		var out []map[string]string
		for i := range n {
			out = append(out, map[string]string{"command": fmt.Sprintf("c%d", i), "description": desc})
		}
		return out
	}
	chat := `{"type":"chat","chat_id":9}`
	wantError(t, callJSON(t, s, "setMyCommands", map[string]any{"commands": list(101, "x"), "scope": chat}), 400,
		"Bad Request: too many commands specified")
	if env := callJSON(t, s, "setMyCommands", map[string]any{"commands": list(100, strings.Repeat("描", 256)), "scope": chat}); !env.OK {
		t.Fatalf("100 commands of 256 characters refused: %+v", env)
	}
	if got := s.Commands()[CommandScope{Type: "chat", ChatID: 9}]; len(got) != 100 {
		t.Fatalf("stored %d commands", len(got))
	}
	if env := callJSON(t, s, "deleteMyCommands", map[string]any{"scope": chat}); !env.OK || len(s.Commands()) != 0 {
		t.Fatalf("deleteMyCommands of the chat scope: %+v, left %v", env, s.Commands())
	}
	wantError(t, callJSON(t, s, "deleteMyCommands", map[string]any{"scope": `{"type":"chat","chat_id":404}`}), 400,
		"Bad Request: chat not found")
}
