package handlers

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// Group mirrors: an admin binds a group chat to the queue of some zones (/bindqueue [zone ...]
// in the group; /unbindqueue undoes it). A new order of those zones is posted there as its
// pre-claim card with the Claim button of /queue ("q:c:<id>", taken by queueButton, which
// authorises the presser again and sends the address to them privately). The card is edited when
// the order is claimed (who took it, no button), back in the queue (the button again), cancelled
// or expired (no button). Counselling is never posted. A group's cards are in the language of the
// admin who bound it, and a card's edits in the language it was posted in.
//
// The card's Telegram message id is known only once it was sent, so an edit names the card's
// outbox row (outbox.Message.EditOf); orders.TrackCard keeps which row is which order's card in
// which chat (cards.go).

// bindQueue is /bindqueue [zone-key ...], in a group: mirror those zones' queue (none: every zone).
func (h *Handlers) bindQueue(r *request) error {
	var zones []string
	for _, key := range strings.Fields(strings.ToLower(r.cmd.Args)) {
		if !h.zoneExists(key) {
			return userErr("groups.unknown_zone", i18n.Clip(key, 32), i18n.Raw(h.zoneKeys()))
		}
		if !slices.Contains(zones, key) {
			zones = append(zones, key)
		}
	}
	zones, err := r.within(zones) // a scoped admin mirrors their zones' queue only
	if err != nil {
		return err
	}
	if err := people.BindGroup(r.ctx, r.unit.Tx, r.chatID, zones, r.user.ID, r.unit.Now); err != nil {
		return err
	}
	// The first binding sets the group's language; another admin binding more zones does not
	// switch a Chinese group to English (an admin's /lang in the group does, on purpose).
	if err := people.KeepGroupLang(r.ctx, r.unit.Tx, r.chatID, r.lang()); err != nil {
		return err
	}
	text := r.t("groups.bound", h.zoneNames(r.lang(), zones))
	posted, more, err := h.postWaiting(r, zones)
	switch {
	case err != nil:
		return err
	case more:
		text += "\n\n" + r.t("groups.bound_backlog_more", posted)
	case posted > 0:
		text += "\n\n" + r.t("groups.bound_backlog", posted)
	}
	return r.reply(text)
}

// boundBacklog is how many of the orders already waiting a group is shown when it is bound, one
// card each, the most pressing first: a group takes 20 messages a minute.
const boundBacklog = 10

// postWaiting posts to the group of r, just bound to zones (none: every zone), the cards of the
// orders already waiting there that it does not show yet, up to boundBacklog; more reports
// whether others wait beyond them.
func (h *Handlers) postWaiting(r *request, zones []string) (posted int, more bool, err error) {
	var cats []string
	for _, c := range h.orders.Catalog().Enabled() {
		if c.ShowInGroups() {
			cats = append(cats, c.Key)
		}
	}
	if len(cats) == 0 {
		return 0, false, nil
	}
	waiting, err := h.orders.Queue(r.ctx, r.unit.Tx, orders.QueueFilter{Zones: zones, Categories: cats, Limit: 50}, r.unit.Now)
	if err != nil {
		return 0, false, err
	}
	lang := r.lang()
	for _, o := range waiting {
		shown, err := orders.ShownIn(r.ctx, r.unit.Tx, r.chatID, o.ID)
		switch {
		case err != nil:
			return posted, false, err
		case shown || !h.showInGroups(o):
			continue
		case posted == boundBacklog:
			return posted, true, nil
		}
		e := orders.Event{Kind: orders.EventPlaced, OrderID: o.ID, Order: o, At: r.unit.Now}
		if err := h.postCard(r.ctx, r.unit.Tx, r.chatID, lang, e); err != nil {
			return posted, false, err
		}
		posted++
	}
	return posted, false, nil
}

// unbindQueue is /unbindqueue, in a group: stop posting new orders there. Cards already posted
// are still kept up to date.
func (h *Handlers) unbindQueue(r *request) error {
	if strings.TrimSpace(r.cmd.Args) != "" {
		return userErr("groups.unbind_usage")
	}
	had, err := people.UnbindGroup(r.ctx, r.unit.Tx, r.chatID)
	if err != nil {
		return err
	}
	if !had {
		return userErr("groups.not_bound")
	}
	return r.reply(r.t("groups.unbound"))
}

