package main

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"linli/store"
)

// TestImport_WaitsForOrRefusesADatabaseBeingMigrated: while another process migrates the
// database, import says it waits, then imports once that is done, or refuses with a clear
// message when it takes too long — never goose's "table ... already exists". Not parallel: it
// shortens importWait.
func TestImport_WaitsForOrRefusesADatabaseBeingMigrated(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "http://127.0.0.1:1", "")
	lock := flock.New(store.MigrationLockPath(filepath.Join(dir, "linli.db")))
	if ok, err := lock.TryLock(); !ok || err != nil {
		t.Fatalf("lock: %v %v", ok, err)
	}
	defer lock.Unlock()
	defer func(w time.Duration) { importWait = w }(importWait)

	importWait = 200 * time.Millisecond
	code, out, errs := cli(t, "import", "-config", cfg, "testdata/residents.csv")
	if code != exitFailure || !strings.Contains(errs, "waiting for it") || !strings.Contains(errs, "nothing imported") ||
		!strings.Contains(errs, "still being migrated by another process") || strings.Contains(errs, "already exists") {
		t.Fatalf("import during a long migration: exit %d\n%s%s", code, out, errs)
	}

	importWait = time.Minute
	go func() { time.Sleep(300 * time.Millisecond); _ = lock.Unlock() }()
	code, out, errs = cli(t, "import", "-config", cfg, "testdata/residents.csv")
	if code != exitOK || !strings.Contains(errs, "waiting for it") || !strings.Contains(out, "3 new") {
		t.Fatalf("import after the migration: exit %d\n%s%s", code, out, errs)
	}
}

// TestImport_AlongsideAMigrationOfANewDatabase: `migrate` (as a bot starting) and `import` on a
// database not yet migrated, at once, both succeed.
func TestImport_AlongsideAMigrationOfANewDatabase(t *testing.T) {
	t.Parallel()
	for range 3 {
		dir := t.TempDir()
		cfg := writeConfig(t, dir, "http://127.0.0.1:1", "")
		createEmpty(t, filepath.Join(dir, "linli.db"))
		var wg sync.WaitGroup
		var mig, imp [3]string
		var migCode, impCode int
		wg.Add(2)
		go func() { defer wg.Done(); migCode, mig[1], mig[2] = cli(t, "migrate", "-config", cfg) }()
		go func() {
			defer wg.Done()
			impCode, imp[1], imp[2] = cli(t, "import", "-config", cfg, "testdata/residents.csv")
		}()
		wg.Wait()
		if migCode != exitOK || impCode != exitOK || !strings.Contains(imp[1], "3 new") {
			t.Fatalf("migrate: exit %d %s; import: exit %d %s%s", migCode, mig[2], impCode, imp[1], imp[2])
		}
	}
}

// createEmpty creates the database file, in WAL mode, without migrating it.
func createEmpty(t *testing.T, path string) {
	t.Helper()
	db, err := store.OpenNoMigrate(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
