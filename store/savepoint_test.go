package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"linli/store"
)

func countChats(t *testing.T, tx *sql.Tx) int {
	t.Helper()
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM chats").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSavepoint_FailureUndoesOnlyItsOwnWrites(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	refused := errors.New("refused")
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT INTO chats (chat_id) VALUES (1)"); err != nil {
			return err
		}
		err := store.Savepoint(ctx, tx, "inner", func() error {
			if _, err := tx.Exec("INSERT INTO chats (chat_id) VALUES (2)"); err != nil {
				return err
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Errorf("Savepoint = %v, want fn's error", err)
		}
		if n := countChats(t, tx); n != 1 {
			t.Errorf("%d chats after the refused savepoint, want 1 (the outer write only)", n)
		}
		return store.Savepoint(ctx, tx, "inner", func() error {
			_, err := tx.Exec("INSERT INTO chats (chat_id) VALUES (3)")
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Read.QueryRow("SELECT count(*) FROM chats").Scan(&n); err != nil || n != 2 {
		t.Fatalf("%d chats committed (%v), want 2", n, err)
	}
}

func TestSavepoint_PanicUndoesAndGoesOn(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	err := store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic did not go on")
				}
			}()
			_ = store.Savepoint(ctx, tx, "p", func() error {
				if _, err := tx.Exec("INSERT INTO chats (chat_id) VALUES (1)"); err != nil {
					return err
				}
				panic("boom")
			})
		}()
		if n := countChats(t, tx); n != 0 {
			t.Errorf("%d chats after the panic, want 0", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTrySavepoint_StatementFailureIsASavepointError(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	_ = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		failed, err := store.TrySavepoint(ctx, tx, "bad name", func() error { return nil })
		var spe *store.SavepointError
		if failed != nil || !errors.As(err, &spe) || spe.Name != "bad name" {
			t.Errorf("TrySavepoint = %v, %v; want a *SavepointError", failed, err)
		}
		return nil
	})
}
