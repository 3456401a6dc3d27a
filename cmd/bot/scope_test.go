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
	if told := lb.nextAfter(t, a1Admin, before); !strings.Contains(told.Text, "admin (zones a1)") {
		t.Fatalf("scoped admin told: %q", told.Text)
	}
	return lb
}

func TestGrant_ScopedAdminGrantsOnlyInsideTheirZones(t *testing.T) {
	t.Parallel()
	lb := startScoped(t)
	steps := []struct {
		user      int64
		cmd, want string
	}{
		{a1Admin, "/grant 202 gridworker b2", "zones a1 only: b2 is outside"},
		{a1Admin, "/grant 202 gridworker zz", "There is no zone zz"},
		{a1Admin, "/grant 202 gridworker", "grid worker (zones a1)"}, // no zones: the admin's own
		{a1Admin, "/grant 202 organizer a1", "organiser (zones a1)"},
		{900, "/grant 203 counsellor", "（全部区域）"},
		{a1Admin, "/revoke 203", "you hold zones a1"}, // a global role is beyond a scoped admin
		{a1Admin, "/revoke 900", "configuration file"},
		{a1Admin, "/grant 201 admin b2", "zones a1 only: b2 is outside"}, // no widening oneself
		{a1Admin, "/revoke 202 organizer", "Taken away"},
	}
	for _, s := range steps {
		if got := lb.say(t, s.user, s.cmd); !strings.Contains(got.Text, s.want) {
			t.Errorf("%d %s: %q, want %q", s.user, s.cmd, got.Text, s.want)
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
