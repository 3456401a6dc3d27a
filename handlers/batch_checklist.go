package handlers

import (
	"strconv"
	"strings"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// checklist shows the claimer one page of batch id's households from offset: room, name, phone
// and what goes into the parcel, with Delivered and Nobody-home buttons for those pending.
func (h *Handlers) checklist(r *request, id int64, offset int, edit bool) error {
	b, err := h.supplies.Batch(r.ctx, r.unit.Tx, id)
	if err != nil {
		return h.batchRefused(r, id, err)
	}
	if b.ClaimedBy != r.user.ID || b.Status != supplies.BatchClaimed {
		return userErr("batch.not_yours", id)
	}
	x, err := h.supplies.Get(r.ctx, r.unit.Tx, b.RoundID)
	if err != nil {
		return err
	}
	stops, err := h.supplies.Stops(r.ctx, r.unit.Tx, id, stopsPerPage+1, offset)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(r.t("batch.checklist_title", id, x.ID, i18n.Clip(x.Title, 60), i18n.Clip(b.Building, 40),
		b.Households, b.Delivered, b.NobodyHome, b.Pending))
	var rows [][]outbox.Button
	ids := strconv.FormatInt(id, 10)
	for _, st := range stops[:min(len(stops), stopsPerPage)] {
		line, err := h.stopLine(r, x, st)
		if err != nil {
			return err
		}
		sb.WriteString("\n\n" + line)
		if st.Status == supplies.StopPending || st.Status == supplies.StopNobodyHome {
			hh := strconv.FormatInt(st.HouseholdID, 10)
			room := i18n.Clip(st.Room, 12)
			row := []outbox.Button{{Text: "✅ " + room, Data: batchButtons.data("d", ids, hh)}}
			if st.Status == supplies.StopPending {
				row = append(row, outbox.Button{Text: "🚪 " + room + " " + r.label("batch.nobody_button"), Data: batchButtons.data("n", ids, hh)})
			}
			rows = append(rows, row)
		}
	}
	var nav []outbox.Button
	if offset > 0 {
		nav = append(nav, outbox.Button{Text: "◀", Data: batchButtons.data("p", ids, strconv.Itoa(max(0, offset-stopsPerPage)))})
	}
	if len(stops) > stopsPerPage {
		nav = append(nav, outbox.Button{Text: "▶", Data: batchButtons.data("p", ids, strconv.Itoa(offset+stopsPerPage))})
	}
	nav = append(nav, outbox.Button{Text: r.label("batch.release_button", id), Data: batchButtons.data("r", ids)})
	rows = append(rows, nav)
	if edit {
		return h.showAgain(r, sb.String(), rows...)
	}
	return r.send(outbox.Message{ChatID: r.user.ID, Text: sb.String(), Buttons: rows})
}

// stopLine renders one household of the checklist: the claimer's view, with name and phone.
func (h *Handlers) stopLine(r *request, x supplies.Round, st supplies.Stop) (string, error) {
	hh, err := people.GetHousehold(r.ctx, r.unit.Tx, st.HouseholdID)
	if err != nil {
		return "", err
	}
	lines, err := h.supplies.Lines(r.ctx, r.unit.Tx, x.ID, st.HouseholdID)
	if err != nil {
		return "", err
	}
	var items []string
	for _, l := range lines {
		if it, ok := x.ItemByID(l.ItemID); ok && !l.Waiting {
			items = append(items, it.Name+" ×"+strconv.Itoa(l.Quantity))
		}
	}
	flag := ""
	if st.Vulnerable {
		flag = "👵 "
	}
	return r.t("batch.stop", i18n.Raw(flag), i18n.Clip(address(hh.Building, hh.Unit, hh.Room), 60), i18n.Clip(hh.Name, 40),
		hh.Phone, i18n.Clip(strings.Join(items, "; "), 200), r.t("batch.stop_"+st.Status)), nil
}
