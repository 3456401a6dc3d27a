package people

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/store"
)

// Roles a user can hold beyond resident.
const (
	RoleAdmin      = "admin"
	RoleGridWorker = "gridworker"
	RoleOrganizer  = "organizer" // runs supply rounds
	RoleCounsellor = "counsellor"
	RoleVolunteer  = "volunteer"
)

// AllRoles lists them.
var AllRoles = []string{RoleAdmin, RoleGridWorker, RoleOrganizer, RoleCounsellor, RoleVolunteer}

// Grant gives user role in every zone (by 0: the configuration or the program). Granting a role
// the user holds already is a no-op that keeps its scope.
func Grant(ctx context.Context, tx *sql.Tx, user int64, role string, by int64, now time.Time) error {
	if !slices.Contains(AllRoles, role) {
		return &InputError{Field: "role", Reason: "unknown"}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, role) DO NOTHING`, user, role, by, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("people: grant %s to %d: %w", role, user, err)
	}
	return nil
}

// GrantIn gives user role limited to zones (none: every zone), replacing the scope of a role they
// already hold. The caller checks the zone keys exist.
func GrantIn(ctx context.Context, tx *sql.Tx, user int64, role string, zones []string, by int64, now time.Time) error {
	if !slices.Contains(AllRoles, role) {
		return &InputError{Field: "role", Reason: "unknown"}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role, zones, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, role) DO UPDATE SET zones = excluded.zones, granted_by = excluded.granted_by,
			granted_at = excluded.granted_at`,
		user, role, strings.Join(zones, ","), by, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("people: grant %s to %d: %w", role, user, err)
	}
	return nil
}

// Revoke takes role from user; it reports whether they had it.
func Revoke(ctx context.Context, tx *sql.Tx, user int64, role string) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = ? AND role = ?`, user, role)
	if err != nil {
		return false, fmt.Errorf("people: revoke %s from %d: %w", role, user, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Roles lists user's roles in AllRoles order.
func Roles(ctx context.Context, q store.Querier, user int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = ?`, user)
	if err != nil {
		return nil, fmt.Errorf("people: roles of %d: %w", user, err)
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("people: roles of %d: %w", user, err)
		}
		have = append(have, r)
	}
	var out []string
	for _, r := range AllRoles {
		if slices.Contains(have, r) {
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// HasRole reports whether user holds role, in any zone.
func HasRole(ctx context.Context, q store.Querier, user int64, role string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM user_roles WHERE user_id = ? AND role = ?`, user, role).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("people: role %s of %d: %w", role, user, err)
	}
	return n > 0, nil
}

// Granted is one role someone holds, and who granted it (0: the configuration or the program).
type Granted struct {
	Role string
	By   int64
}

// GrantsOf lists user's roles with who granted each, by role.
func GrantsOf(ctx context.Context, q store.Querier, user int64) ([]Granted, error) {
	return store.QueryRows(ctx, q, fmt.Sprintf("people: grants of %d", user), func(sc store.Scanner) (Granted, error) {
		var g Granted
		return g, sc.Scan(&g.Role, &g.By)
	}, `SELECT role, granted_by FROM user_roles WHERE user_id = ? ORDER BY role`, user)
}
