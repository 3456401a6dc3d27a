package handlers

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// /rounds lists rounds with buttons (approve a draft, close early, export); /closeround <R-id>
// closes one before its cut-off, once the organiser says yes to what it will do; /cancelround <R-id> <reason> calls it off, and everyone signed
// up is told. Buttons carry "r:<verb>:<id>" and are authorised again from the presser.

// roundsShown is how many rounds /rounds lists.
const roundsShown = 15

// roundsCommand is /rounds.
func (h *Handlers) roundsCommand(r *request) error {
	text, rows, err := h.roundsList(r)
	if err != nil {
		return err
	}
	return r.reply(text, rows...)
}

// roundsList is what /rounds shows the sender of r: the rounds they may see, with the buttons of
// what they may do.
func (h *Handlers) roundsList(r *request) (string, [][]outbox.Button, error) {
	w, err := h.rounder(r)
	if err != nil {
		return "", nil, err
	}
	// The rounds under way first, however old, then the latest finished ones; those under way
	// that do not fit are counted, not dropped unsaid.
	active, err := h.supplies.List(r.ctx, r.unit.Tx, true, 500)
	if err != nil {
		return "", nil, err
	}
	recent, err := h.supplies.List(r.ctx, r.unit.Tx, false, roundsShown)
	if err != nil {
		return "", nil, err
	}
	var list []supplies.Round
	seen := map[int64]bool{}
	left := 0
	for _, x := range append(active, recent...) {
		if seen[x.ID] || !w.mayManage(r.user.ID, x) && !w.covers(x.Audience) {
			continue
		}
		seen[x.ID] = true
		switch {
		case len(list) < roundsShown:
			list = append(list, x)
		case x.Status != supplies.StatusDone && x.Status != supplies.StatusCancelled:
			left++
		}
	}
	if len(list) == 0 {
		return r.t("round.none"), nil, nil
	}
	var b strings.Builder
	var rows [][]outbox.Button
	for _, x := range list {
		f, err := h.supplies.Figures(r.ctx, r.unit.Tx, x.ID)
		if err != nil {
			return "", nil, err
		}
		summary := h.roundSummary(r.lang(), x) + roundFigures(r.lang(), x, f)
		b.WriteString("\n\n" + r.t("round.line", x.ID, i18n.Clip(x.Title, 60), i18n.Raw(summary)))
		rows = append(rows, h.roundButtons(r, w, x)...)
	}
	if left > 0 {
		b.WriteString("\n\n" + r.t("round.more", left))
	}
	return r.t("round.list_title") + b.String(), rows, nil
}

// roundButtons are what the viewer may do with x.
func (h *Handlers) roundButtons(r *request, w rounder, x supplies.Round) [][]outbox.Button {
	id := strconv.FormatInt(x.ID, 10)
	var row []outbox.Button
	switch {
	case x.Status == supplies.StatusDraft && w.adminOf(x.Audience):
		row = append(row, outbox.Button{Text: r.label("round.approve_button", x.ID), Data: roundButtons.data("a", id)},
			outbox.Button{Text: r.label("round.decline_button", x.ID), Data: roundButtons.data("d", id)})
	case x.Status == supplies.StatusOpen && w.mayManage(r.user.ID, x):
		row = append(row, outbox.Button{Text: r.label("round.close_button", x.ID), Data: roundButtons.data("c", id)})
	}
	if x.Status != supplies.StatusDraft && w.mayManage(r.user.ID, x) {
		row = append(row, outbox.Button{Text: r.label("round.export_button", x.ID), Data: roundButtons.data("e", id)})
	}
	if x.Status != supplies.StatusDraft && supplies.CanCancel(x) == nil && w.mayManage(r.user.ID, x) { // a draft is declined
		row = append(row, outbox.Button{Text: r.label("round.cancel_button", x.ID), Data: roundButtons.data("x", id)})
	}
	if len(row) == 0 {
		return nil
	}
	return [][]outbox.Button{row}
}

