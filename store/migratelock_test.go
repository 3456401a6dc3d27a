package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"linli/store"
)

// holdMigrationLock takes the migration lock of path as another process would.
func holdMigrationLock(t *testing.T, path string) *flock.Flock {
	t.Helper()
	l := flock.New(store.MigrationLockPath(path))
	if ok, err := l.TryLock(); !ok || err != nil {
		t.Fatalf("lock: %v %v", ok, err)
	}
	t.Cleanup(func() { _ = l.Unlock() })
	return l
}

func TestMigrateWith_RefusesWhileAnotherProcessMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "linli.db")
	holdMigrationLock(t, path)
	db, err := store.OpenNoMigrate(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	waited := 0
	_, err = store.MigrateWith(context.Background(), db.Write, store.MigrateOptions{Wait: 100 * time.Millisecond, Waiting: func() { waited++ }})
	if !errors.Is(err, store.ErrMigrating) || waited != 1 {
		t.Fatalf("err = %v, waited %d; want ErrMigrating after saying so once", err, waited)
	}
	var n int
	if err := db.Read.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the refused migration changed the schema: %d objects, %v", n, err)
	}
}

func TestMigrateWith_WaitsForAnotherProcessThenFindsNothingToDo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "linli.db")
	l := holdMigrationLock(t, path)
	go func() { time.Sleep(200 * time.Millisecond); _ = l.Unlock() }()
	db, err := store.OpenNoMigrate(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := store.MigrateWith(context.Background(), db.Write, store.MigrateOptions{Wait: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}
}

// TestMigrate_ConcurrentOpensOfANewFileAllSucceed: processes starting on the same database not
// yet migrated, at once (the bot and an import), each migrate it or find it migrated; none fails
// half-way.
func TestMigrate_ConcurrentOpensOfANewFileAllSucceed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "linli.db")
	if db, err := store.OpenNoMigrate(path); err != nil { // the file exists, not yet migrated
		t.Fatal(err)
	} else {
		db.Close()
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	versions := make([]int64, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := store.OpenNoMigrate(path)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			versions[i], errs[i] = store.Migrate(context.Background(), db.Write)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil || versions[i] != versions[0] || versions[0] == 0 {
			t.Errorf("opener %d: version %d, %v", i, versions[i], err)
		}
	}
}
