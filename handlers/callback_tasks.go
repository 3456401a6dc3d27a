package handlers

import (
	"strconv"
	"strings"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// The grid workers' side of call-backs: /callbacks lists the open ones of their zones (Claim
// buttons) and those they hold (Done buttons); k:c:<id> or the notice's button claims one, and
// the claimer alone gets the household's name, phone and address, in private; k:d:<id> asks for
// the one-line outcome (a one-step flow), or /done <id> <outcome> gives it at once. The
// household is told when a grid worker has it and when they have called. Every press is
// authorised again from the presser: a grid worker (or admin) of the call-back's zone.

// gridWorkerOnly wraps a command or button only those who take call-backs may use: grid workers
// and admins.
func (h *Handlers) gridWorkerOnly(run handlerFunc) handlerFunc {
	return actingOnly(people.RoleGridWorker, "callback.gridworker_only", run)
}

// callbackScope is where the user takes call-backs.
func (h *Handlers) callbackScope(r *request) (people.Scope, error) {
	return people.ActingScope(r.ctx, r.unit.Tx, r.user.ID, people.RoleGridWorker, h.admins[r.user.ID])
}

// callbacksCommand is /callbacks.
func (h *Handlers) callbacksCommand(r *request) error {
	scope, err := h.callbackScope(r)
	if err != nil {
		return err
	}
	var zones []string
	if !scope.All {
		if zones = scope.Zones; len(zones) == 0 {
			return userErr("callback.gridworker_only")
		}
	}
	open, err := h.orders.OpenCallbacks(r.ctx, r.unit.Tx, zones, 20)
	if err != nil {
		return err
	}
	held, err := h.orders.CallbacksHeldBy(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return err
	}
	if len(open) == 0 && len(held) == 0 {
		return r.reply(r.t("callback.none"))
	}
	var b strings.Builder
	var rows [][]outbox.Button
	for _, c := range held {
		card, err := h.callbackCard(r, c)
		if err != nil {
			return err
		}
		b.WriteString(card + "\n\n")
		rows = append(rows, []outbox.Button{doneCallbackButton(r.lang(), c.ID)})
	}
	for _, c := range open {
		b.WriteString(r.t("callback.open_line", c.ID, h.zoneName(c.Zone), orDash(c.Building), ago(r.lang(), c.CreatedAt, r.unit.Now)) + "\n")
		rows = append(rows, []outbox.Button{claimCallbackButton(r.lang(), c.ID)})
	}
	return r.reply(r.t("callback.list", i18n.Raw(strings.TrimSpace(b.String()))), rows...)
}

// callbackCard is what the claimer sees: the household's name, phone and address.
func (h *Handlers) callbackCard(r *request, c orders.Callback) (string, error) {
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, c.HouseholdID)
	if err != nil {
		return "", err
	}
	return r.t("callback.card", c.ID, hh.Name, hh.Phone, h.zoneName(hh.Zone), address(hh.Building, hh.Unit, hh.Room),
		ago(r.lang(), c.CreatedAt, r.unit.Now)), nil
}

// callbackButton takes k:c:<id> (claim) and k:d:<id> (done: asks for the outcome); the buttons
// table lets only grid workers (and admins) press it.
func (h *Handlers) callbackButton(r *request) error {
	verb, id, ok := verbAndID(r.callback.Data)
	if !ok {
		return userErr("error.stale_button")
	}
	switch verb {
	case "c":
		return h.claimCallback(r, id)
	case "d":
		return h.askOutcome(r, id)
	}
	return userErr("error.stale_button")
}

// claimCallback gives call-back id to the presser, if it is in their zones.
func (h *Handlers) claimCallback(r *request, id int64) error {
	c, err := h.orders.GetCallback(r.ctx, r.unit.Tx, id)
	if err != nil {
		return h.callbackError(r, err, c, id)
	}
	if scope, err := h.callbackScope(r); err != nil || !scope.Covers(c.Zone) {
		return errOr(err, userErr("callback.not_your_zone", id))
	}
	if c, err = h.orders.ClaimCallback(r.ctx, r.unit.Tx, id, r.user.ID, r.unit.Now); err != nil {
		return h.callbackError(r, err, c, id)
	}
	if err := r.answer(r.label("callback.claimed_toast", id), false); err != nil {
		return err
	}
	card, err := h.callbackCard(r, c)
	if err != nil {
		return err
	}
	m := outbox.Message{ChatID: r.user.ID, Text: r.t("callback.claimed", i18n.Raw(card), id), Buttons: [][]outbox.Button{{doneCallbackButton(r.lang(), id)}}}
	if err := r.send(m); err != nil {
		return err
	}
	return h.tellHousehold(r.ctx, r.unit.Tx, c.HouseholdID, r.unit.Now, nil, "callback.told_claimed", id)
}

// callbackFlow asks the holder of call-back data["id"] for its outcome.
func (h *Handlers) callbackFlow() *flowDef {
	return &flowDef{
		name:   "callback",
		cancel: "callback.outcome_cancelled",
		steps: map[string]step{"outcome": {
			ask: func(r *request, f *people.Flow) error {
				id, _ := strconv.ParseInt(f.Data["id"], 10, 64)
				return r.reply(r.t("callback.ask_outcome", id, orders.MaxOutcome), cancelRow(r, "outcome"))
			},
			text: func(r *request, f *people.Flow, s string) (string, error) {
				id, _ := strconv.ParseInt(f.Data["id"], 10, 64)
				return stepDone, h.finishCallback(r, id, s)
			},
		}},
		finish: func(*request, *people.Flow) error { return nil }, // the step has answered
	}
}

// askOutcome starts the outcome question for call-back id, which the user must hold.
func (h *Handlers) askOutcome(r *request, id int64) error {
	c, err := h.orders.GetCallback(r.ctx, r.unit.Tx, id)
	switch {
	case err != nil:
		return h.callbackError(r, err, c, id)
	case c.Status != orders.CallbackClaimed || c.ClaimedBy != r.user.ID:
		return h.callbackError(r, orders.ErrNotYours, c, id)
	}
	return h.startFlow(r, h.flows()["callback"], "outcome", map[string]string{"id": strconv.FormatInt(id, 10)})
}

// doneCommand is /done <id> [outcome]; without the outcome it is asked for.
func (h *Handlers) doneCommand(r *request) error {
	head, tail, _ := strings.Cut(strings.TrimSpace(r.cmd.Args), " ")
	id, ok := parseCallbackID(head)
	if !ok {
		return userErr("callback.done_usage")
	}
	if strings.TrimSpace(tail) == "" {
		return h.askOutcome(r, id)
	}
	return h.finishCallback(r, id, tail)
}

// finishCallback ends call-back id with outcome and tells the household it was called.
func (h *Handlers) finishCallback(r *request, id int64, outcome string) error {
	c, err := h.orders.FinishCallback(r.ctx, r.unit.Tx, id, r.user.ID, outcome, r.unit.Now)
	if err != nil {
		return h.callbackError(r, err, c, id)
	}
	if err := r.reply(r.t("callback.finished", id, i18n.Clip(c.Outcome, orders.MaxOutcome))); err != nil {
		return err
	}
	return h.tellHousehold(r.ctx, r.unit.Tx, c.HouseholdID, r.unit.Now, nil, "callback.told_done", id)
}
