package main

import (
	"strings"
	"testing"

	"linli/telegramtest"
)

// Scoped admins (issue 12): users of the scoped-admin tests.
const (
	a1Admin  = 201 // admin of zone a1 only
	a1Helper = 202
	globalCo = 203
)

// zonesA1 is how a scope of zone a1 reads in English.
var zonesA1 = words(EN, "scope.zones", "a1")

// startScoped starts a bot with a zone-a1 admin (granted by config admin 900) and two more users.
func startScoped(t *testing.T) *liveBot {
	t.Helper()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	for _, u := range []telegramtest.User{
		{ID: a1Admin, FirstName: "Ada", LanguageCode: "en"},
		{ID: a1Helper, FirstName: "Hal", LanguageCode: "en"},
		{ID: globalCo, FirstName: "Gus", LanguageCode: "en"},
	} {
		lb.ts.AddUser(u)
		lb.say(t, u.ID, "/help")
	}
	before := len(lb.ts.BotMessages(a1Admin))
	if got := lb.say(t, 900, "/grant 201 admin a1"); !strings.Contains(got.Text, "a1") {
		t.Fatalf("scoped grant: %q", got.Text)
	}
	if told := lb.nextAfter(t, a1Admin, before); !shows(t, told.Text, EN, "grant.told", words(EN, "role.admin"), zonesA1) {
		t.Fatalf("scoped admin told: %q", told.Text)
	}
	return lb
}

func TestGrant_ScopedAdminGrantsOnlyInsideTheirZones(t *testing.T) {
	t.Parallel()
	lb := startScoped(t)
	steps := []struct {
		user           int64
		cmd, lang, key string
		args           []any
	}{
		{a1Admin, "/grant 202 gridworker b2", EN, "scope.outside", []any{zonesA1, "b2"}},
		{a1Admin, "/grant 202 gridworker zz", EN, "scope.unknown_zone", []any{"zz"}},
		{a1Admin, "/grant 202 gridworker", EN, "grant.done", []any{anyArg{}, anyArg{}, words(EN, "role.gridworker"), zonesA1}}, // no zones: the admin's own
		{a1Admin, "/grant 202 organizer a1", EN, "grant.done", []any{anyArg{}, anyArg{}, words(EN, "role.organizer"), zonesA1}},
		{900, "/grant 203 counsellor", ZH, "grant.done", []any{anyArg{}, anyArg{}, anyArg{}, words(ZH, "scope.all")}},
		{a1Admin, "/revoke 203", EN, "scope.global_only", []any{zonesA1}}, // a global role is beyond a scoped admin
		{a1Admin, "/revoke 900", EN, "revoke.config_admin", nil},
		{a1Admin, "/grant 201 admin b2", EN, "scope.outside", []any{zonesA1, "b2"}}, // no widening oneself
		{a1Admin, "/revoke 202 organizer", EN, "revoke.done", nil},
	}
	for _, s := range steps {
		if got := lb.say(t, s.user, s.cmd); !shows(t, got.Text, s.lang, s.key, s.args...) {
			t.Errorf("%d %s: %q, want %s %v", s.user, s.cmd, got.Text, s.key, s.args)
		}
	}
	var scope string
	if err := lb.readDB(t).QueryRow(`SELECT group_concat(DISTINCT scope) FROM audit_log WHERE actor = ?`, a1Admin).Scan(&scope); err != nil || scope != "a1" {
		t.Fatalf("audit scope of the a1 admin: %q, %v", scope, err)
	}
	var zones string
	if err := lb.readDB(t).QueryRow(`SELECT zones FROM user_roles WHERE user_id = 202 AND role = 'gridworker'`).Scan(&zones); err != nil || zones != "a1" {
		t.Fatalf("grid worker's zones: %q, %v", zones, err)
	}
}