// roundButton takes r:a|c|e:<id>.
func (h *Handlers) roundButton(r *request) error {
	verb, id, ok := verbAndID(r.callback.Data)
	if !ok {
		return userErr("error.stale_button")
	}
	if action, ok := roundActions[verb]; ok {
		r.audited(action, roundArgs(id))
	}
	switch verb {
	case "a":
		return h.approveRound(r, id)
	case "d":
		return h.declineRound(r, id)
	case "c":
		return h.askClose(r, id)
	case "k": // "yes, close it"
		return h.closeRound(r, id)
	case "n": // "not now"
		return h.showAgain(r, r.t("round.close_kept", id))
	case "e":
		return h.exportRound(r, id)
	case "x": // cancel: the reason is asked, since every household signed up is told it
		_, x, err := h.managed(r, id)
		if err != nil {
			return err
		}
		if err := supplies.CanCancel(x); err != nil {
			return h.roundRefusal(r, x, "cancel", err)
		}
		return h.startFlow(r, h.flows()["cancelround"], "reason", map[string]string{"round": strconv.FormatInt(id, 10), "kind": string(x.Kind)})
	}
	return userErr("error.stale_button")
}

// roundActions name the presses of roundButton for the audit log: what they do to a round, or
// the question they ask or drop about it (approve and decline, close, cancel, export).
var roundActions = map[string]string{
	"a": "round:approve", "d": "round:decline", "c": "round:close_asked", "k": "round:close",
	"n": "round:close_kept", "e": "round:export", "x": "round:cancel_asked",
}

// managed reads round id for a rounder who may change it.
func (h *Handlers) managed(r *request, id int64) (rounder, supplies.Round, error) {
	w, err := h.rounder(r)
	if err != nil {
		return w, supplies.Round{}, err
	}
	x, err := h.supplies.Get(r.ctx, r.unit.Tx, id)
	if err != nil {
		return w, x, h.refused(rounding, err, id)
	}
	if !w.mayManage(r.user.ID, x) {
		return w, x, userErr("round.not_yours", id)
	}
	return w, x, nil
}

// proposal reads round id for an admin of its zones, who alone may approve or decline it.
func (h *Handlers) proposal(r *request, id int64) (supplies.Round, error) {
	x, err := h.supplies.Get(r.ctx, r.unit.Tx, id)
	if err != nil {
		return x, h.refused(rounding, err, id)
	}
	if !r.admin || !roundInScope(r.scope, x.Audience) {
		return x, userErr("round.admins_approve")
	}
	return x, nil
}

// approveRound lets an admin approve an organiser's draft, which is then published.
func (h *Handlers) approveRound(r *request, id int64) error {
	x, err := h.proposal(r, id)
	if err != nil {
		return err
	}
	was := x
	x, err = h.supplies.Approve(r.ctx, r.unit.Tx, id, r.user.ID, r.unit.Now)
	if err == nil {
		x, err = h.supplies.Publish(r.ctx, r.unit.Tx, id, r.user.ID, r.unit.Now)
	}
	if err != nil {
		return h.roundRefusal(r, was, "approve", err) // another admin's press came first: its state says so
	}
	if err := h.tell(r.ctx, r.unit.Tx, x.CreatedBy, r.unit.Now, "round.approved_you", x.ID, x.Title); err != nil {
		return err
	}
	return h.answerRequest(r, id, r.t("round.published", x.ID, x.Title, i18n.Raw(h.roundSummary(r.lang(), x))))
}

