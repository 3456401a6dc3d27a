package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"linli/telegramtest"
)

// People of the check-in tests, besides addUsers' residents 101 (zh) and 102 (en): a resident of
// zone b2 and one of a1 who blocks the bot.
const (
	b2Resident  int64 = 104
	lostUser    int64 = 105
	b2Relative  int64 = 106
	b2Name            = "刘芳"
	b2Phone           = "13900139000"
	lostName          = "Tom Chen"
	checkinHour       = 8 // the test clock starts at 08:00 Shanghai, an hour before the prompt
)

// checkinBot is groupBot on a test clock that starts at 08:00 tomorrow in Shanghai, with the
// check-in job on demand, and an English-speaking admin besides 900.
func checkinBot(t *testing.T) (*liveBot, *testClock) {
	t.Helper()
	clock := newTestClock()
	clock.base = clock.base.Add((checkinHour - 10) * time.Hour)
	lb := groupBot(t, &appHooks{now: clock.now})
	addEnglishAdmin(t, lb)
	return lb, clock
}

// checkins runs the check-in job now and waits until all it queued was sent (or refused by a
// blocked chat).
func (lb *liveBot) checkins(t *testing.T) {
	t.Helper()
	lb.runJob(t, "checkin")
}

// householdOf is the id of user's own household.
func householdOf(t *testing.T, lb *liveBot, user int64) int64 {
	t.Helper()
	var id int64
	if err := lb.readDB(t).QueryRow(`SELECT household_id FROM household_members WHERE user_id = ? AND relation = 'self'`,
		user).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// monitored is how many households are under monitoring, and their ids summed.
func monitored(t *testing.T, lb *liveBot) string {
	t.Helper()
	var n, sum int64
	if err := lb.readDB(t).QueryRow(`SELECT count(*), coalesce(sum(id), 0) FROM households WHERE monitored = 1`).
		Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(n, "/", sum)
}

// checkinHouseholds registers the households of the check-in tests: 101 (zh) and 102 (en) and
// the one who will block the bot in a1, 104 in b2; a volunteer in each zone.
func checkinHouseholds(t *testing.T, lb *liveBot) {
	t.Helper()
	register(t, lb, zhUser, "zh", zhResident)
	register(t, lb, enUser, "en", enResident)
	lb.ts.AddUser(telegramtest.User{ID: b2Resident, FirstName: "芳", LanguageCode: "zh"})
	lb.ts.AddUser(telegramtest.User{ID: lostUser, FirstName: "Tom", LanguageCode: "en"})
	mustSay(t, lb.sayAll(t, b2Resident, "/register b2; "+b2Name+"; "+b2Phone+"; 5号楼 101")[0], "登记完成")
	mustSay(t, lb.sayAll(t, lostUser, "/register a1; "+lostName+"; 13700137000; 8号楼 808")[0], "Registered")
	lb.ts.AddUser(telegramtest.User{ID: b2Relative, FirstName: "Lin", LanguageCode: "en"})
	link := lb.say(t, b2Resident, "/family")
	i := strings.Index(link.Text, "/start f_")
	if i < 0 {
		t.Fatalf("no family code: %q", link.Text)
	}
	mustSay(t, lb.say(t, b2Relative, "/start "+strings.Fields(link.Text[i+len("/start "):])[0]), "linked")
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volB2, "zh", "赵六", "b2")
}

