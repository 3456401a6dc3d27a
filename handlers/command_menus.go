package handlers

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
)

// Command menus. Everyone's commands are the default menu, set at start for each language.
// Volunteers, grid workers, organisers and admins get a menu of their own in their private chat
// (setMyCommands with the chat's scope), in their language, listing what they may do: it is
// kept in step when they join, are granted or revoked a role, or change their language, and
// at start for everyone who holds a role. Each goes through the outbox like a message, so a 429
// or a restart does not lose it, and is queued only when it changed (outbox.SetState).

// menuState is the outbox state key of a chat's command menu.
const menuState = "menu"

// SetCommands registers the default command menus with Telegram, for each language (and for
// users of other languages in the default one): everyone's commands, and in group chats those
// that run there (/help, /lang, /bindqueue, /unbindqueue), since the others only point to the
// private chat.
func (h *Handlers) SetCommands(ctx context.Context, b *bot.Bot) error {
	for _, lang := range append([]string{""}, i18n.Langs...) {
		cmdLang := lang
		if lang == "" {
			cmdLang = h.o.DefaultLang
		}
		for _, m := range []struct {
			scope models.BotCommandScope
			roles menuRoles
		}{{&models.BotCommandScopeDefault{}, menuRoles{}}, {&models.BotCommandScopeAllGroupChats{}, menuRoles{inGroups: true}}} {
			var cmds []models.BotCommand
			for _, c := range h.commandMenu(cmdLang, m.roles) {
				cmds = append(cmds, models.BotCommand{Command: c.Command, Description: c.Description})
			}
			if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds, Scope: m.scope, LanguageCode: lang}); err != nil {
				return err
			}
		}
	}
	return nil
}

// SyncMenus queues the command menu of everyone who holds a role, where it changed (a new
// version's commands, a grant made before menus were kept).
func (h *Handlers) SyncMenus(ctx context.Context, tx *sql.Tx, now time.Time) error {
	ids, err := people.Privileged(ctx, tx, h.o.Admins)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := h.syncMenu(ctx, tx, id, now); err != nil {
			return err
		}
	}
	return nil
}

// menuRoles are what a user's menu lists beyond everyone's commands; inGroups makes it the
// group chats' menu instead: every command that runs there, whoever may.
type menuRoles struct {
	volunteer, gridWorker, organizer, admin bool
	inGroups                                bool
}

func (m menuRoles) any() bool { return m.volunteer || m.gridWorker || m.organizer || m.admin }

// rolesOf is what user's menu lists. Admins do what volunteers and organisers do.
func (h *Handlers) rolesOf(ctx context.Context, tx *sql.Tx, u people.User) (menuRoles, error) {
	m := menuRoles{admin: u.Admin || h.admins[u.ID]}
	roles, err := people.Roles(ctx, tx, u.ID) // one read: most who write hold no role at all
	if err != nil {
		return m, err
	}
	// An admin does what a volunteer and an organiser do (people.ActingScope); the grid worker's
	// commands come with that role only.
	m.volunteer = m.admin || slices.Contains(roles, people.RoleVolunteer)
	m.organizer = m.admin || slices.Contains(roles, people.RoleOrganizer)
	m.gridWorker = slices.Contains(roles, people.RoleGridWorker)
	return m, nil
}

// syncMenu queues user's menu in their private chat if it changed: their commands, or none (the
// default menu again) once they hold no role. Someone who never wrote to the bot is skipped:
// Telegram knows no chat with them.
func (h *Handlers) syncMenu(ctx context.Context, tx *sql.Tx, user int64, now time.Time) error {
	u, err := people.Get(ctx, tx, user)
	if errors.Is(err, people.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	roles, err := h.rolesOf(ctx, tx, u)
	if err != nil {
		return err
	}
	m := outbox.Message{Kind: outbox.KindCommands, ChatID: user}
	if roles.any() {
		m.Commands = h.commandMenu(u.Lang, roles)
	}
	_, err = outbox.SetState(ctx, tx, menuState, m, len(m.Commands) == 0, outbox.Options{Priority: outbox.PriorityNotify}, now)
	return err
}

// gridWorkerDesc are the descriptions that say more for a grid worker, who registers and orders for
// residents.
var gridWorkerDesc = map[string]string{"register": "cmd.register_other", "order": "cmd.order_other"}

// commandMenu lists the commands of roles in lang, in the order of the command table: everyone's
// then each role's. A private chat's menu leaves out the commands that run in groups only; the
// default menu (no roles) is everyone's; the groups' menu those that run in a group.
func (h *Handlers) commandMenu(lang string, roles menuRoles) []outbox.Command {
	var out []outbox.Command
	for _, c := range h.commands() {
		switch {
		case roles.inGroups && c.where == privateOnly:
			continue
		case roles.inGroups:
		case roles.any() && c.where == groupOnly, !roles.lists(c.who):
			continue
		}
		desc := c.desc
		if k, ok := gridWorkerDesc[c.name]; ok && (roles.gridWorker || roles.admin) {
			desc = k
		}
		out = append(out, outbox.Command{Command: c.name, Description: i18n.Plain(i18n.T(lang, desc))})
	}
	return out
}

// lists reports whether a menu of m lists the commands of who.
func (m menuRoles) lists(who role) bool {
	switch who {
	case volunteerOnly:
		return m.volunteer
	case organizerOnly:
		return m.organizer
	case gridWorkerOnly:
		return m.gridWorker || m.admin
	case adminOnly:
		return m.admin
	}
	return true
}
