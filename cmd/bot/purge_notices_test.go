package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/config"
)

// TestPurge_BeforeNowBlanksNoticeTextsUnlessNoNotices: on the last day, `bot purge -before now`
// blanks the text of a notice already sent (and of its messages) but keeps a schedule still
// running; -notices=false leaves notice texts alone.
func TestPurge_BeforeNowBlanksNoticeTextsUnlessNoNotices(t *testing.T) {
	t.Parallel()
	lb, clock := noticeBot(t, 0, "")
	threeResidents(t, lb)
	const sent, kept = "核酸点改在七号楼西门密文", "每日保留提醒"
	lb.sayAll(t, 900, "/notice zone:a1 "+sent)
	lb.noticeTick(t)
	if countWith(lb, nResZH, sent) == 0 {
		t.Fatal("the notice was not sent")
	}
	lb.sayAll(t, 900, "/schedule 30 10 * * * residents "+kept)
	lb.drain(t)

	purgeAt := func(args purgeArgs) string {
		t.Helper()
		cfg, err := config.Load(filepath.Join(lb.dir, "linli.toml"), noEnv)
		if err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer // the bot's clock is ahead of the machine's: "now" is the bot's
		if code := purgeCmd(context.Background(), cfg, args, clock.now().Add(time.Minute), &out, &errb); code != exitOK {
			t.Fatalf("purge %+v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	texts := func() map[string]bool {
		t.Helper()
		rows, err := lb.readDB(t).Query(`SELECT text FROM notices`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]bool{}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got[s] = true
		}
		return got
	}

	if out := purgeAt(purgeArgs{before: "now", notices: false}); !strings.Contains(out, "0 notice texts blanked") {
		t.Errorf("-notices=false: %s", out)
	}
	if got := texts(); !got[sent] || !got[kept] {
		t.Fatalf("-notices=false changed notice texts: %v", got)
	}
	if out := purgeAt(purgeArgs{before: "now", notices: true}); !strings.Contains(out, "1 notice texts blanked") {
		t.Errorf("purge -before now: %s", out)
	}
	if got := texts(); got[sent] || !got[kept] || !got[""] {
		t.Errorf("after the purge the notice texts are %v; want the sent one blank and the schedule kept", got)
	}
	lb.noneRefused(t)
	if code := lb.stop(); code != exitOK {
		t.Fatalf("stop: exit %d", code)
	}
	if raw := rawFile(t, filepath.Join(lb.dir, "linli.db")); bytes.Contains(raw, []byte(sent)) {
		t.Error("the sent notice's text is still in the database file")
	}
}
