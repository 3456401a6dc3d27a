package handlers

import (
	"errors"
	"strconv"
	"strings"

	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// buyArgs are the numbers of a "b:..." button: round, household, item, quantity (as many as given).
type buyArgs struct {
	verb                 string
	round, household     int64
	item, qty            int
	hasItem, hasQuantity bool
}

// parseBuyData reads "b:<verb>:<round>[:<household>[:<item>[:<qty>]]]"; anything else is stale.
func parseBuyData(data string) (buyArgs, bool) {
	f := strings.Split(data, ":")
	if len(f) < 3 || len(f) > 6 || f[0] != "b" {
		return buyArgs{}, false
	}
	a := buyArgs{verb: f[1]}
	var nums [4]int64
	for i, s := range f[2:] {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < 0 || v > 1<<40 {
			return a, false
		}
		nums[i] = v
	}
	a.round, a.household = nums[0], nums[1]
	a.item, a.qty = int(nums[2]), int(nums[3])
	a.hasItem, a.hasQuantity = len(f) >= 5, len(f) == 6
	return a, a.round > 0 && (len(f) == 3 || a.household > 0)
}

// buyButton takes every "b:..." press.
func (h *Handlers) buyButton(r *request) error {
	a, ok := parseBuyData(r.callback.Data)
	if !ok {
		return userErr("error.stale_button")
	}
	switch a.verb {
	case "c":
		return h.confirmParcel(r, a)
	case "a":
		return h.homeAgain(r, a)
	}
	x, hh, err := h.buyer(r, a.round, a.household)
	if err != nil {
		return err
	}
	switch {
	case a.verb == "r" || a.verb == "d" || a.verb == "h":
		if err := stateOf(x); err != nil && a.verb == "r" {
			return h.refused(rounding, err, x.ID)
		}
	case a.verb == "i" && a.hasItem:
		return h.askQuantity(r, x, hh, a.item)
	case a.verb == "q" && a.hasQuantity:
		if err := h.sign(r, x, hh, a.item, a.qty); err != nil {
			return err
		}
	case a.verb == "w" && a.hasItem:
		if _, err := h.supplies.Withdraw(r.ctx, r.unit.Tx, x.ID, hh.ID, a.item, r.unit.Now); err != nil {
			return h.refused(rounding, err, x.ID)
		}
	default:
		return userErr("error.stale_button")
	}
	text, err := h.basketText(r, x, hh)
	if err != nil {
		return err
	}
	if a.verb == "r" { // from an announcement or /buy: the card is a message of its own
		return r.reply(text, h.basketButtons(r, x, hh)...)
	}
	if a.verb == "d" {
		return h.showAgain(r, text+"\n\n"+r.t("buy.done_hint", h.localTime(x.Cutoff)))
	}
	return h.showAgain(r, text, h.basketButtons(r, x, hh)...)
}

// stateOf is why round x takes no sign-ups (nil if it does), as the supplies package says.
func stateOf(x supplies.Round) error {
	switch x.Status {
	case supplies.StatusOpen:
		if x.Kind != supplies.GroupBuy {
			return supplies.ErrNoSignUp
		}
		return nil
	case supplies.StatusCancelled:
		return supplies.ErrCancelled
	case supplies.StatusDraft, supplies.StatusApproved:
		return supplies.ErrNotOpen
	}
	return supplies.ErrClosed
}

// askQuantity offers quantities 1..max of item no (and Withdraw if signed up).
func (h *Handlers) askQuantity(r *request, x supplies.Round, hh people.Household, no int) error {
	it, ok := x.Item(no)
	if !ok {
		return userErr("buy.no_item", x.ID)
	}
	if err := stateOf(x); err != nil {
		return h.refused(rounding, err, x.ID)
	}
	pre := string(buyButtons) + ":%s:" + strconv.FormatInt(x.ID, 10) + ":" + strconv.FormatInt(hh.ID, 10) + ":" + strconv.Itoa(no)
	var rows [][]outbox.Button
	var row []outbox.Button
	for q := 1; q <= min(it.Max, 10); q++ {
		row = append(row, outbox.Button{Text: strconv.Itoa(q), Data: strings.Replace(pre, "%s", "q", 1) + ":" + strconv.Itoa(q)})
		if len(row) == 5 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []outbox.Button{
		{Text: r.label("buy.withdraw_button"), Data: strings.Replace(pre, "%s", "w", 1)},
		{Text: r.label("buy.back_button"), Data: buyButtons.data("h", strconv.FormatInt(x.ID, 10), strconv.FormatInt(hh.ID, 10))},
	})
	ask := r.t("buy.ask_quantity", x.ID, it.No, it.Name, it.Max)
	if !it.Capped() {
		ask = r.t("buy.ask_quantity_any", x.ID, it.No, it.Name, x.ID, it.No)
	}
	return h.showAgain(r, ask, rows...)
}

// confirmParcel is "b:c:<round>:<household>": the household confirms its parcel arrived.
func (h *Handlers) confirmParcel(r *request, a buyArgs) error {
	if err := actsFor(r, a.household); err != nil {
		return err
	}
	if err := h.supplies.Receive(r.ctx, r.unit.Tx, a.round, a.household, r.unit.Now); err != nil {
		return userErr("buy.already_confirmed", a.round)
	}
	return r.reply(r.t("buy.received", a.round))
}

// homeAgain is a household found not home saying it is back: the volunteer is asked to come
// again, and the button goes from the message that offered it.
func (h *Handlers) homeAgain(r *request, a buyArgs) error {
	if err := actsFor(r, a.household); err != nil {
		return err
	}
	if _, err := h.supplies.HomeAgain(r.ctx, r.unit.Tx, a.round, a.household, r.user.ID, r.unit.Now); err != nil {
		if errors.Is(err, supplies.ErrWrongState) {
			return userErr("round.home_again_not_now", a.round)
		}
		return err
	}
	return h.showAgain(r, r.t("round.home_again_ok", a.round))
}

// actsFor refuses a press for a household the presser does not act for (a forged button).
func actsFor(r *request, household int64) error {
	ok, err := people.MayActFor(r.ctx, r.unit.Tx, r.user.ID, household)
	if err != nil {
		return err
	}
	if !ok {
		return userErr("error.stale_button")
	}
	return nil
}
