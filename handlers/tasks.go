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

// Tasks are the orders a volunteer holds: /claim <id> (or the Claim button), /deliver <id> (a
// photo captioned "/deliver <id>" keeps the photo of the goods at the door), /release <id>
// [reason] and /mytasks. The claimer's card, with the household's name, phone and address, is
// only ever sent to the claimer's private chat, and only while the task is theirs.
//
// An off-duty volunteer may still claim (they are plainly working): the answer reminds them
// that nothing is pushed to them.

// tasksBudget is how much HTML (in UTF-16 units) /mytasks puts in one message, under Telegram's 4096.
const tasksBudget = 3600

// queueButton takes the q:... buttons. Claim may be pressed in a group (a mirrored card); the
// others are only ever shown in the volunteer's private chat.
func (h *Handlers) queueButton(r *request) error {
	_, rest := callbackData(r.callback.Data)
	verb, arg, _ := strings.Cut(rest, ":")
	if verb != "c" && !r.private {
		return userErr("error.stale_button") // only Claim is ever shown in a group
	}
	if verb == "p" {
		return h.nextQueuePage(r, arg)
	}
	id, ok := parseOrderID(arg)
	if !ok || strings.HasPrefix(arg, "#") {
		return userErr("error.stale_button")
	}
	switch verb {
	case "c":
		return h.claim(r, id)
	case "d":
		return h.deliver(r, id, "")
	case "r":
		return h.release(r, id, "")
	case "u":
		return h.undoDelivery(r, id)
	}
	return userErr("error.stale_button")
}

// claimCommand is /claim <id>.
func (h *Handlers) claimCommand(r *request) error {
	if id, ok := batchArg(r); ok {
		return h.claimBatch(r, id)
	}
	id, _, err := taskArgs(r, "claim.usage", false)
	if err != nil {
		return err
	}
	return h.claim(r, id)
}

// taskArgs reads "<id>" (and, if rest, a free text after it) from a task command; only in a
// private chat, where the claimer's card may be shown.
func taskArgs(r *request, usage string, rest bool) (int64, string, error) {
	args := strings.TrimSpace(r.cmd.Args)
	head, tail, _ := strings.Cut(args, " ")
	id, ok := parseOrderID(head)
	if !ok || (!rest && strings.TrimSpace(tail) != "") {
		return 0, "", userErr(usage)
	}
	return id, strings.TrimSpace(i18n.Clean(tail)), nil
}

// claim gives order id to the presser or sender if they may take it.
func (h *Handlers) claim(r *request, id int64) error {
	t, err := h.taker(r)
	if err != nil {
		return err
	}
	o, err := h.orders.Get(r.ctx, r.unit.Tx, id)
	if err != nil {
		return h.taskError(r, err, o, id)
	}
	if !h.mayTake(t, o) {
		return userErr("queue.not_for_you", id)
	}
	if o, err = h.orders.ClaimRead(r.ctx, r.unit.Tx, o, r.user.ID, r.unit.Now); err != nil {
		return h.taskError(r, err, o, id)
	}
	if err := people.TouchVolunteerRead(r.ctx, r.unit.Tx, t.vol, r.unit.Now); err != nil {
		return err
	}
	if err := r.answer(i18n.Plain(r.t("queue.claimed_toast", id)), false); err != nil {
		return err
	}
	card, err := h.claimerCard(r, o)
	if err != nil {
		return err
	}
	text := r.t("queue.claimed", id, i18n.Raw(card), id)
	if t.offDuty() {
		text += "\n\n" + r.t("queue.claimed_off_duty")
	}
	// To the claimer's private chat, also when the Claim button was pressed in a group; tracked,
	// so the address goes when the task ends, however it ends (cards.go).
	if err := h.sendTaskCard(r.ctx, r.unit.Tx, r.user.ID, r.lang(), id, text, outbox.PriorityReply, r.unit.Now); err != nil {
		return err
	}
	if err := h.sendMedia(r, o); err != nil { // media.go: the voice message or photo, to the claimer only
		return err
	}
	if o.PrescriptionPhoto == "" {
		return nil
	}
	return r.send(outbox.Message{Kind: outbox.KindPhoto, ChatID: r.user.ID, Photo: o.PrescriptionPhoto,
		Text: r.t("queue.rx_photo_caption", id)})
}

// releaseCommand is /release <id> [reason]: the claimer their own, an admin anyone's.
func (h *Handlers) releaseCommand(r *request) error {
	if id, ok := batchArg(r); ok {
		return h.releaseBatch(r, id)
	}
	id, reason, err := taskArgs(r, "release.usage", true)
	if err != nil {
		return err
	}
	return h.release(r, id, i18n.Clip(reason, 200))
}

