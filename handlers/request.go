package handlers

import (
	"context"
	"errors"
	"slices"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/store"
	"linli/telegram"
)

// request is one update being handled, with who sent it and where to answer.
type request struct {
	ctx      context.Context
	h        *Handlers
	unit     *telegram.Unit
	user     people.User
	admin    bool
	scope    people.Scope // where an admin is one: config admins and older grants are global
	chatID   int64
	private  bool
	cmd      command
	msg      *models.Message
	callback *models.CallbackQuery
	answered bool
	// heldRoles are the user's roles (people.Roles), read once by holds or roles; rolesRead
	// says they were. A handler that changes the user's own roles calls rolesChanged.
	heldRoles []string
	rolesRead bool
	// adminCommand is set by the adminOnly wrapper: the update is an admin-only command, which
	// the audit log records whoever sent it.
	adminCommand bool
	// auditAs names what the handler did as an admin action (audited), with auditArgs: the audit
	// log records it whoever sent it and whether a command, a button or a flow's answer led to it.
	auditAs, auditArgs string
	// inPlace is the message a flow's button was pressed on when the press asks the same step
	// again (a toggle, an item counted up): the next reply replaces it instead of posting
	// another copy of the menu.
	inPlace int
	// yielded is the flow a message ended because no step of it could take the message (an
	// order draft the resident typed more after): the new draft may add to it.
	yielded *people.Flow
}

// handlerFunc is what Linli's handlers look like: an error is either a userError (answered in
// the user's language, nothing changed) or a failure (rolled back, logged, apologised for).
type handlerFunc func(r *request) error

// userError is bad input or a refusal: the user is told why, and the handler's effects are undone.
type userError struct {
	key  string
	args []any
}

func (e *userError) Error() string { return "user error: " + e.key }

func userErr(key string, args ...any) error { return &userError{key: key, args: args} }

// wrap adapts a handlerFunc to go-telegram/bot. Everything runs in the dispatcher's unit: the
// handler's writes happen inside a savepoint, so a userError undoes exactly them and still lets
// the answer and the inbox mark commit.
func (h *Handlers) wrap(fn handlerFunc) bot.HandlerFunc {
	return func(ctx context.Context, _ *bot.Bot, upd *models.Update) {
		u := telegram.UnitFrom(ctx)
		if u == nil {
			h.o.Logger.Error("handler called outside the dispatcher", "component", "handlers")
			return
		}
		if err := h.run(ctx, u, upd, fn); err != nil {
			u.Err = err
		}
	}
}

func (h *Handlers) run(ctx context.Context, u *telegram.Unit, upd *models.Update, fn handlerFunc) error {
	r, err := h.newRequest(ctx, u, upd)
	if err != nil || r == nil {
		return err
	}
	if limited, err := h.overLimit(r); err != nil || limited {
		return err
	}
	err = store.Savepoint(ctx, u.Tx, "handler", func() error {
		if err := r.forged(); err != nil {
			return err
		}
		return fn(r)
	})
	var ue *userError
	if errors.As(err, &ue) {
		r.answered = false // an answer queued before the refusal was rolled back with it
		err = r.refuse(ue)
	}
	if err == nil {
		err = h.recordAudit(r, ue != nil) // handlers/audit.go: admin commands and buttons
	}
	if err != nil {
		return err
	}
	if r.callback != nil && !r.answered {
		return r.answer("", false)
	}
	return nil
}

