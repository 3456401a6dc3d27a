package handlers

import (
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
)

// stillHeld is what a volunteer going off duty still holds: a line naming the orders (urgent
// ones said so) and supply batches, and a Release button for each. Going off duty releases
// nothing by itself; "" and no buttons when they hold nothing.
func (h *Handlers) stillHeld(r *request) (string, [][]outbox.Button, error) {
	held, err := h.orders.ClaimedBy(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil {
		return "", nil, err
	}
	batches, err := h.supplies.Mine(r.ctx, r.unit.Tx, r.user.ID)
	if err != nil || len(held)+len(batches) == 0 {
		return "", nil, err
	}
	var names []string
	var rows [][]outbox.Button
	for _, o := range held {
		name := r.t("duty.held_order", o.ID)
		if o.Urgent {
			name = r.t("duty.held_urgent", o.ID)
		}
		names = append(names, name)
		rows = append(rows, []outbox.Button{{Text: r.label("queue.release_button", o.ID), Data: queueButtons.data("r", strconv.FormatInt(o.ID, 10))}})
	}
	for _, b := range batches {
		names = append(names, r.t("duty.held_batch", b.ID))
		rows = append(rows, []outbox.Button{{Text: r.label("batch.release_button", b.ID), Data: batchButtons.data("r", strconv.FormatInt(b.ID, 10))}})
	}
	return r.t("duty.still_holding", i18n.Raw(strings.Join(names, r.t("revoke.item_sep")))), rows, nil
}