// A grant replaces the zones of a role held (walk: "/grant 202 admin a1" took b2 from Bob and
// neither message said so). The granter reads what changes ("zones b2 → zones a1, b2"); a grant
// that takes zones away, or widens some zones to every zone, asks first with how to add zones
// instead; the person reads what they cover now and before, in their language. Cancel and a
// forged press change nothing; a grant that changes nothing says so and tells no one.
func TestGrant_ChangingZonesSaysWhatChangesAndAsksBeforeTakingAway(t *testing.T) {
	t.Parallel()
	lb := startScoped(t)
	zonesOf := func(user int64, role string) string {
		var z string
		if err := lb.readDB(t).QueryRow(`SELECT zones FROM user_roles WHERE user_id = ? AND role = ?`, user, role).Scan(&z); err != nil {
			t.Fatal(err)
		}
		return z
	}
	b2, a1b2 := words(ZH, "scope.zones", "b2"), words(ZH, "scope.zones", "a1, b2")
	mustShow(t, lb.say(t, 900, "/grant 202 admin b2"), ZH, "grant.done", "Hal", a1Helper, words(ZH, "role.admin"), b2)

	// a1 for b2: asked first, b2 named as lost, with the grant that would add a1.
	lb.drain(t) // the grant's word to them is out before counting
	told := len(lb.ts.BotMessages(a1Helper))
	ask := lb.sayAll(t, 900, "/grant 202 admin a1")
	if len(ask) != 1 || !shows(t, ask[0].Text, ZH, "grant.confirm_narrow", "Hal", a1Helper, words(ZH, "role.admin"), b2, words(ZH, "scope.zones", "a1"), b2) ||
		!shows(t, ask[0].Text, ZH, "grant.add_hint", a1Helper, "admin", "b2 a1") || zonesOf(a1Helper, "admin") != "b2" {
		t.Fatalf("a grant taking b2 away: %+v", ask)
	}
	lb.settle(t, lb.ts.PressRaw(a1Helper, a1Helper, 1, "f:grant:yes")) // forged, by the person themself
	if got := lb.press(t, 900, ask[0], words(ZH, "button.cancel")); !shows(t, got.Text, ZH, "grant.cancelled") || zonesOf(a1Helper, "admin") != "b2" {
		t.Fatalf("cancelled: %q, zones %q", got.Text, zonesOf(a1Helper, "admin"))
	}
	if n := len(lb.ts.BotMessages(a1Helper)); n != told {
		t.Fatalf("the person was told of a grant not made: %+v", lb.ts.BotMessages(a1Helper)[told:])
	}

	// Adding a zone is done at once, and both read what changed.
	mustShow(t, lb.say(t, 900, "/grant 202 admin a1 b2"), ZH, "grant.done_changed", "Hal", a1Helper, words(ZH, "role.admin"), b2, a1b2)
	mustShow(t, lb.nextAfter(t, a1Helper, told), EN, "grant.told_changed", words(EN, "role.admin"), words(EN, "scope.zones", "a1, b2"), words(EN, "scope.zones", "b2"))
	told = len(lb.ts.BotMessages(a1Helper))
	mustShow(t, lb.say(t, 900, "/grant 202 admin b2 a1"), ZH, "grant.unchanged", "Hal", a1Helper, words(ZH, "role.admin"))

	// No zones: every zone, asked first.
	ask = lb.sayAll(t, 900, "/grant 202 admin")
	if len(ask) != 1 || !shows(t, ask[0].Text, ZH, "grant.confirm_widen", "Hal", a1Helper, words(ZH, "role.admin"), a1b2) || zonesOf(a1Helper, "admin") != "a1,b2" {
		t.Fatalf("a grant widening to every zone: %+v", ask)
	}
	done := lb.pressAll(t, 900, ask[0], words(ZH, "grant.change_button"))
	if len(done) == 0 || !shows(t, done[0].Text, ZH, "grant.done_changed", "Hal", a1Helper, words(ZH, "role.admin"), a1b2, words(ZH, "scope.all")) || zonesOf(a1Helper, "admin") != "" {
		t.Fatalf("widened: %+v", done)
	}
	mustShow(t, lb.nextAfter(t, a1Helper, told), EN, "grant.told_changed", words(EN, "role.admin"), words(EN, "scope.all"), words(EN, "scope.zones", "a1, b2"))

	// In English, and from every zone to one: the other zones are lost.
	lb.say(t, 900, "/lang en")
	ask = lb.sayAll(t, 900, "/grant 202 admin a1")
	if len(ask) != 1 || !shows(t, ask[0].Text, EN, "grant.confirm_narrow", "Hal", a1Helper, words(EN, "role.admin"), words(EN, "scope.all"), zonesA1, words(EN, "grant.other_zones")) {
		t.Fatalf("English, every zone to a1: %+v", ask)
	}
	if done := lb.pressAll(t, 900, ask[0], words(EN, "grant.change_button")); !shows(t, done[0].Text, EN, "grant.done_changed", "Hal", a1Helper, words(EN, "role.admin"), words(EN, "scope.all"), zonesA1) || zonesOf(a1Helper, "admin") != "a1" {
		t.Fatalf("English, narrowed: %+v", done)
	}

	// A Chinese-speaking person reads it in Chinese.
	lb.say(t, zhUser, "/help")
	lb.say(t, 900, "/grant 101 organizer b2")
	lb.drain(t) // the first grant's word to them is out before counting
	told = len(lb.ts.BotMessages(zhUser))
	mustShow(t, lb.say(t, 900, "/grant 101 organizer b2 a1"), EN, "grant.done_changed", anyArg{}, zhUser, words(EN, "role.organizer"), words(EN, "scope.zones", "b2"), words(EN, "scope.zones", "b2, a1"))
	mustShow(t, lb.nextAfter(t, zhUser, told), ZH, "grant.told_changed", words(ZH, "role.organizer"), words(ZH, "scope.zones", "b2, a1"), words(ZH, "scope.zones", "b2"))
	lb.noneRefused(t)
}

