package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pressly/goose/v3"

	"linli/migrations"
)

// ErrNewerDatabase means the database was migrated by a newer Linli than this one: starting would
// risk writing rows the schema no longer expects, so the bot refuses.
var ErrNewerDatabase = errors.New("store: database schema is newer than this program")

// Migrate applies every pending migration in migrations.FS, each in its own transaction together
// with its version bump, and returns the schema version reached. It refuses a database whose
// version is beyond the newest migration this program knows.
//
// goose's Provider API is used because it takes a plain *sql.DB and an embed.FS, runs each file in
// one transaction, and has no global state; the newer-database check it lacks is done here.
func Migrate(ctx context.Context, db *sql.DB) (int64, error) {
	return MigrateWith(ctx, db, MigrateOptions{})
}

// MigrateWith is Migrate, first taking the migration lock of the database file (see
// lockMigrations) as o says: a second process migrating the same file waits for the first, then
// finds nothing left to do.
func MigrateWith(ctx context.Context, db *sql.DB, o MigrateOptions) (int64, error) {
	unlock, err := lockMigrations(ctx, db, o)
	if err != nil {
		return 0, err
	}
	defer unlock()
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations.FS,
		goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: read schema version: %w", err)
	}
	if current > target {
		return current, fmt.Errorf("%w (database at %d, program knows up to %d)", ErrNewerDatabase, current, target)
	}
	if _, err := p.Up(ctx); err != nil {
		return current, fmt.Errorf("store: migrate: %w", err)
	}
	return target, nil
}

// Backup writes a consistent copy of the live database at db to out (which must not exist) with
// VACUUM INTO: it reads one snapshot, so writers carry on meanwhile, and the copy is compact.
func Backup(ctx context.Context, db *sql.DB, out string) error {
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
		return fmt.Errorf("store: backup to %s: %w", out, err)
	}
	return nil
}
