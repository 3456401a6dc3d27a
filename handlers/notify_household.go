package handlers

import (
	"context"
	"database/sql"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// NotifyOrder tells everyone who acts for the order's household (the resident, linked
// relatives, the grid worker who placed it) about a change they did not make themselves. It runs
// inside the transaction of the change (orders.Options.Notify), so the change and the messages
// commit together.
func (h *Handlers) NotifyOrder(ctx context.Context, tx *sql.Tx, e orders.Event) error {
	for _, tell := range []func(context.Context, *sql.Tx, orders.Event) error{
		h.notifyHousehold, h.notifyVolunteers, h.mirrorToGroups,
	} {
		if err := tell(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// householdTold are the events the household's people are told of, each with its "notify." text.
var householdTold = map[string]bool{
	orders.EventPlaced: true, orders.EventClaimed: true, orders.EventReleased: true, orders.EventDelivered: true,
	orders.EventReceived: true, orders.EventCancelled: true, orders.EventExpired: true, orders.EventUndelivered: true,
	orders.EventEscalated: true, // still waiting: more volunteers were asked, and the admins told
}

// notifyHousehold tells the household's people of a change someone else made.
func (h *Handlers) notifyHousehold(ctx context.Context, tx *sql.Tx, e orders.Event) error {
	if !householdTold[e.Kind] {
		return nil // re-opened, amended: nothing new for the household
	}
	key := "notify." + e.Kind
	if e.Kind == orders.EventUndelivered {
		key += "." + e.Detail // taken back by the volunteer, or said not received by one of the household
	}
	members, err := people.Members(ctx, tx, e.Order.HouseholdID)
	if err != nil {
		return err
	}
	who, err := h.claimerName(ctx, tx, e) // "" unless claimed: then who is coming
	if err != nil {
		return err
	}
	placer := "" // who placed it, for the others who act for the household
	if e.Kind == orders.EventPlaced {
		if placer, err = h.firstName(ctx, tx, e.Actor); err != nil {
			return err
		}
	}
	// A counselling request is the resident's own business: of the household's people, only they
	// hear of it, not the relatives or the grid worker linked to it.
	private := h.orders.CounsellorsOnly(e.Order)
	for _, m := range members {
		if m.UserID == e.Actor || private && m.Relation != people.RelSelf {
			continue // the actor gets the direct answer
		}
		lang, err := h.langOf(ctx, tx, m.UserID)
		if err != nil {
			return err
		}
		order := i18n.Raw(h.renderOrder(lang, e.Order, e.At))
		text := ""
		switch {
		case who != "":
			text = i18n.T(lang, "notify.claimed_by", who, e.Order.ID, order)
		case placer != "":
			text = i18n.T(lang, "notify.placed_by", placer, e.Order.ID, order)
		default:
			text = i18n.T(lang, key, e.Order.ID, order)
		}
		if e.Kind == orders.EventPlaced || e.Kind == orders.EventClaimed {
			code, err := h.handoverLine(ctx, tx, lang, e.Order) // to the household's own chats only
			if err != nil {
				return err
			}
			text += code
		}
		msgs := []outbox.Message{{ChatID: m.UserID, Text: text}}
		if e.Kind == orders.EventDelivered {
			// One tap to confirm (or to say it never came), and the volunteer's photo of the goods
			// at the door.
			msgs[0].Buttons = [][]outbox.Button{receiptButtons(lang, e.Order.ID)}
			if e.Order.DeliveryPhoto != "" {
				msgs = append(msgs, outbox.Message{Kind: outbox.KindPhoto, ChatID: m.UserID, Photo: e.Order.DeliveryPhoto,
					Text: i18n.T(lang, "notify.delivery_photo", e.Order.ID)})
			}
		}
		for _, msg := range msgs {
			if _, err := outbox.Add(ctx, tx, msg, outbox.Options{Priority: outbox.PriorityNotify}, e.At); err != nil {
				return err
			}
		}
	}
	return nil
}
