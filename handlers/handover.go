package handlers

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// Hand-over codes ([orders] handover_code): the household is shown its order's 4-digit code;
// the claimer's Delivered button, or /deliver <id>, asks for it in a one-step flow, and
// /deliver <id> <code> gives it at once. The domain counts wrong codes (orders.DeliverWithCode);
// a wrong one is answered without an error, so the count commits. After the last allowed wrong
// try the zone's admins are told (never the code). The code is never written to a volunteer or
// a group: only to the household's own chats.

// handoverFlow is the claimer's one question: the code of data["order"].
func (h *Handlers) handoverFlow() *flowDef {
	return &flowDef{
		name:   "handover",
		cancel: "handover.cancelled",
		steps:  map[string]step{"code": {ask: h.askHandover, text: h.typedHandover}},
		finish: func(*request, *people.Flow) error { return nil }, // the step has answered
	}
}

// askForHandover starts the flow for order id; a press on a card remembers the card, which is
// replaced once the order is delivered.
func (h *Handlers) askForHandover(r *request, id int64, photo, left string) error {
	data := map[string]string{"order": strconv.FormatInt(id, 10), "photo": photo, "left": left}
	tracked, err := h.pressedCard(r) // a tracked card is edited by cards.go once it is delivered
	if err != nil {
		return err
	}
	if !tracked && r.callback != nil && r.msg != nil && carriesButton(r.msg.ReplyMarkup, r.callback.Data) {
		data["card"] = strconv.Itoa(r.msg.ID)
	}
	return h.startFlow(r, h.flows()["handover"], "code", data)
}

func (h *Handlers) askHandover(r *request, f *people.Flow) error {
	id, _ := strconv.ParseInt(f.Data["order"], 10, 64)
	text := r.t("handover.ask", id)
	if left, _ := strconv.Atoi(f.Data["left"]); left > 0 {
		text = r.t("handover.wrong", left) + "\n\n" + text
	}
	return r.reply(text, cancelRow(r, "code"))
}

// typedHandover takes the code typed in the flow.
func (h *Handlers) typedHandover(r *request, f *people.Flow, s string) (string, error) {
	code, ok := handoverDigits(s)
	if !ok {
		return "", userErr("handover.bad_format")
	}
	id, _ := strconv.ParseInt(f.Data["order"], 10, 64)
	card, _ := strconv.Atoi(f.Data["card"])
	left, err := h.tryHandover(r, id, code, f.Data["photo"], card)
	if err != nil || left == 0 {
		return stepDone, err
	}
	f.Data["left"] = strconv.Itoa(left)
	return "", nil // asked again, with the tries left
}

// tryHandover checks code for order id and answers: delivered, refused for good, or wrong with
// left tries (left > 0: the caller asks again). Nothing here is a userError, so the count of
// wrong tries commits.
func (h *Handlers) tryHandover(r *request, id int64, code, photo string, card int) (left int, err error) {
	o, err := h.orders.DeliverWithCode(r.ctx, r.unit.Tx, id, r.user.ID, code, photo, r.unit.Now)
	var he *orders.HandoverError
	if errors.As(err, &he) && errors.Is(err, orders.ErrHandoverWrong) {
		return he.Left, nil
	}
	if he != nil && he.JustLocked {
		if err := h.tellHandoverLocked(r.ctx, r.unit.Tx, he.Order, r.user.ID, r.unit.Now); err != nil {
			return 0, err
		}
	}
	if err != nil { // locked, no longer theirs, cancelled meanwhile: answered, not rolled back
		var ue *userError
		if e := h.taskError(r, err, o, id); !errors.As(e, &ue) {
			return 0, e
		}
		return 0, r.reply(r.t(ue.key, ue.args...))
	}
	if err := people.TouchVolunteer(r.ctx, r.unit.Tx, r.user.ID, r.unit.Now); err != nil {
		return 0, err
	}
	text := r.t(deliveredKey(photo), id)
	if card > 0 { // the card with the address goes, as after a press without a code
		if err := r.send(outbox.Message{Kind: outbox.KindEdit, EditMessageID: card, Text: text}); err != nil {
			return 0, err
		}
	}
	return 0, r.reply(text, undoButton(r.lang(), id))
}

func deliveredKey(photo string) string {
	if photo != "" {
		return "queue.delivered_photo"
	}
	return "queue.delivered"
}

// handoverDigits reads a typed code: four digits, full-width ones, spaces and dashes allowed;
// anything else (a control byte included) makes it no code at all.
func handoverDigits(s string) (string, bool) {
	var b strings.Builder
	for _, c := range strings.TrimSpace(s) {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c >= '０' && c <= '９':
			b.WriteRune('0' + c - '０')
		case c == ' ' || c == '\u3000' || c == '-':
		default:
			return "", false
		}
	}
	return b.String(), b.Len() == 4
}

// tellHandoverLocked tells the admins of o's zone that its delivery was refused after wrong
// codes by volunteer: the order, never the code.
func (h *Handlers) tellHandoverLocked(ctx context.Context, tx *sql.Tx, o orders.Order, volunteer int64, now time.Time) error {
	admins, err := people.ZoneAdmins(ctx, tx, o.Zone, h.o.Admins)
	if err != nil {
		return err
	}
	name, err := h.firstName(ctx, tx, volunteer)
	if err != nil {
		return err
	}
	return h.tellAdmins(ctx, tx, admins, now, func(lang string) string {
		return i18n.T(lang, "handover.locked_admin", o.ID, h.zoneName(o.Zone), h.categoryLabelIn(lang, o.Category),
			orDash(name), volunteer, orders.HandoverTries)
	})
}

// handoverLine is the household's own line with order id's code, "" when it has none.
func (h *Handlers) handoverLine(ctx context.Context, q *sql.Tx, lang string, o orders.Order) (string, error) {
	if o.Status != orders.StatusOpen && o.Status != orders.StatusClaimed {
		return "", nil
	}
	codes, err := h.orders.HandoverCodes(ctx, q, o.ID)
	if err != nil || codes[o.ID] == "" {
		return "", err
	}
	return "\n\n" + i18n.T(lang, "handover.your_code", codes[o.ID]), nil
}
