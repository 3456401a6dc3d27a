package main

import (
	"strings"
	"testing"
)

// A household with someone who needs special care is flagged so on a volunteer's queue, in
// words that say care, not poverty, in each volunteer's language.
func TestQueue_HouseholdNeedingCareIsFlaggedAsSuch(t *testing.T) {
	t.Parallel()
	lb := claimBot(t)
	register(t, lb, zhUser, "zh", zhResident) // an elderly person living alone
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volEN, "en", "Bob", "a1")
	lb.sayAll(t, zhUser, "/order groceries 大米")
	lb.drain(t)
	for vol, lang := range map[int64]string{volZH: ZH, volEN: EN} {
		q := lb.say(t, vol, "/queue")
		if !strings.Contains(q.Text, words(lang, "queue.flag_care")) || !strings.Contains(q.Text, "大米") {
			t.Errorf("%s queue: %q", lang, q.Text)
		}
	}
	lb.noneRefused(t)
}
