package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"linli/internal/testdb"
	"linli/store"
)

func openTemp(t *testing.T) *store.DB { return testdb.Open(t) }

func TestOpen_WALForeignKeysAndSchema(t *testing.T) {
	db := openTemp(t)
	var mode string
	var fk int
	if err := db.Write.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	if err := db.Write.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v; want 1", fk, err)
	}
	for _, table := range []string{"inbox", "outbox", "chats", "users"} {
		var n int
		if err := db.Read.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Errorf("table %s: %v", table, err)
		}
	}
}

func TestReadPool_RefusesWrites(t *testing.T) {
	db := openTemp(t)
	if _, err := db.Read.Exec("INSERT INTO chats (chat_id) VALUES (1)"); err == nil {
		t.Fatal("a write through the read-only pool succeeded")
	}
}

func TestMigrate_TwiceIsANoOp(t *testing.T) {
	db := openTemp(t)
	v1, err := store.Migrate(context.Background(), db.Write)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := store.Migrate(context.Background(), db.Write)
	if err != nil || v1 != v2 || v1 < 1 {
		t.Fatalf("versions %d then %d, err %v", v1, v2, err)
	}
}

func TestMigrate_RefusesDatabaseNewerThanProgram(t *testing.T) {
	db := openTemp(t)
	if _, err := db.Write.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`); err != nil {
		t.Fatal(err)
	}
	_, err := store.Migrate(context.Background(), db.Write)
	if !errors.Is(err, store.ErrNewerDatabase) {
		t.Fatalf("err = %v, want ErrNewerDatabase", err)
	}
}

func TestInTx_RollsBackOnErrorAndOnPanic(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT INTO chats (chat_id) VALUES (1)"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("panic was swallowed")
			}
		}()
		_ = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
			_, _ = tx.Exec("INSERT INTO chats (chat_id) VALUES (2)")
			panic("handler bug")
		})
	}()
	var n int
	_ = db.Write.QueryRow("SELECT count(*) FROM chats").Scan(&n)
	if n != 0 {
		t.Fatalf("%d rows survived rolled-back transactions", n)
	}
	// The single writer connection is usable again after both.
	if err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		_, err := tx.Exec("INSERT INTO chats (chat_id) VALUES (3)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestWriters_QueueInsteadOfFailingBusy(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	if _, err := db.Write.Exec("INSERT INTO chats (chat_id, reason) VALUES (1, '0')"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
				var n int
				if err := tx.QueryRow("SELECT CAST(reason AS INTEGER) FROM chats WHERE chat_id = 1").Scan(&n); err != nil {
					return err
				}
				_, err := tx.Exec("UPDATE chats SET reason = ? WHERE chat_id = 1", n+1)
				return err
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var n int
	_ = db.Read.QueryRow("SELECT CAST(reason AS INTEGER) FROM chats WHERE chat_id = 1").Scan(&n)
	if n != 100 {
		t.Fatalf("counter = %d after 100 increments: lost updates", n)
	}
}

func TestBackup_ConsistentCopyWhileWriting(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := int64(1); ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_ = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
				// Two rows per transaction: a torn copy would hold an odd count.
				if _, err := tx.Exec("INSERT INTO chats (chat_id) VALUES (?)", 2*i); err != nil {
					return err
				}
				_, err := tx.Exec("INSERT INTO chats (chat_id) VALUES (?)", 2*i+1)
				return err
			})
		}
	}()
	out := filepath.Join(t.TempDir(), "copy.db")
	err := store.Backup(ctx, db.Read, out)
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	cp, err := store.OpenNoMigrate(out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var check string
	var n int
	if err := cp.Read.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if err := cp.Read.QueryRow("SELECT count(*) FROM chats").Scan(&n); err != nil || n%2 != 0 {
		t.Fatalf("copy holds %d chats (%v): not a transaction-consistent snapshot", n, err)
	}
	if err := store.Backup(ctx, db.Read, out); err == nil {
		t.Fatal("backup over an existing file succeeded")
	}
}

// The writer keeps its savepoint journal in memory (temp_store = MEMORY: each update of a batch
// runs in savepoints) and checkpoints itself only past the backstop; the readers are as SQLite
// makes them.
func TestWriter_SettingsOnItsConnection(t *testing.T) {
	db := openTemp(t)
	var temp, ckpt int
	if err := db.Write.QueryRow("PRAGMA temp_store").Scan(&temp); err != nil || temp != 2 {
		t.Errorf("writer temp_store = %d, %v; want 2 (memory)", temp, err)
	}
	if err := db.Write.QueryRow("PRAGMA wal_autocheckpoint").Scan(&ckpt); err != nil || ckpt != 10_000 {
		t.Errorf("writer wal_autocheckpoint = %d, %v; want 10000", ckpt, err)
	}
	if err := db.Read.QueryRow("PRAGMA temp_store").Scan(&temp); err != nil || temp != 0 {
		t.Errorf("reader temp_store = %d, %v; want SQLite's default", temp, err)
	}
}

// InIDs with IDs picks the rows whose ids are listed, for none, one or many ids.
func TestInIDs_PicksTheListedRows(t *testing.T) {
	db := openTemp(t)
	for i := 1; i <= 5; i++ {
		if _, err := db.Write.Exec("INSERT INTO chats (chat_id) VALUES (?)", i); err != nil {
			t.Fatal(err)
		}
	}
	for _, ids := range [][]int64{nil, {3}, {1, 5, 9}, {-1, 2, 4}} {
		var n int
		if err := db.Read.QueryRow("SELECT count(*) FROM chats WHERE chat_id "+store.InIDs, store.IDs(ids)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, id := range ids {
			if id >= 1 && id <= 5 {
				want++
			}
		}
		if n != want {
			t.Errorf("ids %v (%s): %d rows, want %d", ids, store.IDs(ids), n, want)
		}
	}
}