// declineRound lets an admin turn down an organiser's draft: it is cancelled before anyone saw
// it, and the organiser is told who declined it, to talk it over and propose it again.
func (h *Handlers) declineRound(r *request, id int64) error {
	x, err := h.proposal(r, id)
	if err != nil {
		return err
	}
	if x.Status != supplies.StatusDraft {
		return h.roundRefusal(r, x, "decline", supplies.ErrWrongState)
	}
	if _, err := h.supplies.Cancel(r.ctx, r.unit.Tx, id, r.user.ID, supplies.ReasonDeclined, r.unit.Now); err != nil {
		return h.roundRefusal(r, x, "decline", err)
	}
	return h.answerRequest(r, id, r.t("round.declined_done", x.ID, x.Title))
}

// answerRequest answers an approval or a refusal of proposal id: in place of the request that was
// pressed (so its buttons are gone), or, pressed in /rounds, as a message of its own, the list
// brought up to date where it is, so that it shows the round's new state and buttons.
func (h *Handlers) answerRequest(r *request, id int64, text string) error {
	own := []string{roundButtons.data("a", strconv.FormatInt(id, 10)), roundButtons.data("d", strconv.FormatInt(id, 10))}
	if !r.pressedOnly(func(data string) bool { return slices.Contains(own, data) }) {
		return h.refreshRounds(r, text)
	}
	return h.showAgain(r, text)
}

// refreshRounds sends text as a message of its own and redraws the pressed /rounds list.
func (h *Handlers) refreshRounds(r *request, text string) error {
	if err := r.reply(text); err != nil {
		return err
	}
	list, rows, err := h.roundsList(r)
	if err != nil {
		return err
	}
	return h.showAgain(r, list, rows...)
}

// closeRoundCommand is /closeround <R-id>.
func (h *Handlers) closeRoundCommand(r *request) error {
	r.audited("round:close_asked", r.cmd.Args)
	id, ok := supplies.ParseID(r.cmd.Args, "R")
	if !ok {
		return userErr("closeround.usage")
	}
	return h.askClose(r, id)
}

// askClose asks before round id is closed early: its sign-ups end for good, and a round below
// its minimum is called off, every household signed up told.
func (h *Handlers) askClose(r *request, id int64) error {
	_, x, err := h.managed(r, id)
	if err != nil {
		return err
	}
	x, out, err := h.supplies.WouldClose(r.ctx, r.unit.Tx, id)
	if err != nil {
		return h.roundRefusal(r, x, "close", err)
	}
	var text string
	switch {
	case out.Households == 0 && out.Cancels: // nobody to deliver to, and nobody to tell
		text = r.t("round.close_confirm_none_minimum", x.ID, x.Title, x.MinHouseholds)
	case out.Households == 0: // a minimum of 0: it closes empty
		text = r.t("round.close_confirm_none", x.ID, x.Title)
	case out.Cancels:
		text = r.t("round.close_confirm_minimum", x.ID, x.Title, out.Households, x.MinHouseholds)
	default:
		text = r.t("round.close_confirm", x.ID, x.Title, out.Households)
	}
	s := strconv.FormatInt(id, 10)
	return r.reply(text,
		[]outbox.Button{{Text: r.label("round.close_yes", id), Data: roundButtons.data("k", s)}},
		[]outbox.Button{{Text: r.label("round.close_no"), Data: roundButtons.data("n", s)}})
}

func (h *Handlers) closeRound(r *request, id int64) error {
	_, x, err := h.managed(r, id)
	if err != nil {
		return err
	}
	_, out, err := h.supplies.WouldClose(r.ctx, r.unit.Tx, id)
	if err != nil {
		return h.roundRefusal(r, x, "close", err) // x as it was read: its state says why
	}
	closed, err := h.supplies.Close(r.ctx, r.unit.Tx, id, r.user.ID, r.unit.Now)
	if err != nil {
		return h.roundRefusal(r, x, "close", err)
	}
	x = closed
	r.audited("round:close", roundArgs(x.ID, string(x.Status))) // closed, or called off below its minimum
	key := "round.closed_" + string(x.Status)
	if out.Households == 0 { // nobody signed up: nothing is delivered, no batch waits
		key += "_none"
	}
	text := r.t(key, x.ID, x.Title)
	if r.callback != nil { // the question becomes the answer
		return h.showAgain(r, text)
	}
	return r.reply(text)
}

