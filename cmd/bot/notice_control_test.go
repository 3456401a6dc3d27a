package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

// pressHeld presses data under msg as user and returns the answer's text once the press is
// handled and everything not held by a paused run was sent (lb.settle would wait for those).
func (lb *liveBot) pressHeld(t *testing.T, user int64, msg telegramtest.Message, data string) string {
	t.Helper()
	answers := func() (out []string) {
		for _, a := range lb.ts.CallbackAnswers() {
			if a.Data == data && a.ChatID == msg.ChatID && a.UserID == user {
				out = append(out, a.Text)
			}
		}
		return out
	}
	before := len(answers())
	id := lb.ts.PressRaw(user, msg.ChatID, msg.ID, data)
	db := lb.readDB(t)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var done, queued int
		err := db.QueryRow(`SELECT (SELECT count(*) FROM inbox WHERE update_id = ? AND done_at IS NOT NULL),
			(SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND not_before < ?)`, id, int64(1)<<61).
			Scan(&done, &queued)
		resume := strings.HasPrefix(data, "n:r:") // the rest of the run is queued again
		if got := answers(); err == nil && done == 1 && len(got) > before && (queued == 0 || resume) {
			return got[len(got)-1]
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("press %q not answered; logs:\n%s", data, lb.logs.String())
	return ""
}

func TestNotice_PreviewOverConfirmOverThenSendOrDiscard(t *testing.T) {
	t.Parallel()
	lb, _ := noticeBot(t, 0, "[notices]\nconfirm_over = 2\n")
	threeResidents(t, lb)
	got := lb.sayAll(t, 900, "/notice residents 明天 <i>停水</i>")
	if len(got) != 2 {
		t.Fatalf("preview: %+v", got)
	}
	mustShow(t, got[0], ZH, "notice.preview", 1, "3", anyArg{}, 2)
	body := got[1]
	if body.Text != words(ZH, "notice.body", "明天 <i>停水</i>") {
		t.Fatalf("the preview does not look like the notice: %q", body.Text)
	}
	if a := pressAnswer(t, lb, 900, 900, body.ID, buttonData(t, body, words(ZH, "notice.button_discard"))); !shows(t, a, ZH, "notice.discarded", 1) {
		t.Fatalf("discard: %q", a)
	}
	// The preview keeps the notice's text, says it was discarded and loses its buttons.
	if m := lb.current(body); !strings.HasPrefix(m.Text, body.Text) || !shows(t, m.Text, ZH, "notice.discarded", 1) || m.ReplyMarkup != nil {
		t.Fatalf("the discarded preview: %+v", m)
	}
	if a := pressAnswer(t, lb, 900, 900, body.ID, buttonData(t, body, words(ZH, "notice.button_send", "3"))); !shows(t, a, ZH, "notice.run_state") {
		t.Fatalf("send after discard: %q", a)
	}
	lb.noticeTick(t)
	if countWith(lb, nResZH, "停水") != 0 {
		t.Fatal("a discarded notice was sent")
	}

	// In English; an admin who lost the role meanwhile cannot send it.
	got = lb.sayAll(t, enAdmin, "/notice residents Water off <b>tomorrow</b>")
	mustShow(t, got[0], EN, "notice.preview", 2, "3", anyArg{}, 2)
	lb.sayAll(t, 900, fmt.Sprintf("/revoke %d admin", enAdmin))
	data := buttonData(t, got[1], words(EN, "notice.button_send", "3"))
	if a := pressAnswer(t, lb, enAdmin, enAdmin, got[1].ID, data); !shows(t, a, EN, "error.admin_only") {
		t.Fatalf("press by a former admin: %q", a)
	}
	lb.noticeTick(t)
	if countWith(lb, nResEN, "Water off") != 0 {
		t.Fatal("sent by a former admin")
	}
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	if a := pressAnswer(t, lb, enAdmin, enAdmin, got[1].ID, data); !shows(t, a, EN, "notice.sending_toast", 2) {
		t.Fatalf("send: %q", a)
	}
	if m := lb.current(got[1]); !strings.HasPrefix(m.Text, got[1].Text) || !shows(t, m.Text, EN, "notice.preview_sent", 2) || m.ReplyMarkup != nil {
		t.Fatalf("the sent preview: %+v", m)
	}
	lb.noticeTick(t)
	mustShow(t, lastWith(t, lb, nResEN, "Water off"), EN, "notice.body", "Water off <b>tomorrow</b>")
	mustShow(t, lastShowing(t, lb, enAdmin, EN, "notice.status_title", 2), EN, "notice.status_done", "3")
	if a := pressAnswer(t, lb, enAdmin, enAdmin, got[1].ID, data); !shows(t, a, EN, "notice.run_state") {
		t.Fatalf("second send: %q", a)
	}
	lb.noticeTick(t)
	if n := countWith(lb, nResEN, "Water off"); n != 1 {
		t.Fatalf("sent %d times", n)
	}
	// Forged data: unknown ops and ids change nothing.
	for _, d := range []string{"n:s:999", "n:z:2", "n:p:abc", "n:x:", "n"} {
		if a := pressAnswer(t, lb, 900, 900, got[0].ID, d); a == "" {
			t.Errorf("forged %q: no answer", d)
		}
	}
	lb.noneRefused(t)
}

func TestNotice_HeldRunPausedResumedAndCancelled(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "[notices]\nquiet_hours = \"22:00-07:00\"\n")
	threeResidents(t, lb)
	if got := lb.sayAll(t, 900, "/schedule 0 23 * * * residents 熄灯"); shows(t, got[0].Text, ZH, "schedule.at_night") {
		t.Fatalf("warned of the night although quiet hours hold it until 07:00: %q", got[0].Text)
	}
	clock.jump(13 * time.Hour) // 23:00: held until 07:00
	lb.noticeTick(t)
	status := lastShowing(t, lb, 900, ZH, "notice.status_title", 1)
	mustShow(t, status, ZH, "notice.status_quiet")
	mustSay(t, status, "07:00")
	if a := lb.pressHeld(t, 900, status, buttonData(t, status, words(ZH, "notice.button_pause"))); !shows(t, a, ZH, "notice.paused_toast", 1) {
		t.Fatalf("pause: %q", a)
	}
	status = lastShowing(t, lb, 900, ZH, "notice.status_title", 1)
	mustShow(t, status, ZH, "notice.status_paused")
	clock.jump(8 * time.Hour) // 07:00
	lb.noticeTick(t)
	if countWith(lb, nResZH, "熄灯") != 0 {
		t.Fatal("a paused run was sent")
	}
	if a := lb.pressHeld(t, 900, status, buttonData(t, status, words(ZH, "notice.button_resume"))); !shows(t, a, ZH, "notice.resumed_toast", 1) {
		t.Fatalf("resume: %q", a)
	}
	lb.noticeTick(t)
	if n := countWith(lb, nResZH, "熄灯") + countWith(lb, nResEN, "熄灯") + countWith(lb, nResB2, "熄灯"); n != 3 {
		t.Fatalf("after resume: %d, want 3", n)
	}
	mustShow(t, lastShowing(t, lb, 900, ZH, "notice.status_title", 1), ZH, "notice.status_done", "3")

	// The next night's run is cancelled before it goes.
	clock.jump(16 * time.Hour) // 23:00
	lb.noticeTick(t)
	msgs := lb.ts.BotMessages(900)
	status = msgs[len(msgs)-1]
	mustShow(t, status, ZH, "notice.status_title", 1)
	mustShow(t, status, ZH, "notice.status_quiet")
	if a := lb.pressHeld(t, enAdmin, status, buttonData(t, status, words(ZH, "notice.button_cancel"))); !shows(t, a, EN, "error.stale_button") {
		t.Fatalf("a press in another's chat was answered %q", a) // refused as forged
	}
	if a := lb.pressHeld(t, 900, status, buttonData(t, status, words(ZH, "notice.button_cancel"))); !shows(t, a, ZH, "notice.cancelled_toast", 1) {
		t.Fatalf("cancel: %q", a)
	}
	mustShow(t, lastShowing(t, lb, 900, ZH, "notice.status_title", 1), ZH, "notice.status_cancelled", anyArg{}, anyArg{}, anyArg{}, "0")
	clock.jump(8 * time.Hour)
	lb.noticeTick(t)
	if n := countWith(lb, nResZH, "熄灯"); n != 1 {
		t.Fatalf("a cancelled run was sent: %d", n)
	}
	lb.noneRefused(t)
}

