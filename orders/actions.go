package orders

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"linli/store"
)

// Claim gives open order id to volunteer, who then has DeliverSLA to deliver it. Of many
// volunteers claiming at once exactly one wins; the others get ErrAlreadyClaimed. Claiming an
// order one already holds, or one that is finished, is ErrWrongState.
func (s *Service) Claim(ctx context.Context, tx *sql.Tx, id, volunteer int64, now time.Time) (Order, error) {
	return s.transition(ctx, tx, id, s.claim(volunteer, now), now)
}

// ClaimRead is Claim of order o as the caller read it in tx (Get), which saves reading it
// again: a volunteer's claim checks first whether the order is theirs to take.
func (s *Service) ClaimRead(ctx context.Context, tx *sql.Tx, o Order, volunteer int64, now time.Time) (Order, error) {
	return s.transitionRead(ctx, tx, o, s.claim(volunteer, now), now)
}

func (s *Service) claim(volunteer int64, now time.Time) step {
	return step{action: "claim", kind: EventClaimed, to: StatusClaimed,
		set:   `, claimed_by = ?, claimed_at = ?, deliver_deadline = ?`,
		args:  []any{volunteer, now.UnixMilli(), now.Add(s.o.DeliverSLA).UnixMilli()},
		actor: volunteer,
		check: func(o Order) error {
			switch {
			case o.Status == StatusOpen:
				return nil
			case o.ClaimedBy != 0 && o.ClaimedBy != volunteer && o.Status != StatusCancelled:
				return ErrAlreadyClaimed
			}
			return ErrWrongState
		}}
}

// Release returns claimed order id to the queue with a fresh claim deadline. The claimer may
// release their own; byAdmin (an admin, or the SLA sweep with actor 0) may release anyone's.
// reason is kept in the event.
func (s *Service) Release(ctx context.Context, tx *sql.Tx, id, actor int64, byAdmin bool, reason string, now time.Time) (Order, error) {
	return s.transition(ctx, tx, id, step{action: "release", kind: EventReleased, to: StatusOpen,
		set: `, claimed_by = NULL, claimed_at = NULL, deliver_deadline = NULL, escalated = 0,
			claim_deadline = ? + CASE WHEN urgent = 1 THEN ? ELSE ? END`,
		args:  s.freshClaimDeadline(now),
		actor: actor, detail: reason,
		check: func(o Order) error {
			if !byAdmin && o.ClaimedBy != actor && o.ClaimedBy != 0 {
				return ErrNotYours
			}
			return allowedFrom(o, StatusClaimed)
		}}, now)
}

// Deliver records that the claimer handed order id over, with an optional photo (a Telegram file
// id). Only the claimer may; anyone else gets ErrNotYours. An order with a hand-over code not yet
// entered is refused with ErrHandoverNeeded (or ErrHandoverLocked): see DeliverWithCode.
func (s *Service) Deliver(ctx context.Context, tx *sql.Tx, id, volunteer int64, photoFileID string, now time.Time) (Order, error) {
	if need, err := s.NeedsHandover(ctx, tx, id, volunteer); err != nil || need {
		if err == nil {
			err = refused("deliver", id, Order{}, ErrHandoverNeeded)
		}
		o, _ := get(ctx, tx, id)
		return o, err
	}
	return s.deliver(ctx, tx, id, volunteer, photoFileID, now)
}

// deliver is Deliver past the hand-over check.
func (s *Service) deliver(ctx context.Context, tx *sql.Tx, id, volunteer int64, photoFileID string, now time.Time) (Order, error) {
	if len(photoFileID) > maxPhotoID {
		return Order{}, refused("deliver", id, Order{}, &InputError{Field: "photo", Reason: "too long"})
	}
	return s.transition(ctx, tx, id, step{action: "deliver", kind: EventDelivered, to: StatusDelivered,
		set: `, delivered_at = ?, delivery_photo = ?`, args: []any{now.UnixMilli(), photoFileID},
		actor: volunteer, check: deliverCheck(volunteer)}, now)
}

// deliverCheck allows the claimer alone to deliver a claimed order.
func deliverCheck(volunteer int64) func(o Order) error {
	return claimerMay(volunteer, StatusClaimed)
}

