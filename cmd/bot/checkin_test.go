package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"linli/i18n"
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
	mustShow(t, lb.sayAll(t, b2Resident, "/register b2; "+b2Name+"; "+b2Phone+"; 5号楼 101")[0], ZH, "register.done")
	mustShow(t, lb.sayAll(t, lostUser, "/register a1; "+lostName+"; 13700137000; 8号楼 808")[0], EN, "register.done")
	lb.ts.AddUser(telegramtest.User{ID: b2Relative, FirstName: "Lin", LanguageCode: "en"})
	link := lb.say(t, b2Resident, "/family")
	i := strings.Index(link.Text, "/start f_")
	if i < 0 {
		t.Fatalf("no family code: %q", link.Text)
	}
	mustShow(t, lb.say(t, b2Relative, "/start "+strings.Fields(link.Text[i+len("/start "):])[0]), EN, "family.linked")
	enlist(t, lb, volZH, "zh", "李雷", "a1")
	enlist(t, lb, volB2, "zh", "赵六", "b2")
}

func TestCheckin_PromptOnceAnswersAlertsAndTheMissingList(t *testing.T) {
	t.Parallel()
	lb, clock := checkinBot(t)
	checkinHouseholds(t, lb)
	zhHH, b2HH := householdOf(t, lb, zhUser), householdOf(t, lb, b2Resident)
	const b2Admin int64 = 905 // an admin of b2 only: a1's missing households are not his to read
	lb.ts.AddUser(telegramtest.User{ID: b2Admin, FirstName: "Bo", LanguageCode: "en"})
	lb.say(t, b2Admin, "/help")
	lb.grant(t, 900, fmt.Sprintf("%d admin b2", b2Admin))

	// Flagging: a whole zone, one household, and one already flagged (nothing changes). Each
	// household's people are told, once, in their language.
	count := func(chat int64) int { return len(lb.ts.BotMessages(chat)) }
	told := map[int64]int{zhUser: count(zhUser), enUser: count(enUser), b2Resident: count(b2Resident), b2Relative: count(b2Relative)}
	zone := lb.sayAll(t, 900, "/monitor zone:a1 on")[0]
	mustShow(t, zone, ZH, "monitor.zone_done", "a1", anyArg{}, anyArg{}, 3)
	mustShow(t, zone, ZH, "monitor.times", "09:00", "12:00") // when they are asked, and listed
	on := lb.sayAll(t, enAdmin, fmt.Sprintf("/monitor %d on", b2HH))[0]
	mustShow(t, on, EN, "monitor.one_done", b2HH, anyArg{}, anyArg{}, 1)
	mustShow(t, on, EN, "monitor.times", "09:00", "12:00")
	mustSay(t, on, b2Name)
	mustShow(t, lb.sayAll(t, 900, fmt.Sprintf("/monitor %d on", zhHH))[0], ZH, "monitor.one_already", zhHH)
	// By the phone it registered with, too.
	mustShow(t, lb.sayAll(t, 900, "/monitor "+resPhone+" on")[0], ZH, "monitor.one_already", zhHH)
	mustShow(t, lb.sayAll(t, 900, "/monitor 13911112222 on")[0], ZH, "monitor.no_phone", "13911112222")
	lb.drain(t)
	for user, lang := range map[int64]string{zhUser: ZH, enUser: EN, b2Resident: ZH, b2Relative: EN} {
		mustShow(t, newSince(t, lb, user, told[user], 1)[0], lang, "monitor.told_on_at", "09:00", "12:00")
	}
	summary := lb.sayAll(t, 900, "/monitor")[0]
	mustShow(t, summary, ZH, "monitor.zone_count", "a1", anyArg{}, 3)
	mustShow(t, summary, ZH, "monitor.zone_count", "b2", anyArg{}, 1)
	lb.ts.Block(lostUser)

	// Before the prompt time nobody is asked; at it, each member once, in their language.
	z, e, b, rel := count(zhUser), count(enUser), count(b2Resident), count(b2Relative)
	lb.checkins(t)
	newSince(t, lb, zhUser, z, 0)
	clock.jump(65 * time.Minute)
	lb.checkins(t)
	if st := lb.say(t, 900, "/stats"); !shows(t, st.Text, ZH, "stats.checkins", 0, 4) {
		t.Fatalf("/stats after the prompts: %q", st.Text)
	}
	zhPrompt := newSince(t, lb, zhUser, z, 1)[0]
	mustShow(t, zhPrompt, ZH, "checkin.prompt")
	mustSay(t, zhPrompt, zhResident, "3号楼")
	enPrompt := newSince(t, lb, enUser, e, 1)[0]
	mustShow(t, enPrompt, EN, "checkin.prompt")
	mustSay(t, enPrompt, enResident)
	b2Prompt := newSince(t, lb, b2Resident, b, 1)[0]
	relPrompt := newSince(t, lb, b2Relative, rel, 1)[0]
	mustShow(t, relPrompt, EN, "checkin.prompt")
	mustSay(t, relPrompt, b2Name, "5号楼 101")
	for _, key := range []string{"checkin.answer.ok", "checkin.answer.help", "checkin.answer.sick"} {
		buttonData(t, zhPrompt, words(ZH, key))
	}
	buttonData(t, enPrompt, words(EN, "checkin.answer.ok"))

	// A restart and another run the same day prompt no one again.
	lb.restart(t)
	lb.checkins(t)
	for chat, lang := range map[int64]string{zhUser: ZH, enUser: EN, b2Resident: ZH, b2Relative: EN} {
		if n := countShowing(t, lb, chat, lang, "checkin.prompt") + countShowing(t, lb, chat, lang, "checkin.answered"); n != 1 {
			t.Fatalf("chat %d prompted %d times", chat, n)
		}
	}

	// "All fine", then a temperature: a wrong one is refused, a typed one recorded.
	got := lb.pressAll(t, enUser, enPrompt, words(EN, "checkin.answer.ok"))
	mustShow(t, only(t, got), EN, "checkin.ask_temperature")
	mustShow(t, messageByID(t, lb, enUser, enPrompt.ID), EN, "checkin.answered", anyArg{}, anyArg{}, anyArg{}, i18n.Raw(i18n.T(EN, "checkin.answer.ok")))
	mustShow(t, only(t, lb.sayAll(t, enUser, "45")), EN, "checkin.bad_temperature", "45")
	a := count(900)
	mustShow(t, only(t, lb.sayAll(t, enUser, "37,8℃")), EN, "checkin.temperature_recorded", "37.8")
	fever := newSince(t, lb, 900, a, 1)[0] // a fever: the admins hear of it
	mustShow(t, fever, ZH, "checkin.temperature_admin")
	mustSay(t, fever, enResident, "37.8 °C")
	if answer := pressAnswer(t, lb, enUser, enUser, enPrompt.ID, buttonData(t, enPrompt, words(EN, "checkin.answer.sick"))); !shows(t, answer, EN, "checkin.already") {
		t.Fatalf("second answer: %q", answer)
	}

	// "Need help" in b2: b2's volunteer on duty hears zone and building only, a1's nothing; the
	// admins get name and phone; the household may start an order.
	v1, v2, a := count(volZH), count(volB2), count(900)
	got = lb.pressAll(t, b2Resident, b2Prompt, words(ZH, "checkin.answer.help"))
	if len(got) != 2 {
		t.Fatalf("after need help: %+v", got)
	}
	mustShow(t, got[0], ZH, "checkin.help_sent", 1)
	mustShow(t, newSince(t, lb, volB2, v2, 1)[0], ZH, "checkin.help_volunteer", "幸福里小区", "5号楼")
	mustNotLeak(t, lb, volB2, b2Name, b2Phone, "101")
	newSince(t, lb, volZH, v1, 0)
	help := newSince(t, lb, 900, a, 1)[0]
	mustShow(t, help, ZH, "checkin.help_admin")
	mustSay(t, help, b2Name, b2Phone, "5号楼 101")
	helpZH, helpEN := i18n.Raw(i18n.T(ZH, "checkin.answer.help")), i18n.Raw(i18n.T(EN, "checkin.answer.help"))
	mustShow(t, messageByID(t, lb, b2Resident, b2Prompt.ID), ZH, "checkin.answered", anyArg{}, anyArg{}, anyArg{}, helpZH, "芳")
	mustShow(t, messageByID(t, lb, b2Relative, relPrompt.ID), EN, "checkin.answered", anyArg{}, anyArg{}, anyArg{}, helpEN, "芳")
	if answer := pressAnswer(t, lb, b2Relative, b2Relative, relPrompt.ID, buttonData(t, relPrompt, words(EN, "checkin.answer.ok"))); !shows(t, answer, EN, "checkin.already", helpEN, "芳") {
		t.Fatalf("the relative's later answer: %q", answer)
	}
	mustShow(t, lb.press(t, b2Resident, got[0], words(ZH, "checkin.start_order")), ZH, "order.ask_category")
	lb.sayAll(t, b2Resident, "/cancel")

	// Forged presses change nothing and are answered.
	today := strings.Split(buttonData(t, zhPrompt, words(ZH, "checkin.answer.ok")), ":")[1]
	yesterday := clock.now().Add(-24 * time.Hour).Format("20060102")
	forged := []struct {
		user int64
		data string
		key  string
	}{
		{enUser, fmt.Sprintf("c:%s:%d:ok", today, zhHH), "checkin.not_yours"},
		{zhUser, fmt.Sprintf("c:%s:%d:ok", yesterday, zhHH), "checkin.closed"},
		{zhUser, fmt.Sprintf("c:%s:%d:ok", "20991231", zhHH), "checkin.closed"},
		{zhUser, fmt.Sprintf("c:%s:%d:boom", today, zhHH), "error.stale_button"},
		{zhUser, fmt.Sprintf("c:%s:%d:t99", today, zhHH), "error.stale_button"},
		{zhUser, fmt.Sprintf("c:%s:x:ok", today), "error.stale_button"},
		{zhUser, "c:garbage", "error.stale_button"},
		{zhUser, fmt.Sprintf("c:%s:%d:t36", today, zhHH), "checkin.answer_first"},
		{enUser, fmt.Sprintf("c:%s:%d:t37", today, householdOf(t, lb, enUser)), "checkin.temperature_closed"},
	}
	for _, f := range forged {
		msg, lang := zhPrompt.ID, ZH
		if f.user == enUser {
			msg, lang = enPrompt.ID, EN
		}
		if answer := pressAnswer(t, lb, f.user, f.user, msg, f.data); !shows(t, answer, lang, f.key) {
			t.Errorf("%s by %d: answered %q, want %s", f.data, f.user, answer, f.key)
		}
	}
	mustShow(t, messageByID(t, lb, zhUser, zhPrompt.ID), ZH, "checkin.prompt")

	// Before the deadline no list; at it, the silent household to its zone's volunteer
	// (buildings only) and to the admins (names and phones), the blocked one as unreachable.
	clock.jump(2 * time.Hour) // 11:05
	v1, v2, a, e = count(volZH), count(volB2), count(900), count(enAdmin)
	bo := count(b2Admin)
	lb.checkins(t)
	newSince(t, lb, 900, a, 0)
	clock.jump(time.Hour) // 12:05
	lb.checkins(t)
	list := newSince(t, lb, 900, a, 1)[0]
	mustShow(t, list, ZH, "checkin.missing_admin", anyArg{}, anyArg{}, 2, 4, 1)
	mustShow(t, list, ZH, "checkin.missing_unreachable")
	mustSay(t, list, zhResident, resPhone, lostName)
	for _, answered := range []string{enResident, b2Name} {
		if strings.Contains(list.Text, answered) {
			t.Errorf("the missing list names %s, who answered: %q", answered, list.Text)
		}
	}
	// The admin of b2, where everyone answered, reads that, and nothing of a1's households.
	mustShow(t, newSince(t, lb, b2Admin, bo, 1)[0], EN, "checkin.all_answered", anyArg{}, anyArg{}, 1)
	mustNotLeak(t, lb, b2Admin, zhResident, resPhone, lostName, "13700137000")
	listEN := newSince(t, lb, enAdmin, e, 1)[0]
	mustShow(t, listEN, EN, "checkin.missing_admin", anyArg{}, anyArg{}, 2)
	mustSay(t, listEN, zhResident, lostName+" · 📞 13700137000")
	vol := newSince(t, lb, volZH, v1, 1)[0]
	mustShow(t, vol, ZH, "checkin.missing_building", anyArg{}, "3号楼", 1)
	mustShow(t, vol, ZH, "checkin.missing_building", anyArg{}, "8号楼", 1)
	mustShow(t, vol, ZH, "checkin.missing_building_unreachable", 1)
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
	got = lb.pressAll(t, zhUser, next, words(ZH, "checkin.answer.sick"))
	mustShow(t, got[0], ZH, "checkin.sick_sent")
	sick := newSince(t, lb, 900, a, 1)[0]
	mustShow(t, sick, ZH, "checkin.sick_admin", anyArg{}, i18n.Raw(i18n.T(ZH, "checkin.no_temperature")))
	mustSay(t, sick, zhResident, resPhone, "3号楼 2单元 301")
	if more := lb.pressAll(t, zhUser, got[1], "38+"); len(more) != 0 {
		t.Fatalf("a temperature button edits its message, nothing more: %+v", more)
	}
	mustShow(t, messageByID(t, lb, zhUser, got[1].ID), ZH, "checkin.temperature_recorded", "38+")
	temp := newSince(t, lb, 900, a, 2)[1]
	mustShow(t, temp, ZH, "checkin.temperature_admin")
	mustSay(t, temp, zhResident, "38+ °C")
	clock.jump(2 * time.Hour)
	lb.checkins(t)
	newSince(t, lb, 900, a, 2)
	clock.jump(time.Hour)
	lb.checkins(t)
	mustShow(t, newSince(t, lb, 900, a, 3)[2], ZH, "checkin.missing_admin", anyArg{}, anyArg{}, 3)

	// Monitoring ends: the household is told so.
	e = count(enUser)
	lb.sayAll(t, enAdmin, fmt.Sprintf("/monitor %d off", householdOf(t, lb, enUser)))
	lb.drain(t)
	mustShow(t, newSince(t, lb, enUser, e, 1)[0], EN, "monitor.told_off")
	lb.noneRefused(t)
}

