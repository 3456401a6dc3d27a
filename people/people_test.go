package people_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/people"
	"linli/store"
)

var (
	ctx = context.Background()
	t0  = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
)

func zones(z string) bool { return z == "a1" || z == "b2" }

// inTx runs f in a write transaction that must succeed.
func inTx(t *testing.T, db *store.DB, f func(tx *sql.Tx) error) {
	t.Helper()
	if err := store.InTx(ctx, db.Write, f); err != nil {
		t.Fatal(err)
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"13800138000":             "13800138000",
		"138 0013 8000":           "13800138000",
		"138-0013-8000":           "13800138000",
		"+86 138 0013 8000":       "13800138000",
		"0086 13800138000":        "13800138000",
		"１３８００１３８０００":             "13800138000",
		"(010) 6512 3456":         "01065123456",
		"0755-12345678":           "075512345678",
		"+86 10 6512 3456":        "01065123456",
		"+44 20 7946 0958":        "+442079460958",
		"+1 (415) 555-0100":       "+14155550100",
		"12345":                   "",
		"1380013800":              "", // a mobile with a digit missing
		"23800138000":             "",
		"001":                     "",
		"<b>13800138000</b>":      "",
		"13800138000; DROP":       "",
		"1380013800０0x":           "",
		"":                        "",
		"+0 123456789":            "",
		strings.Repeat("1", 5000): "",
	} {
		got, ok := people.NormalizePhone(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizePhone(%.30q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestCleanField(t *testing.T) {
	cases := []struct {
		field, in, want string // want "" means refused
	}{
		{"name", "  王阿姨 ", "王阿姨"},
		{"name", "王<b>阿姨</b>", "王<b>阿姨</b>"}, // kept as typed; escaping is the renderer's
		{"name", "Ann *Smith* _x_", "Ann *Smith* _x_"},
		{"name", "Li\x00\x07 Wei", "Li Wei"},
		{"name", "Ann\n\nSmith", "Ann Smith"},
		{"name", "👵 奶奶", "👵 奶奶"},
		{"name", "", ""},
		{"name", " \t\n", ""},
		{"name", "<>&*_", ""},
		{"name", "🙂🙂", ""},
		{"name", strings.Repeat("名", 40), strings.Repeat("名", 40)},
		{"name", strings.Repeat("名", 41), ""},
		{"name", strings.Repeat("a", 5000), ""},
		{"building", "3号楼", "3号楼"},
		{"building", strings.Repeat("楼", 21), ""},
		{"room", "2单元 301", "2单元 301"},
		{"room", "", ""},
		{"unit", "", ""},
		{"size", "3", "3"},
		{"size", " 30 ", "30"},
		{"size", "0", ""},
		{"size", "31", ""},
		{"size", "many", ""}, // "three" is 3 (ParseSize)
		{"size", "-1", ""},
		{"phone", "+86 138 0013 8000", "13800138000"},
		{"phone", "call me", ""},
	}
	for _, c := range cases {
		got, err := people.CleanField(c.field, c.in)
		if c.want == "" && c.field != "unit" {
			var ie *people.InputError
			if !errors.As(err, &ie) || ie.Field != c.field || !errors.Is(err, people.ErrBadInput) {
				t.Errorf("%s %.30q: got %q, %v; want an InputError", c.field, c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %.30q: got %q, %v; want %q", c.field, c.in, got, err, c.want)
		}
	}
	if _, err := people.CleanField("password", "x"); err == nil || errors.Is(err, people.ErrBadInput) {
		t.Errorf("unknown field: %v", err)
	}
}

func validInput() people.HouseholdInput {
	return people.HouseholdInput{Zone: "a1", Building: "3号楼", Room: "301", Name: "王阿姨", Phone: "13800138000"}
}

func TestValidateHousehold(t *testing.T) {
	in := validInput()
	in.Vulnerable = []string{people.VulnChronic, people.VulnChronic, people.VulnInfant}
	out, err := people.ValidateHousehold(in, zones)
	if err != nil || out.Size != 1 || len(out.Vulnerable) != 2 {
		t.Fatalf("valid household: %+v, %v", out, err)
	}
	for field, change := range map[string]func(*people.HouseholdInput){
		"zone":       func(h *people.HouseholdInput) { h.Zone = "zz" },
		"name":       func(h *people.HouseholdInput) { h.Name = "" },
		"phone":      func(h *people.HouseholdInput) { h.Phone = "110" },
		"building":   func(h *people.HouseholdInput) { h.Building = strings.Repeat("x", 5000) },
		"room":       func(h *people.HouseholdInput) { h.Room = "\x00" },
		"size":       func(h *people.HouseholdInput) { h.Size = 31 },
		"vulnerable": func(h *people.HouseholdInput) { h.Vulnerable = []string{"vip"} },
	} {
		in := validInput()
		change(&in)
		_, err := people.ValidateHousehold(in, zones)
		var ie *people.InputError
		if !errors.As(err, &ie) || ie.Field != field {
			t.Errorf("bad %s: %v", field, err)
		}
	}
}

func TestRegister_OwnHouseholdOnceAndGridWorkersForOthers(t *testing.T) {
	db := testdb.Open(t)
	in, _ := people.ValidateHousehold(validInput(), zones)
	var own people.Household
	inTx(t, db, func(tx *sql.Tx) error {
		var err error
		own, err = people.Register(ctx, tx, in, 1, people.RelSelf, t0)
		return err
	})
	if own.ID == 0 || own.Name != "王阿姨" || own.RegisteredBy != 1 || own.IsVulnerable() {
		t.Fatalf("registered: %+v", own)
	}
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		_, err := people.Register(ctx, tx, in, 1, people.RelSelf, t0)
		return err
	})
	if !errors.Is(err, people.ErrAlreadyRegistered) {
		t.Fatalf("second own household: %v", err)
	}
	// A grid worker registers an elderly neighbour without a smartphone, twice by mistake.
	elderly := validInput()
	elderly.Name, elderly.Phone, elderly.Vulnerable = "李大爷", "01065123456", []string{people.VulnElderlyAlone}
	elderly, _ = people.ValidateHousehold(elderly, zones)
	var li people.Household
	inTx(t, db, func(tx *sql.Tx) error {
		var err error
		li, err = people.Register(ctx, tx, elderly, 7, people.RelGridWorker, t0)
		return err
	})
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		_, err := people.Register(ctx, tx, elderly, 8, people.RelGridWorker, t0)
		return err
	})
	if !errors.Is(err, people.ErrAlreadyRegistered) {
		t.Fatalf("same household entered twice: %v", err)
	}
	// The grid worker has a household of their own too: it comes first.
	inTx(t, db, func(tx *sql.Tx) error {
		in := validInput()
		in.Phone = "13900139000"
		in, _ = people.ValidateHousehold(in, zones)
		_, err := people.Register(ctx, tx, in, 7, people.RelSelf, t0.Add(time.Minute))
		return err
	})
	ms, err := people.HouseholdsOf(ctx, db.Read, 7)
	if err != nil || len(ms) != 2 || ms[0].Relation != people.RelSelf || ms[1].Household.ID != li.ID || !ms[1].Household.IsVulnerable() {
		t.Fatalf("households of the grid worker: %+v, %v", ms, err)
	}
	for _, c := range []struct {
		user, hh int64
		want     bool
	}{{1, own.ID, true}, {7, li.ID, true}, {1, li.ID, false}, {8, li.ID, false}, {7, 999, false}} {
		if ok, err := people.MayActFor(ctx, db.Read, c.user, c.hh); err != nil || ok != c.want {
			t.Errorf("MayActFor(%d, %d) = %v, %v", c.user, c.hh, ok, err)
		}
	}
	found, err := people.FindByPhone(ctx, db.Read, "(010) 6512-3456")
	if err != nil || len(found) != 1 || found[0].ID != li.ID {
		t.Fatalf("find by phone: %+v, %v", found, err)
	}
	if _, err := people.GetHousehold(ctx, db.Read, 999); !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("missing household: %v", err)
	}
	if _, err := people.SelfHousehold(ctx, db.Read, 8); !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("no own household: %v", err)
	}
}

