package telegramtest

import (
	"encoding/json"
	"strconv"

	"github.com/go-telegram/bot/models"
)

// BotCommand is one command in the bot's menu.
type BotCommand = models.BotCommand

// CommandScope names one list of commands: a BotCommandScope type ("default",
// "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
// "chat_administrators", "chat_member") with its chat and user, and a language code ("" for all).
type CommandScope struct {
	Type         string
	ChatID       int64
	UserID       int64
	LanguageCode string
}

// Commands returns what setMyCommands registered, per scope and language.
func (s *Server) Commands() map[CommandScope][]BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[CommandScope][]BotCommand, len(s.commands))
	for k, v := range s.commands {
		out[k] = append([]BotCommand(nil), v...)
	}
	return out
}

// setMyCommands validates and stores a command list.
func (s *Server) setMyCommands(c *call) (any, *apiError) {
	var cmds []BotCommand
	if json.Unmarshal([]byte(c.p.get("commands")), &cmds) != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, cmd := range cmds {
		if e := checkCommand(cmd); e != nil {
			return nil, e
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key, e := s.commandScope(c.p)
	if e != nil {
		return nil, e
	}
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	return true, nil
}

// checkCommand enforces 1–32 characters of a-z, 0-9 and _, and a 1–256 character description.
func checkCommand(cmd BotCommand) *apiError {
	if len(cmd.Command) == 0 || len(cmd.Command) > 32 {
		return badRequest("BOT_COMMAND_INVALID")
	}
	for i := 0; i < len(cmd.Command); i++ {
		if ch := cmd.Command[i]; !(ch == '_' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9') {
			return badRequest("BOT_COMMAND_INVALID")
		}
	}
	if n := UTF16Len(cmd.Description); n == 0 {
		return badRequest("command description must be non-empty")
	} else if n > 256 {
		return badRequest("command description is too long")
	}
	return nil
}

// getMyCommands returns the list for exactly this scope and language (no fallback).
func (s *Server) getMyCommands(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, e := s.commandScope(c.p)
	if e != nil {
		return nil, e
	}
	return append([]BotCommand{}, s.commands[key]...), nil
}

// deleteMyCommands removes the list for this scope and language.
func (s *Server) deleteMyCommands(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, e := s.commandScope(c.p)
	if e != nil {
		return nil, e
	}
	delete(s.commands, key)
	return true, nil
}

// commandScope reads scope (JSON) and language_code; s.mu is held.
func (s *Server) commandScope(p *params) (CommandScope, *apiError) {
	lang := p.get("language_code")
	if lang != "" && (len(lang) != 2 || !isLower(lang[0]) || !isLower(lang[1])) {
		return CommandScope{}, badRequest("invalid language code specified")
	}
	key := CommandScope{Type: "default", LanguageCode: lang}
	raw := p.get("scope")
	if raw == "" {
		return key, nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID int64           `json:"user_id"`
	}
	if json.Unmarshal([]byte(raw), &sc) != nil {
		return key, badRequest("can't parse BotCommandScope JSON object")
	}
	key.Type = sc.Type
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return key, nil
	case "chat", "chat_administrators", "chat_member":
	default:
		return key, badRequest("unsupported bot command scope type")
	}
	var idText string
	if json.Unmarshal(sc.ChatID, &idText) != nil {
		idText = string(sc.ChatID)
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if _, ok := s.chats[id]; err != nil || !ok {
		return key, badRequest("chat not found")
	}
	key.ChatID = id
	if sc.Type == "chat_member" {
		if _, ok := s.users[sc.UserID]; !ok {
			return key, badRequest("user not found")
		}
		key.UserID = sc.UserID
	}
	return key, nil
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
