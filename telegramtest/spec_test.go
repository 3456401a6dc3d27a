package telegramtest

import (
	"strings"
	"testing"
)

// TestSpecCheck_RefusesWhatTheBotAPIDoesNot is the table of requests the published Bot API does
// not allow, each answered as Telegram answers it, at the top level and inside nested objects.
func TestSpecCheck_RefusesWhatTheBotAPIDoesNot(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	button := func(b string) string { return `{"inline_keyboard":[[` + b + `]]}` }
	tests := []struct {
		name, method string
		params       map[string]any
		code         int
		err          string
	}{
		{"unknown method", "sendTelepathy", map[string]any{"chat_id": 1}, 404, "Not Found"},
		{"unknown parameter", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "colour": "red"}, 400,
			`Bad Request: unknown parameter "colour": sendMessage has no such field in Bot API 10.1`},
		{"misspelt parameter", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "parse_mod": "HTML"}, 400,
			`Bad Request: unknown parameter "parse_mod": sendMessage has no such field in Bot API 10.1`},
		{"missing required", "sendMessage", map[string]any{"text": "x"}, 400, "Bad Request: chat_id is empty"},
		{"missing required text", "sendMessage", map[string]any{"chat_id": 1}, 400, "Bad Request: message text is empty"},
		{"missing required id", "answerCallbackQuery", map[string]any{"text": "x"}, 400, "Bad Request: callback_query_id is empty"},
		{"wrong type: Integer", "editMessageText", map[string]any{"chat_id": 1, "message_id": "first", "text": "x"}, 400,
			`Bad Request: parameter "message_id" must be of type Integer`},
		{"wrong type: Boolean", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "disable_notification": "maybe"}, 400,
			`Bad Request: parameter "disable_notification" must be of type Boolean`},
		{"out of bounds: value", "getUpdates", map[string]any{"limit": 101}, 400, `Bad Request: parameter "limit" must be 1-100`},
		{"out of bounds: characters", "answerCallbackQuery", map[string]any{"callback_query_id": "1", "text": strings.Repeat("好", 201)}, 400,
			`Bad Request: parameter "text" must be 0-200 characters long`},
		{"not JSON", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "entities": "[{"}, 400, "Bad Request: can't parse entities JSON object"},
		{"nested unknown field", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_markup": button(`{"text":"a","callback_data":"x","copy_txt":{"text":"b"}}`)}, 400,
			`Bad Request: can't parse InlineKeyboardButton: unknown field "copy_txt"`},
		{"nested missing field", "sendMessage", map[string]any{"chat_id": 1, "text": "xy", "entities": []any{map[string]any{"type": "bold", "offset": 0}}}, 400,
			`Bad Request: can't parse MessageEntity: Can't find field "length"`},
		{"nested wrong type", "sendMessage", map[string]any{"chat_id": 1, "text": "xy", "entities": []any{map[string]any{"type": "bold", "offset": "0", "length": 1}}}, 400,
			`Bad Request: can't parse MessageEntity: Field "offset" must be of type Integer`},
		{"nested deeper wrong type", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_markup": button(`{"text":"a","login_url":{"url":5}}`)}, 400,
			`Bad Request: can't parse LoginUrl: Field "url" must be of type String`},
		{"nested empty copy_text", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_markup": button(`{"text":"a","callback_data":"x","copy_text":{"text":""}}`)}, 400,
			"Bad Request: BUTTON_COPY_TEXT_INVALID"},
		{"nested bytes", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_markup": button(`{"text":"a","callback_data":"` + strings.Repeat("领", 22) + `"}`)}, 400,
			"Bad Request: BUTTON_DATA_INVALID"},
		{"nested characters", "sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_markup": map[string]any{"keyboard": [][]string{{"a"}}, "input_field_placeholder": strings.Repeat("x", 65)}}, 400,
			`Bad Request: can't parse ReplyKeyboardMarkup: Field "input_field_placeholder" must be 1-64 characters long`},
		{"nested command too long", "setMyCommands", map[string]any{"commands": []any{map[string]any{"command": strings.Repeat("a", 33), "description": "x"}}}, 400,
			"Bad Request: BOT_COMMAND_INVALID"},
		{"nested command unknown field", "setMyCommands", map[string]any{"commands": []any{map[string]any{"command": "a", "description": "x", "hint": "y"}}}, 400,
			`Bad Request: can't parse BotCommand: unknown field "hint"`},
		{"subtype by its type field", "setMyCommands", map[string]any{"commands": []any{map[string]any{"command": "a", "description": "x"}}, "scope": map[string]any{"type": "chat"}}, 400,
			`Bad Request: can't parse BotCommandScopeChat: Can't find field "chat_id"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, callJSON(t, s, tt.method, tt.params), tt.code, tt.err)
		})
	}
	if got := len(s.SpecViolations()); got != len(tests)-1 { // the unknown method is no parameter problem
		t.Errorf("SpecViolations() has %d requests, want %d", got, len(tests)-1)
	}
}

// TestSpecCheck_AcceptsWhatTheBotAPIAllows: the same kinds of values, valid.
func TestSpecCheck_AcceptsWhatTheBotAPIAllows(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	for _, tt := range []struct {
		method string
		params map[string]any
	}{
		{"sendMessage", map[string]any{"chat_id": "1", "text": "xy", "disable_notification": "true",
			"entities":     []any{map[string]any{"type": "bold", "offset": 0, "length": 1}},
			"reply_markup": `{"inline_keyboard":[[{"text":"a","copy_text":{"text":"b"}}]]}`}},
		{"sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_markup": map[string]any{"keyboard": []any{[]any{"plain", map[string]any{"text": "b"}}}}}},
		{"setMyCommands", map[string]any{"commands": []any{map[string]any{"command": "a", "description": "x"}}, "scope": map[string]any{"type": "chat", "chat_id": 1}}},
		{"getUpdates", map[string]any{"limit": 100, "timeout": 0}},
	} {
		wantOK(t, callJSON(t, s, tt.method, tt.params))
	}
	if v := s.SpecViolations(); len(v) != 0 {
		t.Fatalf("violations %+v", v)
	}
}

// TestSpecCheck_EveryStandInMethodIsInTheSchema: the stand-in answers only methods of the
// published API, under their documented names.
func TestSpecCheck_EveryStandInMethodIsInTheSchema(t *testing.T) {
	for _, m := range methods {
		if name, ok := SpecMethod(m.name); !ok || name != m.name {
			t.Errorf("stand-in method %s is not in %s", m.name, APIVersion())
		}
	}
	if APIVersion() != "Bot API 10.1" || !strings.Contains(schema.Notice, "MIT License") {
		t.Errorf("schema version %q, notice %.40q", APIVersion(), schema.Notice)
	}
}
