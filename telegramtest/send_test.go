package telegramtest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestSendMessage_LengthIsCountedInUTF16AfterParsing(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	tests := []struct {
		name, text, mode, err string
	}{
		{"4096 ASCII", strings.Repeat("a", 4096), "", ""},
		{"4097 ASCII", strings.Repeat("a", 4097), "", "Bad Request: message is too long"},
		{"2048 emoji are 4096 units", strings.Repeat("😀", 2048), "", ""},
		{"2049 emoji", strings.Repeat("😀", 2049), "", "Bad Request: message is too long"},
		{"4096 Chinese characters", strings.Repeat("菜", 4096), "", ""},
		{"tags do not count", "<b>" + strings.Repeat("a", 4096) + "</b>", "HTML", ""},
		{"entities count once decoded", strings.Repeat("&amp;", 4097), "HTML", "Bad Request: message is too long"},
		{"empty", "", "", "Bad Request: message text is empty"},
		{"whitespace only", " \n\t ", "", "Bad Request: message text is empty"},
		{"empty after parsing", "<b> </b>", "HTML", "Bad Request: message text is empty"},
		{"parse error", "a & b", "HTML", "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 2"},
		{"MarkdownV2 reserved", "1.5", "MarkdownV2", `Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": tt.text, "parse_mode": tt.mode})
			if tt.err == "" {
				wantOK(t, env)
			} else {
				wantError(t, env, 400, tt.err)
			}
		})
	}
}

func TestSendMessage_StoresPlainTextRawAndEntities(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 7, FirstName: "Mei"})
	b := newBot(t, s)
	msg, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 7, Text: "<b>Li</b> is on the way", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Fatal(err)
	}
	if msg.ID != 1 || msg.Text != "Li is on the way" || len(msg.Entities) != 1 || msg.Chat.ID != 7 || !msg.From.IsBot {
		t.Fatalf("result %+v", msg)
	}
	got := s.BotMessages(7)
	if len(got) != 1 || got[0].Text != "Li is on the way" || got[0].Raw != "<b>Li</b> is on the way" || got[0].ParseMode != "HTML" {
		t.Fatalf("stored %+v", got)
	}
}

func TestSendMessage_MessageIDsIncreasePerChatFromOne(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	s.AddUser(User{ID: 2})
	s.SendText(1, "hi")
	for _, want := range []struct {
		chat int64
		id   int
	}{{1, 2}, {1, 3}, {2, 1}} {
		env := callJSON(t, s, "sendMessage", map[string]any{"chat_id": want.chat, "text": "x"})
		wantOK(t, env)
		if !strings.Contains(string(env.Result), `"message_id":`+strconv.Itoa(want.id)+`,`) {
			t.Errorf("chat %d: got %s, want message_id %d", want.chat, env.Result, want.id)
		}
	}
}

func TestSendMessage_UnknownChatIsNotFound(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 1})
	for _, id := range []any{2, "@somechannel", "12x", -100123} {
		wantError(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": id, "text": "x"}), 400, "Bad Request: chat not found")
	}
	wantError(t, callJSON(t, s, "sendMessage", map[string]any{"text": "x"}), 400, "Bad Request: chat_id is empty")
	wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": "1", "text": "x"}))
}

func TestSendMessage_BlockedUserAnswers403UntilUnblocked(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 5})
	b := newBot(t, s)
	s.Block(5)
	_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 5, Text: "hello"})
	if !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "bot was blocked by the user") {
		t.Fatalf("got %v", err)
	}
	s.Unblock(5)
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 5, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
}

func TestInlineKeyboard_CallbackDataIsLimitedTo64Bytes(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	b := newBot(t, s)
	tests := []struct {
		name, data string
		ok         bool
	}{
		{"64 bytes", strings.Repeat("x", 64), true},
		{"65 bytes", strings.Repeat("x", 65), false},
		{"21 Chinese characters are 63 bytes", strings.Repeat("领", 21), true},
		{"22 Chinese characters are 66 bytes", strings.Repeat("领", 22), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 1, Text: "order", ReplyMarkup: claimKeyboard(tt.data)})
			if tt.ok && err != nil {
				t.Fatal(err)
			}
			if !tt.ok && (err == nil || !strings.HasSuffix(err.Error(), "Bad Request: BUTTON_DATA_INVALID")) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestInlineKeyboard_ButtonsNeedTextAndExactlyOneAction(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	tests := []struct{ markup, err string }{
		{`{"inline_keyboard":[[{"text":"a"}]]}`, "Bad Request: can't parse InlineKeyboardButton: Text buttons are not allowed in the inline keyboard"},
		{`{"inline_keyboard":[[{"text":"a","callback_data":""}]]}`, "Bad Request: can't parse InlineKeyboardButton: Text buttons are not allowed in the inline keyboard"},
		{`{"inline_keyboard":[[{"callback_data":"x"}]]}`, `Bad Request: can't parse InlineKeyboardButton: Can't find field "text"`},
		{`{"inline_keyboard":[[{"text":"","callback_data":"x"}]]}`, "Bad Request: BUTTON_TEXT_EMPTY"},
		{`{"inline_keyboard":[[{"text":"a","callback_data":"x","url":"https://example.com"}]]}`, "Bad Request: can't parse InlineKeyboardButton: exactly one of the optional fields must be used"},
		{`{"inline_keyboard":[[{"text":"a","url":"not a url"}]]}`, "Bad Request: BUTTON_URL_INVALID"},
		{`{"inline_keyboard":{"text":"a"}}`, `Bad Request: can't parse InlineKeyboardMarkup: Field "inline_keyboard" must be of type Array of Array of InlineKeyboardButton`},
		{`not json`, "Bad Request: can't parse reply keyboard markup JSON object"},
		{`{"keyboard":[[{"text":""}]]}`, "Bad Request: keyboard button text must be non-empty"},
		{`{"inline_keyboard":[[{"text":"a","callback_data":"x","copy_text":{"text":""}}]]}`, "Bad Request: BUTTON_COPY_TEXT_INVALID"},
		{`{"keyboard":[["Yes",{"text":"Share phone","request_contact":true}]],"resize_keyboard":true,"one_time_keyboard":true}`, ""},
		{`{"remove_keyboard":true}`, ""},
		{`{"force_reply":true}`, ""},
	}
	for _, tt := range tests {
		env := callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_markup": tt.markup})
		if tt.err == "" {
			wantOK(t, env)
		} else {
			wantError(t, env, 400, tt.err)
		}
	}
	msgs := s.BotMessages(1)
	kb := msgs[0].ReplyKeyboard
	if kb == nil || !kb.ResizeKeyboard || !kb.OneTimeKeyboard || kb.Keyboard[0][0].Text != "Yes" || !kb.Keyboard[0][1].RequestContact {
		t.Fatalf("reply keyboard %+v", kb)
	}
	if !msgs[1].RemoveKeyboard || !msgs[2].ForceReply || msgs[1].MarkupJSON != `{"remove_keyboard":true}` {
		t.Fatalf("messages %+v", msgs[1:])
	}
}

func TestSendMessage_ReplyToMissingMessageIsRejected(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.SendText(1, "hi")
	wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_parameters": map[string]any{"message_id": 1}}))
	wantError(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "x", "reply_parameters": map[string]any{"message_id": 9}}),
		400, "Bad Request: message to be replied not found")
	if got := s.BotMessages(1)[0].ReplyTo; got != 1 {
		t.Fatalf("ReplyTo = %d", got)
	}
}

func TestSendChatAction_ChecksTheAction(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 1})
	wantOK(t, callJSON(t, s, "sendChatAction", map[string]any{"chat_id": 1, "action": "typing"}))
	wantError(t, callJSON(t, s, "sendChatAction", map[string]any{"chat_id": 1, "action": "dancing"}), 400, "Bad Request: wrong parameter action in request")
}