// newRequest identifies the sender (recording them) and the chat; nil for updates from no one.
func (h *Handlers) newRequest(ctx context.Context, u *telegram.Unit, upd *models.Update) (*request, error) {
	r := &request{ctx: ctx, h: h, unit: u}
	var from *models.User
	switch {
	case upd.Message != nil:
		r.msg, from = upd.Message, upd.Message.From
		r.chatID, r.private = upd.Message.Chat.ID, upd.Message.Chat.Type == models.ChatTypePrivate
		r.cmd, _ = parseCommand(upd.Message, h.me)
	case upd.CallbackQuery != nil:
		cq := upd.CallbackQuery
		r.callback, from = cq, &cq.From
		if m := cq.Message.Message; m != nil {
			r.msg, r.chatID, r.private = m, m.Chat.ID, m.Chat.Type == models.ChatTypePrivate
		} else {
			r.chatID, r.private = cq.From.ID, true
		}
	}
	if from == nil || from.IsBot {
		return nil, nil
	}
	user, err := people.Touch(ctx, u.Tx, people.Seen{
		ID: from.ID, FirstName: i18n.Clip(i18n.Clean(from.FirstName), 64),
		Lang: i18n.Detect(from.LanguageCode, h.o.DefaultLang),
	}, u.Now)
	if err != nil {
		return nil, err
	}
	r.user, r.admin = user, user.Admin || h.admins[user.ID]
	if user.First { // someone granted a role (or configured an admin) before they first wrote
		if err := h.syncMenu(ctx, u.Tx, user.ID, u.Now); err != nil {
			return nil, err
		}
		if err := h.tellGrantersOfFirst(ctx, u.Tx, user, u.Now); err != nil {
			return nil, err
		}
	}
	if r.admin {
		if r.scope, err = h.scopeFor(r, people.RoleAdmin); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// forged refuses a button press that cannot have come from a real client: in a private chat
// only its owner sees the buttons. Callback data is written by the client, so every press is
// also authorised again by its handler from callback_query.from.
func (r *request) forged() error {
	if r.callback != nil && r.private && r.chatID != r.user.ID {
		return userErr("error.stale_button")
	}
	return nil
}

// overLimit counts a resident's messages in the current minute. Past limits.messages_per_minute
// the first one over is answered and the rest of the minute's are dropped, so a flood gets one
// clear answer instead of a reply for each message. Button presses are not counted: a guided
// registration is a dozen taps, and an elderly resident tapping quickly must not be told off.
// Admins, grid workers and volunteers are not limited.
func (h *Handlers) overLimit(r *request) (bool, error) {
	if r.admin || !r.private || r.callback != nil {
		return false, nil
	}
	n := h.counts.Count(r.user.ID, r.unit.Now)
	if n <= h.o.MessagesPerMinute {
		return false, nil
	}
	for _, role := range []string{people.RoleGridWorker, people.RoleVolunteer, people.RoleAdmin} {
		if ok, err := r.holds(role); err != nil || ok {
			return false, err
		}
	}
	if n == h.o.MessagesPerMinute+1 {
		return true, r.refuse(&userError{key: "limit.messages", args: []any{h.o.MessagesPerMinute}})
	}
	return true, nil
}

func (r *request) lang() string { return r.user.Lang }

// roles returns the user's roles, read from the database the first time a request asks: a
// volunteer's claim asked three times (the command's gate, the taker, the categories).
func (r *request) roles() ([]string, error) {
	if !r.rolesRead {
		roles, err := people.Roles(r.ctx, r.unit.Tx, r.user.ID)
		if err != nil {
			return nil, err
		}
		r.heldRoles, r.rolesRead = roles, true
	}
	return r.heldRoles, nil
}

// holds reports whether the user holds role (granted in the bot; admins are not told apart).
func (r *request) holds(role string) (bool, error) {
	roles, err := r.roles()
	return slices.Contains(roles, role), err
}

// rolesChanged forgets the roles read: the handler granted or took one from the user.
func (r *request) rolesChanged() { r.heldRoles, r.rolesRead = nil, false }

// t renders a catalogue entry in the user's language.
func (r *request) t(key string, args ...any) string { return i18n.T(r.lang(), key, args...) }

// label renders a catalogue entry for a button, which Telegram shows as plain text: the escaped
// arguments are turned back, so "Li <Wei>" is not shown as "Li &lt;Wei&gt;".
func (r *request) label(key string, args ...any) string { return i18n.Plain(r.t(key, args...)) }

// send queues m as a reply: it goes out right after the unit commits.
func (r *request) send(m outbox.Message) error {
	_, err := r.sendID(m)
	return err
}

// sendID is send, returning the message's outbox row (to track it or edit it later).
func (r *request) sendID(m outbox.Message) (int64, error) {
	if m.ChatID == 0 {
		m.ChatID = r.chatID
	}
	return outbox.Add(r.ctx, r.unit.Tx, m, outbox.Options{Priority: outbox.PriorityReply}, r.unit.Now)
}

// reply answers in the chat the update came from.
func (r *request) reply(text string, buttons ...[]outbox.Button) error {
	if id := r.inPlace; id != 0 {
		r.inPlace = 0
		return r.send(outbox.Message{Kind: outbox.KindEdit, EditMessageID: id, Text: text, Buttons: buttons})
	}
	return r.send(outbox.Message{Text: text, Buttons: buttons})
}

// replacePressed has the next reply replace the message whose button was pressed, if it is one
// carrying that button: the bot only ever edits its own question, never an inaccessible or forged
// message (then the reply is sent as a new message).
func (r *request) replacePressed() {
	if r.callback != nil && r.msg != nil && carriesButton(r.msg.ReplyMarkup, r.callback.Data) {
		r.inPlace = r.msg.ID
	}
}

// replacePressedIfOnly is replacePressed for a message that is about one thing alone: every
// button on it is one that keep accepts (a delivery notice's Received / Not received of one
// order, a rating's stars), so that replacing it loses nothing else, as a list of orders would.
func (r *request) replacePressedIfOnly(keep func(data string) bool) {
	if r.callback != nil && r.msg != nil && r.msg.ReplyMarkup != nil && r.pressedOnly(keep) {
		r.replacePressed()
	}
}

// pressedOnly reports whether every button on the pressed message is one keep accepts (true for
// a message without buttons).
func (r *request) pressedOnly(keep func(data string) bool) bool {
	if r.msg == nil || r.msg.ReplyMarkup == nil {
		return true
	}
	for _, row := range r.msg.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if !keep(b.CallbackData) {
				return false
			}
		}
	}
	return true
}

// answer answers the button press (stops the client's spinner), with an optional toast.
func (r *request) answer(text string, alert bool) error {
	if r.callback == nil || r.answered {
		return nil
	}
	r.answered = true
	return r.send(outbox.Message{Kind: outbox.KindAnswer, ChatID: r.callback.From.ID,
		CallbackQueryID: r.callback.ID, Text: text, Alert: alert})
}

// refuse tells the user why nothing happened: as a pop-up for a button, as a message otherwise.
func (r *request) refuse(ue *userError) error {
	text := r.t(ue.key, ue.args...)
	if r.callback != nil {
		return r.answer(i18n.Clip(i18n.Plain(text), 200), true)
	}
	return r.reply(text)
}

// removeKeyboard is a message that also takes away a reply keyboard (the share-contact button)
// the user may still have open.
func (r *request) removeKeyboard(text string) outbox.Message {
	return outbox.Message{Text: text, RemoveKeyboard: true}
}
