package store_test

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/internal/testdb"
	"linli/store"
)

// walPages is the length of db's write-ahead log file, in pages.
func walPages(t *testing.T, db *store.DB) int {
	t.Helper()
	fi, err := os.Stat(db.Path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	return int(fi.Size() / 4096)
}

// commits writes n transactions of about a page each, of chats from first on.
func commits(t *testing.T, db *store.DB, first, n int) {
	t.Helper()
	row := strings.Repeat("x", 3000)
	for i := first; i < first+n; i++ {
		if err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
			_, err := tx.Exec("INSERT INTO chats (chat_id, reason) VALUES (?, ?)", 1_000_000+i, row)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// A writer's commit no longer checkpoints at SQLite's 1,000 pages: the log grows past that with
// no one else checkpointing. RunCheckpoints, beside it, keeps the log short: each checkpoint
// copies the log, and the first write after a pause in the traffic starts it over.
func TestCheckpoints_RunBesideTheWriterNotInIt(t *testing.T) {
	db := testdb.Open(t)
	commits(t, db, 0, 1500)
	if n := walPages(t, db); n < 1500 {
		t.Fatalf("the log is %d pages after 1,500 commits of a page: the writer checkpointed itself", n)
	}
	var threshold int
	if err := db.Write.QueryRow("PRAGMA wal_autocheckpoint").Scan(&threshold); err != nil || threshold != 10_000 {
		t.Fatalf("the writer's own checkpoint threshold is %d, %v; want the backstop, 10000", threshold, err)
	}

	other := testdb.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var seen []store.CheckpointStats
	done := make(chan error, 1)
	go func() {
		done <- store.RunCheckpoints(ctx, other.Path, 5*time.Millisecond, slog.New(slog.DiscardHandler),
			func(s store.CheckpointStats) { mu.Lock(); seen = append(seen, s); mu.Unlock() })
	}()
	// caughtUp waits, in a pause in the traffic, for a checkpoint begun after the burst to have
	// copied all of the log: how long that takes depends on the machine's load (CI runs packages
	// side by side under -race), so it is waited for, not slept for. The first outcome told after
	// the burst may be of one begun during it; the second began after the first had ended.
	caughtUp := func() {
		mu.Lock()
		from := len(seen)
		mu.Unlock()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			for _, s := range seen[min(from+1, len(seen)):] {
				if !s.Busy && s.Applied == s.Log {
					mu.Unlock()
					return
				}
			}
			mu.Unlock()
			time.Sleep(time.Millisecond)
		}
		t.Fatal("no checkpoint copied all of the log within 10 s of a pause")
	}
	for i := range 30 { // bursts of a hundred commits, each followed by a pause in the traffic
		commits(t, other, 100*i, 100)
		caughtUp()
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := walPages(t, other); n >= 1500 {
		t.Errorf("with checkpoints beside the writer the log reached %d pages in 3,000 commits", n)
	}
	mu.Lock()
	defer mu.Unlock()
	applied := 0
	for _, s := range seen {
		applied += s.Applied
	}
	if len(seen) == 0 || applied == 0 {
		t.Errorf("checkpoints seen: %v", seen)
	}
}
