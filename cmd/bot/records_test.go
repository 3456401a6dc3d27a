package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"linli/telegramtest"
)

// cli runs the bot command in-process and returns its exit code and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := realMain(context.Background(), args, noEnv, &out, &errb, nil)
	return code, out.String(), errb.String()
}

// readExport checks a CSV export's BOM and returns its records.
func readExport(t *testing.T, data []byte) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if !ok {
		t.Fatalf("no UTF-8 BOM: % x", data[:min(3, len(data))])
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestImport_ReportsEachRejectedRowAndIsIdempotent(t *testing.T) {
	t.Parallel()
	cfg := writeConfig(t, t.TempDir(), "http://127.0.0.1:1", "")
	code, out, errs := cli(t, "import", "-config", cfg, "testdata/residents.csv")
	if code != exitOK || !strings.Contains(out, "3 new, 0 updated, 0 unchanged, 0 rejected") || !strings.Contains(out, "备注") {
		t.Fatalf("first import: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ = cli(t, "import", "-config", cfg, "testdata/residents.csv"); code != exitOK ||
		!strings.Contains(out, "0 new, 0 updated, 3 unchanged, 0 rejected") {
		t.Fatalf("re-import: exit %d\n%s", code, out)
	}
	// Flags after the file work too; the good row (a changed name) is imported, the rest reported.
	code, out, _ = cli(t, "import", "testdata/residents_bad.csv", "-config", cfg)
	if code != exitFailure || !strings.Contains(out, "0 new, 1 updated, 0 unchanged, 9 rejected") {
		t.Fatalf("bad rows: exit %d\n%s", code, out)
	}
	for _, want := range []string{`line 3: zone "x9" is not configured`, "line 4: phone **** is not", `line 5: household_size "0"`,
		`line 6: household_size "99"`, `line 7: household_size "abc"`, "line 8: 4 fields, the header has 7",
		"line 9: 8 fields", "line 10: name is empty", "line 11: the same household (zone, building, room) as line 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "1380013800") || strings.Contains(out, "王阿姨") {
		t.Errorf("the report repeats a phone or a name:\n%s", out)
	}
	for _, args := range [][]string{{"import", "-config", cfg}, {"import", "-config", cfg, "a.csv", "b.csv"}, {"import", "-bogus"}} {
		if code, _, _ := cli(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, _, errs := cli(t, "import", "-config", cfg, "testdata/none.csv"); code != exitFailure || !strings.Contains(errs, "none.csv") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
}

func TestExport_CLIWritesCSVForSpreadsheets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "http://127.0.0.1:1", "")
	if code, out, errs := cli(t, "import", "-config", cfg, "testdata/residents.csv"); code != exitOK {
		t.Fatalf("import: %d %s%s", code, out, errs)
	}
	path := filepath.Join(dir, "residents.csv")
	if code, out, errs := cli(t, "export", "-config", cfg, "-what", "residents", "-out", path); code != exitOK ||
		!strings.Contains(out, "3 residents") {
		t.Fatalf("export: %d %s%s", code, out, errs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs := readExport(t, data)
	if len(recs) != 4 || strings.Join(recs[0], ",") !=
		"household_id,zone,building,unit,room,name,phone,household_size,vulnerable,monitored,registered,linked_users" {
		t.Fatalf("records: %q", recs)
	}
	if recs[1][5] != "王<b>阿姨</b>" || recs[1][4] != "2单元 301" || recs[1][8] != "elderly_alone" {
		t.Errorf("Chinese row: %q", recs[1])
	}
	if recs[3][5] != `'=HYPERLINK("http://evil","点我")` || recs[3][1] != "b2" {
		t.Errorf("formula not neutralised: %q", recs[3])
	}
	// What was exported imports again unchanged: the apostrophes come off, unknown columns are skipped.
	if code, out, _ := cli(t, "import", "-config", cfg, path); code != exitOK || !strings.Contains(out, "3 unchanged") {
		t.Errorf("re-import of the export: %d %s", code, out)
	}
	for _, what := range []string{"orders", "volunteers"} {
		p := filepath.Join(dir, what+".csv")
		if code, _, errs := cli(t, "export", "-config", cfg, "-what", what, "-out", p); code != exitOK {
			t.Fatalf("%s: %s", what, errs)
		}
		data, _ := os.ReadFile(p)
		if recs := readExport(t, data); len(recs) != 1 || len(recs[0]) < 10 {
			t.Errorf("%s: %q", what, recs)
		}
	}
	if code, _, _ := cli(t, "export", "-config", cfg, "-what", "phones", "-out", path); code != exitUsage {
		t.Errorf("-what phones: exit %d", code)
	}
	if code, _, _ := cli(t, "export", "-config", cfg); code != exitUsage {
		t.Errorf("no -out: exit %d", code)
	}
	// Every import and export is in the audit log, with counts and no names.
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "linli.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var log string
	if err := db.QueryRow(`SELECT group_concat(action || ' ' || args, '; ') FROM audit_log WHERE source = 'cli'`).Scan(&log); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"import new=3 updated=0 unchanged=0 rejected=0", "export residents rows=3", "import new=0 updated=0 unchanged=3", "export orders rows=0"} {
		if !strings.Contains(log, want) {
			t.Errorf("audit log lacks %q: %s", want, log)
		}
	}
}

// importInto imports a household list into the running bot's database, once the bot has
// answered (so its migrations are done).
func importInto(t *testing.T, lb *liveBot, file string) {
	t.Helper()
	lb.say(t, 900, "/help")
	if code, out, errs := cli(t, "import", "-config", filepath.Join(lb.dir, "linli.toml"), file); code != exitOK {
		t.Fatalf("import: %d %s%s", code, out, errs)
	}
}

func TestExportCommand_SendsTheAdminADocumentInTheirLanguage(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	importInto(t, lb, "testdata/residents.csv")
	doc := lb.say(t, 900, "/export residents")
	if doc.Document == nil || !regexp.MustCompile(`^linli-residents-\d{4}-\d\d-\d\d\.csv$`).MatchString(doc.Document.FileName) ||
		!shows(t, doc.Caption, ZH, "export.caption", words(ZH, "export.what.residents"), 3) {
		t.Fatalf("zh export: %+v", doc)
	}
	if recs := readExport(t, doc.Document.Data); len(recs) != 4 || recs[1][5] != "王<b>阿姨</b>" || !strings.HasPrefix(recs[3][5], "'=") {
		t.Fatalf("zh export rows: %q", recs)
	}
	lb.say(t, 900, "/lang en")
	doc = lb.say(t, 900, "/export")
	if doc.Document == nil || !strings.HasPrefix(doc.Document.FileName, "linli-orders-") || !shows(t, doc.Caption, EN, "export.caption", words(EN, "export.what.orders"), 0) {
		t.Fatalf("en export: %+v", doc)
	}
	if recs := readExport(t, doc.Document.Data); len(recs) != 1 || recs[0][0] != "id" {
		t.Fatalf("orders header: %q", recs)
	}
	for _, bad := range []string{"/export <b>all</b>", "/export orders residents", "/export " + strings.Repeat("😀", 2000)} {
		if m := lb.say(t, 900, bad); m.Document != nil || !shows(t, m.Text, EN, "export.usage") {
			t.Errorf("%.30q: %+v", bad, m)
		}
	}
	if m := lb.say(t, zhUser, "/export residents"); m.Document != nil || !shows(t, m.Text, ZH, "error.admin_only") {
		t.Errorf("non-admin: %+v", m)
	}
	lb.drain(t)
	// Sent, the export's bytes (every resident's phone) do not stay in the outbox.
	var kept int
	if err := lb.readDB(t).QueryRow(`SELECT count(*) FROM outbox WHERE json_extract(payload, '$.kind') = 'document'
		AND (status <> 'sent' OR json_type(payload, '$.document.data') IS NOT NULL)`).Scan(&kept); err != nil || kept != 0 {
		t.Errorf("%d document rows unsent or still holding their bytes (%v)", kept, err)
	}
	lb.noneRefused(t)
}

// shareAfterStart starts registration in lang and shares phone as the user's own contact; it
// returns the bot's message after "phone noted".
func shareAfterStart(t *testing.T, lb *liveBot, user int64, lang, phone string) telegramtest.Message {
	t.Helper()
	greet := lb.say(t, user, "/start")
	lb.pressAll(t, user, greet, words(lang, "button."+lang))
	lb.say(t, user, "Somebody")
	before := len(lb.ts.BotMessages(user))
	lb.ts.SendContact(user, phone)
	lb.nextAfter(t, user, before)
	return lb.nextAfter(t, user, before+1)
}

func TestLinkImported_OnStartWithTheSharedPhone(t *testing.T) {
	t.Parallel()
	lb := startBot(t, quick, fastSender())
	addUsers(lb.ts)
	lb.ts.AddUser(telegramtest.User{ID: 103, FirstName: "Neighbour", LanguageCode: "zh"})
	lb.ts.AddUser(telegramtest.User{ID: 104, FirstName: "Typist", LanguageCode: "en"})
	importInto(t, lb, "testdata/residents.csv")

	found := shareAfterStart(t, lb, zhUser, "zh", "+86 138 0013 8000")
	if !strings.Contains(found.Text, "王<b>阿姨</b>") || !strings.Contains(found.Raw, "王&lt;b&gt;阿姨") ||
		!strings.Contains(found.Text, "官北沟社区") || !strings.Contains(found.Text, "3号楼 2单元 301") ||
		strings.Contains(found.Text, "13800138000") {
		t.Fatalf("zh offer: %q", found.Raw)
	}
	menu := lb.press(t, zhUser, found, words(ZH, "register.this_is_me"))
	if !shows(t, menu.Text, ZH, "register.linked") || !strings.Contains(menu.Text, words(ZH, "vuln.elderly_alone")) {
		t.Fatalf("zh linked: %q", menu.Text)
	}
	buttonData(t, menu, words(ZH, "menu.order"))
	var self int
	lb.readDB(t).QueryRow(`SELECT count(*) FROM household_members WHERE user_id = ? AND relation = 'self'`, zhUser).Scan(&self)
	if self != 1 {
		t.Fatalf("zh user linked %d times", self)
	}

	// Someone else with the same phone is not shown a household already linked, nor may they
	// register a second one with it: they are told how to link as a relative instead.
	greet := lb.say(t, 103, "/start")
	lb.pressAll(t, 103, greet, words(ZH, "button.zh"))
	lb.say(t, 103, "Somebody")
	before := len(lb.ts.BotMessages(103))
	lb.ts.SendContact(103, "13800138000")
	if next := lb.nextAfter(t, 103, before); !shows(t, next.Text, ZH, "register.phone_taken") ||
		!strings.Contains(next.Text, "/family") || strings.Contains(next.Text, "阿姨") || strings.Contains(next.Text, "301") {
		t.Fatalf("a linked household's phone: %q", next.Text)
	}

	found = shareAfterStart(t, lb, enUser, "en", "13900139000")
	if !shows(t, found.Text, EN, "register.found", "Ann *Smith*") {
		t.Fatalf("en offer: %q", found.Text)
	}
	if next := lb.press(t, enUser, found, words(EN, "register.not_me")); !shows(t, next.Text, EN, "register.ask_zone") {
		t.Fatalf("en not me: %q", next.Text)
	}
	// The one-line /register with the list's phone and address links too, and says so.
	reply := lb.say(t, 104, "/register a1; Ann; 13900139000; 3号楼 2单元302")
	if !shows(t, reply.Text, EN, "register.linked", anyArg{}) || !strings.Contains(reply.Text, "Ann *Smith*") {
		t.Fatalf("one-line register: %q", reply.Text)
	}
	lb.noneRefused(t)
}
