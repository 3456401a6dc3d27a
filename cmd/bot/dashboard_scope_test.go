package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

// Admins of zone b2 only, one per language, for the scoped dashboard test.
const (
	b2AdminEN int64 = 421
	b2AdminZH int64 = 422
)

// A scoped admin's dashboard shows the rounds /rounds shows him, those of his zones, and their
// pick lists; another zone's round is not listed, and asking for its pick list by number gets the
// same refusal as a round that does not exist, in his language, with nothing of its households.
func TestDashboard_ScopedAdminSeesOnlyHisZonesRounds(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t) // zhUser and enUser in a1, 3号楼
	lb.ts.AddUser(telegramtest.User{ID: b2Resident, FirstName: "芳", LanguageCode: "zh"})
	mustShow(t, lb.sayAll(t, b2Resident, "/register b2; "+b2Name+"; "+b2Phone+"; 5号楼 101")[0], ZH, "register.done")
	for id, lang := range map[int64]string{b2AdminEN: EN, b2AdminZH: ZH} {
		lb.ts.AddUser(telegramtest.User{ID: id, FirstName: "B2", LanguageCode: lang})
		lb.say(t, id, "/help")
		lb.grant(t, 900, itoa(id)+" admin b2")
	}
	cut := cutoffIn(clock, 2*time.Hour)
	lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cut+" 周二蔬菜团购; 蔬菜包 ¥39/份 max 2 stock 300")
	lb.sayAll(t, 900, "/round groupbuy zone:b2 "+cut+" 幸福里鸡蛋团购; 鸡蛋 ¥15/盒 max 3")
	lb.runJob(t, "notices")
	mustShow(t, lb.sayAll(t, zhUser, "/buy R1 1x2")[0], ZH, "buy.line", 1, "蔬菜包", 2, anyArg{})
	mustShow(t, lb.sayAll(t, b2Resident, "/buy R2 1x1")[0], ZH, "buy.line", 1, "鸡蛋", 1, anyArg{})
	clock.jump(3 * time.Hour)
	lb.sweep(t) // both closed: each has a pick list

	for id, lang := range map[int64]string{b2AdminEN: EN, b2AdminZH: ZH} {
		rounds := lb.sayAll(t, id, "/rounds")[0].Text
		if !strings.Contains(rounds, "幸福里鸡蛋团购") || strings.Contains(rounds, "周二蔬菜团购") {
			t.Fatalf("/rounds of the b2 admin %d: %q", id, rounds)
		}
		link, _ := dashboardLink(t, lb, id)
		b := newBrowser(t, link)
		page := b.login(link)
		if !strings.Contains(page, "幸福里鸡蛋团购") || !strings.Contains(page, `href="picklist?round=2"`) {
			t.Errorf("%s dashboard of the b2 admin lacks the b2 round", lang)
		}
		for _, bad := range []string{"周二蔬菜团购", "蔬菜包", "3号楼", "picklist?round=1"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s dashboard of the b2 admin shows a1's %q", lang, bad)
			}
		}
		if code, picks, _ := b.get(b.base + "/picklist?round=2"); code != http.StatusOK || !strings.Contains(picks, "5号楼") {
			t.Errorf("%s pick list of the b2 round: %d %q", lang, code, picks)
		}
		code, other, _ := b.get(b.base + "/picklist?round=1")
		if code != http.StatusNotFound || !strings.Contains(other, words(lang, "web.picklist_unknown")) {
			t.Errorf("%s pick list of the a1 round: %d %q", lang, code, other)
		}
		for _, bad := range []string{"周二蔬菜团购", "蔬菜包", "3号楼", "R1"} {
			if strings.Contains(other, bad) {
				t.Errorf("%s refusal of the a1 pick list reveals %q", lang, bad)
			}
		}
		if code, none, _ := b.get(b.base + "/picklist?round=99"); code != http.StatusNotFound || none != other {
			t.Errorf("%s a round that does not exist is refused otherwise than another zone's: %d %q", lang, code, none)
		}
	}

	// The global admin still sees both, and both pick lists.
	link, _ := dashboardLink(t, lb, 900)
	b := newBrowser(t, link)
	page := b.login(link)
	if !strings.Contains(page, "周二蔬菜团购") || !strings.Contains(page, "幸福里鸡蛋团购") {
		t.Errorf("the global admin's dashboard lacks a round")
	}
	for _, id := range []string{"1", "2"} {
		if code, _, _ := b.get(b.base + "/picklist?round=" + id); code != http.StatusOK {
			t.Errorf("global admin, pick list of R%s: %d", id, code)
		}
	}
	lb.noneRefused(t)
}
