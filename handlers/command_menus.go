package handlers

import (
	"context"
	"errors"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/i18n"
)

// SetCommands registers the command menus with Telegram: everyone's commands for each language
// (and for users of other languages, in the default one), and the admins' longer menu in each
// bootstrap admin's private chat. An admin who has not started the bot yet is skipped.
func (h *Handlers) SetCommands(ctx context.Context, b *bot.Bot) error {
	for _, lang := range append([]string{""}, i18n.Langs...) {
		cmdLang := lang
		if lang == "" {
			cmdLang = h.o.DefaultLang
		}
		if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{
			Commands: h.commandMenu(cmdLang, false), Scope: &models.BotCommandScopeDefault{}, LanguageCode: lang,
		}); err != nil {
			return err
		}
		for _, id := range h.o.Admins {
			_, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{
				Commands: h.commandMenu(cmdLang, true), Scope: &models.BotCommandScopeChat{ChatID: id}, LanguageCode: lang,
			})
			if errors.Is(err, bot.ErrorBadRequest) {
				h.o.Logger.Info("admin has not started the bot yet; no admin menu", "component", "handlers", "chat_id", id)
				continue
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (h *Handlers) commandMenu(lang string, admin bool) []models.BotCommand {
	var out []models.BotCommand
	for _, c := range h.commands() {
		if c.who == everyone || admin {
			out = append(out, models.BotCommand{Command: c.name, Description: i18n.T(lang, c.desc)})
		}
	}
	return out
}