func TestUpdateHouseholdAndMonitoring(t *testing.T) {
	db := testdb.Open(t)
	in, _ := people.ValidateHousehold(validInput(), zones)
	var hh people.Household
	inTx(t, db, func(tx *sql.Tx) error {
		var err error
		if hh, err = people.Register(ctx, tx, in, 1, people.RelSelf, t0); err != nil {
			return err
		}
		in.Room, in.Size, in.Vulnerable = "502", 3, []string{people.VulnPregnant}
		if hh, err = people.UpdateHousehold(ctx, tx, hh.ID, in, t0.Add(time.Hour)); err != nil {
			return err
		}
		return people.SetMonitored(ctx, tx, hh.ID, true, t0.Add(time.Hour))
	})
	got, err := people.GetHousehold(ctx, db.Read, hh.ID)
	if err != nil || got.Room != "502" || got.Size != 3 || !got.Monitored || !got.IsVulnerable() || !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after update: %+v, %v", got, err)
	}
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		_, err := people.UpdateHousehold(ctx, tx, 999, in, t0)
		return err
	})
	if !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("update of a missing household: %v", err)
	}
}

func TestLinkCodes(t *testing.T) {
	db := testdb.Open(t)
	in, _ := people.ValidateHousehold(validInput(), zones)
	var hh people.Household
	var code, stale string
	inTx(t, db, func(tx *sql.Tx) error {
		var err error
		if hh, err = people.Register(ctx, tx, in, 1, people.RelSelf, t0); err != nil {
			return err
		}
		if code, err = people.NewLinkCode(ctx, tx, hh.ID, 1, t0, 24*time.Hour); err != nil {
			return err
		}
		stale, err = people.NewLinkCode(ctx, tx, hh.ID, 1, t0.Add(-25*time.Hour), 24*time.Hour)
		return err
	})
	use := func(code string, user int64) (people.Household, error) {
		var got people.Household
		err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
			var err error
			got, _, err = people.UseLinkCode(ctx, tx, code, user, t0.Add(time.Hour))
			return err
		})
		return got, err
	}
	if got, err := use(code, 2); err != nil || got.ID != hh.ID {
		t.Fatalf("relative links: %+v, %v", got, err)
	}
	if _, err := use(code, 3); !errors.Is(err, people.ErrCodeUsed) {
		t.Fatalf("second use: %v", err)
	}
	if got, err := use(code, 2); err != nil || got.ID != hh.ID {
		t.Fatalf("the same relative again: %+v, %v", got, err)
	}
	if _, err := use(stale, 3); !errors.Is(err, people.ErrCodeExpired) {
		t.Fatalf("expired code: %v", err)
	}
	for _, bad := range []string{"", "nope", "../../etc", strings.Repeat("a", 5000), "abcdefghjk"} {
		if _, err := use(bad, 3); !errors.Is(err, people.ErrCodeInvalid) {
			t.Errorf("code %.20q: %v", bad, err)
		}
	}
	ms, err := people.Members(ctx, db.Read, hh.ID)
	if err != nil || len(ms) != 2 || ms[0] != (people.Member{UserID: 1, Relation: people.RelSelf}) ||
		ms[1] != (people.Member{UserID: 2, Relation: people.RelRelative}) {
		t.Fatalf("members: %+v, %v", ms, err)
	}
	if ok, _ := people.MayActFor(ctx, db.Read, 3, hh.ID); ok {
		t.Fatal("a refused code linked someone")
	}
}

