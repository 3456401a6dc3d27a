package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/outbox"
)

// BotAPI performs one outbox message as a Bot API call with go-telegram/bot.
type BotAPI struct {
	Bot   *bot.Bot
	Token string // only to redact it from errors
}

// Do sends m and returns Telegram's message id (0 for calls that make no message).
func (a BotAPI) Do(ctx context.Context, m outbox.Message) (int, error) {
	id, err := a.do(ctx, m)
	return id, Redact(err, a.Token)
}

func (a BotAPI) do(ctx context.Context, m outbox.Message) (int, error) {
	switch m.Kind {
	case outbox.KindSend:
		msg, err := a.Bot.SendMessage(ctx, &bot.SendMessageParams{
			ChatID: chatRef(m), Text: m.Text, ParseMode: models.ParseModeHTML,
			ReplyMarkup:        replyMarkup(m),
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()},
			AllowPaidBroadcast: m.Paid,
		})
		return messageID(msg), err
	case outbox.KindEdit:
		var kb models.ReplyMarkup
		if ik := inlineKeyboard(m.Buttons); ik != nil {
			kb = InlineMarkup{ik}
		}
		msg, err := a.Bot.EditMessageText(ctx, &bot.EditMessageTextParams{
			ChatID: m.ChatID, MessageID: m.EditMessageID, Text: m.Text,
			ParseMode: models.ParseModeHTML, ReplyMarkup: kb,
		})
		if err != nil && strings.Contains(err.Error(), "message is not modified") {
			return m.EditMessageID, nil
		}
		return messageID(msg), err
	case outbox.KindAnswer:
		_, err := a.Bot.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{
			CallbackQueryID: m.CallbackQueryID, Text: m.Text, ShowAlert: m.Alert,
		})
		return 0, err
	case outbox.KindDocument:
		if m.Document == nil {
			return 0, fmt.Errorf("%w: document message without a document", bot.ErrorBadRequest)
		}
		msg, err := a.Bot.SendDocument(ctx, &bot.SendDocumentParams{
			ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML,
			Document: &models.InputFileUpload{Filename: m.Document.Name, Data: bytes.NewReader(m.Document.Data)},
		})
		return messageID(msg), err
	case outbox.KindPhoto:
		msg, err := a.Bot.SendPhoto(ctx, &bot.SendPhotoParams{
			ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML,
			Photo: &models.InputFileString{Data: m.Photo}, ReplyMarkup: replyMarkup(m),
		})
		return messageID(msg), err
	case outbox.KindVoice:
		msg, err := a.Bot.SendVoice(ctx, &bot.SendVoiceParams{
			ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML, Voice: &models.InputFileString{Data: m.File},
		})
		return messageID(msg), err
	case outbox.KindAudio:
		msg, err := a.Bot.SendAudio(ctx, &bot.SendAudioParams{
			ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML, Audio: &models.InputFileString{Data: m.File},
		})
		return messageID(msg), err
	case outbox.KindCommands:
		return 0, a.commands(ctx, m)
	}
	return 0, fmt.Errorf("%w: unknown message kind %q", bot.ErrorBadRequest, m.Kind)
}

// chatRef is the chat_id of m: a channel's "@username", else its numeric id.
func chatRef(m outbox.Message) any {
	if m.Channel != "" {
		return m.Channel
	}
	return m.ChatID
}

// commands sets the command menu of private chat m.ChatID, in every language (the list is in
// its user's), or deletes it so that the default menu shows again.
func (a BotAPI) commands(ctx context.Context, m outbox.Message) error {
	scope := &models.BotCommandScopeChat{ChatID: m.ChatID}
	if len(m.Commands) == 0 {
		_, err := a.Bot.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: scope})
		return err
	}
	cmds := make([]models.BotCommand, len(m.Commands))
	for i, c := range m.Commands {
		cmds[i] = models.BotCommand{Command: c.Command, Description: c.Description}
	}
	_, err := a.Bot.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds, Scope: scope})
	return err
}

func messageID(m *models.Message) int {
	if m == nil {
		return 0
	}
	return m.ID
}

func replyMarkup(m outbox.Message) models.ReplyMarkup {
	switch {
	case len(m.Buttons) > 0:
		return InlineMarkup{inlineKeyboard(m.Buttons)}
	case m.Keyboard != nil:
		kb := &models.ReplyKeyboardMarkup{ResizeKeyboard: true, OneTimeKeyboard: m.Keyboard.OneTime}
		for _, row := range m.Keyboard.Rows {
			var r []models.KeyboardButton
			for _, b := range row {
				r = append(r, models.KeyboardButton{Text: b.Text, RequestContact: b.Contact})
			}
			kb.Keyboard = append(kb.Keyboard, r)
		}
		return kb
	case m.RemoveKeyboard:
		return &models.ReplyKeyboardRemove{RemoveKeyboard: true}
	}
	return nil
}

func inlineKeyboard(rows [][]outbox.Button) *models.InlineKeyboardMarkup {
	if len(rows) == 0 {
		return nil
	}
	kb := &models.InlineKeyboardMarkup{}
	for _, row := range rows {
		var r []models.InlineKeyboardButton
		for _, b := range row {
			r = append(r, models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data, URL: b.URL})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}

// classify turns the result of one send into an outbox outcome. attempts counts this one.
func classify(row outbox.Row, msgID int, err error, now time.Time) outbox.Outcome {
	o := outbox.Outcome{ID: row.ID, ChatID: row.ChatID}
	if err == nil {
		o.Status, o.MessageID = outbox.StatusSent, msgID
		return o
	}
	o.Err = truncate(err.Error(), 500)
	var tooMany *bot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		o.Status, o.Throttled = outbox.StatusRetry, true
		o.NotBefore = now.Add(time.Duration(max(tooMany.RetryAfter, 1)) * time.Second)
	case (errors.Is(err, bot.ErrorForbidden) || isChatGone(err)) && row.Message.Channel != "":
		// A channel the bot may not post to (not an admin, renamed) is the config's mistake:
		// this post is given up, later ones are tried once the admins fixed it.
		o.Status = outbox.StatusFailed
	case errors.Is(err, bot.ErrorForbidden), isChatGone(err):
		o.Status = outbox.StatusUnreachable
	case errors.Is(err, bot.ErrorBadRequest), errors.Is(err, bot.ErrorNotFound):
		o.Status = outbox.StatusFailed
	case row.Attempts >= maxAttempts:
		o.Status = outbox.StatusFailed
	default: // 5xx, 401, network: try again later
		o.Status = outbox.StatusRetry
		o.NotBefore = now.Add(retryDelay(row.Attempts))
		o.Unknown = !isDialError(err) && !isServerAnswer(err)
	}
	return o
}

// maxAttempts bounds retries of 5xx and network failures (about an hour of backoff in all).
const maxAttempts = 12

func retryDelay(attempts int) time.Duration {
	d := time.Second << min(attempts, 9)
	return min(d, 5*time.Minute)
}

// isChatGone: "chat not found" for a private chat means the user never started the bot or
// deleted their account — unreachable like a block.
func isChatGone(err error) bool {
	return errors.Is(err, bot.ErrorBadRequest) && strings.Contains(err.Error(), "chat not found")
}

// isServerAnswer: the Bot API answered (e.g. 500), so the request did not silently vanish.
func isServerAnswer(err error) bool {
	return strings.Contains(err.Error(), "error response from telegram")
}