// mirrorToGroups posts a new order's card to the groups bound to its zone; cards.go keeps every
// posted card in step with the order.
func (h *Handlers) mirrorToGroups(ctx context.Context, tx *sql.Tx, e orders.Event) error {
	if e.Kind == orders.EventPlaced {
		return h.postCards(ctx, tx, e)
	}
	return h.editStaleCards(ctx, tx, e)
}

// showInGroups reports whether o may be posted to a group: never counselling, by the shape it
// was placed with or its category's now.
func (h *Handlers) showInGroups(o orders.Order) bool {
	if o.Shape == orders.ShapeRemote {
		return false
	}
	cat, err := h.orders.Catalog().Lookup(o.Category)
	return err != nil || cat.ShowInGroups()
}

// postCards posts e's new order to every group mirroring its zone.
func (h *Handlers) postCards(ctx context.Context, tx *sql.Tx, e orders.Event) error {
	if !h.showInGroups(e.Order) {
		return nil
	}
	return h.eachGroup(ctx, tx, e.Order.Zone, func(chat int64, lang string) error {
		return h.postCard(ctx, tx, chat, lang, e)
	})
}

// eachGroup calls do for every group mirroring zone's queue, with the group's language.
func (h *Handlers) eachGroup(ctx context.Context, tx *sql.Tx, zone string, do func(chat int64, lang string) error) error {
	groups, err := people.GroupsFor(ctx, tx, zone)
	if err != nil {
		return err
	}
	for _, g := range groups {
		lang, err := h.groupLang(ctx, tx, g.ChatID)
		if err != nil {
			return err
		}
		if err := do(g.ChatID, lang); err != nil {
			return err
		}
	}
	return nil
}

// postCard posts e's order to group chat as its card in lang, tracked to be kept up to date.
func (h *Handlers) postCard(ctx context.Context, tx *sql.Tx, chat int64, lang string, e orders.Event) error {
	m := h.groupCard(lang, e, "")
	m.ChatID = chat
	id, err := outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, e.At)
	if err != nil {
		return err
	}
	return orders.TrackCard(ctx, tx, orders.Card{OutboxID: id, ChatID: chat, Kind: orders.CardGroup, Lang: lang, Orders: []int64{e.OrderID}}, e.At)
}

// groupCard renders e's order as a group sees it after e: the pre-claim card only (never the
// household's name, phone, room, note, nor that it is vulnerable) under a line saying where it stands, with the Claim
// button while it is open. who is the claimer's first name for a claim.
func (h *Handlers) groupCard(lang string, e orders.Event, who string) outbox.Message {
	o := e.Order
	o.Vulnerable = false             // that an elderly person lives alone in that building is not the group's to know
	if orders.Discreet(o.Category) { // nor what medicine, or what worry, a household there has
		o.Items, o.Media = i18n.T(lang, "groups.items_discreet"), orders.Media{}
	}
	card := i18n.Raw(h.preClaimCard(lang, o, e.At))
	var text string
	switch {
	case e.Kind == orders.EventPlaced, e.Kind == orders.EventAmended: // amended: more items
		text = i18n.T(lang, "groups.card_new", card)
	case e.Kind == orders.EventClaimed && who != "":
		text = i18n.T(lang, "groups.card_taken_by", who, card)
	case e.Kind == orders.EventClaimed:
		text = i18n.T(lang, "groups.card_taken", card)
	case e.Kind == orders.EventCancelled:
		text = i18n.T(lang, "groups.card_cancelled", card)
	case e.Kind == orders.EventExpired:
		text = i18n.T(lang, "groups.card_expired", card)
	default: // released, re-opened
		text = i18n.T(lang, "groups.card_open_again", card)
	}
	m := outbox.Message{Text: text}
	if e.Order.Status == orders.StatusOpen {
		m.Buttons = [][]outbox.Button{{claimButton(lang, e.OrderID)}}
	}
	return m
}

// groupLang is the language of chat's cards: its binding admin's, else the configured one.
func (h *Handlers) groupLang(ctx context.Context, tx *sql.Tx, chat int64) (string, error) {
	return people.GroupLang(ctx, tx, chat, h.o.DefaultLang)
}
