package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/store"
)

// Why a relative could not be removed from a household.
var (
	// ErrNotResident: only the household's own resident removes its relatives.
	ErrNotResident = errors.New("not the household's resident")
	// ErrNotRelative: the user is not (or no longer) a relative of the household.
	ErrNotRelative = errors.New("not a relative of the household")
)

// Relative is someone who orders for a household through its /family link.
type Relative struct {
	UserID int64
	Name   string // their Telegram first name ("" if unknown)
	Since  time.Time
}

// ResidentsOf are the household's own residents: they are told who links to it, and they alone
// remove its relatives.
func ResidentsOf(ctx context.Context, q store.Querier, household int64) ([]int64, error) {
	return store.QueryRows(ctx, q, fmt.Sprintf("people: residents of %d", household), func(sc store.Scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, `SELECT user_id FROM household_members WHERE household_id = ? AND relation = 'self' ORDER BY created_at, user_id`, household)
}

// Relatives lists who orders for household through its /family link, first linked first.
func Relatives(ctx context.Context, q store.Querier, household int64) ([]Relative, error) {
	return store.QueryRows(ctx, q, fmt.Sprintf("people: relatives of %d", household), func(sc store.Scanner) (Relative, error) {
		var r Relative
		var since int64
		err := sc.Scan(&r.UserID, &r.Name, &since)
		r.Since = time.UnixMilli(since)
		return r, err
	}, `SELECT m.user_id, coalesce(u.first_name, ''), m.created_at
		FROM household_members m LEFT JOIN users u ON u.user_id = m.user_id
		WHERE m.household_id = ? AND m.relation = 'relative' ORDER BY m.created_at, m.user_id`, household)
}

// RemoveRelative ends user's link to household, at the word of by, who must be its resident: the
// relative no longer orders for it, sees its orders or hears of them. It returns the household.
func RemoveRelative(ctx context.Context, tx *sql.Tx, household, user, by int64) (Household, error) {
	rel, err := RelationOf(ctx, tx, by, household)
	if err != nil {
		return Household{}, err
	}
	if rel != RelSelf {
		return Household{}, fmt.Errorf("people: remove %d from household %d: %w", user, household, ErrNotResident)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM household_members WHERE household_id = ? AND user_id = ? AND relation = 'relative'`,
		household, user)
	if err != nil {
		return Household{}, fmt.Errorf("people: remove %d from household %d: %w", user, household, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Household{}, fmt.Errorf("people: remove %d from household %d: %w", user, household, ErrNotRelative)
	}
	return GetHousehold(ctx, tx, household)
}
