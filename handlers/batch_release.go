package handlers

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/outbox"
	"linli/people"
	"linli/supplies"
)

// tellBatchBack answers a batch given back to the queue (by its volunteer, or because their role
// was revoked): the checklist pages in the former holder's chat lose the households' names,
// phones and buttons, and the volunteers on duty in its zone and the groups mirroring it are
// told it waits again, as they were told when the round closed.
func (h *Handlers) tellBatchBack(ctx context.Context, tx *sql.Tx, e supplies.Event) error {
	b := e.Batch
	if e.Holder != 0 {
		if err := h.clearChecklists(ctx, tx, e.Holder, b, e.At); err != nil {
			return err
		}
	}
	return h.tellOnDuty(ctx, tx, b.Zone, []int64{e.Holder, e.Actor}, e.At, "batch.back_in_queue",
		b.ID, i18n.Clip(h.zoneName(b.Zone), 40), i18n.Clip(b.Building, 40), e.Round.ID, b.ID)
}

// clearChecklists edits every message in holder's chat whose buttons all act on batch b (its
// checklist pages, a "home again" with its ✅) to say it is no longer theirs, without buttons.
func (h *Handlers) clearChecklists(ctx context.Context, tx *sql.Tx, holder int64, b supplies.Batch, now time.Time) error {
	ids := strconv.FormatInt(b.ID, 10)
	msgs, err := outbox.Carrying(ctx, tx, holder, `%"data":"`+batchButtons.data("_", ids)+`%`, func(rows [][]outbox.Button) bool {
		for _, row := range rows {
			for _, btn := range row {
				f := strings.Split(btn.Data, ":")
				if len(f) < 3 || f[0] != string(batchButtons) || f[2] != ids {
					return false
				}
			}
		}
		return true
	})
	if err != nil || len(msgs) == 0 {
		return err
	}
	lang, err := h.langOf(ctx, tx, holder)
	if err != nil {
		return err
	}
	for _, id := range msgs {
		m := outbox.Message{Kind: outbox.KindEdit, ChatID: holder, EditMessageID: id,
			Text: i18n.T(lang, "batch.checklist_gone", b.ID, i18n.Clip(b.Building, 40))}
		if _, err := outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
			return err
		}
	}
	return nil
}

// tellOnDuty tells the volunteers on duty in zone (but those in skip) and the groups mirroring
// its queue key with args, each in their language.
func (h *Handlers) tellOnDuty(ctx context.Context, tx *sql.Tx, zone string, skip []int64, now time.Time, key string, args ...any) error {
	vols, err := people.OnDuty(ctx, tx, zone, "")
	if err != nil {
		return err
	}
	for _, v := range vols {
		if slices.Contains(skip, v.UserID) {
			continue
		}
		if err := h.tell(ctx, tx, v.UserID, now, key, args...); err != nil {
			return err
		}
	}
	return h.eachGroup(ctx, tx, zone, func(chat int64, lang string) error {
		_, err := outbox.Add(ctx, tx, outbox.Message{ChatID: chat, Text: i18n.T(lang, key, args...)},
			outbox.Options{Priority: outbox.PriorityNotify}, now)
		return err
	})
}
