package people

import (
	"context"
	"errors"
	"fmt"

	"linli/store"
)

// One phone number, one household: a resident registering themself with a phone another
// household already uses is refused (ErrPhoneTaken) and may instead be linked to that household
// as a relative by a code from it (/family). A grid worker may still enter one phone for several
// households in different zones (their own, for residents without one). Nothing about the other
// household is ever told to the one registering.

// ErrPhoneTaken: the phone belongs to another household.
var ErrPhoneTaken = errors.New("phone used by another household")

// PhoneUse says who else uses a phone: Linked when a household someone acts for (or that was
// registered in the bot) has it, Listed when only households imported from a list no one acts for
// yet have it. Both false: the phone is free.
type PhoneUse struct {
	Linked, Listed bool
}

// Taken reports whether the phone is used at all.
func (u PhoneUse) Taken() bool { return u.Linked || u.Listed }

// PhoneUsed says how households other than except (0: none) use phone (normalised first).
func PhoneUsed(ctx context.Context, q store.Querier, phone string, except int64) (PhoneUse, error) {
	p, ok := NormalizePhone(phone)
	if !ok {
		return PhoneUse{}, &InputError{Field: "phone", Reason: "not a phone number"}
	}
	var linked, listed int
	err := q.QueryRowContext(ctx, `SELECT
			count(*) FILTER (WHERE h.registered_by IS NOT NULL
				OR EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id)),
			count(*)
		FROM households h WHERE h.phone = ? AND h.id <> ?`, p, except).Scan(&linked, &listed)
	if err != nil {
		return PhoneUse{}, fmt.Errorf("people: phone in use: %w", err)
	}
	return PhoneUse{Linked: linked > 0, Listed: listed > linked}, nil
}

// errOr is err if there is one, else otherwise.
func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
