package handlers

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"linli/i18n"
	"linli/notices"
	"linli/outbox"
	"linli/people"
	"linli/store"
	"linli/supplies"
)

// NotifySupply tells people what a round's change means for them. It runs inside the change's
// transaction (supplies.Options.Notify), so the change and its messages commit together. Every
// message goes to a private chat, in its recipient's language.
func (h *Handlers) NotifySupply(ctx context.Context, tx *sql.Tx, e supplies.Event) error {
	x := e.Round
	switch e.Kind {
	case supplies.EventProposed:
		by, err := people.Get(ctx, tx, e.Actor)
		if err != nil {
			return err
		}
		return h.tellApprovers(ctx, tx, e.At, x, by.FirstName, e.Actor)
	case supplies.EventOpened:
		return h.announceRound(ctx, tx, x, e.Actor, e.At)
	case supplies.EventPromoted:
		return h.tellHousehold(ctx, tx, e.Household, e.At, nil, "round.promoted", x.ID, x.Title, x.Items[0].Name)
	case supplies.EventClosed:
		return h.tellClosed(ctx, tx, e)
	case supplies.EventNotServed:
		return h.tellNotServed(ctx, tx, e)
	case supplies.EventCancelled:
		return h.tellCancelled(ctx, tx, e)
	case supplies.EventAtDoor:
		key := "round.at_door"
		if x.Handover == supplies.Pickup {
			key = "round.handed_over"
		}
		return h.tellHouseholdIn(ctx, tx, e.Household, e.At, outbox.PriorityNotify, func(lang string) [][]outbox.Button {
			return [][]outbox.Button{{{Text: i18n.Plain(i18n.T(lang, "round.got_it_button", x.ID)),
				Data: buyButtons.data("c", strconv.FormatInt(x.ID, 10), strconv.FormatInt(e.Household, 10))}}}
		}, key, x.ID, x.Title)
	case supplies.EventNobodyHome:
		return h.tellHouseholdIn(ctx, tx, e.Household, e.At, outbox.PriorityNotify, func(lang string) [][]outbox.Button {
			return [][]outbox.Button{{{Text: i18n.Plain(i18n.T(lang, "round.home_again_button")),
				Data: buyButtons.data("a", strconv.FormatInt(x.ID, 10), strconv.FormatInt(e.Household, 10))}}}
		}, "round.nobody_home", x.ID, x.Title)
	case supplies.EventHomeAgain:
		return h.tellHomeAgain(ctx, tx, e)
	case supplies.EventReleased:
		return h.tellBatchBack(ctx, tx, e)
	case supplies.EventSlotSoon, supplies.EventSlotStart:
		return h.tellHouseholds(ctx, tx, e.Households, e.At, "round."+e.Kind, x.ID, x.Title,
			h.localTime(e.Batch.SlotAt), x.PickupPoint, e.Batch.Building, h.slotEnd(x, e.Batch.SlotAt))
	case supplies.EventBatchLate:
		return h.tellStaff(ctx, tx, x, e.At, "round.batch_late", e.Batch.ID, x.ID, e.Batch.Building, e.Batch.Pending)
	case supplies.EventDone:
		return h.tellStaff(ctx, tx, x, e.At, "round.done", x.ID, x.Title, i18n.Raw(h.notReached(e.NotReached)))
	case supplies.EventReachedLate:
		hh, err := people.GetHousehold(ctx, tx, e.Household)
		if err != nil {
			return err
		}
		return h.tellStaff(ctx, tx, x, e.At, "round.reached_late", x.ID, x.Title,
			h.zoneName(hh.Zone)+" · "+address(hh.Building, hh.Unit, hh.Room), i18n.Raw(h.notReached(e.NotReached)))
	}
	return nil
}

// announceRound publishes x to its audience as a notice (roundNotice renders it): a group buy
// with its Sign-up button, a distribution with what every household gets and when, and, once x
// is cancelled, the cancellation.
func (h *Handlers) announceRound(ctx context.Context, tx *sql.Tx, x supplies.Round, by int64, now time.Time) error {
	aud := notices.Audience{Kind: notices.AudienceResidents}
	if zone := supplies.AudienceZone(x.Audience); zone != "" {
		_, b, _ := strings.Cut(strings.TrimPrefix(x.Audience, "zone:"), "/")
		aud = notices.Audience{Kind: notices.AudienceZone, Zone: zone, Building: b}
	}
	if by == 0 {
		by = x.CreatedBy
	}
	id, err := h.notices.Create(ctx, tx, notices.Notice{Author: by, Audience: aud, Text: x.Title, Round: x.ID, State: "draft"}, now)
	if err != nil {
		return err
	}
	_, err = h.notices.SendNow(ctx, tx, id, now)
	return err
}

