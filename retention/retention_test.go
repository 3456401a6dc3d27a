package retention_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/retention"
)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

func TestBackup_WritesAValidCopyAndKeepsTheNewest(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	if _, err := db.Write.Exec(`INSERT INTO users (user_id, lang, created_at, seen_at) VALUES (7, 'zh', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600) // not a backup: left alone
	o := retention.BackupOptions{Dir: dir, Prefix: "linli", Keep: 2}
	start := time.Date(2026, 6, 1, 3, 0, 0, 0, shanghai)
	var last string
	for i := range 4 {
		path, _, err := retention.Backup(ctx, db, o, start.AddDate(0, 0, i))
		if err != nil {
			t.Fatal(err)
		}
		last = path
	}
	got, err := retention.Backups(dir, "linli")
	if err != nil || len(got) != 2 || got[1] != last || filepath.Base(got[0]) != "linli-20260603-030000.db" {
		t.Fatalf("backups = %v, %v; want the newest two ending in %s", got, err, last)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Error("rotation removed a file that is not a backup")
	}
	copyDB, err := sql.Open("sqlite3", "file:"+last+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var n int
	if err := copyDB.QueryRow(`SELECT count(*) FROM users`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("backup holds %d users, %v", n, err)
	}
	if _, _, err := retention.Backup(ctx, db, o, start.AddDate(0, 0, 3)); err == nil {
		t.Error("a second backup with the same name overwrote the first")
	}
}

func TestBackup_UnwritableDirFails(t *testing.T) {
	db := testdb.Open(t)
	file := filepath.Join(t.TempDir(), "file")
	_ = os.WriteFile(file, nil, 0o600)
	if _, _, err := retention.Backup(context.Background(), db, retention.BackupOptions{Dir: filepath.Join(file, "sub")}, time.Now()); err == nil {
		t.Fatal("backup under a file succeeded")
	}
}

func TestCutoffAndParseDay_LocalMidnight(t *testing.T) {
	now := time.Date(2026, 6, 10, 0, 30, 0, 0, shanghai) // 16:30 UTC the day before
	if got := retention.Cutoff(now.UTC(), 30, shanghai); !got.Equal(time.Date(2026, 5, 11, 0, 0, 0, 0, shanghai)) {
		t.Errorf("Cutoff = %v", got)
	}
	day, err := retention.ParseDay("2026-06-01", shanghai)
	if err != nil || !day.Equal(time.Date(2026, 6, 1, 0, 0, 0, 0, shanghai)) {
		t.Errorf("ParseDay = %v, %v", day, err)
	}
	for _, bad := range []string{"", "2026-6-1", "01.06.2026", "2026-02-30", "tomorrow"} {
		if _, err := retention.ParseDay(bad, shanghai); err == nil {
			t.Errorf("ParseDay(%q) accepted", bad)
		}
	}
	if retention.Prefix("/var/lib/linli/linli.db") != "linli" {
		t.Error("Prefix")
	}
}
