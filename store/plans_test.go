package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// TestPlans_StableOnEveryConnection: the writer's and the readers' connections plan without
// looking at bound values (stablePlans), so the driver's cached statements are not compiled again
// each time they run.
func TestPlans_StableOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, pool := range map[string]*sql.DB{"writer": db.Write, "reader": db.Read} {
		conn, err := pool.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = conn.Raw(func(dc any) error {
			stable, err := plansStable(dc.(*sqlite3.SQLiteConn))
			if err == nil && !stable {
				t.Errorf("%s: plans depend on bound values", name)
			}
			return err
		})
		conn.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}
