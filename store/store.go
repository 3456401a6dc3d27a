// Package store opens Linli's SQLite database and is the one place that knows how: WAL, a busy
// timeout, foreign keys, IMMEDIATE write transactions through a single writer connection, and a
// pool of read-only connections beside it.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"

	sqlite3 "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver, which the read pool uses
)

// writerDriver is the driver of the writer pool: mattn's, with three settings made on every
// connection it opens.
//   - wal_autocheckpoint: the writer's own checkpoints only past backstopPages (checkpoint.go).
//   - temp_store = MEMORY: the writer's savepoint journal stays in memory. Every update of a
//     dispatcher batch runs in its own savepoints, each of which keeps a copy of every page it
//     changes until it is released; past 64 KiB (SQLite's default) that journal went to a
//     temporary file, and every page changed then cost a write to it: an /order spent more time
//     there than in its INSERT (issue 17: 1,000 -> 1,300 orders a second). What it holds is
//     freed when the update's savepoint is.
//   - stable plans (plans.go), as on the readers.
const writerDriver = "linli-sqlite3-writer"

// readerDriver is the driver of the reader pool: mattn's, with stable plans (stablePlans).
const readerDriver = "linli-sqlite3-reader"

func init() {
	sql.Register(writerDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		for _, pragma := range []string{fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", backstopPages),
			"PRAGMA temp_store = MEMORY"} {
			if _, err := c.Exec(pragma, nil); err != nil {
				return err
			}
		}
		return stablePlans(c)
	}})
	sql.Register(readerDriver, &sqlite3.SQLiteDriver{ConnectHook: stablePlans})
}

// DB is an open Linli database: Write has exactly one connection, so writers queue in Go instead
// of failing with SQLITE_BUSY; Read serves queries that do not need to see a running write.
type DB struct {
	Write *sql.DB
	Read  *sql.DB
	Path  string
}

// Open opens (creating if needed) the database at path and applies pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	db, err := OpenNoMigrate(path)
	if err != nil {
		return nil, err
	}
	if _, err := Migrate(ctx, db.Write); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// OpenNoMigrate opens the database without touching its schema.
func OpenNoMigrate(path string) (*DB, error) {
	w, err := sql.Open(writerDriver, dsn(path, "rwc", "immediate"))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	// The writer creates the file and switches it to WAL before any reader opens it.
	if err := w.Ping(); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r, err := sql.Open(readerDriver, dsn(path, "ro", "deferred"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
	}
	// Every reader stays open: a connection closed for want of an idle slot (database/sql keeps
	// two) loses its page cache and its prepared statements, and a new one reads the schema.
	r.SetMaxOpenConns(max(4, runtime.NumCPU()))
	r.SetMaxIdleConns(max(4, runtime.NumCPU()))
	return &DB{Write: w, Read: r, Path: path}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	errR := db.Read.Close()
	errW := db.Write.Close()
	forgetWaiters(db.Read, db.Write)
	if errW != nil {
		return errW
	}
	return errR
}

func dsn(path, mode, txlock string) string {
	q := url.Values{}
	q.Set("mode", mode)
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", txlock)
	// The driver keeps this many prepared statements per connection: the bot runs the same few
	// dozen queries all day, and preparing them again was a sixth of a handler's time.
	q.Set("_stmt_cache_size", "128")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// InTx runs fn in a transaction on db: committed if fn returns nil, rolled back if it returns an
// error or panics (the panic goes on after the rollback). On the writer pool the transaction is
// IMMEDIATE, so it holds the write lock from its first statement and never fails half-way with
// SQLITE_BUSY on upgrade.
func InTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) (err error) {
	w := waitersOf(db)
	w.Add(1)
	tx, err := db.BeginTx(ctx, nil)
	w.Add(-1)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Querier is what both *sql.DB and *sql.Tx offer: domain code that only reads takes it.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
