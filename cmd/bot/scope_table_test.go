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
	a1Only := words(EN, "scope.zones", "a1") // the a1 admin's scope, as refusals name it
	rows := []struct {
		cmd, want string // want: data the answer holds
		key       string // or: the catalogue entry it shows, with args
		args      []any
		not       []string
	}{
		{cmd: "/stats", want: "官北沟", not: b2},
		{cmd: "/volunteers", want: "VolA", not: b2},
		{cmd: "/queue", want: "rice", not: b2},
		{cmd: "/claim 2", not: []string{"flour"}},
		{cmd: "/notice zone:b2 hello b2", key: "scope.outside", args: []any{a1Only, "b2"}},
		{cmd: "/notice all hello all", key: "scope.global_only", args: []any{a1Only}},
		{cmd: "/notice residents hello", key: "scope.global_only", args: []any{a1Only}},
		{cmd: "/schedule 0 8 * * * zone:b2 hi", key: "scope.outside", args: []any{a1Only, "b2"}},
		{cmd: "/notice zone:a1 hello a1", key: "notice.status_title", args: []any{1}},
		{cmd: "/invite b2", key: "scope.outside", args: []any{a1Only, "b2"}},
		{cmd: "/invite", want: "官北沟", not: b2},
		{cmd: "/monitor zone:b2 on", key: "scope.outside", args: []any{a1Only, "b2"}},
		{cmd: fmt.Sprintf("/monitor %d on", hhB2), key: "scope.outside", args: []any{a1Only, "b2"}, not: b2},
		{cmd: fmt.Sprintf("/monitor %d on", hhA1), want: "居民211", not: b2},
		{cmd: "/monitor", want: "a1", not: b2},
		{cmd: "/grant 202 gridworker b2", key: "scope.outside", args: []any{a1Only, "b2"}},
	}
	for _, row := range rows {
		msgs := lb.sayAll(t, a1Admin, row.cmd)
		all := ""
		for _, m := range msgs {
			all += m.Text + "\n"
		}
		if !strings.Contains(all, row.want) || row.key != "" && !shows(t, all, EN, row.key, row.args...) {
			t.Errorf("%s: %q, want %q %s %v", row.cmd, all, row.want, row.key, row.args)
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
	if got := lb.groupSay(t, scopeGroup, a1Admin, "/bindqueue b2"); len(got) != 1 || !shows(t, got[0].Text, EN, "scope.outside", words(EN, "scope.zones", "a1"), "b2") {
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
	lb.grant(t, 900, "202 gridworker a1")
	lb.drain(t) // the grid worker is told
	if got := lb.say(t, a1Helper, "/register b2; 李奶奶; 13700137000; 5号楼 101"); !shows(t, got.Text, EN, "scope.outside", words(EN, "scope.zones", "a1"), "b2") {
		t.Fatalf("scoped grid worker registering in b2: %q", got.Text)
	}
	if got := lb.say(t, a1Helper, "/register a1; 李奶奶; 13700137000; 5号楼 101"); !shows(t, got.Text, EN, "register.done") {
		t.Fatalf("scoped grid worker registering in a1: %q", got.Text)
	}
	if got := lb.say(t, a1Helper, "/order groceries rice"); !shows(t, got.Text, EN, "order.placed", 1) {
		t.Fatalf("order for the a1 household: %q", got.Text)
	}
	lb.grant(t, 900, "202 gridworker b2") // moved to b2: a1's household is no longer theirs to order for
	lb.drain(t)
	if got := lb.say(t, a1Helper, "/order groceries eggs"); !shows(t, got.Text, EN, "scope.outside", words(EN, "scope.zones", "b2"), "a1") {
		t.Fatalf("order after the scope moved: %q", got.Text)
	}
}
