package handlers

import (
	"errors"
	"strconv"

	"linli/people"
)

// phoneFree refuses a resident registering themself (or editing their household, f.Data
// "household") with a phone another household uses: the answer says so without a word about
// that household, and how to act for it as a relative instead (a /family link from it). At the
// phone step (linkedOnly) a phone only an imported household no one acts for has passes: typing
// its address too links the resident to it at the end. f nil is the one-line /register, with
// in's phone in phone.
func (h *Handlers) phoneFree(r *request, f *people.Flow, linkedOnly bool, phone ...string) error {
	var except int64
	p := ""
	if f != nil {
		if relationFor(f) != people.RelSelf {
			return nil // a grid worker may enter their own phone for several households
		}
		except, _ = strconv.ParseInt(f.Data["household"], 10, 64)
		p = f.Data["phone"]
	}
	if len(phone) > 0 {
		p = phone[0]
	}
	use, err := people.PhoneUsed(r.ctx, r.unit.Tx, p, except)
	var ie *people.InputError
	switch {
	case errors.As(err, &ie):
		return userErr("register.bad_phone")
	case err != nil:
		return err
	case use.Linked:
		return userErr("register.phone_taken")
	case use.Listed && !linkedOnly:
		return userErr("register.phone_listed")
	}
	return nil
}