// Round renders the notice of round n.Round as a resident in lang reads it, from the round as it
// stands (notices.RoundRenderer).
func (nr noticeRenderer) Round(ctx context.Context, q store.Querier, lang string, n notices.Notice) (string, [][]outbox.Button, error) {
	x, err := nr.h.supplies.Get(ctx, q, n.Round)
	if err != nil {
		return "", nil, err
	}
	switch {
	case x.Status == supplies.StatusCancelled && x.Reason == supplies.ReasonMinimum:
		return i18n.T(lang, "round.cancelled_minimum", x.ID, x.Title, x.MinHouseholds), nil, nil
	case x.Status == supplies.StatusCancelled:
		return i18n.T(lang, "round.cancelled_notice", x.ID, x.Title, x.Reason), nil, nil
	case x.Kind == supplies.Distribution:
		var b strings.Builder
		for _, it := range x.Items {
			unit := i18n.Clip(it.Unit, 10)
			if unit != "" {
				unit = " " + unit
			}
			b.WriteString("\n" + i18n.T(lang, "round.free_item", i18n.Clip(it.Name, 60), it.Max, unit))
		}
		when := i18n.T(lang, "round.free_door", nr.h.localTime(x.Cutoff))
		if x.Handover == supplies.Pickup {
			when = i18n.T(lang, "round.free_pickup", i18n.Clip(x.PickupPoint, 60), nr.h.localTime(x.PickupStart))
		}
		return i18n.T(lang, "round.announce_free", x.ID, i18n.Clip(x.Title, 100), i18n.Raw(b.String()), i18n.Raw(when)), nil, nil
	}
	return i18n.T(lang, "round.announce", x.ID, i18n.Clip(x.Title, 100)),
		[][]outbox.Button{{{Text: i18n.Plain(i18n.T(lang, "round.signup_button", x.ID)), Data: buyButtons.data("r", strconv.FormatInt(x.ID, 10))}}}, nil
}

// tell sends user the catalogue entry key in their language.
func (h *Handlers) tell(ctx context.Context, tx *sql.Tx, user int64, now time.Time, key string, args ...any) error {
	return h.tellButtons(ctx, tx, user, now, nil, key, args...)
}

func (h *Handlers) tellButtons(ctx context.Context, tx *sql.Tx, user int64, now time.Time, rows [][]outbox.Button, key string, args ...any) error {
	lang, err := h.langOf(ctx, tx, user)
	if err != nil {
		return err
	}
	_, err = outbox.Add(ctx, tx, outbox.Message{ChatID: user, Text: i18n.T(lang, key, args...), Buttons: rows},
		outbox.Options{Priority: outbox.PriorityNotify}, now)
	return err
}

// tellHousehold tells everyone who acts for household (the resident, relatives, grid workers).
func (h *Handlers) tellHousehold(ctx context.Context, tx *sql.Tx, household int64, now time.Time, rows [][]outbox.Button, key string, args ...any) error {
	return h.tellHouseholdIn(ctx, tx, household, now, outbox.PriorityNotify, func(string) [][]outbox.Button { return rows }, key, args...)
}

// tellHouseholdIn is tellHousehold at prio, with buttons in each member's language (rows may be
// nil).
func (h *Handlers) tellHouseholdIn(ctx context.Context, tx *sql.Tx, household int64, now time.Time, prio outbox.Priority,
	rows func(lang string) [][]outbox.Button, key string, args ...any) error {
	return h.tellHouseholdEach(ctx, tx, household, now, prio, func(lang string) outbox.Message {
		m := outbox.Message{Text: i18n.T(lang, key, args...)}
		if rows != nil {
			m.Buttons = rows(lang)
		}
		return m
	})
}

// tellHouseholdEach sends everyone who acts for household the message msg makes in their
// language, at prio.
func (h *Handlers) tellHouseholdEach(ctx context.Context, tx *sql.Tx, household int64, now time.Time, prio outbox.Priority,
	msg func(lang string) outbox.Message) error {
	members, err := people.Members(ctx, tx, household)
	if err != nil {
		return err
	}
	for _, m := range members {
		lang, err := h.langOf(ctx, tx, m.UserID)
		if err != nil {
			return err
		}
		out := msg(lang)
		out.ChatID = m.UserID
		if _, err := outbox.Add(ctx, tx, out, outbox.Options{Priority: prio}, now); err != nil {
			return err
		}
	}
	return nil
}

// tellHomeAgain asks the claimer of e's batch to bring e's household its parcel after all, with
// the button that ticks it delivered; a batch nobody holds goes to the round's staff.
func (h *Handlers) tellHomeAgain(ctx context.Context, tx *sql.Tx, e supplies.Event) error {
	hh, err := people.GetHousehold(ctx, tx, e.Household)
	if err != nil {
		return err
	}
	where := address(hh.Building, hh.Unit, hh.Room)
	if e.Batch.ClaimedBy == 0 {
		return h.tellStaff(ctx, tx, e.Round, e.At, "round.home_again_staff", e.Round.ID, e.Round.Title, h.zoneName(hh.Zone), where)
	}
	btn := [][]outbox.Button{{{Text: "✅ " + i18n.Clip(hh.Room, 12),
		Data: batchButtons.data("d", strconv.FormatInt(e.Batch.ID, 10), strconv.FormatInt(e.Household, 10))}}}
	return h.tellButtons(ctx, tx, e.Batch.ClaimedBy, e.At, btn, "round.home_again_volunteer", e.Round.ID, e.Round.Title,
		e.Batch.ID, h.zoneName(hh.Zone), where)
}

