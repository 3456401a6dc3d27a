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
	rows, err := lb.readDB(t).Query(`SELECT actor, source, action, args, outcome FROM audit_log ORDER BY id`)
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
	want := []string{
		"101|command|grant|101 admin|refused",
		"900|command|grant|555 gridworker|ok",
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
