// Package handlers turns Telegram updates into calls on Linli's domain packages and answers in
// the user's language. Handlers run inside the dispatcher's transaction (telegram.Unit): they
// never do network I/O, and everything they send goes through the outbox.
package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/checkins"
	"linli/config"
	"linli/i18n"
	"linli/notices"
	"linli/orders"
	"linli/people"
	"linli/supplies"
	"linli/telegram"
)

// Options configures Handlers.
type Options struct {
	DefaultLang string  // for users whose Telegram language is neither zh nor en
	Admins      []int64 // bootstrap admins from config
	Zones       config.Zones
	// CategoryNames are the category names from config, which win over the catalogue's:
	// category key → language ("zh"/"en") → name. Not changed after New.
	CategoryNames map[string]map[string]string
	// MessagesPerMinute limits residents (not admins, grid workers or volunteers); 0 = 20.
	MessagesPerMinute int
	Logger            *slog.Logger
	// Location is the configured time zone: where a day starts for /stats and daily orders;
	// nil = UTC.
	Location *time.Location
	// ConfirmOver is how many recipients /notice may reach without a preview; 0 = 100.
	ConfirmOver int
	// DashboardURL is the admin dashboard's public base URL for /dashboard's login links; "" = off.
	DashboardURL string
	// Checkin is when the daily health check-in asks and when its answers are due ([checkin]),
	// for what /monitor tells; nil: not said.
	Checkin *checkins.Schedule
}

// Services are the domain services the handlers call. cmd/bot makes them, giving them the
// handlers' NotifyOrder, NotifySupply and NoticeRenderer for what they tell people, and hands
// them over with Use before Register.
type Services struct {
	Orders   *orders.Service
	Notices  *notices.Service  // broadcasts and schedules (notice.go)
	Supplies *supplies.Service // supply rounds (round.go, buy.go, batch.go)
}

// Handlers holds what every handler needs.
type Handlers struct {
	o      Options
	admins map[int64]bool
	me     string // the bot's username, for "/cmd@botname" in groups

	orders   *orders.Service
	notices  *notices.Service
	supplies *supplies.Service
	counts   people.MessageCounts // limits.messages_per_minute
	flowDefs map[string]*flowDef  // every flow by name (flows), made once in New
}

// New makes Handlers, defaulting zero options. They render and route; the domain services they
// call come with Use.
func New(o Options) *Handlers {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if !i18n.Supported(o.DefaultLang) {
		o.DefaultLang = i18n.ZH
	}
	if o.MessagesPerMinute <= 0 {
		o.MessagesPerMinute = 20
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.ConfirmOver <= 0 {
		o.ConfirmOver = 100
	}
	h := &Handlers{o: o, admins: map[int64]bool{}}
	for _, id := range o.Admins {
		h.admins[id] = true
	}
	h.flowDefs = h.defineFlows()
	return h
}

// Use gives the handlers the domain services they call; cmd/bot calls it once, before Register.
func (h *Handlers) Use(s Services) {
	h.orders, h.notices, h.supplies = s.Orders, s.Notices, s.Supplies
}

// NoticeRenderer is notices.Options.Render: notices, their skips and progress in each language.
func (h *Handlers) NoticeRenderer() notices.Renderer { return noticeRenderer{h} }

// Register routes updates on b to the handlers, in order; the first match wins. username is
// the bot's own (from getMe), so "/cmd@username" in a group is recognised as addressed to it.
func (h *Handlers) Register(b *bot.Bot, username string) {
	h.me = username
	for _, c := range h.commands() {
		run := c.run
		switch c.who {
		case adminOnly:
			run = h.adminOnly(run)
		case volunteerOnly:
			run = h.volunteerOnly(run)
		case gridWorkerOnly:
			run = h.gridWorkerOnly(run)
		}
		b.RegisterHandlerMatchFunc(h.isCommand(c.name), h.wrap(h.placed(c.where, c.name, run)))
	}
	for _, btn := range h.buttons() {
		b.RegisterHandlerMatchFunc(isCallback(btn.verb), h.wrap(h.placed(btn.where, string(btn.verb), btn.run)))
	}
	b.RegisterHandlerMatchFunc(isTemperatureText, h.wrap(h.checkinText)) // a typed temperature; else as unmatched
	b.RegisterHandlerMatchFunc(isMyChatMember, h.membership)
}

// Default is the handler for every update no route matched, including those without a message
// (edited messages, membership changes) that go-telegram/bot also sends here.
func (h *Handlers) Default() bot.HandlerFunc { return h.wrap(h.unknown) }

// familyCodeTTL is how long a relative's link stays valid.
const familyCodeTTL = 24 * time.Hour

// Middlewares are the go-telegram/bot middlewares Linli's handlers need around them.
func (h *Handlers) Middlewares() []bot.Middleware { return []bot.Middleware{h.recoverPanic} }

// recoverPanic turns a handler's panic into a failure of its update: rolled back, logged with
// the stack, and answered; the bot goes on.
func (h *Handlers) recoverPanic(next bot.HandlerFunc) bot.HandlerFunc {
	return func(ctx context.Context, b *bot.Bot, upd *models.Update) {
		defer func() {
			if p := recover(); p != nil {
				err := fmt.Errorf("handlers: %w: %v", telegram.ErrPanic, p)
				h.o.Logger.Error("handler panic", "component", "handlers", "update_id", upd.ID,
					"err", err, "stack", string(debug.Stack()))
				if u := telegram.UnitFrom(ctx); u != nil {
					u.Err = err
				}
			}
		}()
		next(ctx, b, upd)
	}
}

// OnFailure apologises to the user whose update failed (see telegram.DispatcherOptions).
func (h *Handlers) OnFailure(ctx context.Context, u *telegram.Unit, _ error) error {
	r := &request{ctx: ctx, h: h, unit: u}
	var from *models.User
	switch {
	case u.Update.Message != nil:
		from, r.chatID = u.Update.Message.From, u.Update.Message.Chat.ID
	case u.Update.CallbackQuery != nil:
		r.callback, from, r.chatID = u.Update.CallbackQuery, &u.Update.CallbackQuery.From, u.Update.CallbackQuery.From.ID
	}
	if from == nil {
		return nil
	}
	r.user = people.User{ID: from.ID, Lang: i18n.Detect(from.LanguageCode, h.o.DefaultLang)}
	if known, err := people.Get(ctx, u.Tx, from.ID); err == nil {
		r.user = known
	}
	return r.refuse(&userError{key: "error.internal"})
}

// isCommand matches a message carrying /name (or /name@thisbot).
func (h *Handlers) isCommand(name string) bot.MatchFunc {
	return func(upd *models.Update) bool {
		c, ok := parseCommand(upd.Message, h.me)
		return ok && c.Name == name
	}
}

// isCallback matches a button press whose data starts with "verb:".
func isCallback(kind buttonKind) bot.MatchFunc {
	return func(upd *models.Update) bool {
		if upd.CallbackQuery == nil {
			return false
		}
		v, _ := callbackData(upd.CallbackQuery.Data)
		return v == string(kind)
	}
}