// While a broadcast is going out (at 5 messages a second), Pause stops it where it is, Resume
// sends the rest, and nobody gets it twice.
func TestNotice_PauseAndResumeWhileSending(t *testing.T) {
	t.Parallel()
	lb, _ := noticeBot(t, 5, "")
	users := []int64{}
	for i := range 10 {
		u := int64(311 + i)
		resident(t, lb, u, []string{"zh", "en"}[i%2], "a1", "3号楼")
		users = append(users, u)
	}
	delivered := func() (n int) {
		for _, u := range users {
			n += countWith(lb, u, "核酸")
		}
		return n
	}
	before := len(lb.ts.BotMessages(enAdmin))
	lb.ts.SendText(enAdmin, "/notice residents 核酸 at 8")
	status := lb.nextAfter(t, enAdmin, before)
	mustShow(t, status, EN, "notice.status_title", 1)
	if a := lb.pressHeld(t, enAdmin, status, buttonData(t, status, words(EN, "notice.button_pause"))); !shows(t, a, EN, "notice.paused_toast", 1) {
		t.Fatalf("pause: %q", a)
	}
	time.Sleep(500 * time.Millisecond)
	paused := delivered()
	time.Sleep(time.Second)
	if got := delivered(); got != paused || paused == len(users) {
		t.Fatalf("paused at %d, then %d of %d", paused, got, len(users))
	}
	status = lastShowing(t, lb, enAdmin, EN, "notice.status_title", 1)
	mustShow(t, status, EN, "notice.status_paused", anyArg{}, "10")
	if a := lb.pressHeld(t, enAdmin, status, buttonData(t, status, words(EN, "notice.button_resume"))); !shows(t, a, EN, "notice.resumed_toast", 1) {
		t.Fatalf("resume: %q", a)
	}
	lb.noticeTick(t)
	for _, u := range users {
		if n := countWith(lb, u, "核酸"); n != 1 {
			t.Errorf("%d got it %d times", u, n)
		}
	}
	mustShow(t, lastShowing(t, lb, enAdmin, EN, "notice.status_title", 1), EN, "notice.status_done", "10")
	for _, q := range lb.ts.Requests() {
		if q.Status == 429 {
			t.Errorf("the stand-in's limits were hit: %+v", q)
		}
	}
	lb.noneRefused(t)
}

