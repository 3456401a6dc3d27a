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