func (h *Handlers) release(r *request, id int64, reason string) error {
	if _, err := h.taker(r); err != nil {
		return err
	}
	onCard, err := h.pressedCard(r)
	if err != nil {
		return err
	}
	admin := r.admin // a scoped admin releases others' orders in their zones only
	if o, err := h.orders.Get(r.ctx, r.unit.Tx, id); admin && !r.scope.All && err == nil {
		admin = r.scope.Covers(o.Zone)
	}
	o, err := h.orders.Release(r.ctx, r.unit.Tx, id, r.user.ID, admin, reason, r.unit.Now)
	if err != nil {
		return h.taskError(r, err, o, id)
	}
	if err := people.TouchVolunteer(r.ctx, r.unit.Tx, r.user.ID, r.unit.Now); err != nil {
		return err
	}
	return h.afterTask(r, r.t("queue.released", id), onCard)
}

// deliverCommand is /deliver <id> [code], as text or as the caption of a photo of the goods at
// the door. An order with a hand-over code asks for it unless it is given.
func (h *Handlers) deliverCommand(r *request) error {
	if id, ok := batchArg(r); ok { // a batch is delivered household by household: its checklist
		return h.checklist(r, id, 0, false)
	}
	id, _, err := taskArgs(r, h.deliverUsage(), true)
	if err != nil {
		return err
	}
	_, tail, _ := strings.Cut(strings.TrimSpace(r.cmd.Args), " ") // as typed: a control byte is no code
	tail = strings.TrimSpace(tail)
	code, ok := handoverDigits(tail)
	if tail != "" && !ok {
		return userErr(h.deliverUsage())
	}
	photo := ""
	if r.msg != nil && len(r.msg.Photo) > 0 {
		photo = r.msg.Photo[len(r.msg.Photo)-1].FileID // the largest size
	}
	if tail == "" {
		return h.deliver(r, id, photo)
	}
	if _, err := h.taker(r); err != nil {
		return err
	}
	left, err := h.tryHandover(r, id, code, photo, 0)
	if err != nil || left == 0 {
		return err
	}
	return h.askForHandover(r, id, photo, strconv.Itoa(left)) // wrong: type it again
}

func (h *Handlers) deliver(r *request, id int64, photo string) error {
	if _, err := h.taker(r); err != nil {
		return err
	}
	onCard, err := h.pressedCard(r)
	if err != nil {
		return err
	}
	if need, err := h.orders.NeedsHandover(r.ctx, r.unit.Tx, id, r.user.ID); errors.Is(err, orders.ErrHandoverLocked) {
		return h.refused(tasking, err, id)
	} else if err == nil && need {
		return h.askForHandover(r, id, photo, "")
	}
	o, err := h.orders.Deliver(r.ctx, r.unit.Tx, id, r.user.ID, photo, r.unit.Now)
	if err != nil {
		return h.taskError(r, err, o, id)
	}
	if err := people.TouchVolunteer(r.ctx, r.unit.Tx, r.user.ID, r.unit.Now); err != nil {
		return err
	}
	return h.afterTask(r, r.t(deliveredKey(photo), id), onCard, undoButton(r.lang(), id))
}

// deliverUsage is /deliver's usage, with the hand-over code only where codes are on.
func (h *Handlers) deliverUsage() string {
	if h.orders.HandoverOn() {
		return "deliver.usage_code"
	}
	return "deliver.usage"
}

// undoDelivery takes back the user's "Delivered" on order id: the order is their task again,
// sent afresh with its address and buttons (tracked, like a claim's card), and the household is
// told it is still on its way.
func (h *Handlers) undoDelivery(r *request, id int64) error {
	if _, err := h.taker(r); err != nil {
		return err
	}
	o, err := h.orders.UndoDelivery(r.ctx, r.unit.Tx, id, r.user.ID, r.unit.Now)
	if err != nil { // already theirs again, or confirmed received: taskError says which
		return h.taskError(r, err, o, id)
	}
	if r.callback != nil {
		if err := r.answer(r.label("queue.undone_toast", id), false); err != nil {
			return err
		}
		if err := h.showAgain(r, r.t("queue.undone_was", id)); err != nil {
			return err
		}
	}
	return h.sendTask(r.ctx, r.unit.Tx, r.user.ID, r.lang(), o, r.t("queue.undone", id), r.unit.Now)
}

// sendTask sends claimer the card of task o, under lead (sendTaskCard).
func (h *Handlers) sendTask(ctx context.Context, tx *sql.Tx, claimer int64, lang string, o orders.Order, lead string, now time.Time) error {
	card, err := h.taskCard(ctx, tx, lang, o, now)
	if err != nil {
		return err
	}
	return h.sendTaskCard(ctx, tx, claimer, lang, o.ID, lead+"\n\n"+card, outbox.PriorityReply, now)
}

