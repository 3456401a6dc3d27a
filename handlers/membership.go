package handlers

import (
	"context"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/outbox"
	"linli/telegram"
)

// isMyChatMember matches Telegram's notice that the bot's own membership changed in a chat:
// in a private chat, that the user blocked (status "kicked") or unblocked it.
func isMyChatMember(upd *models.Update) bool { return upd.MyChatMember != nil }

// membership keeps the outbox from writing to users who blocked the bot, before a send has to
// find out with a 403, and lets them be reached again when they unblock it.
func (h *Handlers) membership(ctx context.Context, _ *bot.Bot, upd *models.Update) {
	u := telegram.UnitFrom(ctx)
	m := upd.MyChatMember
	if u == nil || m.Chat.Type != models.ChatTypePrivate {
		return
	}
	var err error
	switch m.NewChatMember.Type {
	case models.ChatMemberTypeBanned:
		err = outbox.MarkUnreachable(ctx, u.Tx, m.Chat.ID, "blocked the bot", u.Now)
	case models.ChatMemberTypeMember:
		_, err = outbox.MarkReachable(ctx, u.Tx, m.Chat.ID)
	}
	if err != nil {
		u.Err = err
	}
}
