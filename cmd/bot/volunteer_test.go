package main

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"linli/i18n"
	"linli/telegramtest"
)

var inviteLink = regexp.MustCompile(`https://t\.me/linli_test_bot\?start=v_([a-z0-9]+)`)

// invite has the admin make an invite for zones and returns its code.
func invite(t *testing.T, lb *liveBot, zones string) (code string, reply telegramtest.Message) {
	t.Helper()
	reply = lb.say(t, 900, strings.TrimSpace("/invite "+zones))
	m := inviteLink.FindStringSubmatch(reply.Text)
	if m == nil || !strings.Contains(reply.Text, "/join "+m[1]) {
		t.Fatalf("/invite %s: %q", zones, reply.Text)
	}
	return m[1], reply
}

// pressEdited presses the button of msg labelled label and returns msg as it is once the answer
// has settled (the volunteers' toggles edit their question in place).
func (lb *liveBot) pressEdited(t *testing.T, user int64, msg telegramtest.Message, label string) telegramtest.Message {
	t.Helper()
	before := len(lb.ts.BotMessages(msg.ChatID))
	id, err := lb.ts.Press(user, msg.ChatID, msg.ID, buttonData(t, msg, label))
	if err != nil {
		t.Fatal(err)
	}
	lb.settle(t, id)
	msgs := lb.ts.BotMessages(msg.ChatID)
	if len(msgs) != before {
		t.Fatalf("pressing %q sent %d new messages instead of editing: %q", label, len(msgs)-before, msgs[len(msgs)-1].Text)
	}
	return lb.current(msg)
}

// buttonLabels lists the inline buttons under msg.
func buttonLabels(msg telegramtest.Message) string {
	var out []string
	if msg.ReplyMarkup != nil {
		for _, row := range msg.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				out = append(out, b.Text)
			}
		}
	}
	return strings.Join(out, " | ")
}

// checked reports whether the button of msg labelled label is marked chosen.
func checked(t *testing.T, msg telegramtest.Message, label string) bool {
	t.Helper()
	for _, row := range msg.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return strings.HasPrefix(b.Text, "✅")
			}
		}
	}
	t.Fatalf("no button %q: %s", label, buttonLabels(msg))
	return false
}