func TestMonitor_BadInputChangesNothing(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), "[limits]\nmessages_per_minute = 1000\n")
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: enAdmin, FirstName: "Eve", LanguageCode: "en"})
	lb.grant(t, 900, fmt.Sprintf("%d admin", enAdmin))
	register(t, lb, zhUser, "zh", zhResident)
	hh := householdOf(t, lb, zhUser)
	before := monitored(t, lb)
	cases := []struct {
		user int64
		args string
		key  string
		arg  []any
	}{
		{900, "", "monitor.usage", nil},
		{enAdmin, "", "monitor.usage", nil},
		{900, fmt.Sprint(hh), "monitor.usage", nil},
		{900, "on", "monitor.usage", nil},
		{enAdmin, fmt.Sprintf("%d maybe", hh), "monitor.usage", nil},
		{900, "abc on", "monitor.usage", nil},
		{900, "0 on", "monitor.usage", nil},
		{900, "-3 on", "monitor.usage", nil},
		{900, "99999999999999999999 on", "monitor.usage", nil},
		{enAdmin, "424242 on", "monitor.no_household", []any{424242}},
		{900, "zone:zz on", "monitor.bad_zone", nil},
		{enAdmin, "zone:<b>a1</b> on", "monitor.bad_zone", nil},
		{900, "<b>1</b> on", "monitor.usage", nil},
		{enAdmin, strings.Repeat("9", 5000) + " on", "monitor.usage", nil},
		{900, "🤒 on", "monitor.usage", nil},
		{900, fmt.Sprintf("%d\x00\x07 on", hh), "monitor.usage", nil},
		{900, fmt.Sprintf("%d on extra", hh), "monitor.usage", nil},
		{zhUser, fmt.Sprintf("%d on", hh), "error.admin_only", nil},
		{enUser, "zone:a1 on", "error.admin_only", nil},
	}
	for _, c := range cases {
		lang := ZH
		if c.user == enAdmin || c.user == enUser {
			lang = EN
		}
		got := lb.sayAll(t, c.user, strings.TrimSpace("/monitor "+c.args))
		if len(got) != 1 || !shows(t, got[0].Text, lang, c.key, c.arg...) {
			t.Errorf("/monitor %.40q by %d: %+v, want %s", c.args, c.user, got, c.key)
		}
		if now := monitored(t, lb); now != before {
			t.Fatalf("/monitor %.40q by %d changed the monitored households: %s → %s", c.args, c.user, before, now)
		}
	}
	if got := only(t, lb.groupSay(t, grpA1, 900, fmt.Sprintf("/monitor %d on", hh))); !shows(t, got.Text, ZH, "place.private_only") ||
		strings.Contains(got.Text, zhResident) || monitored(t, lb) != before {
		t.Fatalf("/monitor in a group: %q", got.Text)
	}
	mustShow(t, only(t, lb.sayAll(t, enAdmin, fmt.Sprintf("/monitor #%d on", hh))), EN, "monitor.one_done", hh, anyArg{}, anyArg{}, 1)
	mustShow(t, only(t, lb.sayAll(t, 900, "/monitor zone:a1 off")), ZH, "monitor.zone_done", "a1", anyArg{}, anyArg{}, 1)
	lb.noneRefused(t)
}