// claimerMay is the check of a step the claimer alone takes, from one of the statuses.
func claimerMay(volunteer int64, from ...Status) func(Order) error {
	return func(o Order) error {
		if o.ClaimedBy != volunteer && o.ClaimedBy != 0 {
			return ErrNotYours
		}
		return allowedFrom(o, from...)
	}
}

// UndoDelivery takes back volunteer's "Delivered" on order id, pressed by mistake: the order is
// theirs to deliver again (EventUndelivered, ReasonUndone). Only the claimer may, and only until
// the household confirms it.
func (s *Service) UndoDelivery(ctx context.Context, tx *sql.Tx, id, volunteer int64, now time.Time) (Order, error) {
	return s.transition(ctx, tx, id, s.undeliver("undo delivery", volunteer, ReasonUndone, now,
		claimerMay(volunteer, StatusDelivered)), now)
}

// NotReceived records that the household says delivered order id never came: it goes back to its
// claimer to deliver (EventUndelivered, ReasonNotReceived), with the time a fresh claim has, so
// the SLA sweep reminds them and then gives it to another volunteer. actor must act for the
// order's household: one of householdIDs.
func (s *Service) NotReceived(ctx context.Context, tx *sql.Tx, id int64, householdIDs []int64, actor int64, now time.Time) (Order, error) {
	return s.transition(ctx, tx, id, s.undeliver("not received", actor, ReasonNotReceived, now,
		householdMay(householdIDs, StatusDelivered)), now)
}

// undeliver is the step back from delivered to claimed: the delivery and its photo are forgotten
// and the claim starts again now, with its delivery deadline.
func (s *Service) undeliver(action string, actor int64, reason string, now time.Time, check func(Order) error) step {
	return step{action: action, kind: EventUndelivered, to: StatusClaimed,
		set:   `, delivered_at = NULL, delivery_photo = '', claimed_at = ?, deliver_deadline = ?`,
		args:  []any{now.UnixMilli(), now.Add(s.o.DeliverSLA).UnixMilli()},
		actor: actor, detail: reason, check: check}
}

// Receive records that the household got delivered order id, with a rating (1-5, or 0 for none)
// and a comment. actor must act for the order's household: one of householdIDs. An order the
// household said never came (NotReceived) may be received too while it is still back with its
// claimer and nothing else happened to it since: they found it after all (the event's From is
// then StatusClaimed). Once the claimer delivered it again, released it or lost it, it may not.
func (s *Service) Receive(ctx context.Context, tx *sql.Tx, id int64, householdIDs []int64, actor int64, rating int, comment string, now time.Time) (Order, error) {
	if rating < 0 || rating > 5 {
		return Order{}, refused("receive", id, Order{}, &InputError{Field: "rating", Reason: "not 0-5"})
	}
	comment, err := text("comment", comment, MaxComment, false)
	if err != nil {
		return Order{}, refused("receive", id, Order{}, err)
	}
	o, err := get(ctx, tx, id)
	if err != nil {
		return Order{}, refused("receive", id, Order{}, err)
	}
	found, err := saidNotReceived(ctx, tx, o)
	if err != nil {
		return o, err
	}
	return s.transitionRead(ctx, tx, o, step{action: "receive", kind: EventReceived, to: StatusReceived,
		// A delivery found after all was forgotten by NotReceived: it counts as delivered now.
		set:   `, received_at = ?, rating = ?, comment = ?, delivered_at = coalesce(delivered_at, ?)`,
		args:  []any{now.UnixMilli(), rating, comment, now.UnixMilli()},
		actor: actor,
		check: receiveCheck(householdIDs, found, o.Version)}, now)
}

// receiveCheck: one acting for the household may confirm a delivered order, or one they said
// never came (found) as long as it is the version they said it of (version: nothing since).
func receiveCheck(householdIDs []int64, found bool, version int64) func(Order) error {
	return func(o Order) error {
		if found && o.Version == version && o.Status == StatusClaimed {
			return householdMay(householdIDs, StatusClaimed)(o)
		}
		return householdMay(householdIDs, StatusDelivered)(o)
	}
}

