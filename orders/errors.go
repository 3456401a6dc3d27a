package orders

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"linli/i18n"
	"linli/internal/fielderr"
)

// Sentinel errors, wrapped with "orders: <action> #<id>: " and checked with errors.Is.
var (
	ErrNotFound         = errors.New("not found")
	ErrAlreadyClaimed   = errors.New("already claimed by someone else")
	ErrNotYours         = errors.New("not yours")
	ErrWrongState       = errors.New("not possible in this state")
	ErrTooManyOpen      = errors.New("too many open orders")
	ErrUnknownCategory  = errors.New("unknown category")
	ErrCategoryDisabled = errors.New("category disabled")
	ErrBadInput         = errors.New("bad input")
)

// InputError is ErrBadInput about one field ("items", "quantity", "note", "recurring", "rating",
// "comment", ...; Reason: "empty", "too long", ...): errors.Is(err, ErrBadInput) holds for it,
// and errors.As gives the field to name in the answer.
type InputError = fielderr.Error[inputKind]

// BadField is what errors.Is matches bad input about field against, whatever the reason.
func BadField(field string) error { return fielderr.Field[inputKind](field) }

// Limits on free text, in runes after trimming.
const (
	MaxItems    = 1000
	MaxNote     = 500
	MaxQuantity = 100
	MaxComment  = 500
	maxPhotoID  = 256 // Telegram file ids are well under this
)

// text drops control characters (but newline and tab), trims s and checks its length; it keeps
// everything else (emoji, markup characters) as given: escaping for a message is the caller's job.
func text(field, s string, limit int, required bool) (string, error) {
	s = strings.TrimSpace(i18n.Clean(s))
	if required && s == "" {
		return "", &InputError{Field: field, Reason: "empty"}
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return "", &InputError{Field: field, Reason: fmt.Sprintf("too long (%d > %d)", n, limit)}
	}
	return s, nil
}

// refused wraps a sentinel with the action and the order it refused.
func refused(action string, id int64, o Order, err error) error {
	if o.Status != "" {
		return fmt.Errorf("orders: %s #%d (%s): %w", action, id, o.Status, err)
	}
	return fmt.Errorf("orders: %s #%d: %w", action, id, err)
}

// inputKind makes an InputError orders' bad input (fielderr.Kind).
type inputKind struct{}

func (inputKind) BadInput() (error, string) { return ErrBadInput, "bad input: " }
