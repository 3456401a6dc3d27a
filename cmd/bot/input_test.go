package main

import (
	"strings"
	"testing"
)

// Finding 5 (issue 12), input: zero-width-only items were accepted and right-to-left overrides
// reached volunteers; a schedule that never fires (30 February) was accepted; "* * * * *" to
// everyone needed no confirmation.
func TestInput_InvisibleTextNeverFiringAndFrequentSchedules(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n[notices]\nconfirm_over = 1\n")
	addUsers(lb.ts)
	resident(t, lb, 401, "en", "a1", "3号楼")
	resident(t, lb, 402, "en", "a1", "5号楼")
	if got := lb.say(t, 401, "/order groceries \u200b\u200b\u2060"); !strings.Contains(got.Text, "Usage") && !strings.Contains(got.Text, "empty") && !strings.Contains(got.Text, "what") {
		t.Errorf("zero-width-only items: %q", got.Text)
	}
	lb.sayAll(t, 401, "/order groceries eggs\u202e01 sgge")
	var items string
	lb.readDB(t).QueryRow(`SELECT group_concat(items, '|') FROM orders`).Scan(&items)
	if items != "eggs01 sgge" {
		t.Errorf("stored items: %q, want the override dropped and nothing else stored", items)
	}
	if got := lb.say(t, zhUser, "/register a1; 王阿姨; 13800138001; Room 301"); !strings.Contains(got.Text, "在哪一栋楼") {
		t.Errorf("an address without a building: %q", got.Text)
	}
	if got := lb.say(t, enUser, "/register a1; Ann; 13800138002; Bldg ３, Rm 301"); !strings.Contains(got.Text, "3号楼 301") {
		t.Errorf("Bldg 3, Rm 301 in full-width digits: %q", got.Text)
	}
	steps := []struct{ cmd, want string }{
		{"/schedule 0 0 30 2 * all hello", "一年之内一次也不会触发"},
		{"/schedule * * * * * all hello", "需要您确认"},
		{"/schedule 0 8 * * * all daily hello", "N"}, // daily: no confirmation needed
		{"/schedule !confirm * * * * * all hello", "N"},
	}
	for _, s := range steps {
		if got := lb.say(t, 900, s.cmd); !strings.Contains(got.Text, s.want) {
			t.Errorf("%s: %q, want %q", s.cmd, got.Text, s.want)
		}
	}
	var n int
	lb.readDB(t).QueryRow(`SELECT count(*) FROM notices WHERE spec <> ''`).Scan(&n)
	if n != 2 {
		t.Errorf("%d schedules, want 2 (the daily one and the confirmed one)", n)
	}
}
