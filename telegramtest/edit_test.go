package telegramtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/telegram"
)

// claimKeyboard is an inline keyboard as the bot sends it (telegram.InlineMarkup: without
// go-telegram/bot's empty copy_text, which the Bot API refuses).
func claimKeyboard(data string) telegram.InlineMarkup {
	return telegram.InlineMarkup{InlineKeyboardMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Claim", CallbackData: data}}}}}
}

func TestEditMessageText_AppliesEditAndRefusesIdenticalContent(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	b := newBot(t, s)
	ctx := context.Background()
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "<b>Order 7</b> open", ParseMode: models.ParseModeHTML, ReplyMarkup: claimKeyboard("claim:7")})
	if err != nil {
		t.Fatal(err)
	}
	edit := &bot.EditMessageTextParams{ChatID: 1, MessageID: msg.ID, Text: "<b>Order 7</b> claimed", ParseMode: models.ParseModeHTML}
	if _, err := b.EditMessageText(ctx, edit); err != nil {
		t.Fatal(err)
	}
	got := s.BotMessages(1)[0]
	if got.Text != "Order 7 claimed" || !got.Edited || got.EditCount != 1 || got.ReplyMarkup != nil {
		t.Fatalf("after edit %+v (an edit without reply_markup removes the keyboard)", got)
	}
	_, err = b.EditMessageText(ctx, edit)
	if err == nil || !strings.HasSuffix(err.Error(), "Bad Request: "+notModified) {
		t.Fatalf("same edit again: %v", err)
	}
	edit.Text = "Order 7 claimed" // same text, entities differ: a real change
	if _, err := b.EditMessageText(ctx, edit); err != nil {
		t.Fatal(err)
	}
}

func TestEditMessageText_OnlyTheBotsExistingMessages(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.SendText(1, "hello")
	wantError(t, callJSON(t, s, "editMessageText", map[string]any{"chat_id": 1, "message_id": 1, "text": "x"}), 400, "Bad Request: message can't be edited")
	wantError(t, callJSON(t, s, "editMessageText", map[string]any{"chat_id": 1, "message_id": 99, "text": "x"}), 400, "Bad Request: message to edit not found")
	wantError(t, callJSON(t, s, "editMessageText", map[string]any{"chat_id": 2, "message_id": 1, "text": "x"}), 400, "Bad Request: chat not found")
	wantError(t, callJSON(t, s, "editMessageText", map[string]any{"chat_id": 1, "message_id": 1, "text": ""}), 400, "Bad Request: message text is empty")
}

func TestEditMessageReplyMarkup_ReplacesRemovesAndRefusesSame(t *testing.T) {
	s := newServer(t, Options{Limits: Limits{Disabled: true}})
	s.AddUser(User{ID: 1})
	b := newBot(t, s)
	ctx := context.Background()
	msg, _ := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "order", ReplyMarkup: claimKeyboard("claim:1")})
	_, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: 1, MessageID: msg.ID, ReplyMarkup: claimKeyboard("claim:1")})
	if err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Fatalf("same markup: %v", err)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: 1, MessageID: msg.ID, ReplyMarkup: claimKeyboard("done")}); err != nil {
		t.Fatal(err)
	}
	wantOK(t, callJSON(t, s, "editMessageReplyMarkup", map[string]any{"chat_id": 1, "message_id": msg.ID}))
	got := s.BotMessages(1)[0]
	if got.ReplyMarkup != nil || got.EditCount != 2 || got.Edited {
		t.Fatalf("got %+v", got)
	}
	wantError(t, callJSON(t, s, "editMessageReplyMarkup", map[string]any{"chat_id": 1, "message_id": msg.ID, "reply_markup": `{"remove_keyboard":true}`}),
		400, "Bad Request: inline keyboard expected")
}

func TestDeleteMessage_HidesItAndCannotRepeat(t *testing.T) {
	clock := newClock()
	s := newServer(t, Options{Clock: clock.Now, Limits: Limits{Disabled: true}})
	s.SendText(1, "hi")
	wantOK(t, callJSON(t, s, "sendMessage", map[string]any{"chat_id": 1, "text": "menu"}))
	wantOK(t, callJSON(t, s, "deleteMessage", map[string]any{"chat_id": 1, "message_id": 2}))
	wantError(t, callJSON(t, s, "deleteMessage", map[string]any{"chat_id": 1, "message_id": 2}), 400, "Bad Request: message to delete not found")
	wantError(t, callJSON(t, s, "editMessageText", map[string]any{"chat_id": 1, "message_id": 2, "text": "x"}), 400, "Bad Request: message to edit not found")
	if got := s.Messages(1); len(got) != 1 || got[0].Text != "hi" {
		t.Fatalf("Messages %+v", got)
	}
	if got := s.History(1); len(got) != 2 || !got[1].Deleted {
		t.Fatalf("History %+v", got)
	}
	clock.Add(49 * time.Hour)
	wantError(t, callJSON(t, s, "deleteMessage", map[string]any{"chat_id": 1, "message_id": 1}), 400, "Bad Request: message can't be deleted for everyone")
}

func TestPress_QueuesCallbackOnlyForAnExistingButton(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 3, FirstName: "Li"})
	b := newBot(t, s)
	ctx := context.Background()
	msg, _ := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 3, Text: "order", ReplyMarkup: claimKeyboard("claim:9")})
	if _, err := s.Press(3, 3, msg.ID, "claim:8"); err == nil {
		t.Fatal("pressed a button that does not exist")
	}
	id, err := s.Press(3, 3, msg.ID, "claim:9")
	if err != nil {
		t.Fatal(err)
	}
	upds, err := getUpdates(t, s, 0)
	if err != nil || len(upds) != 1 || upds[0].ID != id || upds[0].CallbackQuery == nil {
		t.Fatalf("updates %+v %v", upds, err)
	}
	q := upds[0].CallbackQuery
	if q.Data != "claim:9" || q.From.ID != 3 || q.Message.Message == nil || q.Message.Message.ID != msg.ID {
		t.Fatalf("callback %+v", q)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: strings.Repeat("x", 201)}); err == nil {
		t.Fatal("accepted a 201-character answer")
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: "Claimed", ShowAlert: true}); err != nil {
		t.Fatal(err)
	}
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID})
	if err == nil || !strings.Contains(err.Error(), "query is too old and response timeout expired or query ID is invalid") {
		t.Fatalf("second answer: %v", err)
	}
	got := s.CallbackAnswers()
	if len(got) != 1 || got[0].Text != "Claimed" || !got[0].ShowAlert || got[0].Data != "claim:9" || got[0].UserID != 3 {
		t.Fatalf("answers %+v", got)
	}
}

func TestPressRaw_SendsForgedDataAndInaccessibleMessages(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(User{ID: 3})
	s.PressRaw(3, 3, 42, "admin:delete_all")
	upds, _ := getUpdates(t, s, 0)
	q := upds[0].CallbackQuery
	if q.Data != "admin:delete_all" || q.Message.InaccessibleMessage == nil || q.Message.InaccessibleMessage.MessageID != 42 {
		t.Fatalf("callback %+v", q)
	}
}
