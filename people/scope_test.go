package people_test

import (
	"database/sql"
	"slices"
	"testing"

	"linli/internal/testdb"
	"linli/people"
)

func TestScope_GrantsAreGlobalUnlessLimitedToZones(t *testing.T) {
	db := testdb.Open(t)
	inTx(t, db, func(tx *sql.Tx) error {
		if err := people.Grant(ctx, tx, 1, people.RoleAdmin, 0, t0); err != nil { // an older, global grant
			return err
		}
		if err := people.GrantIn(ctx, tx, 2, people.RoleAdmin, []string{"a1"}, 1, t0); err != nil {
			return err
		}
		if err := people.GrantIn(ctx, tx, 3, people.RoleOrganizer, []string{"b2"}, 1, t0); err != nil {
			return err
		}
		return people.GrantIn(ctx, tx, 2, people.RoleOrganizer, []string{"b2"}, 1, t0)
	})
	cases := []struct {
		user       int64
		role, zone string
		config     bool
		may        bool
	}{
		{1, people.RoleAdmin, "b2", false, true},      // global grant
		{2, people.RoleAdmin, "a1", false, true},      // scoped admin, own zone
		{2, people.RoleAdmin, "b2", false, false},     // scoped admin, other zone
		{2, people.RoleOrganizer, "a1", false, true},  // admin zones widen other roles
		{2, people.RoleOrganizer, "b2", false, true},  // own organiser grant
		{3, people.RoleOrganizer, "a1", false, false}, // organiser of b2 only
		{3, people.RoleAdmin, "b2", false, false},     // not an admin
		{4, people.RoleAdmin, "a1", true, true},       // config admin
		{4, people.RoleCounsellor, "a1", false, false},
	}
	for _, c := range cases {
		may, err := people.MayActIn(ctx, db.Read, c.user, c.role, c.zone, c.config)
		if err != nil || may != c.may {
			t.Errorf("user %d as %s in %s: %v, %v; want %v", c.user, c.role, c.zone, may, err, c.may)
		}
	}
	s, err := people.ScopeOf(ctx, db.Read, 2, people.RoleAdmin)
	if err != nil || s.All || s.String() != "a1" || !s.Held() {
		t.Fatalf("scope of a scoped admin: %+v, %v", s, err)
	}
	if got := s.Restrict(nil); len(got) != 1 || got[0] != "a1" {
		t.Fatalf("every zone restricted to a1: %v", got)
	}
	if s.CoversAll(nil) || !s.CoversAll([]string{"a1"}) || s.CoversAll([]string{"a1", "b2"}) {
		t.Fatal("CoversAll")
	}
	if u := (people.Scope{Zones: []string{"a1"}}).Union(people.Scope{}); u.All || u.String() != "a1" {
		t.Fatalf("a1 ∪ nothing: %+v", u)
	}
	inTx(t, db, func(tx *sql.Tx) error { // a second grant replaces the scope
		return people.GrantIn(ctx, tx, 2, people.RoleAdmin, nil, 1, t0)
	})
	if s, _ := people.ScopeOf(ctx, db.Read, 2, people.RoleAdmin); !s.All {
		t.Fatalf("re-granted globally: %+v", s)
	}
}

func TestGrantChange_AsksBeforeTakingZonesAwayOrWideningToAll(t *testing.T) {
	some := func(z ...string) people.Scope { return people.Scope{Zones: z} }
	for _, c := range []struct {
		name           string
		from, to       people.Scope
		same, narrows  bool
		widens, ask    bool
		removed, added []string
	}{
		{"new role", people.Scope{}, some("a1"), false, false, false, false, nil, []string{"a1"}},
		{"new global role", people.Scope{}, people.Global(), false, false, false, false, nil, nil},
		{"zone added", some("b2"), some("a1", "b2"), false, false, false, false, nil, []string{"a1"}},
		{"zone replaced", some("b2"), some("a1"), false, true, false, true, []string{"b2"}, []string{"a1"}},
		{"same zones, other order", some("a1", "b2"), some("b2", "a1"), true, false, false, false, nil, nil},
		{"to every zone", some("b2"), people.Global(), false, false, true, true, nil, nil},
		{"every zone to some", people.Global(), some("a1"), false, true, false, true, nil, nil},
		{"every zone again", people.Global(), people.Global(), true, false, false, false, nil, nil},
	} {
		g := people.GrantChange{From: c.from, To: c.to}
		if g.Same() != c.same || g.Narrows() != c.narrows || g.Widens() != c.widens || g.NeedsConfirm() != c.ask ||
			!slices.Equal(g.Removed(), c.removed) || !slices.Equal(g.Added(), c.added) {
			t.Errorf("%s: same %v narrows %v widens %v ask %v removed %v added %v", c.name,
				g.Same(), g.Narrows(), g.Widens(), g.NeedsConfirm(), g.Removed(), g.Added())
		}
	}
}