// sendTaskCard sends claimer text about their task id, with its Deliver and Release buttons, at
// prio, tracked so that its address and buttons go once the task ends (cards.go).
func (h *Handlers) sendTaskCard(ctx context.Context, tx *sql.Tx, claimer int64, lang string, id int64, text string,
	prio outbox.Priority, now time.Time) error {
	box, err := outbox.Add(ctx, tx, outbox.Message{ChatID: claimer, Text: text, Buttons: [][]outbox.Button{taskButtonsIn(lang, id)}},
		outbox.Options{Priority: prio}, now)
	if err != nil {
		return err
	}
	return orders.TrackCard(ctx, tx, orders.Card{OutboxID: box, ChatID: claimer, Kind: orders.CardTask, Lang: lang, Orders: []int64{id}}, now)
}

// afterTask answers a delivery or release. A button's card is replaced, so the household's
// address does not stay on screen once the task is no longer the volunteer's; a tracked card
// (onCard) is already being edited to say so (cards.go), and the press gets a toast.
func (h *Handlers) afterTask(r *request, text string, onCard bool, rows ...[]outbox.Button) error {
	switch {
	case r.callback != nil && onCard:
		return r.answer(i18n.Clip(i18n.Plain(text), 200), false)
	case r.callback != nil:
		return h.showAgain(r, text, rows...)
	}
	return r.reply(text, rows...)
}

// myTasks is /mytasks: the orders the user holds, each with the claimer's card and buttons.
func (h *Handlers) myTasks(r *request) error {
	if _, err := h.taker(r); err != nil {
		return err
	}
	list, err := h.orders.ClaimedBy(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return r.reply(r.t("mytasks.none"))
	}
	var b strings.Builder
	b.WriteString(r.t("mytasks.title", len(list)))
	var rows [][]outbox.Button
	page := orders.Card{ChatID: r.chatID, Kind: orders.CardTask, Lang: r.lang()}
	for i, o := range list {
		card, err := h.claimerCard(r, o)
		if err != nil {
			return err
		}
		if i > 0 && utf16Len(b.String())+utf16Len(card)+200 > tasksBudget {
			b.WriteString("\n\n" + r.t("mytasks.more", len(list)-i))
			break
		}
		b.WriteString("\n\n" + card)
		rows = append(rows, taskButtons(r, o.ID))
		page.Orders = append(page.Orders, o.ID)
	}
	b.WriteString("\n\n" + r.t("mytasks.footer", list[0].ID))
	// Tracked like the claimer's card: edited once any of its tasks ends (cards.go).
	box, err := r.sendID(outbox.Message{Text: b.String(), Buttons: rows})
	if err != nil {
		return err
	}
	page.OutboxID = box
	return orders.TrackCard(r.ctx, r.unit.Tx, page, r.unit.Now)
}

// taskError answers a refused claim, release or delivery of order id; o is the order as it
// stands, when the domain returned it.
func (h *Handlers) taskError(r *request, err error, o orders.Order, id int64) error {
	if e := h.refused(tasking, err, id); isRefusal(e) {
		return e
	}
	switch {
	case !errors.Is(err, orders.ErrWrongState):
		return h.refused(ordering, err)
	case o.Status == orders.StatusClaimed && o.ClaimedBy == r.user.ID:
		return userErr("queue.already_yours", id)
	case o.Status == orders.StatusOpen:
		return userErr("queue.not_your_task", id)
	}
	return userErr("queue.closed", id, i18n.Raw(r.t("status."+string(o.Status))))
}

// tellClaimersOfChange: a household changed its name, phone or address (/profile) while
// volunteers hold its orders. Each claimer's cards of them are edited to say so, without the old
// address or buttons, and a new card with the new details goes to them, so nobody walks to the
// old door.
func (h *Handlers) tellClaimersOfChange(r *request, was, now people.Household) error {
	if was.Name == now.Name && was.Phone == now.Phone && was.Zone == now.Zone &&
		address(was.Building, was.Unit, was.Room) == address(now.Building, now.Unit, now.Room) {
		return nil
	}
	list, err := h.orders.ByHousehold(r.ctx, r.unit.Tx, []int64{now.ID}, 100)
	if err != nil {
		return err
	}
	for _, o := range list {
		if o.Status != orders.StatusClaimed || o.ClaimedBy == 0 {
			continue
		}
		cards, err := orders.OutdatedTaskCards(r.ctx, r.unit.Tx, o.ID)
		if err != nil {
			return err
		}
		lang, err := h.langOf(r.ctx, r.unit.Tx, o.ClaimedBy)
		if err != nil {
			return err
		}
		for _, c := range cards {
			m := outbox.Message{EditOf: c.OutboxID, Text: i18n.T(c.Lang, "cards.task_moved", o.ID)}
			if _, err := outbox.Add(r.ctx, r.unit.Tx, m, outbox.Options{}, r.unit.Now); err != nil {
				return err
			}
		}
		if err := h.sendTask(r.ctx, r.unit.Tx, o.ClaimedBy, lang, o, i18n.T(lang, "queue.household_changed", o.ID), r.unit.Now); err != nil {
			return err
		}
	}
	return nil
}