func TestRoles(t *testing.T) {
	db := testdb.Open(t)
	inTx(t, db, func(tx *sql.Tx) error {
		for _, r := range []string{people.RoleVolunteer, people.RoleGridWorker, people.RoleVolunteer} {
			if err := people.Grant(ctx, tx, 5, r, 0, t0); err != nil {
				return err
			}
		}
		return nil
	})
	if roles, err := people.Roles(ctx, db.Read, 5); err != nil || strings.Join(roles, ",") != "gridworker,volunteer" {
		t.Fatalf("roles: %v, %v", roles, err)
	}
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error { return people.Grant(ctx, tx, 5, "king", 0, t0) })
	if !errors.Is(err, people.ErrBadInput) {
		t.Fatalf("unknown role: %v", err)
	}
	inTx(t, db, func(tx *sql.Tx) error {
		had, err := people.Revoke(ctx, tx, 5, people.RoleVolunteer)
		if !had {
			t.Error("revoke reported no role")
		}
		return err
	})
	if ok, _ := people.HasRole(ctx, db.Read, 5, people.RoleVolunteer); ok {
		t.Fatal("role not revoked")
	}
	if ok, _ := people.HasRole(ctx, db.Read, 5, people.RoleGridWorker); !ok {
		t.Fatal("the other role went too")
	}
}