func (lb *liveBot) volunteerRow(t *testing.T, user int64) (zones, cats string, onDuty int, ok bool) {
	t.Helper()
	err := lb.readDB(t).QueryRow(`SELECT zones, categories, on_duty FROM volunteers WHERE user_id = ?`, user).
		Scan(&zones, &cats, &onDuty)
	if err == sql.ErrNoRows {
		return "", "", 0, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return zones, cats, onDuty, true
}

// volunteerWords are a volunteer, their language and the labels of the buttons they press.
type volunteerWords struct {
	user                                   int64
	lang, name                             string
	groceries, medicine, counselling, done string
}

// volunteerIn is user's volunteerWords in lang.
func volunteerIn(user int64, lang, name string) volunteerWords {
	return volunteerWords{user: user, lang: lang, name: name, groceries: words(lang, "cat.groceries"),
		medicine: words(lang, "cat.medicine"), counselling: words(lang, "cat.counselling"), done: words(lang, "button.done")}
}

func TestVolunteer_InviteJoinChooseDutyListRevoke(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	for _, w := range []volunteerWords{volunteerIn(zhUser, ZH, "王<b>阿姨</b>"), volunteerIn(enUser, EN, "Ann & Bob")} {
		id := strconv.FormatInt(w.user, 10)
		if w.user == enUser {
			lb.say(t, 900, "/lang en") // the admin's side in English too
		}
		code, inv := invite(t, lb, "a1")
		if !strings.Contains(inv.Text, "官北沟社区 1号楼-8号楼") || !strings.Contains(inv.Text, "72") {
			t.Fatalf("invite names neither zone nor validity: %q", inv.Text)
		}
		msgs := lb.sayAll(t, w.user, "/start v_"+code)
		if len(msgs) != 2 || !shows(t, msgs[0].Text, w.lang, "join.welcome") || !strings.Contains(msgs[0].Text, "官北沟社区") {
			t.Fatalf("welcome: %+v", msgs)
		}
		ask := msgs[1]
		if labels := buttonLabels(ask); !strings.Contains(labels, w.groceries) || strings.Contains(labels, w.counselling) ||
			!strings.Contains(labels, w.done) {
			t.Fatalf("category buttons: %s", labels)
		}
		ask = lb.pressEdited(t, w.user, ask, w.groceries)
		ask = lb.pressEdited(t, w.user, ask, w.medicine)
		if !checked(t, ask, w.groceries) || !checked(t, ask, w.medicine) || checked(t, ask, w.done) {
			t.Fatalf("after two toggles: %s", buttonLabels(ask))
		}
		if ask = lb.pressEdited(t, w.user, ask, w.groceries); checked(t, ask, w.groceries) { // changed their mind
			t.Fatalf("toggled twice, still chosen: %s", buttonLabels(ask))
		}
		if done := lb.pressEdited(t, w.user, ask, w.done); !shows(t, done.Text, w.lang, "volunteer.categories_set", w.medicine) || done.ReplyMarkup != nil {
			t.Fatalf("done: %q %s", done.Text, buttonLabels(done))
		}
		if zones, cats, on, ok := lb.volunteerRow(t, w.user); !ok || zones != "a1" || cats != "medicine" || on != 1 {
			t.Fatalf("stored: %q %q %d %v", zones, cats, on, ok)
		}
		if help := lb.say(t, w.user, "/help"); !shows(t, help.Text, w.lang, "help.volunteer_title") || !strings.Contains(help.Text, "/duty") {
			t.Fatalf("volunteer's /help: %q", help.Text)
		}

		duty := lb.say(t, w.user, "/duty")
		if !shows(t, duty.Text, w.lang, "duty.on") {
			t.Fatalf("/duty: %q", duty.Text)
		}
		if off := lb.pressEdited(t, w.user, duty, words(w.lang, "duty.go_off")); !shows(t, off.Text, w.lang, "duty.off") {
			t.Fatalf("duty button: %q", off.Text)
		}
		if _, _, on, _ := lb.volunteerRow(t, w.user); on != 0 {
			t.Fatal("duty button did not take them off duty")
		}
		if got := lb.say(t, w.user, "/duty on"); !shows(t, got.Text, w.lang, "duty.on") {
			t.Fatalf("/duty on: %q", got.Text)
		}
		if got := lb.say(t, w.user, "/duty OFF"); !shows(t, got.Text, w.lang, "duty.off") {
			t.Fatalf("/duty off: %q", got.Text)
		}

		list := lb.say(t, 900, "/volunteers")
		for _, want := range []string{"官北沟社区 1号楼-8号楼", w.medicine, "/revoke"} {
			if !strings.Contains(list.Text, want) {
				t.Errorf("/volunteers lacks %q: %q", want, list.Text)
			}
		}
		if !shows(t, list.Text, w.lang, "volunteers.entry", w.name, w.user, i18n.Raw(i18n.T(w.lang, "volunteers.off_duty")), anyArg{}, anyArg{}, 0) {
			t.Errorf("/volunteers: %q", list.Text)
		}
		if got := lb.say(t, 900, "/revoke "+id+" volunteer"); !strings.Contains(got.Text, id) {
			t.Fatalf("/revoke: %q", got.Text)
		}
		if list := lb.say(t, 900, "/volunteers"); strings.Contains(list.Text, id) {
			t.Fatalf("revoked volunteer still listed: %q", list.Text)
		}
		if _, _, _, ok := lb.volunteerRow(t, w.user); ok {
			t.Fatal("revoked volunteer's row left")
		}
		if got := lb.say(t, w.user, "/duty"); !shows(t, got.Text, w.lang, "error.volunteer_only") {
			t.Fatalf("/duty after revoke: %q", got.Text)
		}
		if help := lb.say(t, w.user, "/help"); shows(t, help.Text, w.lang, "help.volunteer_title") {
			t.Fatalf("revoked volunteer still sees volunteer commands: %q", help.Text)
		}
	}
	lb.noneRefused(t)
}

func TestVolunteers_RevokeWithoutRoleRemovesTheVolunteerToo(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	code, _ := invite(t, lb, "")
	if msgs := lb.sayAll(t, enUser, "/join "+strings.ToUpper(code)); !shows(t, msgs[0].Text, EN, "join.welcome", words(EN, "scope.all")) {
		t.Fatalf("join (typed in capitals) to every zone: %+v", msgs)
	}
	if got := lb.say(t, 900, "/grant 102 volunteer"); !strings.Contains(got.Text, "/invite") {
		t.Fatalf("/grant volunteer must stay refused: %q", got.Text)
	}
	if got := lb.say(t, 900, "/revoke 102"); !strings.Contains(got.Text, words(ZH, "role.volunteer")) {
		t.Fatalf("/revoke with no role: %q", got.Text)
	}
	if _, _, _, ok := lb.volunteerRow(t, enUser); ok {
		t.Fatal("/revoke <id> left the volunteers row")
	}
	if got := lb.say(t, 900, "/volunteers"); !shows(t, got.Text, ZH, "volunteers.none") {
		t.Fatalf("empty list: %q", got.Text)
	}
	lb.noneRefused(t)
}

func TestVolunteers_ListIsPagedUnderTelegramsLimit(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	lb.say(t, 900, "/help")
	const n = 70
	db := writeDB(t, lb)
	for i := range n {
		id := 5000 + i
		if _, err := db.Exec(`INSERT INTO users (user_id, first_name, lang, created_at, seen_at) VALUES (?, ?, 'zh', 0, 0)`,
			id, strings.Repeat("名", 64)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO volunteers (user_id, zones, categories, joined_at, active_at)
			VALUES (?, 'a1,b2', 'groceries,medicine,garbage,errand,livestock,farming', 0, ?)`, id, i); err != nil {
			t.Fatal(err)
		}
	}
	page := lb.say(t, 900, "/volunteers")
	seen := map[string]bool{}
	pages := 1
	for ; ; pages++ {
		if telegramtest.UTF16Len(page.Text) > 4096 || pages > 10 {
			t.Fatalf("page %d: %d characters", pages, telegramtest.UTF16Len(page.Text))
		}
		for _, m := range regexp.MustCompile(`ID (\d+)`).FindAllStringSubmatch(page.Text, -1) {
			if seen[m[1]] {
				t.Fatalf("volunteer %s on two pages", m[1])
			}
			seen[m[1]] = true
		}
		if page.ReplyMarkup == nil {
			break
		}
		page = lb.press(t, 900, page, wordsBefore(ZH, "volunteers.more"))
	}
	if len(seen) != n || pages < 3 {
		t.Fatalf("%d of %d volunteers listed on %d pages", len(seen), n, pages)
	}
	lb.noneRefused(t)
}

// writeDB is a write connection to the bot's database, for ageing rows as time would.
func writeDB(t *testing.T, lb *liveBot) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(lb.dir, "linli.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestVolunteer_BadInputAnsweredAndChangesNothing(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	used, _ := invite(t, lb, "b2")
	lb.sayAll(t, zhUser, "/join "+used)
	expired, _ := invite(t, lb, "a1 b2 a1")
	if _, err := writeDB(t, lb).Exec(`UPDATE volunteer_invites SET expires_at = expires_at - 73 * 3600000 WHERE code = ?`, expired); err != nil {
		t.Fatal(err)
	}
	invites := func() (n int) {
		_ = lb.readDB(t).QueryRow(`SELECT count(*) FROM volunteer_invites`).Scan(&n)
		return n
	}
	before := invites()
	cases := []struct {
		user      int64
		text, key string
		args      []any
	}{
		{900, "/invite zz", "invite.unknown_zone", []any{"zz"}},
		{900, "/invite a1 zz", "invite.unknown_zone", []any{"zz"}},
		{900, "/invite <b>a1</b>", "invite.unknown_zone", []any{"<b>a1</b>"}},
		{900, "/invite " + strings.Repeat("区", 5000), "invite.unknown_zone", nil},
		{900, "/invite a1\x00", "invite.unknown_zone", nil},
		{zhUser, "/invite a1", "error.admin_only", nil},
		{enUser, "/invite", "error.admin_only", nil},
		{enUser, "/join", "join.usage", nil},
		{enUser, "/join garbage", "join.code_invalid", nil},
		{enUser, "/join " + strings.Repeat("😀", 2500), "join.code_invalid", nil},
		{enUser, "/join " + used, "join.code_used", nil},
		{enUser, "/join " + expired, "join.code_expired", nil},
		{enUser, "/start v_../../x", "join.code_invalid", nil},
		{enUser, "/start v_", "join.code_invalid", nil},
		{enUser, "/duty", "error.volunteer_only", nil},
		{enUser, "/duty on", "error.volunteer_only", nil},
		{enUser, "/volunteers", "error.admin_only", nil},
		{zhUser, "/duty maybe", "duty.usage", nil},
		{zhUser, "/duty on off", "duty.usage", nil},
		{zhUser, "/duty <b>on</b>", "duty.usage", nil},
		{900, "/duty", "volunteer.join_first", nil}, // an admin may use volunteer commands, but has not joined
	}
	for _, c := range cases {
		lang := ZH
		if c.user == enUser {
			lang = EN
		}
		got := lb.say(t, c.user, c.text)
		if !shows(t, got.Text, lang, c.key, c.args...) {
			t.Errorf("%.40q by %d: %q, want %s %v", c.text, c.user, got.Text, c.key, c.args)
		}
		if n := telegramtest.UTF16Len(got.Text); n > 1000 {
			t.Errorf("%.40q: a %d-character answer", c.text, n)
		}
	}
	if n := invites(); n != before {
		t.Fatalf("bad /invite made %d invites", n-before)
	}
	if _, _, _, ok := lb.volunteerRow(t, enUser); ok {
		t.Fatal("a refused code made a volunteer")
	}
	if _, cats, on, _ := lb.volunteerRow(t, zhUser); cats != "" || on != 1 {
		t.Fatalf("bad /duty changed the volunteer: %q %d", cats, on)
	}
	lb.noneRefused(t)
}

func TestVolunteer_ForgedPressesChangeNothing(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	code, _ := invite(t, lb, "a1")
	ask := lb.sayAll(t, zhUser, "/join "+code)[1] // zhUser is a volunteer; enUser is not
	enMsg := lb.say(t, enUser, "/help")
	lb.say(t, 900, "/volunteers")
	presses := []struct {
		user, chat int64
		msg        int
		data, key  string
	}{
		{enUser, enUser, enMsg.ID, "v:t:groceries", "volunteer.join_first"},
		{enUser, enUser, enMsg.ID, "v:ok", "volunteer.join_first"},
		{enUser, enUser, enMsg.ID, "v:d:off", "volunteer.join_first"},
		{enUser, enUser, enMsg.ID, "v:p:0", "error.admin_only"},
		{enUser, zhUser, ask.ID, "v:t:groceries", "error.stale_button"}, // in another user's chat
		{zhUser, enUser, enMsg.ID, "v:d:off", "error.stale_button"},
		{zhUser, zhUser, ask.ID, "v:t:counselling", "error.stale_button"}, // not a counsellor
		{zhUser, zhUser, ask.ID, "v:t:<script>", "error.stale_button"},
		{zhUser, zhUser, ask.ID, "v:d:maybe", "error.stale_button"},
		{zhUser, zhUser, ask.ID, "v:zz", "error.stale_button"},
		{zhUser, zhUser, ask.ID, "v:p:0", "error.admin_only"},
		{900, 900, 1, "v:p:-1", "error.stale_button"},
		{900, 900, 1, "v:p:999", "volunteers.gone"},
		{900, zhUser, ask.ID, "v:p:0", "error.stale_button"},
	}
	for _, p := range presses {
		id := lb.ts.PressRaw(p.user, p.chat, p.msg, p.data)
		lb.settle(t, id)
		var got string
		for _, a := range lb.ts.CallbackAnswers() {
			if a.Data == p.data && a.ChatID == p.chat && a.UserID == p.user {
				got = a.Text
			}
		}
		lang := ZH
		if p.user == enUser {
			lang = EN
		}
		if !shows(t, got, lang, p.key) {
			t.Errorf("%d pressing %q in chat %d: answered %q, want %s", p.user, p.data, p.chat, got, p.key)
		}
	}
	if n := len(lb.ts.CallbackAnswers()); n < len(presses) {
		t.Errorf("%d presses, %d answered: a spinner was left turning", len(presses), n)
	}
	if _, cats, on, _ := lb.volunteerRow(t, zhUser); cats != "" || on != 1 {
		t.Fatalf("forged presses changed the volunteer: %q %d", cats, on)
	}
	if _, _, _, ok := lb.volunteerRow(t, enUser); ok {
		t.Fatal("a forged press made a volunteer")
	}
	if got := lb.ts.BotMessages(zhUser); got[len(got)-1].ID != ask.ID || got[len(got)-1].Edited {
		t.Fatalf("forged presses sent or edited in the volunteer's chat: %q", got[len(got)-1].Text)
	}
	lb.noneRefused(t)
}

func TestVolunteer_NotLimitedByMessagesPerMinute(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 2\n")
	addUsers(lb.ts)
	code, _ := invite(t, lb, "a1")
	lb.sayAll(t, enUser, "/start v_"+code)
	for i := range 6 {
		if got := lb.say(t, enUser, "/duty"); !shows(t, got.Text, EN, "duty.on") {
			t.Fatalf("/duty number %d of a volunteer: %q", i+2, got.Text)
		}
	}
	lb.noneRefused(t)
}