func (h *Handlers) tellHouseholds(ctx context.Context, tx *sql.Tx, households []int64, now time.Time, key string, args ...any) error {
	for _, hh := range households {
		if err := h.tellHousehold(ctx, tx, hh, now, nil, key, args...); err != nil {
			return err
		}
	}
	return nil
}

// tellApprovers asks the admins who may approve proposed round x (those whose zones its
// audience is in) to look at it: what it offers, to whom and until when, with the button.
func (h *Handlers) tellApprovers(ctx context.Context, tx *sql.Tx, now time.Time, x supplies.Round, byName string, by int64) error {
	admins, err := people.ZoneAdmins(ctx, tx, supplies.AudienceZone(x.Audience), h.o.Admins) // those who could approve it
	if err != nil {
		return err
	}
	id := strconv.FormatInt(x.ID, 10)
	for _, a := range admins {
		lang, err := h.langOf(ctx, tx, a)
		if err != nil {
			return err
		}
		rows := [][]outbox.Button{{{Text: i18n.Plain(i18n.T(lang, "round.approve_button", x.ID)), Data: roundButtons.data("a", id)},
			{Text: i18n.Plain(i18n.T(lang, "round.decline_button", x.ID)), Data: roundButtons.data("d", id)}}}
		text := i18n.T(lang, "round.proposed_admin", x.ID, x.Title, byName, by) + "\n\n" + h.roundSummary(lang, x)
		if _, err := outbox.Add(ctx, tx, outbox.Message{ChatID: a, Text: text, Buttons: rows},
			outbox.Options{Priority: outbox.PriorityNotify}, now); err != nil {
			return err
		}
	}
	return nil
}

// tellStaff tells the round's organiser and the admins (each once).
func (h *Handlers) tellStaff(ctx context.Context, tx *sql.Tx, x supplies.Round, now time.Time, key string, args ...any) error {
	admins, err := people.AdminIDs(ctx, tx, h.o.Admins)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, u := range append([]int64{x.CreatedBy}, admins...) {
		if u == 0 || seen[u] {
			continue
		}
		seen[u] = true
		if err := h.tell(ctx, tx, u, now, key, args...); err != nil {
			return err
		}
	}
	return nil
}

// tellCancelled tells every signed-up household, and the organiser if someone else cancelled;
// what is left unsent of the round's announcement is not sent. A distribution, which no one signs
// up for, is called off to its whole audience, as it was announced.
func (h *Handlers) tellCancelled(ctx context.Context, tx *sql.Tx, e supplies.Event) error {
	x := e.Round
	announced, err := h.notices.CancelRound(ctx, tx, x.ID, e.At)
	if err != nil {
		return err
	}
	if x.Kind == supplies.Distribution {
		if announced { // else no one has heard of it
			if err := h.announceRound(ctx, tx, x, e.Actor, e.At); err != nil {
				return err
			}
		}
		e.Households = nil
	}
	key, args := "round.cancelled_notice", []any{x.ID, x.Title, e.Reason}
	switch e.Reason {
	case supplies.ReasonMinimum:
		key, args = "round.cancelled_minimum", []any{x.ID, x.Title, x.MinHouseholds}
	case supplies.ReasonDeclined: // a proposal no household has seen: its organiser alone is told
		name, _, _, err := h.whoIsIn(ctx, tx, e.Actor)
		if err != nil {
			return err
		}
		return h.tell(ctx, tx, x.CreatedBy, e.At, "round.declined_you", x.ID, x.Title, name)
	}
	if err := h.tellHouseholds(ctx, tx, e.Households, e.At, key, args...); err != nil {
		return err
	}
	if e.Actor == x.CreatedBy {
		return nil
	}
	return h.tell(ctx, tx, x.CreatedBy, e.At, key, args...)
}

// notReached lists the households not reached (rooms only: this goes to staff privately).
func (h *Handlers) notReached(list []supplies.Reach) string {
	if len(list) == 0 {
		return "—"
	}
	var b strings.Builder
	for i, x := range list {
		if i == 50 {
			b.WriteString("\n…")
			break
		}
		flag := ""
		if x.Vulnerable {
			flag = "👵 "
		}
		b.WriteString("\n" + flag + i18n.Escape(h.zoneName(x.Zone)+" · "+address(x.Building, x.Unit, x.Room)))
	}
	return b.String()
}
