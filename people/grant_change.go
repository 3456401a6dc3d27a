package people

import (
	"context"
	"slices"

	"linli/store"
)

// GrantChange is what a grant does to a role: the zones the person held it in (not held: a new
// role) and the zones the grant gives. A grant replaces the role's zones, it does not add to
// them, so a grant that leaves out a zone they held takes that zone away.
type GrantChange struct {
	From, To Scope
}

// ChangeOfGrant reads what granting user role in zones (none: every zone) would change.
func ChangeOfGrant(ctx context.Context, q store.Querier, user int64, role string, zones []string) (GrantChange, error) {
	from, err := ScopeOf(ctx, q, user, role)
	return GrantChange{From: from, To: Scope{All: len(zones) == 0, Zones: slices.Clone(zones)}}, err
}

// New reports whether the person did not hold the role at all.
func (c GrantChange) New() bool { return !c.From.Held() }

// Same reports whether the grant leaves the role's zones as they are.
func (c GrantChange) Same() bool {
	if c.New() || c.From.All != c.To.All {
		return false
	}
	return c.From.All || len(c.Removed()) == 0 && len(c.Added()) == 0
}

// Removed are the zones held that the grant leaves out (none when the role covered every zone:
// see Narrows).
func (c GrantChange) Removed() []string { return minus(c.From, c.To) }

// Added are the zones the grant gives that were not held.
func (c GrantChange) Added() []string { return minus(c.To, c.From) }

// Narrows reports whether the person would cover less than before: a zone they held is left out,
// or a role over every zone is limited to some.
func (c GrantChange) Narrows() bool {
	return !c.New() && (c.From.All && !c.To.All || len(c.Removed()) > 0)
}

// Widens reports whether a role held in some zones would cover every zone.
func (c GrantChange) Widens() bool { return !c.New() && !c.From.All && c.To.All }

// NeedsConfirm reports whether the granter should be asked first: the grant takes zones away
// from someone, or turns their zones into every zone. Adding zones needs no question.
func (c GrantChange) NeedsConfirm() bool { return c.Narrows() || c.Widens() }

// minus lists the zones of a (some zones) that b does not cover.
func minus(a, b Scope) []string {
	if a.All {
		return nil
	}
	var out []string
	for _, z := range a.Zones {
		if !b.Covers(z) {
			out = append(out, z)
		}
	}
	return out
}