// A zone admin's `volunteers` are the volunteers of their zones (walk: Bob, admin of b2, was told
// only an admin of all zones may message volunteers); the status names them so, in the admin's
// language, and a global admin's `volunteers` stay every volunteer.
func TestScopedAdmin_NoticeToVolunteersReachesThoseOfTheirZones_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := startScoped(t)
	enlist(t, lb, a1Vol, "en", "VolA", "a1")
	enlist(t, lb, b2Vol, "en", "VolB", "b2")
	lb.sayAll(t, globalCo, "/lang zh")
	lb.grant(t, 900, "203 admin b2")
	lb.drain(t)
	got := lb.sayAll(t, a1Admin, "/notice volunteers vols of a1")
	if !shows(t, last(got).Text, EN, "notice.status_title", 1, words(EN, "notice.audience_volunteers_of", "a1"), anyArg{}) {
		t.Fatalf("/notice volunteers by the a1 admin: %+v", got)
	}
	got = lb.sayAll(t, globalCo, "/notice volunteers 乙二的志愿者")
	if !shows(t, last(got).Text, ZH, "notice.status_title", 2, words(ZH, "notice.audience_volunteers_of", "b2"), anyArg{}) {
		t.Fatalf("/notice volunteers by the b2 admin: %+v", got)
	}
	got = lb.sayAll(t, 900, "/notice volunteers everyone")
	if !shows(t, last(got).Text, ZH, "notice.status_title", 3, "volunteers", anyArg{}) {
		t.Fatalf("/notice volunteers by a global admin: %+v", got)
	}
	lb.noticeTick(t)
	for _, c := range []struct {
		vol  int64
		text string
		want int
	}{{a1Vol, "vols of a1", 1}, {b2Vol, "vols of a1", 0}, {b2Vol, "乙二的志愿者", 1}, {a1Vol, "乙二的志愿者", 0}, {a1Vol, "everyone", 1}, {b2Vol, "everyone", 1}} {
		if n := countWith(lb, c.vol, c.text); n != c.want {
			t.Errorf("volunteer %d got %q %d times, want %d", c.vol, c.text, n, c.want)
		}
	}
	// /notices of the a1 admin lists their own notice, not the b2 admin's nor the global one.
	if list := lb.say(t, a1Admin, "/notices").Text; strings.Contains(list, "N2") || strings.Contains(list, "N3") {
		t.Errorf("/notices of the a1 admin: %q", list)
	}
	lb.noneRefused(t)
}

// A scoped admin's bare /revoke of someone who also holds a role beyond their zones is told to
// name the role they mean, which then goes; with no role of theirs to take, the refusal stands.
func TestRevoke_BareByScopedAdminAsksForTheRole_BothLanguages(t *testing.T) {
	t.Parallel()
	lb := startScoped(t)
	lb.sayAll(t, globalCo, "/lang zh")
	lb.grant(t, 900, "203 admin b2")
	lb.grant(t, a1Admin, "202 gridworker")
	lb.grant(t, 900, "202 counsellor")
	lb.drain(t)
	if got := lb.say(t, a1Admin, "/revoke 202"); !shows(t, got.Text, EN, "revoke.name_role", 202, zonesA1, 202, "gridworker") {
		t.Fatalf("bare /revoke by the a1 admin: %q", got.Text)
	}
	if got := lb.say(t, globalCo, "/revoke 202"); !shows(t, got.Text, ZH, "scope.global_only", words(ZH, "scope.zones", "b2")) {
		t.Fatalf("bare /revoke with no role in b2: %q", got.Text)
	}
	lb.grant(t, 900, "202 organizer b2")
	lb.drain(t)
	if got := lb.say(t, globalCo, "/revoke 202"); !shows(t, got.Text, ZH, "revoke.name_role", 202, words(ZH, "scope.zones", "b2"), 202, "organizer") {
		t.Fatalf("bare /revoke by the b2 admin: %q", got.Text)
	}
	var n int
	lb.readDB(t).QueryRow(`SELECT count(*) FROM user_roles WHERE user_id = 202`).Scan(&n)
	if n != 3 {
		t.Fatalf("%d roles of 202 after refused bare revokes, want 3", n)
	}
	if got := lb.say(t, a1Admin, "/revoke 202 gridworker"); !shows(t, got.Text, EN, "revoke.done", anyArg{}, 202, anyArg{}) {
		t.Fatalf("/revoke 202 gridworker: %q", got.Text)
	}
	lb.noneRefused(t)
}
