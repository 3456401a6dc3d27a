package handlers

import (
	"errors"
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// Delivery batches of supply rounds: /queue supplies lists the open ones in the volunteer's zones,
// /claim B<n> (or the button) takes one exactly as an order is taken, and the claimer gets a
// paged checklist of its households with a Delivered and a Nobody-home button each. Names and
// phones are only in the claimer's private chat, while the batch is theirs. Buttons carry
// "s:<verb>:<batch>[:<household or offset>]" and are authorised again from the presser.

// querySupplies is the /queue category word for batches.
const querySupplies = "supplies"

// stopsPerPage is how many households one checklist page shows.
const stopsPerPage = 8

// batchArg reads a "B<n>" argument of /claim, /release and /deliver.
func batchArg(r *request) (int64, bool) {
	arg := strings.TrimSpace(r.cmd.Args)
	if len(arg) < 2 || (arg[0] != 'B' && arg[0] != 'b') {
		return 0, false
	}
	id, err := strconv.ParseInt(arg[1:], 10, 64)
	return id, err == nil && id > 0
}

// batchQueue is /queue supplies: open batches in t's zones.
func (h *Handlers) batchQueue(r *request, t taker) error {
	zones := t.vol.Zones
	if t.admin || len(zones) == 0 {
		zones = nil
	}
	list, err := h.supplies.Queue(r.ctx, r.unit.Tx, zones, 10, 0)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return r.reply(r.t("batch.queue_empty"))
	}
	var b strings.Builder
	var rows [][]outbox.Button
	b.WriteString(r.t("batch.queue_title"))
	for _, x := range list {
		b.WriteString("\n\n" + r.t("batch.card", x.ID, x.RoundID, i18n.Clip(h.zoneName(x.Zone), 40), i18n.Clip(x.Building, 40), x.Households))
		rows = append(rows, []outbox.Button{{Text: r.label("batch.claim_button", x.ID), Data: batchButtons.data("c", strconv.FormatInt(x.ID, 10))}})
	}
	return r.reply(b.String(), rows...)
}

// batchButton takes s:c:<batch> (claim), s:d|n:<batch>:<household> (delivered, nobody home),
// s:p:<batch>:<offset> (checklist page), s:r:<batch> (release).
func (h *Handlers) batchButton(r *request) error {
	f := strings.Split(r.callback.Data, ":")
	if len(f) < 3 || len(f) > 4 {
		return userErr("error.stale_button")
	}
	id, err := strconv.ParseInt(f[2], 10, 64)
	var arg int64
	if err == nil && len(f) == 4 {
		arg, err = strconv.ParseInt(f[3], 10, 64)
	}
	if err != nil || id <= 0 || arg < 0 {
		return userErr("error.stale_button")
	}
	switch {
	case f[1] == "c" && len(f) == 3:
		return h.claimBatch(r, id)
	case f[1] == "r" && len(f) == 3:
		return h.releaseBatch(r, id)
	case (f[1] == "d" || f[1] == "n") && len(f) == 4:
		return h.markStop(r, id, arg, f[1] == "d")
	case f[1] == "p" && len(f) == 4 && arg < 100_000:
		return h.checklist(r, id, int(arg), true)
	}
	return userErr("error.stale_button")
}

// batchRefused tells why batch id refused: a batch in the wrong state for it says which state
// ("B2 is “being delivered”"), the rest as the refusals table says.
func (h *Handlers) batchRefused(r *request, id int64, err error) error {
	if errors.Is(err, supplies.ErrWrongState) {
		if b, e := h.supplies.Batch(r.ctx, r.unit.Tx, id); e == nil {
			return userErr("batch.wrong_state", id, i18n.Raw(r.t("batch.status_"+b.Status)))
		}
	}
	return h.refused(batching, err, id)
}

// claimBatch gives batch id to the sender if it is in their zones.
func (h *Handlers) claimBatch(r *request, id int64) error {
	t, err := h.taker(r)
	if err != nil {
		return err
	}
	b, err := h.supplies.Batch(r.ctx, r.unit.Tx, id)
	if err != nil {
		return h.batchRefused(r, id, err)
	}
	if !t.admin && !t.vol.Serves(b.Zone, "") {
		return userErr("batch.not_for_you", id)
	}
	if _, err := h.supplies.Claim(r.ctx, r.unit.Tx, id, r.user.ID, r.unit.Now); err != nil {
		return h.batchRefused(r, id, err)
	}
	if err := people.TouchVolunteer(r.ctx, r.unit.Tx, r.user.ID, r.unit.Now); err != nil {
		return err
	}
	return h.checklist(r, id, 0, false)
}

// releaseBatch gives batch id back to the queue.
func (h *Handlers) releaseBatch(r *request, id int64) error {
	if _, err := h.supplies.Release(r.ctx, r.unit.Tx, id, r.user.ID, r.unit.Now); err != nil {
		return h.batchRefused(r, id, err)
	}
	return r.reply(r.t("batch.released", id))
}

// markStop ticks a household of the presser's batch off.
func (h *Handlers) markStop(r *request, id, household int64, delivered bool) error {
	b, err := h.supplies.Mark(r.ctx, r.unit.Tx, id, household, r.user.ID, delivered, r.unit.Now)
	if err != nil {
		return h.batchRefused(r, id, err)
	}
	if b.Status == supplies.BatchDone {
		return h.showAgain(r, r.t("batch.done", id, b.Delivered, b.NobodyHome))
	}
	stops, err := h.supplies.Stops(r.ctx, r.unit.Tx, id, 1000, 0)
	if err != nil {
		return err
	}
	for i, st := range stops { // stay on the page of the household just ticked
		if st.HouseholdID == household {
			return h.checklist(r, id, i/stopsPerPage*stopsPerPage, true)
		}
	}
	return h.checklist(r, id, 0, true)
}
