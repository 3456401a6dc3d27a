package telegramtest

import (
	"encoding/json"
	"strings"

	"github.com/go-telegram/bot/models"
)

// markup is a parsed, validated reply_markup.
type markup struct {
	inline     *models.InlineKeyboardMarkup
	reply      *models.ReplyKeyboardMarkup
	remove     bool
	forceReply bool
	raw        string
}

// parseMarkup validates reply_markup JSON the way Telegram does; "" gives an empty markup.
func parseMarkup(raw string) (markup, *apiError) {
	m := markup{raw: raw}
	if strings.TrimSpace(raw) == "" {
		m.raw = ""
		return m, nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &obj) != nil {
		return m, badRequest("can't parse reply keyboard markup JSON object")
	}
	switch {
	case obj["inline_keyboard"] != nil:
		kb, e := parseInline(obj["inline_keyboard"])
		m.inline = kb
		return m, e
	case obj["keyboard"] != nil:
		kb, e := parseReply(raw, obj["keyboard"])
		m.reply = kb
		return m, e
	case obj["remove_keyboard"] != nil:
		m.remove = string(obj["remove_keyboard"]) == "true"
	case obj["force_reply"] != nil:
		m.forceReply = string(obj["force_reply"]) == "true"
	}
	if !m.remove && !m.forceReply {
		return m, badRequest("can't parse reply keyboard markup JSON object")
	}
	return m, nil
}

// parseInline checks every inline button: non-empty text and exactly one action, callback_data
// of 1–64 bytes.
func parseInline(raw json.RawMessage) (*models.InlineKeyboardMarkup, *apiError) {
	var rows [][]map[string]json.RawMessage
	if json.Unmarshal(raw, &rows) != nil {
		return nil, badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
	}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	for _, row := range rows {
		out := []models.InlineKeyboardButton{}
		for _, fields := range row {
			b, e := parseInlineButton(fields)
			if e != nil {
				return nil, e
			}
			out = append(out, b)
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, out)
	}
	return kb, nil
}

func parseInlineButton(fields map[string]json.RawMessage) (models.InlineKeyboardButton, *apiError) {
	var b models.InlineKeyboardButton
	raw, _ := json.Marshal(fields)
	if fields["text"] == nil {
		return b, badRequest("can't parse InlineKeyboardButton: Can't find field \"text\"")
	}
	if json.Unmarshal(raw, &b) != nil {
		return b, badRequest("can't parse InlineKeyboardButton: Field \"text\" must be of type String")
	}
	if strings.TrimSpace(b.Text) == "" {
		return b, badRequest("BUTTON_TEXT_EMPTY")
	}
	// go-telegram/bot always sends "copy_text":{"text":""}; Telegram ignores an empty one.
	actions := 0
	for _, set := range []bool{b.URL != "", b.CallbackData != "", b.WebApp != nil, b.LoginURL != nil,
		fields["switch_inline_query"] != nil, fields["switch_inline_query_current_chat"] != nil,
		b.SwitchInlineQueryChosenChat != nil, b.CopyText.Text != "", b.CallbackGame != nil, b.Pay} {
		if set {
			actions++
		}
	}
	switch {
	case actions == 0:
		return b, badRequest("can't parse InlineKeyboardButton: Text buttons are not allowed in the inline keyboard")
	case actions > 1:
		return b, badRequest("can't parse InlineKeyboardButton: exactly one of the optional fields must be used")
	case b.CallbackData != "" && len(b.CallbackData) > 64:
		return b, badRequest("BUTTON_DATA_INVALID")
	case b.URL != "" && !validURL(b.URL):
		return b, badRequest("BUTTON_URL_INVALID")
	}
	return b, nil
}

// parseReply checks a custom keyboard: rows of buttons (objects or plain strings) with text.
func parseReply(raw string, rowsJSON json.RawMessage) (*models.ReplyKeyboardMarkup, *apiError) {
	var rows [][]json.RawMessage
	if json.Unmarshal(rowsJSON, &rows) != nil {
		return nil, badRequest("field \"keyboard\" of the ReplyKeyboardMarkup must be an Array of Arrays")
	}
	var kb models.ReplyKeyboardMarkup
	_ = json.Unmarshal([]byte(strings.Replace(raw, `"keyboard"`, `"keyboard_ignored"`, 1)), &kb)
	kb.Keyboard = [][]models.KeyboardButton{}
	for _, row := range rows {
		out := []models.KeyboardButton{}
		for _, cell := range row {
			var b models.KeyboardButton
			if json.Unmarshal(cell, &b.Text) != nil && json.Unmarshal(cell, &b) != nil {
				return nil, badRequest("can't parse keyboard button: Field \"text\" must be of type String")
			}
			if strings.TrimSpace(b.Text) == "" {
				return nil, badRequest("keyboard button text must be non-empty")
			}
			out = append(out, b)
		}
		kb.Keyboard = append(kb.Keyboard, out)
	}
	return &kb, nil
}

// sameInline reports whether two inline keyboards are identical (nil equals an empty one).
func sameInline(a, b *models.InlineKeyboardMarkup) bool {
	empty := func(k *models.InlineKeyboardMarkup) bool { return k == nil || len(k.InlineKeyboard) == 0 }
	if empty(a) || empty(b) {
		return empty(a) == empty(b)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
