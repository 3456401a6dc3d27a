package handlers

import (
	"errors"
	"strings"

	"linli/checkins"
	"linli/i18n"
	"linli/notices"
	"linli/orders"
	"linli/people"
	"linli/supplies"
)

// doing is what the user was doing when a domain package refused them: the same error reads
// differently to a resident who ordered and to a volunteer who pressed Claim.
type doing int

// The sections of refusals; after each, the arguments its call passes to every key.
const (
	ordering         doing = iota // a resident's own order: placing, changing, cancelling (none)
	addingItems                   // a resident adding items to an order under way (none; then ordering)
	tasking                       // a volunteer claiming, releasing or delivering order id (id)
	callingBack                   // a grid worker claiming or finishing call-back id (id)
	rounding                      // a supply round or a sign-up to it (round id)
	proposingRound                // the fields of a new round (none)
	batching                      // a delivery batch of a round (batch id)
	buyingLine                    // the one-line /buy (round id)
	registering                   // /register, the registration flow, linking an imported household (none)
	linkingFamily                 // a relative using a family code (none)
	askingFamily                  // /family, for the household's own link code (none)
	removingRelative              // a resident removing a relative from their household (none)
	joining                       // a volunteer using an invite code (none)
	volunteering                  // something only a volunteer with a record does (none)
	monitoring                    // /monitor of household id (id)
	unscheduling                  // /unschedule of notice id (id)
	pressingNotice                // a notice's or a run's buttons (none)
	checkingIn                    // a daily check-in's buttons and the temperature (none)
)

// refusal is one row of the table: bad input or a state that refuses the action, and the
// catalogue key the user is told. with, when set, gives the key's arguments instead of the
// caller's (they come from configuration or from the error, not from what was pressed).
type refusal struct {
	err  error
	key  string
	with func(h *Handlers, err error) []any
}

// refusals is the one table from the domain's refusals to what the user is told (ntfy's
// errors.go). Rows are tried in order, so a specific field comes before its package's
// ErrBadInput. A domain error not here is a failure: rolled back, logged, apologised for.
var refusals = map[doing][]refusal{
	ordering: {
		{orders.BadField("items"), "order.bad_items", limit(orders.MaxItems)},
		{orders.BadField("quantity"), "order.bad_quantity", nil},
		{orders.BadField("note"), "order.bad_note", limit(orders.MaxNote)},
		{orders.BadField("comment"), "order.bad_comment", limit(orders.MaxComment)},
		{orders.BadField("rating"), "order.bad_rating", nil},
		{orders.BadField("prescription"), "order.bad_prescription", nil},
		{orders.BadField("recurring"), "order.bad_recurring", nil},
		{orders.BadField("zone"), "order.bad_zone", nil},
		// another field (the household, a photo's file id) is the program's fault, not the user's
		{orders.ErrTooManyOpen, "order.too_many_open", func(h *Handlers, _ error) []any { return []any{h.orders.OpenPerHousehold()} }},
		{orders.ErrUnknownCategory, "order.unknown_category", categoryList},
		{orders.ErrCategoryDisabled, "order.unknown_category", categoryList},
		{orders.ErrNotFound, "order.not_found", nil},
		{orders.ErrNotYours, "order.not_yours", nil},
		{orders.ErrWrongState, "order.wrong_state", nil},
		{orders.ErrAlreadyClaimed, "order.already_claimed", nil},
	},
	addingItems: {
		{orders.ErrBadInput, "dup.too_long", limit(orders.MaxItems)},
	},
	tasking: { // orders.ErrWrongState depends on the order's state: see taskError
		{orders.ErrNotFound, "queue.not_found", nil},
		{orders.ErrAlreadyClaimed, "queue.already_taken", nil},
		{orders.ErrNotYours, "queue.not_your_task", nil},
		{orders.ErrHandoverLocked, "handover.locked", handoverLocked},
	},
	callingBack: { // orders.ErrWrongState depends on the call-back's state: see callbackError
		{orders.ErrNotFound, "callback.not_found", nil},
		{orders.ErrAlreadyClaimed, "callback.taken", nil},
		{orders.ErrNotYours, "callback.not_yours", nil},
		{orders.ErrBadInput, "callback.bad_outcome", limit(orders.MaxOutcome)},
	},
	rounding: {
		{supplies.ErrNotFound, "round.not_found", nil},
		{supplies.ErrCancelled, "buy.cancelled", nil},
		{supplies.ErrClosed, "buy.closed", nil},
		{supplies.ErrNotOpen, "buy.not_open", nil},
		{supplies.ErrAfterCutoff, "buy.after_cutoff", nil},
		{supplies.ErrNoSignUp, "buy.no_signup", nil},
		{supplies.ErrNotInAudience, "buy.not_in_audience", nil},
		{supplies.ErrNoSuchItem, "buy.no_item", nil},
		{supplies.ErrOverMax, "buy.over_max", overMax},
		{supplies.ErrSoldOut, "buy.sold_out", nil},
		{supplies.ErrNotSignedUp, "buy.not_signed", nil},
		{supplies.ErrBadInput, "buy.bad_quantity", nil},
		{supplies.ErrWrongState, "round.wrong_state", nil},
	},
	proposingRound: {
		{supplies.BadField("pickup_sealed"), "round.bad_pickup_sealed", sealedZones},
		{supplies.BadField("kind"), "round.bad_kind", nil},
		{supplies.BadField("title"), "round.bad_title", nil},
		{supplies.BadField("audience_empty"), "round.empty_audience", nil},
		{supplies.BadField("audience"), "round.bad_audience", nil},
		{supplies.BadField("cutoff"), "round.bad_cutoff", nil},
		{supplies.BadField("items"), "round.bad_items", nil},
		{supplies.BadField("item"), "round.bad_item", nil},
		{supplies.BadField("price"), "round.bad_price", nil},
		{supplies.BadField("max"), "round.bad_max", nil},
		{supplies.BadField("stock"), "round.bad_stock", nil},
		{supplies.BadField("pickup"), "round.bad_pickup", nil},
		{supplies.BadField("minimum"), "round.bad_minimum", nil},
		{supplies.ErrBadInput, "round.bad_round", nil}, // any other field: the usage
	},
	batching: {
		{supplies.ErrNotFound, "batch.not_found", nil},
		{supplies.ErrAlreadyClaimed, "batch.taken", nil},
		{supplies.ErrNotYours, "batch.not_yours", nil},
		{supplies.ErrWrongState, "batch.wrong_state_now", nil}, // batchRefused names the state when it can read it
	},
	buyingLine: {
		{supplies.BadField("quantity"), "buy.bad_quantity", nil},
	},
	registering: {
		{people.BadField("zone"), "register.bad_zone", func(h *Handlers, _ error) []any { return []any{i18n.Raw(h.zoneKeys())} }},
		{people.ErrNameIsPhone, "register.name_is_phone", nil},
		{people.ErrNameNoLetters, "register.name_no_letters", nil},
		{people.BadField("name"), "register.bad_name", nil},
		{people.BadField("phone"), "register.bad_phone", nil},
		{people.BadField("building"), "register.bad_building", nil},
		{people.BadField("unit"), "register.bad_unit", nil},
		{people.BadField("room"), "register.bad_room", nil},
		{people.BadField("size"), "register.bad_size", nil},
		{people.BadField("vulnerable"), "register.bad_vulnerable", nil},
		{people.ErrAlreadyRegistered, "register.already", nil},
		{people.ErrPhoneTaken, "register.phone_taken", nil}, // a registration that raced another
		{people.ErrLinked, "register.link_taken", nil},
	},
	linkingFamily: {
		{people.ErrCodeExpired, "family.code_expired", nil},
		{people.ErrCodeUsed, "family.code_used", nil},
		{people.ErrCodeInvalid, "family.code_invalid", nil},
	},
	askingFamily: {
		{people.ErrNotFound, "order.register_first", nil},
	},
	removingRelative: {
		{people.ErrNotResident, "error.forbidden", nil},
		{people.ErrNotRelative, "family.remove_stale", nil},
	},
	joining: {
		{people.ErrCodeExpired, "join.code_expired", nil},
		{people.ErrCodeUsed, "join.code_used", nil},
		{people.ErrCodeInvalid, "join.code_invalid", nil},
	},
	volunteering: {
		{people.ErrNotFound, "volunteer.join_first", nil},
	},
	monitoring: {
		{people.ErrNotFound, "monitor.no_household", nil},
	},
	unscheduling: {
		{notices.ErrNotFound, "unschedule.unknown", nil},
		{notices.ErrState, "unschedule.not_scheduled", nil},
	},
	pressingNotice: {
		{notices.ErrNotFound, "error.stale_button", nil},
		{notices.ErrState, "notice.run_state", nil},
	},
	checkingIn: {
		{checkins.ErrNotFound, "checkin.closed", nil},
		{checkins.ErrTemperatureClosed, "checkin.temperature_closed", nil},
	},
}