// roundRefusal answers a refused close or cancel of round x: a round past the point where it can
// be (cancelled already, closed, delivering, done) is named with its state; anything else by the
// round refusals.
func (h *Handlers) roundRefusal(r *request, x supplies.Round, action string, err error) error {
	if x.ID != 0 && (errors.Is(err, supplies.ErrWrongState) || errors.Is(err, supplies.ErrCancelled) || errors.Is(err, supplies.ErrClosed)) {
		return userErr("round.refused_"+action, x.ID, i18n.Raw(r.t("round.status_"+string(x.Status))))
	}
	return h.refused(rounding, err, x.ID)
}

// cancelRoundCommand is /cancelround <R-id> <reason>.
func (h *Handlers) cancelRoundCommand(r *request) error {
	arg, reason, _ := strings.Cut(strings.TrimSpace(r.cmd.Args), " ")
	reason = i18n.Clip(strings.TrimSpace(i18n.Clean(reason)), 200)
	id, ok := supplies.ParseID(arg, "R")
	r.audited("round:cancel", arg) // the reason is the organiser's words: never recorded
	if !ok || reason == "" {
		return userErr("cancelround.usage")
	}
	return h.cancelRound(r, id, reason)
}

// cancelRoundFlow asks why a round is cancelled (its Cancel button in /rounds), then cancels it.
func (h *Handlers) cancelRoundFlow() *flowDef {
	return &flowDef{
		name: "cancelround", cancel: "round.cancel_dropped",
		dropped: func(r *request, f *people.Flow) { r.audited("round:cancel_dropped", "R"+f.Data["round"]) },
		finish: func(r *request, f *people.Flow) error {
			id, _ := strconv.ParseInt(f.Data["round"], 10, 64)
			return h.cancelRound(r, id, f.Data["reason"])
		},
		steps: map[string]step{
			"reason": {
				ask: func(r *request, f *people.Flow) error {
					// Its way out keeps the round: "✖ Cancel" under a question about cancelling reads both ways.
					return r.reply(r.t(cancelReasonKey(f), f.Data["round"]),
						[]outbox.Button{flowButton("reason", "x", "↩️ "+r.label("round.keep_button", f.Data["round"]))})
				},
				text: func(r *request, f *people.Flow, s string) (string, error) {
					if f.Data["reason"] = i18n.Clip(strings.TrimSpace(i18n.Clean(s)), 200); f.Data["reason"] == "" {
						return "", userErr(cancelReasonKey(f), f.Data["round"])
					}
					return stepDone, nil
				},
			},
		},
	}
}

// cancelReasonKey asks why the round of f is cancelled: of a distribution, for the households it
// was announced to (nobody signs up for one).
func cancelReasonKey(f *people.Flow) string {
	if f.Data["kind"] == string(supplies.Distribution) {
		return "round.ask_cancel_reason_free"
	}
	return "round.ask_cancel_reason"
}

// cancelRound calls off round id for reason, for someone who may manage it.
func (h *Handlers) cancelRound(r *request, id int64, reason string) error {
	r.audited("round:cancel", roundArgs(id))
	_, x, err := h.managed(r, id)
	if err != nil {
		return err
	}
	cancelled, err := h.supplies.Cancel(r.ctx, r.unit.Tx, id, r.user.ID, reason, r.unit.Now)
	if err != nil {
		return h.roundRefusal(r, x, "cancel", err) // x as it was read: its state says why
	}
	x = cancelled
	if x.Kind == supplies.Distribution {
		return r.reply(r.t("round.cancelled_done_free", x.ID, x.Title))
	}
	return r.reply(r.t("round.cancelled_done", x.ID, x.Title))
}
