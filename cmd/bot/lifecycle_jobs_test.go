package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/retention"
)

func TestPurge_BadFlagsExitTwoAndChangeNothing(t *testing.T) {
	lb := &liveBot{dir: t.TempDir()}
	writeConfig(t, lb.dir, "http://127.0.0.1:1", "")
	for name, c := range map[string]struct {
		args []string
		says string
	}{
		"missing -before":  {nil, "-before DATE is required"},
		"malformed date":   {[]string{"-before", "1.6.2026"}, "not a date like 2026-06-01"},
		"impossible date":  {[]string{"-before", "2026-02-30"}, "not a date"},
		"future date":      {[]string{"-before", "2999-01-01"}, "in the future"},
		"stray argument":   {[]string{"-before", "2026-06-01", "now"}, "unexpected argument"},
		"now in capitals":  {[]string{"-before", "NOW"}, "not a date"},
		"notices not bool": {[]string{"-before", "now", "-notices=maybe"}, "invalid boolean"},
		"notices no value": {[]string{"-notices", "-before", "now", "extra"}, "unexpected argument"},
	} {
		code, _, errText := purge(lb, c.args...)
		if code != exitUsage || !strings.Contains(errText, c.says) {
			t.Errorf("%s: exit %d, %q; want 2 saying %q", name, code, errText, c.says)
		}
	}
	if _, err := os.Stat(filepath.Join(lb.dir, "linli.db")); !os.IsNotExist(err) {
		t.Error("a refused purge created the database")
	}
	if code, _, errText := purge(lb, "-before", "2026-06-01"); code != exitFailure || !strings.Contains(errText, "linli.db") {
		t.Errorf("purge of a missing database: exit %d, %q", code, errText)
	}
}

func TestAudit_AdminCommandsAndButtonsRecordedWithOutcome(t *testing.T) {
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	lb.grant(t, zhUser, "101 admin") // not an admin: refused
	lb.grant(t, 900, "555 gridworker")
	lb.sayAll(t, 900, "/notice all 请王秀英 13912340001 到 99号楼 7单元 1703 取药")
	lb.sayAll(t, 900, "/monitor #99999 on") // no such household: refused
	lb.sayAll(t, zhUser, "/orders")         // not an admin command: not recorded
	menu := lb.sayAll(t, 900, "/help")[0]
	pressAnswer(t, lb, 900, 900, menu.ID, "n:s:424242") // a forged notice button: refused
	got := auditRows(t, lb, 0)
	want := []string{
		"101|command|grant|101 admin|refused",
		"900|command|grant:asked|555 gridworker|ok", // 555 never wrote: asked first, then confirmed
		"900|button|grant:granted|555 gridworker|ok",
		"900|command|notice|all …|ok",
		"900|command|monitor|#99999 on|refused",
		"900|button|button:n:s|n:s:424242|refused",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, secret := range []string{"13912340001", "王秀英", "99号楼", "1703"} {
		if strings.Contains(strings.Join(got, "\n"), secret) {
			t.Errorf("%q in the audit log", secret)
		}
	}
	lb.noneRefused(t)
}

// auditRows are the audit log's rows "actor|source|action|args|outcome", oldest first, after
// row id since.
func auditRows(t *testing.T, lb *liveBot, since int64) []string {
	t.Helper()
	rows, err := lb.readDB(t).Query(`SELECT actor, source, action, args, outcome FROM audit_log WHERE id > ? ORDER BY id`, since)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var actor int64
		var source, action, args, outcome string
		if err := rows.Scan(&actor, &source, &action, &args, &outcome); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{itoa(actor), source, action, args, outcome}, "|"))
	}
	return got
}

