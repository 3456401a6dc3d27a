package people_test

import (
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/people"
	"linli/store"
)

// useInvite spends code as user at now in its own transaction.
func useInvite(db *store.DB, code string, user int64, now time.Time) (people.Volunteer, error) {
	var v people.Volunteer
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		var err error
		v, err = people.UseInvite(ctx, tx, code, user, now)
		return err
	})
	return v, err
}

func newInvite(t *testing.T, db *store.DB, zones []string, at time.Time) string {
	t.Helper()
	var code string
	inTx(t, db, func(tx *sql.Tx) error {
		var err error
		code, err = people.NewInvite(ctx, tx, zones, 900, at, 72*time.Hour)
		return err
	})
	return code
}

func TestInvites_ValidUsedExpiredInvalid(t *testing.T) {
	db := testdb.Open(t)
	code := newInvite(t, db, []string{"a1"}, t0)
	stale := newInvite(t, db, nil, t0.Add(-73*time.Hour))
	if code == stale || len(code) != 10 {
		t.Fatalf("codes %q, %q", code, stale)
	}
	v, err := useInvite(db, code, 7, t0.Add(time.Hour))
	if err != nil || v.UserID != 7 || !slices.Equal(v.Zones, []string{"a1"}) || len(v.Categories) != 0 ||
		!v.OnDuty || v.InvitedBy != 900 || !v.JoinedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("joined: %+v, %v", v, err)
	}
	if ok, _ := people.HasRole(ctx, db.Read, 7, people.RoleVolunteer); !ok {
		t.Fatal("no volunteer role after joining")
	}
	if _, err := useInvite(db, code, 8, t0.Add(time.Hour)); !errors.Is(err, people.ErrCodeUsed) {
		t.Fatalf("second use: %v", err)
	}
	if _, err := useInvite(db, stale, 8, t0); !errors.Is(err, people.ErrCodeExpired) {
		t.Fatalf("expired: %v", err)
	}
	for _, bad := range []string{"", "nope", "../../x", strings.Repeat("a", 5000), "abcdefghjk", "<b>x</b>", "\x00\x01"} {
		if _, err := useInvite(db, bad, 8, t0); !errors.Is(err, people.ErrCodeInvalid) {
			t.Errorf("code %.20q: %v", bad, err)
		}
	}
	if _, err := people.GetVolunteer(ctx, db.Read, 8); !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("a refused code made a volunteer: %v", err)
	}
	if ok, _ := people.HasRole(ctx, db.Read, 8, people.RoleVolunteer); ok {
		t.Fatal("a refused code granted the role")
	}
}

func TestUseInvite_SecondInviteAddsZones(t *testing.T) {
	db := testdb.Open(t)
	if _, err := useInvite(db, newInvite(t, db, []string{"a1"}, t0), 7, t0); err != nil {
		t.Fatal(err)
	}
	inTx(t, db, func(tx *sql.Tx) error {
		return errors.Join(people.SetDuty(ctx, tx, 7, false, t0), people.SetCategories(ctx, tx, 7, []string{"garbage"}))
	})
	v, err := useInvite(db, newInvite(t, db, []string{"b2", "a1"}, t0), 7, t0.Add(time.Minute))
	if err != nil || !slices.Equal(v.Zones, []string{"a1", "b2"}) {
		t.Fatalf("second invite: %+v, %v", v, err)
	}
	if v.OnDuty || !slices.Equal(v.Categories, []string{"garbage"}) || !v.JoinedAt.Equal(t0) {
		t.Fatalf("a second invite changed more than the zones: %+v", v)
	}
	if v, err = useInvite(db, newInvite(t, db, nil, t0), 7, t0); err != nil || len(v.Zones) != 0 {
		t.Fatalf("an all-zones invite must make them serve every zone: %+v, %v", v, err)
	}
	if v, err = useInvite(db, newInvite(t, db, []string{"a1"}, t0), 7, t0); err != nil || len(v.Zones) != 0 {
		t.Fatalf("a one-zone invite narrowed an all-zones volunteer: %+v, %v", v, err)
	}
}

