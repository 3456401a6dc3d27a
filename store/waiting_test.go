package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// A bot that opens and closes its database (tests do it thousands of times, a restore does it
// once) keeps no count of waiters for the closed pools.
func TestClose_ForgetsTheWaitersOfItsPools(t *testing.T) {
	count := func() int {
		n := 0
		waiters.Range(func(any, any) bool { n++; return true })
		return n
	}
	before := count()
	for i := range 3 {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "linli.db"))
		if err != nil {
			t.Fatal(err)
		}
		if err := InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
			_, err := tx.Exec("CREATE TABLE t (x)")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if Contended(db.Write) {
			t.Errorf("open %d: contended with nothing waiting", i)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if after := count(); after != before {
		t.Errorf("waiter counts: %d before, %d after opening and closing three databases", before, after)
	}
}
