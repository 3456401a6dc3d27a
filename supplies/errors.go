package supplies

import (
	"errors"
	"fmt"

	"linli/internal/fielderr"
)

// Sentinel errors, wrapped with "supplies: <action> R<id>: " and checked with errors.Is.
var (
	ErrNotFound       = errors.New("not found")
	ErrWrongState     = errors.New("not possible in this state")
	ErrCancelled      = errors.New("round cancelled")
	ErrClosed         = errors.New("round closed")       // past its cut-off or closed early
	ErrNotOpen        = errors.New("round not open yet") // draft or approved
	ErrAfterCutoff    = errors.New("after the cut-off")  // open, but the cut-off has passed
	ErrNoSignUp       = errors.New("no sign-up for a distribution")
	ErrNotInAudience  = errors.New("household not in the audience")
	ErrNoSuchItem     = errors.New("no such item")
	ErrOverMax        = errors.New("over the household maximum")
	ErrSoldOut        = errors.New("sold out")
	ErrNotSignedUp    = errors.New("not signed up")
	ErrAlreadyClaimed = errors.New("batch already claimed")
	ErrNotYours       = errors.New("not yours")
	ErrBadInput       = errors.New("bad input")
)

// OverMaxError is ErrOverMax, saying which item and its per-household maximum.
type OverMaxError struct {
	Round int64
	No    int
	Item  string
	Max   int
}

func (e *OverMaxError) Error() string {
	return fmt.Sprintf("R%d item %d: %s (at most %d)", e.Round, e.No, ErrOverMax, e.Max)
}

func (e *OverMaxError) Unwrap() error { return ErrOverMax }

// InputError is ErrBadInput about one field of a round or a sign-up ("title", "item",
// "quantity", "price", "stock", "max", "cutoff", "audience", ...; for "pickup_sealed", Zones are
// the sealed zones the audience reaches).
type InputError = fielderr.Error[inputKind]

// BadField is what errors.Is matches bad input about field against, whatever the reason.
func BadField(field string) error { return fielderr.Field[inputKind](field) }

func badInput(field, reason string) error { return &InputError{Field: field, Reason: reason} }

// refused wraps a sentinel with the action and the round.
func refused(action string, id int64, err error) error {
	return fmt.Errorf("supplies: %s R%d: %w", action, id, err)
}

// stateErr is the sentinel that says why round r does not take sign-ups or changes now.
func stateErr(r Round) error {
	switch r.Status {
	case StatusCancelled:
		return ErrCancelled
	case StatusDraft, StatusApproved:
		return ErrNotOpen
	case StatusOpen:
		return nil
	}
	return ErrClosed
}

// inputKind makes an InputError supplies' bad input (fielderr.Kind).
type inputKind struct{}

func (inputKind) BadInput() (error, string) { return ErrBadInput, "bad input: " }
