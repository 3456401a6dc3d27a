package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SavepointError is a failure of the SAVEPOINT, ROLLBACK TO or RELEASE statement itself: the
// transaction is in trouble, not only the work that ran inside the savepoint.
type SavepointError struct {
	Name string
	Err  error
}

func (e *SavepointError) Error() string { return fmt.Sprintf("store: savepoint %s: %v", e.Name, e.Err) }

// Unwrap returns the database's error.
func (e *SavepointError) Unwrap() error { return e.Err }

// Savepoint runs fn inside SAVEPOINT name on tx. If fn returns an error or panics, whatever it
// wrote is undone (ROLLBACK TO) while the transaction goes on, so the caller can still commit
// other work: a refusal's answer, the next order of a sweep. It returns fn's error as it is, or
// a *SavepointError if the savepoint statements fail. name must be a constant identifier.
func Savepoint(ctx context.Context, tx *sql.Tx, name string, fn func() error) error {
	failed, err := TrySavepoint(ctx, tx, name, fn)
	if err != nil {
		return err
	}
	return failed
}

// TrySavepoint is Savepoint for callers that go on after fn fails (a sweep, a batch of
// updates): failed is fn's error, its writes undone; err is a *SavepointError, after which the
// transaction should be given up.
func TrySavepoint(ctx context.Context, tx *sql.Tx, name string, fn func() error) (failed, err error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return nil, &SavepointError{name, err}
	}
	// Undoing must not be skipped because ctx ended meanwhile.
	bg := context.WithoutCancel(ctx)
	undo := func() error {
		if _, err := tx.ExecContext(bg, "ROLLBACK TO "+name); err != nil {
			return &SavepointError{name, err}
		}
		if _, err := tx.ExecContext(bg, "RELEASE "+name); err != nil {
			return &SavepointError{name, err}
		}
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			_ = undo()
			panic(p)
		}
	}()
	if failed = fn(); failed != nil {
		return failed, undo()
	}
	if _, err := tx.ExecContext(ctx, "RELEASE "+name); err != nil {
		return nil, &SavepointError{name, err}
	}
	return nil, nil
}
