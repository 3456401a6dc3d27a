package telegram

import (
	"encoding/json"

	"github.com/go-telegram/bot/models"
)

// InlineMarkup is an inline keyboard serialised as the Bot API accepts it. go-telegram/bot
// v1.19.0 writes every InlineKeyboardButton with "copy_text":{"text":""} (its CopyText field is
// not a pointer), but a CopyTextButton's text must be 1-256 characters and Telegram refuses the
// button (BUTTON_COPY_TEXT_INVALID; the library's pull request 167). InlineMarkup leaves
// copy_text out unless it has a text. Pass it as any ReplyMarkup parameter.
type InlineMarkup struct{ *models.InlineKeyboardMarkup }

// MarshalJSON writes the keyboard with copy_text only where it is set.
func (k InlineMarkup) MarshalJSON() ([]byte, error) {
	type button struct {
		models.InlineKeyboardButton
		CopyText *models.CopyTextButton `json:"copy_text,omitempty"` // shadows the embedded field
	}
	rows := [][]button{}
	if k.InlineKeyboardMarkup != nil {
		for _, row := range k.InlineKeyboard {
			out := make([]button, len(row))
			for j, b := range row {
				out[j].InlineKeyboardButton = b
				if b.CopyText.Text != "" {
					ct := b.CopyText
					out[j].CopyText = &ct
				}
			}
			rows = append(rows, out)
		}
	}
	return json.Marshal(struct {
		InlineKeyboard [][]button `json:"inline_keyboard"`
	}{rows})
}
