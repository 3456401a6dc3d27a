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
	"linli/supplies"
)

// What a round's close tells people: the organiser its totals, files and pickup slots, the
// volunteers the buildings that wait, each household what it gets and what stayed on a waiting
// list.

// tellClosed gives the organiser the supplier totals and the CSV files, and tells each household
// of a group buy what it gets and what it comes to (a distribution's announcement said so).
func (h *Handlers) tellClosed(ctx context.Context, tx *sql.Tx, e supplies.Event) error {
	if e.Round.Kind == supplies.GroupBuy {
		if err := h.tellServed(ctx, tx, e); err != nil {
			return err
		}
	}
	if err := h.tellBatchesReady(ctx, tx, e); err != nil {
		return err
	}
	lang, err := h.langOf(ctx, tx, e.Round.CreatedBy)
	if err != nil {
		return err
	}
	msgs, err := h.roundFiles(ctx, tx, lang, e.Round, e.At)
	if err != nil {
		return err
	}
	slots, err := h.slotsText(ctx, tx, lang, e.Round)
	if err != nil {
		return err
	}
	text := i18n.T(lang, "round.closed_notice", e.Round.ID) + "\n\n" + totalsText(lang, e.Round, e.Totals) + slots
	msgs = append([]outbox.Message{{Text: text}}, msgs...)
	for _, m := range msgs {
		m.ChatID = e.Round.CreatedBy
		if _, err := outbox.Add(ctx, tx, m, outbox.Options{Priority: outbox.PriorityNotify}, e.At); err != nil {
			return err
		}
	}
	return nil
}

// slotsText tells the organiser of closed round x, when it is picked up, the slots its
// households were given (from the first building's start to the last one's end); "" for door
// delivery.
func (h *Handlers) slotsText(ctx context.Context, tx *sql.Tx, lang string, x supplies.Round) (string, error) {
	if x.Handover != supplies.Pickup {
		return "", nil
	}
	batches, err := h.supplies.Batches(ctx, tx, x.ID)
	if err != nil {
		return "", err
	}
	var first, last time.Time
	buildings := map[string]bool{}
	for _, b := range batches {
		if b.SlotAt.IsZero() {
			continue
		}
		if first.IsZero() || b.SlotAt.Before(first) {
			first = b.SlotAt
		}
		if b.SlotAt.After(last) {
			last = b.SlotAt
		}
		buildings[b.Zone+"/"+b.Building] = true
	}
	if len(buildings) == 0 {
		return "", nil
	}
	return "\n\n" + i18n.T(lang, "round.closed_slots", i18n.Clip(x.PickupPoint, 60), x.SlotMinutes, h.localTime(first),
		h.slotEnd(x, last), len(buildings)), nil
}

// slotEnd is when a building's pickup slot of x that begins at start ends, as a time of day.
func (h *Handlers) slotEnd(x supplies.Round, start time.Time) string {
	return start.Add(time.Duration(x.SlotMinutes) * time.Minute).In(h.o.Location).Format("15:04")
}

// tellBatchesReady tells the volunteers on duty in each zone of closed round e.Round, and the
// groups mirroring it, that its buildings' deliveries wait to be claimed: zone, buildings and
// counts only, which any volunteer may see.
func (h *Handlers) tellBatchesReady(ctx context.Context, tx *sql.Tx, e supplies.Event) error {
	batches, err := h.supplies.Batches(ctx, tx, e.Round.ID)
	if err != nil {
		return err
	}
	var zones []string
	buildings := map[string][]string{}
	for _, b := range batches {
		if b.Status != supplies.BatchOpen {
			continue
		}
		if _, ok := buildings[b.Zone]; !ok {
			zones = append(zones, b.Zone)
		}
		if !slices.Contains(buildings[b.Zone], b.Building) {
			buildings[b.Zone] = append(buildings[b.Zone], b.Building)
		}
	}
	for _, zone := range zones {
		if err := h.tellOnDuty(ctx, tx, zone, nil, e.At, "round.batches_ready", e.Round.ID, i18n.Clip(e.Round.Title, 60),
			i18n.Clip(h.zoneName(zone), 40), len(buildings[zone]), i18n.Clip(strings.Join(buildings[zone], "、"), 300)); err != nil {
			return err
		}
	}
	return nil
}

// tellServed tells each household of e.Households what it gets of closed round e.Round, and what
// stayed on a waiting list and will not come this round.
func (h *Handlers) tellServed(ctx context.Context, tx *sql.Tx, e supplies.Event) error {
	x := e.Round
	key := "round.closed_household_door"
	if x.Handover == supplies.Pickup {
		key = "round.closed_household_pickup"
	}
	for _, hh := range e.Households {
		lines, err := h.supplies.Lines(ctx, tx, x.ID, hh)
		if err != nil {
			return err
		}
		var b strings.Builder
		var sum int64
		for _, l := range lines {
			if l.Waiting {
				continue
			}
			it, _ := x.ItemByID(l.ItemID)
			sum += it.Price * int64(l.Quantity)
			b.WriteString("\n" + i18n.Escape("· "+i18n.Clip(it.Name, 40)+" × "+strconv.Itoa(l.Quantity)))
		}
		if err := h.tellHouseholdEach(ctx, tx, hh, e.At, outbox.PriorityNotify, func(lang string) outbox.Message {
			return outbox.Message{Text: i18n.T(lang, key, x.ID, x.Title, i18n.Raw(b.String()), yuan(sum)) + waitingLines(lang, x, lines)}
		}); err != nil {
			return err
		}
	}
	return nil
}

// tellNotServed tells each household of e.Households, all of whose lines of closed round
// e.Round stayed on a waiting list, that it gets nothing this round, and which lines those were.
func (h *Handlers) tellNotServed(ctx context.Context, tx *sql.Tx, e supplies.Event) error {
	x := e.Round
	for _, hh := range e.Households {
		lines, err := h.supplies.Lines(ctx, tx, x.ID, hh)
		if err != nil {
			return err
		}
		if err := h.tellHouseholdEach(ctx, tx, hh, e.At, outbox.PriorityNotify, func(lang string) outbox.Message {
			return outbox.Message{Text: i18n.T(lang, "round.not_served", x.ID, x.Title) + waitingLines(lang, x, lines)}
		}); err != nil {
			return err
		}
	}
	return nil
}

// waitingLines are the lines of x still on a waiting list at its close, each after a newline, in
// lang: they will not come this round.
func waitingLines(lang string, x supplies.Round, lines []supplies.SignUp) string {
	var b strings.Builder
	for _, l := range lines {
		if !l.Waiting {
			continue
		}
		it, _ := x.ItemByID(l.ItemID)
		b.WriteString("\n" + i18n.T(lang, "round.waiting_line", i18n.Clip(it.Name, 40), l.Quantity))
	}
	return b.String()
}
