package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// ErrLinked: the imported household already has someone acting for it, and is never offered
// to anyone else.
var ErrLinked = errors.New("household already linked")

// unlinked selects households that came from a list (no one registered them in the bot) and
// that no one acts for yet.
const unlinked = `SELECT ` + householdColumns + ` FROM households h
	WHERE h.phone = ? AND h.registered_by IS NULL
		AND NOT EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id)
	ORDER BY h.id`

// UnlinkedByPhone returns the first imported household with phone (normalised first) that no
// one acts for yet, or ErrNotFound. Only a phone Telegram vouches for (a shared contact of the
// user's own) may be looked up this way: the household is shown to whoever asks.
func UnlinkedByPhone(ctx context.Context, q store.Querier, phone string) (Household, error) {
	all, err := unlinkedWith(ctx, q, phone)
	if err != nil {
		return Household{}, err
	}
	if len(all) == 0 {
		return Household{}, fmt.Errorf("people: unlinked household: %w", ErrNotFound)
	}
	return all[0], nil
}

// UnlinkedAt returns the imported household no one acts for yet with in's phone and address
// (AddressKey), or ErrNotFound: someone who types both already knows everything it holds.
func UnlinkedAt(ctx context.Context, q store.Querier, in HouseholdInput) (Household, error) {
	all, err := unlinkedWith(ctx, q, in.Phone)
	if err != nil {
		return Household{}, err
	}
	key := AddressKey(in.Zone, in.Building, in.Unit, in.Room)
	for _, h := range all {
		if AddressKey(h.Zone, h.Building, h.Unit, h.Room) == key {
			return h, nil
		}
	}
	return Household{}, fmt.Errorf("people: unlinked household: %w", ErrNotFound)
}

func unlinkedWith(ctx context.Context, q store.Querier, phone string) ([]Household, error) {
	p, ok := NormalizePhone(phone)
	if !ok {
		return nil, &InputError{Field: "phone", Reason: "not a phone number"}
	}
	return store.QueryRows(ctx, q, "people: unlinked households", scanHouseholdRow, unlinked, p)
}

// LinkImported makes user the resident (RelSelf) of an imported household no one acts for yet.
// ErrLinked when someone got there first; ErrAlreadyRegistered when user has a home already.
func LinkImported(ctx context.Context, tx *sql.Tx, household, user int64, now time.Time) (Household, error) {
	if _, err := SelfHousehold(ctx, tx, user); err == nil {
		return Household{}, fmt.Errorf("people: link %d: %w", user, ErrAlreadyRegistered)
	} else if !errors.Is(err, ErrNotFound) {
		return Household{}, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO household_members (household_id, user_id, relation, created_at)
		SELECT id, ?, 'self', ? FROM households h WHERE id = ? AND registered_by IS NULL
			AND NOT EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id)`,
		user, now.UnixMilli(), household)
	if err != nil {
		return Household{}, fmt.Errorf("people: link %d to household %d: %w", user, household, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Household{}, fmt.Errorf("people: link household %d: %w", household, ErrLinked)
	}
	return GetHousehold(ctx, tx, household)
}