func TestCheckin_PromptOnceAnswersAlertsAndTheMissingList(t *testing.T) {
	t.Parallel()
	lb, clock := checkinBot(t)
	checkinHouseholds(t, lb)
	zhHH, b2HH := householdOf(t, lb, zhUser), householdOf(t, lb, b2Resident)

	// Flagging: a whole zone, one household, and one already flagged (nothing changes).
	mustSay(t, lb.sayAll(t, 900, "/monitor zone:a1 on")[0], "a1", "改变了 3 户")
	mustSay(t, lb.sayAll(t, enAdmin, fmt.Sprintf("/monitor %d on", b2HH))[0], b2Name, "Households changed: 1")
	mustSay(t, lb.sayAll(t, 900, fmt.Sprintf("/monitor %d on", zhHH))[0], "改变了 0 户")
	mustSay(t, lb.sayAll(t, 900, "/monitor")[0], "a1", "3 户", "b2", "1 户")
	lb.ts.Block(lostUser)

	// Before the prompt time nobody is asked; at it, each member once, in their language.
	count := func(chat int64) int { return len(lb.ts.BotMessages(chat)) }
	z, e, b, rel := count(zhUser), count(enUser), count(b2Resident), count(b2Relative)
	lb.checkins(t)
	newSince(t, lb, zhUser, z, 0)
	clock.jump(65 * time.Minute)
	lb.checkins(t)
	zhPrompt := newSince(t, lb, zhUser, z, 1)[0]
	mustSay(t, zhPrompt, "每日健康打卡", zhResident, "3号楼")
	enPrompt := newSince(t, lb, enUser, e, 1)[0]
	mustSay(t, enPrompt, "Daily health check-in", enResident)
	b2Prompt := newSince(t, lb, b2Resident, b, 1)[0]
	relPrompt := newSince(t, lb, b2Relative, rel, 1)[0]
	mustSay(t, relPrompt, "Daily health check-in", b2Name, "5号楼 101")
	for _, label := range []string{"一切正常", "需要帮助", "有症状"} {
		buttonData(t, zhPrompt, label)
	}
	buttonData(t, enPrompt, "All fine")

	// A restart and another run the same day prompt no one again.
	lb.restart(t)
	lb.checkins(t)
	for chat, want := range map[int64]string{zhUser: "每日健康打卡", enUser: "Daily health check-in", b2Resident: "每日健康打卡",
		b2Relative: "Daily health check-in"} {
		if n := countWith(lb, chat, want); n != 1 {
			t.Fatalf("chat %d prompted %d times", chat, n)
		}
	}

	// "All fine", then a temperature: a wrong one is refused, a typed one recorded.
	got := lb.pressAll(t, enUser, enPrompt, "All fine")
	mustSay(t, only(t, got), "temperature")
	mustSay(t, messageByID(t, lb, enUser, enPrompt.ID), "Answered: 👍 All fine")
	mustSay(t, only(t, lb.sayAll(t, enUser, "45")), "not a body temperature")
	a := count(900)
	mustSay(t, only(t, lb.sayAll(t, enUser, "37,8℃")), "Temperature recorded: 37.8 °C")
	mustSay(t, newSince(t, lb, 900, a, 1)[0], "体温", enResident, "37.8 °C") // a fever: the admins hear of it
	if answer := pressAnswer(t, lb, enUser, enUser, enPrompt.ID, buttonData(t, enPrompt, "Symptoms")); !strings.Contains(answer, "already answered") {
		t.Fatalf("second answer: %q", answer)
	}

	// "Need help" in b2: b2's volunteer on duty hears zone and building only, a1's nothing; the
	// admins get name and phone; the household may start an order.
	v1, v2, a := count(volZH), count(volB2), count(900)
	got = lb.pressAll(t, b2Resident, b2Prompt, "需要帮助")
	if len(got) != 2 {
		t.Fatalf("after need help: %+v", got)
	}
	mustSay(t, got[0], "1 位志愿者")
	mustSay(t, newSince(t, lb, volB2, v2, 1)[0], "需要帮助", "幸福里小区", "5号楼")
	mustNotLeak(t, lb, volB2, b2Name, b2Phone, "101")
	newSince(t, lb, volZH, v1, 0)
	mustSay(t, newSince(t, lb, 900, a, 1)[0], "需要帮助", b2Name, b2Phone, "5号楼 101")
	mustSay(t, messageByID(t, lb, b2Resident, b2Prompt.ID), "已回答：🆘 需要帮助（芳）")
	mustSay(t, messageByID(t, lb, b2Relative, relPrompt.ID), "Answered: 🆘 Need help (芳)")
	if answer := pressAnswer(t, lb, b2Relative, b2Relative, relPrompt.ID, buttonData(t, relPrompt, "All fine")); !strings.Contains(answer, "already answered today: 🆘 Need help (芳)") {
		t.Fatalf("the relative's later answer: %q", answer)
	}
	mustSay(t, lb.press(t, b2Resident, got[0], "下单"), "需要什么帮助")
	lb.sayAll(t, b2Resident, "/cancel")

	// Forged presses change nothing and are answered.
	today := strings.Split(buttonData(t, zhPrompt, "一切正常"), ":")[1]
	yesterday := clock.now().Add(-24 * time.Hour).Format("20060102")
	forged := []struct {
		user int64
		data string
		want string
	}{
		{enUser, fmt.Sprintf("c:%s:%d:ok", today, zhHH), "not your household"},
		{zhUser, fmt.Sprintf("c:%s:%d:ok", yesterday, zhHH), "其他日期"},
		{zhUser, fmt.Sprintf("c:%s:%d:ok", "20991231", zhHH), "其他日期"},
		{zhUser, fmt.Sprintf("c:%s:%d:boom", today, zhHH), "失效"},
		{zhUser, fmt.Sprintf("c:%s:%d:t99", today, zhHH), "失效"},
		{zhUser, fmt.Sprintf("c:%s:x:ok", today), "失效"},
		{zhUser, "c:garbage", "失效"},
		{zhUser, fmt.Sprintf("c:%s:%d:t36", today, zhHH), "请先回答"},
		{enUser, fmt.Sprintf("c:%s:%d:t37", today, householdOf(t, lb, enUser)), "already recorded"},
	}
	for _, f := range forged {
		msg := zhPrompt.ID
		if f.user == enUser {
			msg = enPrompt.ID
		}
		if answer := pressAnswer(t, lb, f.user, f.user, msg, f.data); !strings.Contains(answer, f.want) {
			t.Errorf("%s by %d: answered %q, want %q", f.data, f.user, answer, f.want)
		}
	}
	mustSay(t, messageByID(t, lb, zhUser, zhPrompt.ID), "今天家里大家都好吗")

	// Before the deadline no list; at it, the silent household to its zone's volunteer
	// (buildings only) and to the admins (names and phones), the blocked one as unreachable.
	clock.jump(2 * time.Hour) // 11:05
	v1, v2, a, e = count(volZH), count(volB2), count(900), count(enAdmin)
	lb.checkins(t)
	newSince(t, lb, 900, a, 0)
	clock.jump(time.Hour) // 12:05
	lb.checkins(t)
	list := newSince(t, lb, 900, a, 1)[0]
	mustSay(t, list, "2 户未回答", "共 4 户", "其中 1 户联系不上", zhResident, resPhone, "🚫 "+lostName)
	for _, answered := range []string{enResident, b2Name} {
		if strings.Contains(list.Text, answered) {
			t.Errorf("the missing list names %s, who answered: %q", answered, list.Text)
		}
	}
	mustSay(t, newSince(t, lb, enAdmin, e, 1)[0], "2 households have not answered", zhResident, lostName+" · 📞 13700137000")
	vol := newSince(t, lb, volZH, v1, 1)[0]
	mustSay(t, vol, "3号楼：1 户", "8号楼：1 户（其中 1 户联系不上）")
	mustNotLeak(t, lb, volZH, zhResident, resPhone, lostName, "808")
	newSince(t, lb, volB2, v2, 0)

	// The list goes out once, restarts included.
	lb.restart(t)
	lb.checkins(t)
	newSince(t, lb, 900, a, 1)

	// The next day (the bot was down at 9:00: prompted at 12:05, so the list waits until 15:05):
	// symptoms and a temperature band reach the admins with name, phone and address.
	lb.stop()
	clock.jump(24 * time.Hour)
	z, a = count(zhUser), count(900)
	lb.run(t) // its first run at start sends the missed prompts
	lb.checkins(t)
	next := newSince(t, lb, zhUser, z, 1)[0]
	got = lb.pressAll(t, zhUser, next, "有症状")
	mustSay(t, got[0], "社区工作人员已收到")
	sick := newSince(t, lb, 900, a, 1)[0]
	mustSay(t, sick, "有症状", zhResident, resPhone, "3号楼 2单元 301", "未填写")
	if more := lb.pressAll(t, zhUser, got[1], "38+"); len(more) != 0 {
		t.Fatalf("a temperature button edits its message, nothing more: %+v", more)
	}
	mustSay(t, messageByID(t, lb, zhUser, got[1].ID), "已记录体温：38+ °C")
	mustSay(t, newSince(t, lb, 900, a, 2)[1], "体温", zhResident, "38+ °C")
	clock.jump(2 * time.Hour)
	lb.checkins(t)
	newSince(t, lb, 900, a, 2)
	clock.jump(time.Hour)
	lb.checkins(t)
	mustSay(t, newSince(t, lb, 900, a, 3)[2], "3 户未回答")
	lb.noneRefused(t)
}