func TestFlows(t *testing.T) {
	db := testdb.Open(t)
	if _, ok, err := people.LoadFlow(ctx, db.Read, 1); ok || err != nil {
		t.Fatalf("flow before any: %v, %v", ok, err)
	}
	f := people.Flow{Name: "order", Step: "items", Data: map[string]string{"items": "米; <b>蛋</b> \"x\"", "cat": "groceries"}}
	inTx(t, db, func(tx *sql.Tx) error { return people.SaveFlow(ctx, tx, 1, f, t0) })
	got, ok, err := people.LoadFlow(ctx, db.Read, 1)
	if err != nil || !ok || got.Step != "items" || got.Data["items"] != f.Data["items"] || !got.UpdatedAt.Equal(t0) {
		t.Fatalf("loaded: %+v, %v, %v", got, ok, err)
	}
	if got.Expired(t0.Add(30*time.Minute), 30*time.Minute) || !got.Expired(t0.Add(31*time.Minute), 30*time.Minute) {
		t.Fatal("expiry")
	}
	inTx(t, db, func(tx *sql.Tx) error {
		return people.SaveFlow(ctx, tx, 1, people.Flow{Name: "register", Step: "name"}, t0)
	})
	if got, _, _ := people.LoadFlow(ctx, db.Read, 1); got.Name != "register" || got.Data == nil {
		t.Fatalf("replaced: %+v", got)
	}
	inTx(t, db, func(tx *sql.Tx) error { return people.ClearFlow(ctx, tx, 1) })
	if _, ok, _ := people.LoadFlow(ctx, db.Read, 1); ok {
		t.Fatal("flow not cleared")
	}
}

func TestMessageCounts_FixedMinuteWindow(t *testing.T) {
	var c people.MessageCounts
	for i := 1; i <= 3; i++ {
		if n := c.Count(1, t0.Add(time.Duration(i)*time.Second)); n != i {
			t.Fatalf("message %d counted as %d", i, n)
		}
	}
	if n := c.Count(2, t0); n != 1 {
		t.Fatalf("another user's count: %d", n)
	}
	if n := c.Count(1, t0.Add(time.Minute)); n != 1 {
		t.Fatalf("next minute: %d", n)
	}
	if n := c.Count(2, t0.Add(time.Minute+time.Second)); n != 1 {
		t.Fatalf("another user in the next minute: %d (the last minute's count kept)", n)
	}
}

func TestTouch_AdminRoleMakesAnAdmin(t *testing.T) {
	db := testdb.Open(t)
	var u people.User
	inTx(t, db, func(tx *sql.Tx) error {
		var err error
		if u, err = people.Touch(ctx, tx, people.Seen{ID: 9, FirstName: "Zhang", Lang: "zh"}, t0); err != nil || u.Admin {
			t.Fatalf("new user: %+v, %v", u, err)
		}
		if err := people.Grant(ctx, tx, 9, people.RoleAdmin, 1, t0); err != nil {
			return err
		}
		u, err = people.Touch(ctx, tx, people.Seen{ID: 9, FirstName: "Zhang", Lang: "zh"}, t0)
		return err
	})
	if !u.Admin {
		t.Fatal("granted admin not seen by Touch")
	}
	if got, err := people.Get(ctx, db.Read, 9); err != nil || !got.Admin {
		t.Fatalf("Get: %+v, %v", got, err)
	}
}

