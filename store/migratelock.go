package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/gofrs/flock"
)

// ErrMigrating means another process was migrating the same database file and had not finished
// within MigrateOptions.Wait.
var ErrMigrating = errors.New("another process is migrating the database")

// DefaultMigrateWait is how long Migrate waits for another process's migration of the same file.
const DefaultMigrateWait = 2 * time.Minute

// MigrateOptions say how MigrateWith waits for another process migrating the same file.
type MigrateOptions struct {
	Wait    time.Duration // 0: DefaultMigrateWait
	Waiting func()        // called once if it has to wait, e.g. to say so
}

// MigrationLockPath is the lock file that serialises migrations of the database at dbPath
// between processes (an empty file beside it; it stays).
func MigrationLockPath(dbPath string) string { return dbPath + "-migrate.lock" }

// lockMigrations takes the migration lock of db's file, waiting for another process that holds
// it (a bot starting up, an import) for up to o.Wait. Two processes migrating at once would
// otherwise both apply the same file, and the second would fail half-way ("table ... already
// exists"). An in-memory database needs no lock.
func lockMigrations(ctx context.Context, db *sql.DB, o MigrateOptions) (unlock func(), err error) {
	var path string
	if err := db.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path); err != nil {
		return nil, fmt.Errorf("store: database file: %w", err)
	}
	if path == "" {
		return func() {}, nil
	}
	l := flock.New(MigrationLockPath(path), flock.SetPermissions(0o600))
	ok, err := l.TryLock()
	if err == nil && !ok {
		if o.Waiting != nil {
			o.Waiting()
		}
		wait := o.Wait
		if wait <= 0 {
			wait = DefaultMigrateWait
		}
		wctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		ok, err = l.TryLockContext(wctx, 25*time.Millisecond)
		if !ok && ctx.Err() == nil {
			return nil, fmt.Errorf("store: %s: %w, still after %s", path, ErrMigrating, wait)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: migration lock of %s: %w", path, err)
	}
	return func() { _ = l.Unlock() }, nil
}
