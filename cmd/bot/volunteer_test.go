package main

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

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
	for _, m := range msgs {
		if m.ID == msg.ID {
			return m
		}
	}
	t.Fatalf("message %d gone", msg.ID)
	return msg
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

// volunteerWords are what each language's volunteer sees and does.
type volunteerWords struct {
	user                                          int64
	name                                          string
	welcome, groceries, medicine, counselling     string
	done, saved, goOff, offDuty, onDuty, noLonger string
	adminOff, adminLoad, helpTitle                string
}

func TestVolunteer_InviteJoinChooseDutyListRevoke(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	for _, w := range []volunteerWords{
		{zhUser, "王<b>阿姨</b>", "欢迎加入志愿者", "买菜", "买药/就医", "心理疏导", "完成", "您接的类别：💊 买药/就医",
			"下岗", "您已下岗", "您在岗", "这个命令是给志愿者用的", "⚪ 下岗", "手上任务：0 个", "志愿者命令"},
		{enUser, "Ann & Bob", "Welcome, volunteer", "Groceries", "Medicine", "Counselling", "Done", "You take: 💊 Medicine",
			"Go off duty", "You are off duty", "You are on duty", "This command is for volunteers", "⚪ off duty", "Holding: 0", "Volunteer commands"},
	} {
		id := strconv.FormatInt(w.user, 10)
		if w.user == enUser {
			lb.say(t, 900, "/lang en") // the admin's side in English too
		}
		code, inv := invite(t, lb, "a1")
		if !strings.Contains(inv.Text, "官北沟社区 1号楼-8号楼") || !strings.Contains(inv.Text, "72") {
			t.Fatalf("invite names neither zone nor validity: %q", inv.Text)
		}
		msgs := lb.sayAll(t, w.user, "/start v_"+code)
		if len(msgs) != 2 || !strings.Contains(msgs[0].Text, w.welcome) || !strings.Contains(msgs[0].Text, "官北沟社区") ||
			!strings.Contains(msgs[0].Text, "/queue") || !strings.Contains(msgs[0].Text, "/mytasks") {
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
		if done := lb.pressEdited(t, w.user, ask, w.done); !strings.Contains(done.Text, w.saved) || done.ReplyMarkup != nil {
			t.Fatalf("done: %q %s", done.Text, buttonLabels(done))
		}
		if zones, cats, on, ok := lb.volunteerRow(t, w.user); !ok || zones != "a1" || cats != "medicine" || on != 1 {
			t.Fatalf("stored: %q %q %d %v", zones, cats, on, ok)
		}
		if help := lb.say(t, w.user, "/help"); !strings.Contains(help.Text, w.helpTitle) || !strings.Contains(help.Text, "/duty") {
			t.Fatalf("volunteer's /help: %q", help.Text)
		}

		duty := lb.say(t, w.user, "/duty")
		if !strings.Contains(duty.Text, w.onDuty) {
			t.Fatalf("/duty: %q", duty.Text)
		}
		if off := lb.pressEdited(t, w.user, duty, w.goOff); !strings.Contains(off.Text, w.offDuty) {
			t.Fatalf("duty button: %q", off.Text)
		}
		if _, _, on, _ := lb.volunteerRow(t, w.user); on != 0 {
			t.Fatal("duty button did not take them off duty")
		}
		if got := lb.say(t, w.user, "/duty on"); !strings.Contains(got.Text, w.onDuty) {
			t.Fatalf("/duty on: %q", got.Text)
		}
		if got := lb.say(t, w.user, "/duty OFF"); !strings.Contains(got.Text, w.offDuty) {
			t.Fatalf("/duty off: %q", got.Text)
		}

		list := lb.say(t, 900, "/volunteers")
		for _, want := range []string{w.name, "ID " + id, "官北沟社区 1号楼-8号楼", w.medicine, w.adminOff, w.adminLoad, "/revoke"} {
			if !strings.Contains(list.Text, want) {
				t.Errorf("/volunteers lacks %q: %q", want, list.Text)
			}
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
		if got := lb.say(t, w.user, "/duty"); !strings.Contains(got.Text, w.noLonger) || !strings.Contains(got.Text, "/join") {
			t.Fatalf("/duty after revoke: %q", got.Text)
		}
		if help := lb.say(t, w.user, "/help"); strings.Contains(help.Text, w.helpTitle) {
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
	if msgs := lb.sayAll(t, enUser, "/join "+strings.ToUpper(code)); !strings.Contains(msgs[0].Text, "all zones") {
		t.Fatalf("join (typed in capitals) to every zone: %+v", msgs)
	}
	if got := lb.say(t, 900, "/grant 102 volunteer"); !strings.Contains(got.Text, "/invite") {
		t.Fatalf("/grant volunteer must stay refused: %q", got.Text)
	}
	if got := lb.say(t, 900, "/revoke 102"); !strings.Contains(got.Text, "志愿者") {
		t.Fatalf("/revoke with no role: %q", got.Text)
	}
	if _, _, _, ok := lb.volunteerRow(t, enUser); ok {
		t.Fatal("/revoke <id> left the volunteers row")
	}
	if got := lb.say(t, 900, "/volunteers"); !strings.Contains(got.Text, "还没有志愿者") {
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
		page = lb.press(t, 900, page, "下一页")
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
		user       int64
		text, want string
	}{
		{900, "/invite zz", "没有片区“zz”"},
		{900, "/invite a1 zz", "没有片区“zz”"},
		{900, "/invite <b>a1</b>", "没有片区“<b>a1</b>”"},
		{900, "/invite " + strings.Repeat("区", 5000), "没有片区"},
		{900, "/invite a1\x00", "没有片区"},
		{zhUser, "/invite a1", "只有管理员"},
		{enUser, "/invite", "Only admins"},
		{enUser, "/join", "Usage: /join"},
		{enUser, "/join garbage", "not valid"},
		{enUser, "/join " + strings.Repeat("😀", 2500), "not valid"},
		{enUser, "/join " + used, "already been used"},
		{enUser, "/join " + expired, "expired"},
		{enUser, "/start v_../../x", "not valid"},
		{enUser, "/start v_", "not valid"},
		{enUser, "/duty", "This command is for volunteers"},
		{enUser, "/duty on", "This command is for volunteers"},
		{enUser, "/volunteers", "Only admins"},
		{zhUser, "/duty maybe", "用法：/duty on"},
		{zhUser, "/duty on off", "用法：/duty on"},
		{zhUser, "/duty <b>on</b>", "用法：/duty on"},
		{900, "/duty", "您还不是志愿者"}, // an admin may use volunteer commands, but has not joined
	}
	for _, c := range cases {
		got := lb.say(t, c.user, c.text)
		if !strings.Contains(got.Text, c.want) {
			t.Errorf("%.40q by %d: %q, want %q", c.text, c.user, got.Text, c.want)
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
		data, want string
	}{
		{enUser, enUser, enMsg.ID, "v:t:groceries", "not a volunteer"},
		{enUser, enUser, enMsg.ID, "v:ok", "not a volunteer"},
		{enUser, enUser, enMsg.ID, "v:d:off", "not a volunteer"},
		{enUser, enUser, enMsg.ID, "v:p:0", "Only admins"},
		{enUser, zhUser, ask.ID, "v:t:groceries", "expired"}, // in another user's chat
		{zhUser, enUser, enMsg.ID, "v:d:off", "已经失效"},
		{zhUser, zhUser, ask.ID, "v:t:counselling", "已经失效"}, // not a counsellor
		{zhUser, zhUser, ask.ID, "v:t:<script>", "已经失效"},
		{zhUser, zhUser, ask.ID, "v:d:maybe", "已经失效"},
		{zhUser, zhUser, ask.ID, "v:zz", "已经失效"},
		{zhUser, zhUser, ask.ID, "v:p:0", "只有管理员"},
		{900, 900, 1, "v:p:-1", "已经失效"},
		{900, 900, 1, "v:p:999", "这一页已经没有了"},
		{900, zhUser, ask.ID, "v:p:0", "已经失效"},
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
		if !strings.Contains(got, p.want) {
			t.Errorf("%d pressing %q in chat %d: answered %q, want %q", p.user, p.data, p.chat, got, p.want)
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
		if got := lb.say(t, enUser, "/duty"); !strings.Contains(got.Text, "You are on duty") {
			t.Fatalf("/duty number %d of a volunteer: %q", i+2, got.Text)
		}
	}
	lb.noneRefused(t)
}