// MayReceive reports whether Receive would take order o, as read, from one acting for
// householdIDs: to offer the household its "received" button.
func MayReceive(ctx context.Context, q store.Querier, o Order, householdIDs []int64) (bool, error) {
	found, err := saidNotReceived(ctx, q, o)
	if err != nil {
		return false, err
	}
	return receiveCheck(householdIDs, found, o.Version)(o) == nil, nil
}

// saidNotReceived reports whether claimed order o is back with its claimer because its household
// said it never came, and nothing happened to it since: its last event is that NotReceived.
func saidNotReceived(ctx context.Context, q store.Querier, o Order) (bool, error) {
	if o.Status != StatusClaimed {
		return false, nil
	}
	var kind, detail string
	err := q.QueryRowContext(ctx, `SELECT kind, detail FROM order_events WHERE order_id = ? ORDER BY id DESC LIMIT 1`, o.ID).
		Scan(&kind, &detail)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("orders: last event of #%d: %w", o.ID, err)
	}
	return kind == EventUndelivered && detail == ReasonNotReceived, nil
}

// Cancel withdraws order id before delivery, from open or claimed (the claimer keeps their name on
// it, to be told). actor must act for the order's household: one of householdIDs.
func (s *Service) Cancel(ctx context.Context, tx *sql.Tx, id int64, householdIDs []int64, actor int64, now time.Time) (Order, error) {
	return s.transition(ctx, tx, id, step{action: "cancel", kind: EventCancelled, to: StatusCancelled,
		set: `, cancelled_at = ?`, args: []any{now.UnixMilli()}, actor: actor,
		check: cancelCheck(householdIDs)}, now)
}

// MayCancel returns the refusal Cancel would give order o, as read, for one acting for
// householdIDs; nil if it may be cancelled (to ask "are you sure?" first).
func MayCancel(o Order, householdIDs []int64) error {
	if err := cancelCheck(householdIDs)(o); err != nil {
		return refused("cancel", o.ID, o, err)
	}
	return nil
}

// cancelCheck: one acting for the household may cancel before delivery.
func cancelCheck(householdIDs []int64) func(Order) error {
	return householdMay(householdIDs, StatusOpen, StatusClaimed)
}

// Escalate marks open order id as waiting past its claim deadline; it stays open. The caller (the
// SLA sweep) tells the admins and widens the queue. Escalating twice is ErrWrongState.
func (s *Service) Escalate(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (Order, error) {
	return s.transition(ctx, tx, id, step{action: "escalate", kind: EventEscalated, to: StatusOpen,
		set: `, escalated = 1`,
		check: func(o Order) error {
			if o.Escalated {
				return ErrWrongState
			}
			return allowedFrom(o, StatusOpen)
		}}, now)
}

// Reopen puts expired order id back into the queue with a fresh claim deadline. Whether actor may
// (an admin, or the household) is the caller's to decide.
func (s *Service) Reopen(ctx context.Context, tx *sql.Tx, id, actor int64, now time.Time) (Order, error) {
	return s.transition(ctx, tx, id, step{action: "reopen", kind: EventReopened, to: StatusOpen,
		set:   `, expired_at = NULL, escalated = 0, claim_deadline = ? + CASE WHEN urgent = 1 THEN ? ELSE ? END`,
		args:  s.freshClaimDeadline(now),
		actor: actor,
		check: func(o Order) error { return allowedFrom(o, StatusExpired) }}, now)
}

func (s *Service) freshClaimDeadline(now time.Time) []any {
	return []any{now.UnixMilli(), s.o.UrgentClaimSLA.Milliseconds(), s.o.ClaimSLA.Milliseconds()}
}

func allowedFrom(o Order, from ...Status) error {
	if slices.Contains(from, o.Status) {
		return nil
	}
	return ErrWrongState
}

// householdMay is the check of a step the household takes from one of the statuses.
func householdMay(householdIDs []int64, from ...Status) func(Order) error {
	return func(o Order) error {
		if !slices.Contains(householdIDs, o.HouseholdID) {
			return ErrNotYours
		}
		return allowedFrom(o, from...)
	}
}
