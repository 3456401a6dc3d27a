package outbox_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"linli/internal/testdb"
	"linli/outbox"
	"linli/store"
)

func record(t *testing.T, db *store.DB, o outbox.Outcome) {
	t.Helper()
	err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
		return outbox.Record(context.Background(), tx, []outbox.Outcome{o}, t0)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEditOf_QueuedBehindItsCardInTheCardsChatAndPriority(t *testing.T) {
	db := testdb.Open(t)
	card := add(t, db, outbox.Message{ChatID: -100, Text: "card"}, outbox.Options{Priority: outbox.PriorityNotify})
	edit := add(t, db, outbox.Message{EditOf: card, Text: "taken"}, outbox.Options{Priority: outbox.PriorityReply})
	if got := due(t, db); len(got) != 1 || got[0] != card {
		t.Fatalf("due = %v, want only the card %d (the edit %d waits behind it)", got, card, edit)
	}
	record(t, db, outbox.Outcome{ID: card, ChatID: -100, Status: outbox.StatusSent, MessageID: 42})
	rows, err := outbox.Due(context.Background(), db.Read, t0, 10)
	if err != nil || len(rows) != 1 || rows[0].ID != edit {
		t.Fatalf("due after the card was sent: %+v, %v", rows, err)
	}
	rows = mark(t, db, rows)
	if err := rows[0].Load(); err != nil {
		t.Fatal(err)
	}
	m := rows[0].Message
	if rows[0].ChatID != -100 || rows[0].Priority != outbox.PriorityNotify || m.Kind != outbox.KindEdit || m.ChatID != -100 {
		t.Fatalf("edit row %+v: want the card's chat and priority, kind edit", rows[0])
	}
	got, err := outbox.ResolveEdit(context.Background(), db.Read, m)
	if err != nil || got.EditMessageID != 42 || got.Kind != outbox.KindEdit {
		t.Fatalf("ResolveEdit = %+v, %v; want message 42", got, err)
	}
}

func TestEditOf_RefusedForAnotherChatOrNoSuchRow(t *testing.T) {
	db := testdb.Open(t)
	card := add(t, db, outbox.Message{ChatID: -100, Text: "card"}, outbox.Options{})
	for _, m := range []outbox.Message{{EditOf: card, ChatID: -200, Text: "x"}, {EditOf: card + 99, Text: "x"}} {
		err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) error {
			_, err := outbox.Add(context.Background(), tx, m, outbox.Options{}, t0)
			return err
		})
		if err == nil {
			t.Errorf("Add(%+v) accepted", m)
		}
	}
}

func TestResolveEdit_SaysWhyACardCannotBeEditedYetOrEver(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	pending := add(t, db, outbox.Message{ChatID: -1, Text: "card"}, outbox.Options{})
	if _, err := outbox.ResolveEdit(ctx, db.Read, outbox.Message{EditOf: pending, ChatID: -1}); !errors.Is(err, outbox.ErrEditPending) {
		t.Errorf("edit of a pending card: %v, want ErrEditPending", err)
	}
	failed := add(t, db, outbox.Message{ChatID: -2, Text: "card"}, outbox.Options{})
	record(t, db, outbox.Outcome{ID: failed, ChatID: -2, Status: outbox.StatusFailed, Err: "Bad Request: chat not found"})
	_, err := outbox.ResolveEdit(ctx, db.Read, outbox.Message{EditOf: failed, ChatID: -2})
	if !errors.Is(err, outbox.ErrEditTargetGone) || !strings.Contains(err.Error(), "failed") {
		t.Errorf("edit of a failed card: %v, want ErrEditTargetGone naming the status", err)
	}
	gone := add(t, db, outbox.Message{ChatID: -3, Text: "card"}, outbox.Options{})
	record(t, db, outbox.Outcome{ChatID: -3, Status: outbox.StatusUnreachable, Err: "Forbidden: bot was kicked"})
	if _, err := outbox.ResolveEdit(ctx, db.Read, outbox.Message{EditOf: gone, ChatID: -3}); !errors.Is(err, outbox.ErrEditTargetGone) {
		t.Errorf("edit of a card to an unreachable chat: %v", err)
	}
	if _, err := outbox.ResolveEdit(ctx, db.Read, outbox.Message{EditOf: 9999, ChatID: -3}); !errors.Is(err, outbox.ErrEditTargetGone) {
		t.Errorf("edit of no row: %v", err)
	}
	plain := outbox.Message{ChatID: 5, Text: "hi"}
	if got, err := outbox.ResolveEdit(ctx, db.Read, plain); err != nil || got.Kind != outbox.KindSend {
		t.Errorf("a plain message changed: %+v, %v", got, err)
	}
}
