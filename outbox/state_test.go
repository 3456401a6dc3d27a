package outbox_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"linli/internal/testdb"
	"linli/outbox"
	"linli/store"
)

func TestSetState_QueuedOnlyWhenItChangesOrCameToNothing(t *testing.T) {
	db := testdb.Open(t)
	ctx := context.Background()
	set := func(chat int64, cmds ...string) int64 {
		t.Helper()
		m := outbox.Message{Kind: outbox.KindCommands, ChatID: chat}
		for _, c := range cmds {
			m.Commands = append(m.Commands, outbox.Command{Command: c, Description: c})
		}
		var id int64
		if err := store.InTx(ctx, db.Write, func(tx *sql.Tx) (err error) {
			id, err = outbox.SetState(ctx, tx, "menu", m, len(cmds) == 0, outbox.Options{}, t0)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	if set(1) != 0 {
		t.Fatal("a menu never set was cleared")
	}
	a := set(1, "queue")
	if a == 0 || set(1, "queue") != 0 {
		t.Fatalf("the same menu twice: queued %d, then again", a)
	}
	if set(2, "queue") == 0 {
		t.Fatal("another chat's menu is its own")
	}
	b := set(1, "queue", "claim")
	if b == 0 || set(1, "queue") == 0 {
		t.Fatal("a changed menu, and the first one back, are each queued")
	}
	// A plain message with a key of its own does not count as the state.
	add(t, db, outbox.Message{ChatID: 1, Text: "hello"}, outbox.Options{DedupKey: "run:1"})
	if set(1, "queue") != 0 {
		t.Fatal("unchanged menu queued again after another message")
	}
	// Refused: sent again next time.
	if _, err := db.Write.Exec(`UPDATE outbox SET status = 'failed' WHERE chat_id = 1 AND dedup_key LIKE 'menu:%'`); err != nil {
		t.Fatal(err)
	}
	if set(1, "queue") == 0 {
		t.Fatal("a menu whose sending failed is not queued again")
	}
	if set(1) == 0 || set(1) != 0 {
		t.Fatal("a menu set is cleared, once")
	}
}

// A state queued before payloads kept their HTML as it is (JSON's \u0026 for &) is the same state:
// it is not queued again after the upgrade.
func TestSetState_SameStateWrittenWithHTMLEscapes(t *testing.T) {
	db := testdb.Open(t)
	m := outbox.Message{Kind: outbox.KindCommands, ChatID: 7, Commands: []outbox.Command{{Command: "help", Description: "帮助 & <说明>"}}}
	old, err := json.Marshal(m) // as encode wrote it before: \u0026, \u003c
	if err != nil || !strings.Contains(string(old), `\u0026`) {
		t.Fatalf("%s, %v", old, err)
	}
	if _, err := db.Write.Exec(`INSERT INTO outbox (chat_id, priority, payload, kind, dedup_key, status, created_at)
		VALUES (7, 1, ?, 'commands', 'menu:0', 'sent', 0)`, string(old)); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := store.InTx(context.Background(), db.Write, func(tx *sql.Tx) (err error) {
		id, err = outbox.SetState(context.Background(), tx, "menu", m, false, outbox.Options{}, t0)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if id != 0 {
		t.Fatalf("the same menu queued again as #%d", id)
	}
}
