package main

import (
	"fmt"
	"regexp"
	"testing"

	"linli/telegramtest"
)

// The commands and buttons that once had their own "send this in private" text (buy, monitor,
// round, volunteers, invite, join, queue and the task commands, issue 14): the command table
// stops them in a group first, so a zh and an en admin each get place.private_only in their own
// language, with the button to the private chat, and nothing ran.
func TestGroup_FormerlyOwnPrivateOnlyTextsAnswerThePointerInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	lb := groupBot(t, nil)
	register(t, lb, zhUser, "zh", zhResident)
	lb.sayAll(t, zhUser, "/order groceries 鸡蛋 10个") // #1, open
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	invite := regexp.MustCompile(`v_([A-Za-z0-9]+)`).FindStringSubmatch(lb.say(t, 900, "/invite").Text)
	if invite == nil {
		t.Fatal("no invite code")
	}
	lb.ts.AddGroup(walkGroup, "Neighbours")
	db := lb.readDB(t)
	state := func() (s string) {
		db.QueryRow(`SELECT (SELECT count(*) FROM volunteer_invites) || ',' ||
			(SELECT count(*) FROM volunteer_invites WHERE used_by IS NOT NULL) || ',' ||
			(SELECT count(*) FROM volunteers) || ',' || (SELECT count(*) FROM supply_rounds) || ',' ||
			(SELECT count(*) FROM supply_signups) || ',' || (SELECT count(*) FROM conversations) || ',' ||
			(SELECT group_concat(status) FROM orders)`).Scan(&s)
		return s
	}
	before := state()
	texts := []string{"/buy", "/buy R1 1x2", "/monitor", "/monitor 1 on", "/round",
		"/round distribution a1 2030-01-01 10:00 Rice; rice max 1", "/rounds", "/closeround R1",
		"/cancelround R1 no stock", "/volunteers", "/invite", "/invite a1", "/join " + invite[1],
		"/start v_" + invite[1], "/queue", "/queue groceries", "/claim 1", "/claim B1", "/deliver 1",
		"/release 1 busy", "/mytasks"}
	presses := []string{"r:a:1", "r:c:1", "r:e:1", "s:c:1", "s:r:1", "b:r:1", "v:p:0", "v:d:off"}
	for user, lang := range map[int64]string{900: ZH, enAdmin: EN} {
		for _, text := range texts {
			got := lb.groupSay(t, walkGroup, user, text)
			if len(got) != 1 || !isPointer(got[0]) || !shows(t, got[0].Text, lang, "place.private_only") {
				t.Errorf("%s %q in a group: %+v, want place.private_only in %s with the button", lang, text, got, lang)
			}
		}
		for _, d := range presses {
			lb.settle(t, lb.ts.PressRaw(user, walkGroup, 1, d))
			a := lastAnswer(lb, user, d)
			if a == nil || a.Text != words(lang, "place.private_only") || !a.ShowAlert {
				t.Errorf("%s press %q in a group: %+v, want the place.private_only pop-up", lang, d, a)
			}
		}
	}
	lb.drain(t)
	mustNotLeak(t, lb, walkGroup, invite[1], "start=v_", zhResident, resPhone, resRoom, "鸡蛋")
	if after := state(); after != before {
		t.Errorf("the group's commands changed something: %s → %s", before, after)
	}
	lb.noneRefused(t)
}

// lastAnswer is the latest answerCallbackQuery to user's press of data, or nil.
func lastAnswer(lb *liveBot, user int64, data string) *telegramtest.CallbackAnswer {
	all := lb.ts.CallbackAnswers()
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].UserID == user && all[i].Data == data {
			return &all[i]
		}
	}
	return nil
}