func TestVolunteer_Serves(t *testing.T) {
	cases := []struct {
		zones, cats    []string
		zone, category string
		want           bool
	}{
		{nil, nil, "a1", "medicine", true},
		{[]string{"a1"}, nil, "a1", "medicine", true},
		{[]string{"a1"}, nil, "b2", "medicine", false},
		{[]string{"a1", "b2"}, []string{"garbage"}, "b2", "garbage", true},
		{[]string{"a1"}, []string{"garbage"}, "a1", "medicine", false},
		{[]string{"a1"}, []string{"garbage"}, "a1", "", true},
		{nil, []string{"garbage"}, "zz", "", true},
	}
	for _, c := range cases {
		v := people.Volunteer{Zones: c.zones, Categories: c.cats}
		if got := v.Serves(c.zone, c.category); got != c.want {
			t.Errorf("%v/%v serves %s/%s = %v, want %v", c.zones, c.cats, c.zone, c.category, got, c.want)
		}
	}
}

func TestOnDuty_FiltersByZoneCategoryAndDuty(t *testing.T) {
	db := testdb.Open(t)
	join := func(user int64, zones []string, cats []string, on bool) {
		t.Helper()
		if _, err := useInvite(db, newInvite(t, db, zones, t0), user, t0); err != nil {
			t.Fatal(err)
		}
		inTx(t, db, func(tx *sql.Tx) error {
			return errors.Join(people.SetCategories(ctx, tx, user, cats), people.SetDuty(ctx, tx, user, on, t0))
		})
	}
	join(1, []string{"a1"}, nil, true)
	join(2, []string{"b2"}, nil, true)
	join(3, nil, []string{"medicine"}, true)
	join(4, []string{"a1"}, []string{"garbage", "medicine"}, true)
	join(5, []string{"a1"}, nil, false)
	ids := func(zone, cat string) string {
		t.Helper()
		vs, err := people.OnDuty(ctx, db.Read, zone, cat)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, v := range vs {
			out = append(out, strconv.FormatInt(v.UserID, 10))
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct{ zone, cat, want string }{
		{"a1", "", "1,3,4"},
		{"a1", "medicine", "1,3,4"},
		{"a1", "garbage", "1,4"},
		{"b2", "groceries", "2"},
		{"b2", "medicine", "2,3"},
		{"zz", "", "3"},
	} {
		if got := ids(c.zone, c.cat); got != c.want {
			t.Errorf("on duty in %s for %q: %s, want %s", c.zone, c.cat, got, c.want)
		}
	}
	all, err := people.Volunteers(ctx, db.Read)
	if err != nil || len(all) != 5 {
		t.Fatalf("volunteers: %d, %v", len(all), err)
	}
}

func TestVolunteerChanges_NonVolunteerIsNotFound(t *testing.T) {
	db := testdb.Open(t)
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error { return people.SetDuty(ctx, tx, 42, true, t0) })
	if !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("SetDuty on a non-volunteer: %v", err)
	}
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error { return people.SetCategories(ctx, tx, 42, []string{"x"}) })
	if !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("SetCategories on a non-volunteer: %v", err)
	}
	inTx(t, db, func(tx *sql.Tx) error { return people.TouchVolunteer(ctx, tx, 42, t0) }) // an admin acting: fine
	if _, err := people.GetVolunteer(ctx, db.Read, 42); !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("GetVolunteer of a non-volunteer: %v", err)
	}
}

func TestVolunteer_DutyCategoriesActivity(t *testing.T) {
	db := testdb.Open(t)
	if _, err := useInvite(db, newInvite(t, db, nil, t0), 7, t0); err != nil {
		t.Fatal(err)
	}
	inTx(t, db, func(tx *sql.Tx) error {
		return errors.Join(people.SetDuty(ctx, tx, 7, false, t0.Add(time.Minute)),
			people.SetCategories(ctx, tx, 7, []string{"groceries", "errand"}))
	})
	v, err := people.GetVolunteer(ctx, db.Read, 7)
	if err != nil || v.OnDuty || !slices.Equal(v.Categories, []string{"groceries", "errand"}) || !v.ActiveAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after changes: %+v, %v", v, err)
	}
	inTx(t, db, func(tx *sql.Tx) error {
		return errors.Join(people.TouchVolunteer(ctx, tx, 7, t0.Add(time.Hour)), people.SetCategories(ctx, tx, 7, nil))
	})
	if v, _ = people.GetVolunteer(ctx, db.Read, 7); !v.ActiveAt.Equal(t0.Add(time.Hour)) || len(v.Categories) != 0 {
		t.Fatalf("touch / all categories: %+v", v)
	}
}