func TestMonitor_BadInputChangesNothing(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.sayAll(t, 900, fmt.Sprintf("/grant %d admin", enAdmin))
	register(t, lb, zhUser, "zh", zhResident)
	hh := householdOf(t, lb, zhUser)
	before := monitored(t, lb)
	cases := []struct {
		user int64
		args string
		want string
	}{
		{900, "", "用法"},
		{enAdmin, "", "Usage"},
		{900, fmt.Sprint(hh), "用法"},
		{900, "on", "用法"},
		{enAdmin, fmt.Sprintf("%d maybe", hh), "Usage"},
		{900, "abc on", "用法"},
		{900, "0 on", "用法"},
		{900, "-3 on", "用法"},
		{900, "99999999999999999999 on", "用法"},
		{enAdmin, "424242 on", "no household 424242"},
		{900, "zone:zz on", "没有这个片区"},
		{enAdmin, "zone:<b>a1</b> on", "no such zone"},
		{900, "<b>1</b> on", "用法"},
		{enAdmin, strings.Repeat("9", 5000) + " on", "Usage"},
		{900, "🤒 on", "用法"},
		{900, fmt.Sprintf("%d\x00\x07 on", hh), "用法"},
		{900, fmt.Sprintf("%d on extra", hh), "用法"},
		{zhUser, fmt.Sprintf("%d on", hh), "只有管理员"},
		{enUser, "zone:a1 on", "Only admins"},
	}
	for _, c := range cases {
		got := lb.sayAll(t, c.user, strings.TrimSpace("/monitor "+c.args))
		if len(got) != 1 || !strings.Contains(got[0].Text, c.want) {
			t.Errorf("/monitor %.40q by %d: %+v, want %q", c.args, c.user, got, c.want)
		}
		if now := monitored(t, lb); now != before {
			t.Fatalf("/monitor %.40q by %d changed the monitored households: %s → %s", c.args, c.user, before, now)
		}
	}
	if got := only(t, lb.groupSay(t, grpA1, 900, fmt.Sprintf("/monitor %d on", hh))); !strings.Contains(got.Text, "私聊") ||
		strings.Contains(got.Text, zhResident) || monitored(t, lb) != before {
		t.Fatalf("/monitor in a group: %q", got.Text)
	}
	mustSay(t, only(t, lb.sayAll(t, enAdmin, fmt.Sprintf("/monitor #%d on", hh))), "Households changed: 1")
	mustSay(t, only(t, lb.sayAll(t, 900, "/monitor zone:a1 off")), "改变了 1 户")
	lb.noneRefused(t)
}