// lastAuditID is the newest row of the audit log.
func lastAuditID(t *testing.T, lb *liveBot) (id int64) {
	t.Helper()
	if err := lb.readDB(t).QueryRow(`SELECT coalesce(max(id), 0) FROM audit_log`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// Supply rounds are admin actions: every one that changes a round (one-line and guided /round,
// approve, decline, close, cancel, export), and every question about one asked or dropped, is
// one row with who, what, which round and the outcome, never a title or a reason; nothing is
// recorded for what changes nothing (the guided questions, a bare /round). A grant that asks
// first is recorded as asked, then as granted or cancelled by the press.
func TestAudit_RoundActionsAndGrantsRecordedByWhatHappened(t *testing.T) {
	t.Parallel()
	lb, clock := roundBot(t)
	addOrganiser(t, lb)
	since := lastAuditID(t, lb)
	ask := lb.sayAll(t, 900, "/grant 555 admin")[0]
	lb.pressAll(t, 900, ask, "✖")
	lb.sayAll(t, 900, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" Greens Secret; kale ¥10 max 2")
	lb.sayAll(t, roundOrganizer, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" Fruit; apple ¥20")
	lb.sayAll(t, roundOrganizer, "/round groupbuy zone:a1 "+cutoffIn(clock, time.Hour)+" Nuts; walnut ¥20")
	lb.drain(t)
	pressAnswer(t, lb, 900, 900, last(lb.ts.BotMessages(900)).ID, "r:d:3")
	pressAnswer(t, lb, 900, 900, lastShowing(t, lb, 900, ZH, "round.proposed_admin", 2).ID, "r:a:2")
	lb.pressAll(t, 900, lb.sayAll(t, 900, "/closeround R1")[0], words(ZH, "round.close_yes", 1))
	list := lb.sayAll(t, 900, "/rounds")[0]
	lb.pressAll(t, 900, lb.press(t, 900, list, words(ZH, "round.cancel_button", 2)), words(ZH, "round.keep_button", "2"))
	lb.press(t, 900, list, words(ZH, "round.cancel_button", 2))
	lb.sayAll(t, 900, "supplier late 13912340001")
	lb.sayAll(t, 900, "/cancelround R3 again") // declined already: refused
	lb.press(t, 900, list, words(ZH, "round.export_button", 1))
	// The guided /round: its questions are not recorded, its Publish is.
	lb.sayAll(t, 900, "/round")
	lb.press(t, 900, lastShowing(t, lb, 900, ZH, "round.ask_kind"), words(ZH, "round.choice_distribution"))
	lb.sayAll(t, 900, "Masks")
	lb.sayAll(t, 900, "masks")
	lb.sayAll(t, 900, cutoffIn(clock, time.Hour))
	lb.sayAll(t, 900, "zone:a1")
	lb.pressAll(t, 900, lastShowing(t, lb, 900, ZH, "round.preview"), words(ZH, "round.publish_button"))
	want := []string{
		"900|command|grant:asked|555 admin|ok",
		"900|button|grant:cancelled|555 admin|ok",
		"900|command|round:published|R1 groupbuy zone:a1|ok",
		"314|command|round:proposed|R2 groupbuy zone:a1|ok",
		"314|command|round:proposed|R3 groupbuy zone:a1|ok",
		"900|button|round:decline|R3|ok",
		"900|button|round:approve|R2|ok",
		"900|command|round:close_asked|R1|ok",
		"900|button|round:close|R1 closed|ok",
		"900|button|round:cancel_asked|R2|ok",
		"900|button|round:cancel_dropped|R2|ok",
		"900|button|round:cancel_asked|R2|ok",
		"900|command|round:cancel|R2|ok",
		"900|command|round:cancel|R3|refused",
		"900|button|round:export|R1|ok",
		"900|button|round:published|R4 distribution zone:a1|ok",
	}
	got := auditRows(t, lb, since)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var roles int
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FROM user_roles WHERE user_id = 555`).Scan(&roles); err != nil || roles != 0 {
		t.Errorf("the cancelled grant gave 555 %d roles, %v", roles, err)
	}
	for _, secret := range []string{"Secret", "13912340001", "late"} {
		if strings.Contains(strings.Join(got, "\n"), secret) {
			t.Errorf("%q in the audit log", secret)
		}
	}
}

func TestScheduledBackup_OnScheduleKeepsNewestAndSurvivesABadDir(t *testing.T) {
	clock := newTestClock() // tomorrow 10:00 Shanghai; the next 03:00 is 17 hours on
	dir := filepath.Join(t.TempDir(), "backups")
	hooks := fastSender()
	hooks.now = clock.now
	lb := startBotWith(t, quick, hooks, "\n[retention]\ndays = 30\n[backup]\nschedule = \"0 3 * * *\"\ndir = \""+
		filepath.ToSlash(dir)+"\"\nkeep = 2\n")
	addUsers(lb.ts)
	lb.sayAll(t, 900, "/help")
	lb.runJob(t, "backup")
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatal("a backup before its time")
	}
	clock.jump(17 * time.Hour)
	for range 3 {
		lb.runJob(t, "backup")
		clock.jump(24 * time.Hour)
	}
	got, err := retention.Backups(dir, "linli")
	if err != nil || len(got) != 2 {
		t.Fatalf("backups = %v, %v; want the newest 2", got, err)
	}
	copyDB, err := sql.Open("sqlite3", "file:"+got[1]+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var users int
	if err := copyDB.QueryRow(`SELECT count(*) FROM users WHERE user_id = 900`).Scan(&users); err != nil || users != 1 {
		t.Fatalf("the backup holds %d of the admin, %v", users, err)
	}
	// The directory becomes a file: the backup fails, is logged, and the bot goes on.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(dir, nil, 0o600)
	if err := lb.tryJob(t, "backup"); err == nil || !strings.Contains(lb.logs.String(), "scheduled backup failed") {
		t.Fatalf("a backup into a file: err %v; logs:\n%s", err, lb.logs.String())
	}
	if help := lb.sayAll(t, 900, "/help"); len(help) == 0 {
		t.Fatal("the bot stopped answering after a failed backup")
	}
	// The nightly purge ran at start; days later it runs once for the new day, however often it looks.
	lb.runJob(t, "retention")
	lb.runJob(t, "retention")
	var purges int
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'purge' AND source = 'system'`).
		Scan(&purges); err != nil || purges != 2 {
		t.Errorf("nightly purges recorded: %d, %v; want 2 (at start, and for the new day)", purges, err)
	}
	lb.noneRefused(t)
}
