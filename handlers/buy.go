package handlers

import (
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// /buy lists the rounds open to the households the user acts for; pressing one shows its card
// with a button per item, then quantities, Done (the total price) and Withdraw, until the
// cut-off. "/buy <R-id> <item-no>x<qty> ..." does the same in one line. Relatives and grid
// workers sign up for the households they act for, and the household is told.
//
// Buttons carry "b:<verb>:<round>[:<household>[:<item>[:<qty>]]]"; every press is authorised
// again from the presser (they must act for the household, the household must be in the round's
// audience), never from the data.

// buyCommand is /buy [<R-id> <item-no>x<qty> ...].
func (h *Handlers) buyCommand(r *request) error {
	if strings.TrimSpace(r.cmd.Args) != "" {
		return h.buyLine(r)
	}
	mine, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		return userErr("buy.not_registered")
	}
	var b strings.Builder
	var rows [][]outbox.Button
	seen := map[int64]bool{}
	for _, m := range mine {
		open, err := h.supplies.Open(r.ctx, r.unit.Tx, m.Household.Zone, m.Household.Building)
		if err != nil {
			return err
		}
		for _, x := range open {
			if x.Kind != supplies.GroupBuy || seen[x.ID] {
				continue
			}
			seen[x.ID] = true
			b.WriteString("\n" + r.t("buy.round_line", x.ID, i18n.Clip(x.Title, 60), h.localTime(x.Cutoff)))
			rows = append(rows, []outbox.Button{{Text: r.label("round.signup_button", x.ID), Data: buyButtons.data("r", strconv.FormatInt(x.ID, 10))}})
		}
	}
	if len(rows) == 0 {
		return r.reply(r.t("buy.none"))
	}
	return r.reply(r.t("buy.title")+b.String(), rows...)
}

// buyLine is /buy <R-id> <item-no>x<qty> ...: every line is taken, or none.
func (h *Handlers) buyLine(r *request) error {
	id, wants, err := supplies.ParseBuy(r.cmd.Args)
	if err != nil {
		if e := h.refused(buyingLine, err, id); isRefusal(e) {
			return e
		}
		return userErr("buy.usage") // the line does not parse
	}
	x, hh, err := h.buyer(r, id, 0)
	if err != nil {
		return err
	}
	for _, w := range wants {
		if err := h.sign(r, x, hh, w.No, w.Quantity); err != nil {
			return err
		}
	}
	text, err := h.basketText(r, x, hh)
	if err != nil {
		return err
	}
	return r.reply(text, h.basketButtons(r, x, hh)...)
}

// buyer finds round id and the household the presser signs up for: household if given (they
// must act for it), else the first they act for that is in the round's audience.
func (h *Handlers) buyer(r *request, id, household int64) (supplies.Round, people.Household, error) {
	x, err := h.supplies.Get(r.ctx, r.unit.Tx, id)
	if err != nil {
		return x, people.Household{}, h.refused(rounding, err, id)
	}
	mine, err := people.HouseholdsOf(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return x, people.Household{}, err
	}
	if len(mine) == 0 {
		return x, people.Household{}, userErr("buy.not_registered")
	}
	for _, m := range mine {
		if (household == 0 || m.Household.ID == household) && x.Serves(m.Household.Zone, m.Household.Building) {
			return x, m.Household, nil
		}
	}
	if household != 0 {
		return x, people.Household{}, userErr("error.stale_button")
	}
	return x, people.Household{}, userErr("buy.not_in_audience", id)
}

// sign takes one line for hh, telling the household's other members when someone signs up for
// them; a refusal answers with the one reason.
func (h *Handlers) sign(r *request, x supplies.Round, hh people.Household, no, qty int) error {
	l, err := h.supplies.Sign(r.ctx, r.unit.Tx, supplies.Request{RoundID: x.ID, HouseholdID: hh.ID, Zone: hh.Zone,
		Building: hh.Building, ItemNo: no, Quantity: qty, By: r.user.ID}, r.unit.Now)
	if err != nil {
		return h.refused(rounding, err, x.ID)
	}
	it, _ := x.Item(no)
	members, err := people.Members(r.ctx, r.unit.Tx, hh.ID)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.UserID == r.user.ID {
			continue
		}
		if err := h.tell(r.ctx, r.unit.Tx, m.UserID, r.unit.Now, "buy.signed_for_you", x.ID, x.Title, it.Name, l.Quantity, r.user.FirstName); err != nil {
			return err
		}
	}
	return nil
}

// basketText is the household's sign-up for x: each line, waiting places and the total price.
func (h *Handlers) basketText(r *request, x supplies.Round, hh people.Household) (string, error) {
	x, err := h.supplies.Get(r.ctx, r.unit.Tx, x.ID)
	if err != nil {
		return "", err
	}
	lines, err := h.supplies.Lines(r.ctx, r.unit.Tx, x.ID, hh.ID)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(r.t("buy.card_title", x.ID, i18n.Clip(x.Title, 60), h.localTime(x.Cutoff)))
	b.WriteString(h.roundTerms(r.lang(), x))
	for _, it := range x.Items {
		b.WriteString("\n" + itemLine(r.lang(), x.Kind, it))
	}
	b.WriteString("\n\n" + r.t("buy.basket_for", i18n.Clip(address(hh.Building, hh.Unit, hh.Room), 60)))
	var sum int64
	for _, l := range lines {
		it, _ := x.ItemByID(l.ItemID)
		if l.Waiting {
			b.WriteString("\n" + r.t("buy.line_waiting", it.No, i18n.Clip(it.Name, 40), l.Quantity, l.Position))
			if left := it.Left(); left > 0 { // fewer than asked are left: they can be had at once
				b.WriteString("\n" + r.t("buy.line_fewer_left", left, x.ID, it.No, left))
			}
			continue
		}
		sum += it.Price * int64(l.Quantity)
		b.WriteString("\n" + r.t("buy.line", it.No, i18n.Clip(it.Name, 40), l.Quantity, yuan(it.Price*int64(l.Quantity))))
	}
	if len(lines) == 0 {
		b.WriteString("\n" + r.t("buy.empty"))
	}
	b.WriteString("\n" + r.t("buy.total", yuan(sum)))
	return b.String(), nil
}

// basketButtons are a button per item, Done and Withdraw all.
func (h *Handlers) basketButtons(r *request, x supplies.Round, hh people.Household) [][]outbox.Button {
	pre := string(buyButtons) + ":%s:" + strconv.FormatInt(x.ID, 10) + ":" + strconv.FormatInt(hh.ID, 10)
	data := func(verb string) string { return strings.Replace(pre, "%s", verb, 1) }
	var rows [][]outbox.Button
	var row []outbox.Button
	for _, it := range x.Items {
		row = append(row, outbox.Button{Text: i18n.Clip(strconv.Itoa(it.No)+". "+it.Name, 30), Data: data("i") + ":" + strconv.Itoa(it.No)})
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return append(rows, []outbox.Button{
		{Text: r.label("buy.done_button"), Data: data("d")},
		{Text: r.label("buy.withdraw_all_button"), Data: data("w") + ":0"},
	})
}