// Touch writes the user's row only when something changed: their first contact, a new name, a
// new language guess (unless they chose one), or the last write a minute old; otherwise it only
// reads it. Only the first contact is First.
func TestTouch_WritesOnlyWhatChanged(t *testing.T) {
	db := testdb.Open(t)
	seenAt := func() (ms int64) {
		t.Helper()
		if err := db.Read.QueryRow(`SELECT seen_at FROM users WHERE user_id = 9`).Scan(&ms); err != nil {
			t.Fatal(err)
		}
		return ms
	}
	touch := func(s people.Seen, at time.Time) (u people.User) {
		t.Helper()
		inTx(t, db, func(tx *sql.Tx) error {
			var err error
			u, err = people.Touch(ctx, tx, s, at)
			return err
		})
		return u
	}
	zhang := people.Seen{ID: 9, FirstName: "Zhang", Lang: "zh"}
	if u := touch(zhang, t0); !u.First || u.Lang != "zh" {
		t.Fatalf("first contact: %+v", u)
	}
	if u := touch(zhang, t0.Add(30*time.Second)); u.First || u.FirstName != "Zhang" || seenAt() != t0.UnixMilli() {
		t.Errorf("again within the minute: %+v, seen_at %d: want read, not written", u, seenAt())
	}
	if u := touch(people.Seen{ID: 9, FirstName: "Zhang Wei", Lang: "zh"}, t0.Add(40*time.Second)); u.First ||
		u.FirstName != "Zhang Wei" || seenAt() != t0.Add(40*time.Second).UnixMilli() {
		t.Errorf("a new name: %+v", u)
	}
	if u := touch(people.Seen{ID: 9, FirstName: "Zhang Wei", Lang: "en"}, t0.Add(50*time.Second)); u.Lang != "en" {
		t.Errorf("a new language guess: %+v", u)
	}
	inTx(t, db, func(tx *sql.Tx) error { return people.SetLang(ctx, tx, 9, "zh") })
	if u := touch(people.Seen{ID: 9, FirstName: "Zhang Wei", Lang: "en"}, t0.Add(55*time.Second)); u.Lang != "zh" || !u.LangSet {
		t.Errorf("a chosen language gave way to Telegram's: %+v", u)
	}
	if u := touch(people.Seen{ID: 9, FirstName: "Zhang Wei", Lang: "en"}, t0.Add(3*time.Minute)); u.First ||
		seenAt() != t0.Add(3*time.Minute).UnixMilli() || u.Lang != "zh" {
		t.Errorf("minutes later: %+v, seen_at %d", u, seenAt())
	}
}

func TestRelatives_OnlyTheResidentRemovesOneAndTheirAccessEnds(t *testing.T) {
	db := testdb.Open(t)
	in, _ := people.ValidateHousehold(validInput(), zones)
	var hh people.Household
	var code string
	inTx(t, db, func(tx *sql.Tx) error {
		var err error
		if hh, err = people.Register(ctx, tx, in, 1, people.RelSelf, t0); err != nil {
			return err
		}
		code, err = people.NewLinkCode(ctx, tx, hh.ID, 1, t0, 24*time.Hour)
		return err
	})
	remove := func(user, by int64) error {
		return store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
			_, err := people.RemoveRelative(ctx, tx, hh.ID, user, by)
			return err
		})
	}
	inTx(t, db, func(tx *sql.Tx) error {
		if _, linked, err := people.UseLinkCode(ctx, tx, code, 2, t0); err != nil || !linked {
			return fmt.Errorf("linked %v: %w", linked, err)
		}
		if _, linked, err := people.UseLinkCode(ctx, tx, code, 2, t0); err != nil || linked {
			return fmt.Errorf("again: linked %v: %w", linked, err)
		}
		rels, err := people.Relatives(ctx, tx, hh.ID)
		if err != nil || len(rels) != 1 || rels[0].UserID != 2 {
			return fmt.Errorf("relatives %+v: %w", rels, err)
		}
		if res, err := people.ResidentsOf(ctx, tx, hh.ID); err != nil || len(res) != 1 || res[0] != 1 {
			return fmt.Errorf("residents %v: %w", res, err)
		}
		return nil
	})
	if err := remove(2, 2); !errors.Is(err, people.ErrNotResident) {
		t.Fatalf("a relative removing themself through the resident's button: %v", err)
	}
	if err := remove(2, 3); !errors.Is(err, people.ErrNotResident) {
		t.Fatalf("a stranger removing the relative: %v", err)
	}
	if err := remove(1, 1); !errors.Is(err, people.ErrNotRelative) {
		t.Fatalf("the resident removing themself: %v", err)
	}
	if err := remove(2, 1); err != nil {
		t.Fatalf("the resident removing the relative: %v", err)
	}
	if err := remove(2, 1); !errors.Is(err, people.ErrNotRelative) {
		t.Fatalf("removed twice: %v", err)
	}
	if ok, err := people.MayActFor(ctx, db.Read, 2, hh.ID); err != nil || ok {
		t.Fatalf("the removed relative may still act for the household: %v, %v", ok, err)
	}
}
