package handlers

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"linli/i18n"
	"linli/outbox"
	"linli/records"
	"linli/supplies"
)

// roundFiles are round x's supplier totals and pick list as CSV documents (UTF-8 with BOM).
func (h *Handlers) roundFiles(ctx context.Context, tx *sql.Tx, lang string, x supplies.Round, now time.Time) ([]outbox.Message, error) {
	var out []outbox.Message
	for _, what := range []string{records.WhatRound, records.WhatPickList} {
		t, err := records.RoundTable(ctx, tx, h.supplies, x.ID)
		if what == records.WhatPickList {
			t, err = records.PickListTable(ctx, tx, h.supplies, x.ID)
		}
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := records.WriteCSV(&buf, t); err != nil {
			return nil, err
		}
		out = append(out, outbox.Message{Kind: outbox.KindDocument,
			Text:     i18n.T(lang, "round.file_"+what, x.ID),
			Document: &outbox.Document{Name: records.FileName(fmt.Sprintf("R%d-%s", x.ID, what), now, h.o.Location), Data: buf.Bytes()}})
	}
	return out, nil
}

// exportRound sends the presser round id's totals and pick list.
func (h *Handlers) exportRound(r *request, id int64) error {
	_, x, err := h.managed(r, id)
	if err != nil {
		return err
	}
	if x.Status == supplies.StatusDraft {
		return userErr("round.wrong_state", id)
	}
	msgs, err := h.roundFiles(r.ctx, r.unit.Tx, r.lang(), x, r.unit.Now)
	if err != nil {
		return err
	}
	totals, err := h.supplies.Totals(r.ctx, r.unit.Tx, id)
	if err != nil {
		return err
	}
	if err := r.reply(totalsText(r.lang(), x, totals)); err != nil {
		return err
	}
	for _, m := range msgs {
		if err := r.send(m); err != nil {
			return err
		}
	}
	return nil
}
