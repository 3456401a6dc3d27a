package main

import (
	"fmt"
	"strings"
	"testing"
)

// Residents and volunteers of the scoped-admin table: one household and one volunteer in each
// of zones a1 and b2.
const (
	a1Home     = 211
	b2Home     = 212
	a1Vol      = 213
	b2Vol      = 214
	scopeGroup = -100777
)

// The scoped-admin table (issue 12): for each admin command and the dashboard, what an admin of
// zone a1 sees and may do with households of a1 and of b2. want: the answer holds this; not: it
// holds none of these (b2's household, volunteer and zone).
func TestScopedAdmin_Table_SeesAndActsInOwnZonesOnly(t *testing.T) {
	t.Parallel()
	lb := startScoped(t)
	resident(t, lb, a1Home, "en", "a1", "3号楼")
	resident(t, lb, b2Home, "en", "b2", "9号楼")
	enlist(t, lb, a1Vol, "en", "VolA", "a1")
	enlist(t, lb, b2Vol, "en", "VolB", "b2")
	lb.sayAll(t, a1Home, "/order groceries rice")
	lb.sayAll(t, b2Home, "/order groceries flour")
	hhB2 := householdOf(t, lb, b2Home)
	hhA1 := householdOf(t, lb, a1Home)
	b2 := []string{"居民212", "9号楼", "flour", "VolB", "幸福里"}
	rows := []struct {
		cmd, want string
		not       []string
	}{
		{"/stats", "官北沟", b2},
		{"/volunteers", "VolA", b2},
		{"/queue", "rice", b2},
		{"/claim 2", "", []string{"flour"}},
		{"/notice zone:b2 hello b2", "zones a1 only: b2 is outside", nil},
		{"/notice all hello all", "Only an admin of all zones", nil},
		{"/notice residents hello", "Only an admin of all zones", nil},
		{"/schedule 0 8 * * * zone:b2 hi", "b2 is outside", nil},
		{"/notice zone:a1 hello a1", "N1", nil},
		{"/invite b2", "b2 is outside", nil},
		{"/invite", "官北沟", b2},
		{"/monitor zone:b2 on", "b2 is outside", nil},
		{fmt.Sprintf("/monitor %d on", hhB2), "b2 is outside", b2},
		{fmt.Sprintf("/monitor %d on", hhA1), "居民211", b2},
		{"/monitor", "a1", b2},
		{"/grant 202 gridworker b2", "b2 is outside", nil},
	}
	for _, row := range rows {
		msgs := lb.sayAll(t, a1Admin, row.cmd)
		all := ""
		for _, m := range msgs {
			all += m.Text + "\n"
		}
		if !strings.Contains(all, row.want) {
			t.Errorf("%s: %q, want %q", row.cmd, all, row.want)
		}
		for _, s := range row.not {
			if strings.Contains(all, s) {
				t.Errorf("%s showed %q of zone b2: %q", row.cmd, s, all)
			}
		}
	}
	if countWith(lb, b2Home, "hello") != 0 || countWith(lb, a1Home, "hello a1") != 1 {
		t.Errorf("notices: a1 %+v, b2 %+v", lb.ts.BotMessages(a1Home), lb.ts.BotMessages(b2Home))
	}
	if s := orderStatus(t, lb, 2); s != "open" {
		t.Errorf("the b2 order was claimed by the a1 admin: %s", s)
	}
	// /export: a CSV of a1 only.
	for _, what := range []string{"orders", "residents", "volunteers"} {
		msgs := lb.sayAll(t, a1Admin, "/export "+what)
		if len(msgs) != 1 || msgs[0].Document == nil {
			t.Fatalf("/export %s: %+v", what, msgs)
		}
		csv := string(msgs[0].Document.Data)
		if !strings.Contains(csv, "a1") || strings.Contains(csv, ",b2,") || strings.Contains(csv, "flour") ||
			strings.Contains(csv, "居民212") {
			t.Errorf("/export %s of the a1 admin:\n%s", what, csv)
		}
	}
	// A group mirror of b2 is refused; of a1 (or "every zone", which is a1 for them) allowed.
	lb.ts.AddGroup(scopeGroup, "Volunteers")
	if got := lb.groupSay(t, scopeGroup, a1Admin, "/bindqueue b2"); len(got) != 1 || !strings.Contains(got[0].Text, "b2 is outside") {
		t.Errorf("/bindqueue b2: %+v", got)
	}
	// The config admin still sees everything.
	if got := lb.say(t, 900, "/stats"); !strings.Contains(got.Text, "幸福里") || !strings.Contains(got.Text, "官北沟") {
		t.Errorf("config admin's /stats: %q", got.Text)
	}
}

func TestScopedGridWorker_RegistersAndOrdersInTheirZonesOnly(t *testing.T) {
	t.Parallel()
	lb := startScoped(t)
	lb.say(t, 900, "/grant 202 gridworker a1")
	lb.drain(t) // the grid worker is told
	if got := lb.say(t, a1Helper, "/register b2; 李奶奶; 13700137000; 5号楼 101"); !strings.Contains(got.Text, "zones a1 only: b2 is outside") {
		t.Fatalf("scoped grid worker registering in b2: %q", got.Text)
	}
	if got := lb.say(t, a1Helper, "/register a1; 李奶奶; 13700137000; 5号楼 101"); !strings.Contains(got.Text, "Registered") {
		t.Fatalf("scoped grid worker registering in a1: %q", got.Text)
	}
	if got := lb.say(t, a1Helper, "/order groceries rice"); !strings.Contains(got.Text, "#1") {
		t.Fatalf("order for the a1 household: %q", got.Text)
	}
	lb.say(t, 900, "/grant 202 gridworker b2") // moved to b2: a1's household is no longer theirs to order for
	lb.drain(t)
	if got := lb.say(t, a1Helper, "/order groceries eggs"); !strings.Contains(got.Text, "zones b2 only: a1 is outside") {
		t.Fatalf("order after the scope moved: %q", got.Text)
	}
}