// limit gives a key its one argument, the domain's limit on a field (orders.MaxItems), so the
// number the user reads is the one the code checks.
func limit(n int) func(*Handlers, error) []any {
	return func(*Handlers, error) []any { return []any{n} }
}

// categoryList is the order.unknown_category argument: the categories one can order.
func categoryList(h *Handlers, _ error) []any {
	return []any{i18n.Raw(strings.Join(h.categoryKeys(), ", "))}
}

// sealedZones is the round.bad_pickup_sealed argument: the sealed zones the round reaches.
func sealedZones(_ *Handlers, err error) []any {
	var ie *supplies.InputError
	errors.As(err, &ie)
	return []any{strings.Join(ie.Zones, ", ")}
}

// overMax is the buy.over_max arguments: the round, the item and its per-household maximum.
func overMax(_ *Handlers, err error) []any {
	var e *supplies.OverMaxError
	if !errors.As(err, &e) {
		return []any{0, "", 0}
	}
	return []any{e.Round, e.Item, e.Max}
}

// handoverLocked is the handover.locked arguments: the order and how many wrong codes locked it.
func handoverLocked(_ *Handlers, err error) []any {
	var he *orders.HandoverError
	errors.As(err, &he)
	return []any{he.Order.ID, orders.HandoverTries}
}

// refused turns err, met while doing d, into the user's answer by the table, with args for its
// key; nil, a userError and any error not in the table (a failure) pass through unchanged.
func (h *Handlers) refused(d doing, err error, args ...any) error {
	if err == nil {
		return nil
	}
	for _, x := range refusals[d] {
		if errors.Is(err, x.err) {
			if x.with != nil {
				args = x.with(h, err)
			}
			return userErr(x.key, args...)
		}
	}
	return err
}

// isRefusal reports whether err is an answer to the user rather than a failure.
func isRefusal(err error) bool {
	var ue *userError
	return errors.As(err, &ue)
}
