package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"linli/store"
)

// Scope is where a user may act in a role: every zone, some zones, or none (the role is not
// held). Config admins and grants made before scopes existed are global.
type Scope struct {
	All   bool     // every zone
	Zones []string // when !All: the zones held; empty means the role is not held at all
}

// Global is the scope of every zone.
func Global() Scope { return Scope{All: true} }

// Held reports whether the scope covers any zone at all.
func (s Scope) Held() bool { return s.All || len(s.Zones) > 0 }

// Covers reports whether the scope includes zone.
func (s Scope) Covers(zone string) bool { return s.All || slices.Contains(s.Zones, zone) }

// CoversAll reports whether every one of zones is covered; an empty list means "every zone",
// which only a global scope covers.
func (s Scope) CoversAll(zones []string) bool {
	if s.All {
		return true
	}
	if len(zones) == 0 {
		return false
	}
	for _, z := range zones {
		if !s.Covers(z) {
			return false
		}
	}
	return true
}

// Restrict narrows zones (empty: every zone) to the scope: a scoped user asking for every zone
// gets theirs. The result is empty only for a global scope asked for every zone.
func (s Scope) Restrict(zones []string) []string {
	if s.All {
		return zones
	}
	if len(zones) == 0 {
		return slices.Clone(s.Zones)
	}
	var out []string
	for _, z := range zones {
		if s.Covers(z) {
			out = append(out, z)
		}
	}
	return out
}

// Union is where either scope reaches.
func (s Scope) Union(o Scope) Scope {
	if s.All || o.All {
		return Global()
	}
	out := slices.Clone(s.Zones)
	for _, z := range o.Zones {
		if !slices.Contains(out, z) {
			out = append(out, z)
		}
	}
	return Scope{Zones: out}
}

// String is "" for a global scope, else the comma list of zones (as stored and audited).
func (s Scope) String() string {
	if s.All {
		return ""
	}
	return strings.Join(s.Zones, ",")
}

// ScopeOf says which zones user holds role in (the role's own grant only; see ActingScope).
// users.is_admin, an older way to make an admin, is global.
func ScopeOf(ctx context.Context, q store.Querier, user int64, role string) (Scope, error) {
	var zones string
	err := q.QueryRowContext(ctx, `SELECT zones FROM user_roles WHERE user_id = ? AND role = ?`, user, role).Scan(&zones)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if role == RoleAdmin {
			return legacyAdmin(ctx, q, user)
		}
		return Scope{}, nil
	case err != nil:
		return Scope{}, fmt.Errorf("people: scope of %s %d: %w", role, user, err)
	case zones == "":
		return Global(), nil
	}
	return Scope{Zones: list(zones)}, nil
}

func legacyAdmin(ctx context.Context, q store.Querier, user int64) (Scope, error) {
	var admin bool
	err := q.QueryRowContext(ctx, `SELECT is_admin FROM users WHERE user_id = ?`, user).Scan(&admin)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Scope{}, fmt.Errorf("people: admin flag of %d: %w", user, err)
	}
	return Scope{All: admin}, nil
}

// ActingScope is where user may act as role: the role's own zones, widened by their admin zones
// (an admin may do what a grid worker or an organiser does in their zones). configAdmin says the
// user is an admin from the configuration, who is global.
func ActingScope(ctx context.Context, q store.Querier, user int64, role string, configAdmin bool) (Scope, error) {
	if configAdmin {
		return Global(), nil
	}
	own, err := ScopeOf(ctx, q, user, role)
	if err != nil || role == RoleAdmin || role == RoleCounsellor || role == RoleVolunteer {
		return own, err
	}
	admin, err := ScopeOf(ctx, q, user, RoleAdmin)
	return own.Union(admin), err
}

// MayActIn answers "may user act as role in zone?" (see ActingScope).
func MayActIn(ctx context.Context, q store.Querier, user int64, role, zone string, configAdmin bool) (bool, error) {
	s, err := ActingScope(ctx, q, user, role, configAdmin)
	return s.Covers(zone), err
}

// RelationOf is how user acts for household ("" when they do not).
func RelationOf(ctx context.Context, q store.Querier, user, household int64) (Relation, error) {
	var rel string
	err := q.QueryRowContext(ctx, `SELECT relation FROM household_members WHERE household_id = ? AND user_id = ?`,
		household, user).Scan(&rel)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("people: relation of %d to %d: %w", user, household, err)
	}
	return Relation(rel), nil
}