func TestRemoveVolunteer_RevokesTheRole(t *testing.T) {
	db := testdb.Open(t)
	if _, err := useInvite(db, newInvite(t, db, []string{"a1"}, t0), 7, t0); err != nil {
		t.Fatal(err)
	}
	inTx(t, db, func(tx *sql.Tx) error { return people.Grant(ctx, tx, 7, people.RoleCounsellor, 900, t0) })
	remove := func(user int64) bool {
		var had bool
		inTx(t, db, func(tx *sql.Tx) error {
			var err error
			had, err = people.RemoveVolunteer(ctx, tx, user)
			return err
		})
		return had
	}
	if !remove(7) {
		t.Fatal("RemoveVolunteer reported no volunteer")
	}
	if _, err := people.GetVolunteer(ctx, db.Read, 7); !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("row left: %v", err)
	}
	if roles, _ := people.Roles(ctx, db.Read, 7); strings.Join(roles, ",") != "counsellor" {
		t.Fatalf("roles after removal: %v", roles)
	}
	if vs, _ := people.OnDuty(ctx, db.Read, "a1", ""); len(vs) != 0 {
		t.Fatalf("a removed volunteer is still on duty: %+v", vs)
	}
	if remove(7) || remove(8) {
		t.Fatal("removing a non-volunteer reported one")
	}
	// A fresh invite makes them a volunteer again, from scratch.
	if v, err := useInvite(db, newInvite(t, db, []string{"b2"}, t0), 7, t0); err != nil || !slices.Equal(v.Zones, []string{"b2"}) {
		t.Fatalf("rejoin: %+v, %v", v, err)
	}
}

func TestGroupBindings(t *testing.T) {
	db := testdb.Open(t)
	inTx(t, db, func(tx *sql.Tx) error {
		return errors.Join(people.BindGroup(ctx, tx, -100, []string{"a1"}, 900, t0),
			people.BindGroup(ctx, tx, -200, nil, 900, t0),
			people.BindGroup(ctx, tx, -300, []string{"b2"}, 900, t0))
	})
	chats := func(zone string) string {
		t.Helper()
		gs, err := people.GroupsFor(ctx, db.Read, zone)
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(gs))
		for i, g := range gs {
			ids[i] = strconv.FormatInt(g.ChatID, 10)
		}
		return strings.Join(ids, ",")
	}
	if got := chats("a1"); got != "-200,-100" {
		t.Fatalf("groups for a1: %s", got)
	}
	if got := chats("b2"); got != "-300,-200" {
		t.Fatalf("groups for b2: %s", got)
	}
	// Rebinding replaces the zones; unbinding reports whether there was a binding.
	inTx(t, db, func(tx *sql.Tx) error { return people.BindGroup(ctx, tx, -100, []string{"b2"}, 901, t0) })
	if got := chats("a1"); got != "-200" {
		t.Fatalf("after rebinding: %s", got)
	}
	inTx(t, db, func(tx *sql.Tx) error {
		if ok, err := people.UnbindGroup(ctx, tx, -200); err != nil || !ok {
			t.Errorf("unbind: %v, %v", ok, err)
		}
		if ok, err := people.UnbindGroup(ctx, tx, -200); err != nil || ok {
			t.Errorf("unbind twice: %v, %v", ok, err)
		}
		return nil
	})
	if got := chats("b2"); got != "-300,-100" {
		t.Fatalf("after unbinding: %s", got)
	}
}

func TestTouchVolunteerRead_WritesOnlyAMinuteLater(t *testing.T) {
	db := testdb.Open(t)
	if _, err := useInvite(db, newInvite(t, db, nil, t0), 7, t0); err != nil {
		t.Fatal(err)
	}
	touch := func(at time.Time) time.Time {
		t.Helper()
		inTx(t, db, func(tx *sql.Tx) error {
			v, err := people.GetVolunteer(ctx, tx, 7)
			if err != nil {
				return err
			}
			return people.TouchVolunteerRead(ctx, tx, v, at)
		})
		v, err := people.GetVolunteer(ctx, db.Read, 7)
		if err != nil {
			t.Fatal(err)
		}
		return v.ActiveAt
	}
	if got := touch(t0.Add(59 * time.Second)); !got.Equal(t0) {
		t.Fatalf("active at %v 59 s after joining, want it left at %v", got, t0)
	}
	if got := touch(t0.Add(time.Minute)); !got.Equal(t0.Add(time.Minute)) {
		t.Fatalf("active at %v a minute after joining", got)
	}
	// An admin acting with no volunteer record (the zero Volunteer) is no error.
	inTx(t, db, func(tx *sql.Tx) error { return people.TouchVolunteerRead(ctx, tx, people.Volunteer{}, t0) })
}