// Inside quiet hours a /notice to a few is shown first too, in its author's language, with the
// warning that it is not held and may wake people; nothing goes out before Send, and its status
// then says it starts now (not "goes out at 23:00"). An urgent one goes at once, and after the
// quiet hours a few are sent without a preview.
func TestNotice_InQuietHoursEvenAFewAreShownFirst_BothLanguages(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "[notices]\nquiet_hours = \"22:00-07:00\"\n")
	threeResidents(t, lb)
	clock.jump(13 * time.Hour) // 23:00 in Shanghai
	got := lb.sayAll(t, 900, "/notice zone:a1 明早 <b>停水</b>")
	if len(got) != 2 || !shows(t, got[0].Text, ZH, "notice.preview_quiet", 1, "2", anyArg{}) || !shows(t, got[0].Text, ZH, "notice.now_in_quiet", "23:00", anyArg{}) || !strings.Contains(got[0].Text, "07:00") {
		t.Fatalf("a small notice at 23:00: %+v", got)
	}
	lb.noticeTick(t)
	if countWith(lb, nResZH, "停水") != 0 {
		t.Fatal("sent before Send was pressed")
	}
	if a := pressAnswer(t, lb, 900, 900, got[1].ID, buttonData(t, got[1], words(ZH, "notice.button_send", "2"))); !shows(t, a, ZH, "notice.sending_toast", 1) {
		t.Fatalf("send: %q", a)
	}
	if first := firstStatus(lb, 900, "N1</b> →"); !strings.Contains(first, words(ZH, "notice.status_starting")) || strings.Contains(first, "23:00") {
		t.Fatalf("the status of a notice sent now: %q", first)
	}
	lb.noticeTick(t)
	mustShow(t, lastWith(t, lb, nResZH, "停水"), ZH, "notice.body", "明早 <b>停水</b>")

	got = lb.sayAll(t, enAdmin, "/notice zone:b2 Lift repairs tomorrow")
	if len(got) != 2 || !shows(t, got[0].Text, EN, "notice.preview_quiet", 2, "1", anyArg{}) || !shows(t, got[0].Text, EN, "notice.now_in_quiet", "23:00", anyArg{}) || !strings.Contains(got[0].Text, "07:00") {
		t.Fatalf("English, at 23:00: %+v", got)
	}
	lb.sayAll(t, enAdmin, "/notice zone:b2 !urgent Gas leak in building 1: open the windows")
	lb.noticeTick(t)
	if countWith(lb, nResB2, "Gas leak") != 1 || countWith(lb, nResB2, "Lift repairs") != 0 {
		t.Fatal("the urgent notice did not go at once, or the previewed one went unasked")
	}
	clock.jump(10 * time.Hour) // 09:00
	got = lb.sayAll(t, enAdmin, "/notice zone:b2 Lift repairs done")
	if len(got) != 1 || !shows(t, got[0].Text, EN, "notice.status_title", 4) {
		t.Fatalf("after the quiet hours, a small notice goes without a preview: %+v", got)
	}
	lb.noneRefused(t)
}

// Without quiet hours a small notice goes at once, at night too (a large one is previewed with
// the night warning, see rounds_more_test); its status says it starts now.
func TestNotice_SmallAtNightWithoutQuietHoursGoesAtOnce(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "")
	threeResidents(t, lb)
	clock.jump(13 * time.Hour) // 23:00
	got := lb.sayAll(t, enAdmin, "/notice zone:a1 Water back on")
	if len(got) != 1 || !shows(t, got[0].Text, EN, "notice.status_title", 1) {
		t.Fatalf("a small notice at 23:00, no quiet hours: %+v", got)
	}
	if first := firstStatus(lb, enAdmin, "N1</b> →"); !strings.Contains(first, words(EN, "notice.status_starting")) || strings.Contains(first, "23:00") {
		t.Fatalf("the status of a notice sent now: %q", first)
	}
	lb.noticeTick(t)
	mustShow(t, lastWith(t, lb, nResEN, "Water back on"), EN, "notice.body", "Water back on")
	lb.noneRefused(t)
}

// firstStatus is the text of the first message the bot sent to chat with want in it, as sent
// (a status message is edited on afterwards).
func firstStatus(lb *liveBot, chat int64, want string) string {
	for _, q := range lb.ts.Requests() {
		if q.Method == "sendMessage" && q.Params["chat_id"] == strconv.FormatInt(chat, 10) && strings.Contains(q.Params["text"], want) {
			return q.Params["text"]
		}
	}
	return ""
}
