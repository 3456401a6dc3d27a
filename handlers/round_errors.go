package handlers

import (
	"errors"

	"linli/supplies"
)

// supplyErrors is the one table from the supplies package's refusals to what the user is told;
// each key takes the round (or batch) id.
var supplyErrors = []struct {
	err error
	key string
}{
	{supplies.ErrNotFound, "round.not_found"},
	{supplies.ErrCancelled, "buy.cancelled"},
	{supplies.ErrClosed, "buy.closed"},
	{supplies.ErrNotOpen, "buy.not_open"},
	{supplies.ErrAfterCutoff, "buy.after_cutoff"},
	{supplies.ErrNoSignUp, "buy.no_signup"},
	{supplies.ErrNotInAudience, "buy.not_in_audience"},
	{supplies.ErrNoSuchItem, "buy.no_item"},
	{supplies.ErrOverMax, "buy.over_max"},
	{supplies.ErrSoldOut, "buy.sold_out"},
	{supplies.ErrNotSignedUp, "buy.not_signed"},
	{supplies.ErrBadInput, "buy.bad_quantity"},
	{supplies.ErrWrongState, "round.wrong_state"},
}

// roundError turns a refusal of the supplies package about round id into the user's answer;
// other errors (failures) pass through.
func (h *Handlers) roundError(err error, id int64) error {
	for _, e := range supplyErrors {
		if errors.Is(err, e.err) {
			return userErr(e.key, id)
		}
	}
	return err
}

// batchError is the same for batch id.
func (h *Handlers) batchError(err error, id int64) error {
	switch {
	case errors.Is(err, supplies.ErrNotFound):
		return userErr("batch.not_found", id)
	case errors.Is(err, supplies.ErrAlreadyClaimed):
		return userErr("batch.taken", id)
	case errors.Is(err, supplies.ErrNotYours):
		return userErr("batch.not_yours", id)
	case errors.Is(err, supplies.ErrWrongState):
		return userErr("batch.wrong_state", id)
	}
	return err
}
