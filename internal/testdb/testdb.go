// Package testdb opens a fresh, migrated Linli database in a test's temporary directory.
package testdb

import (
	"context"
	"path/filepath"
	"testing"

	"linli/store"
)

// Open returns a migrated database that is closed when the test ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
