package telegram

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"linli/outbox"
	"linli/store"
	"linli/telegramtest"
)

// queueIDs adds msgs in one transaction and returns their outbox ids; an EditOf < 0 names the
// message that many places back in msgs.
func (r *rig) queueIDs(t *testing.T, msgs ...outbox.Message) []int64 {
	t.Helper()
	ids := make([]int64, len(msgs))
	err := store.InTx(context.Background(), r.db.Write, func(tx *sql.Tx) error {
		for i, m := range msgs {
			if m.EditOf < 0 {
				m.EditOf = ids[i+int(m.EditOf)]
			}
			id, err := outbox.Add(context.Background(), tx, m, outbox.Options{Priority: outbox.PriorityNotify}, time.Now())
			if err != nil {
				return err
			}
			ids[i] = id
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.sender.Wake()
	return ids
}

func (r *rig) calls(method string) int { return r.ts.CountCalls(method) }

func TestSender_EditOfACardQueuedBeforeItWasSentEditsIt(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, func(o *SenderOptions) { o.PerGrp = 10 * time.Millisecond })
	r.ts.AddGroup(-100, "3号楼志愿者群")
	r.start(t)
	claim := [][]outbox.Button{{{Text: "Claim #1", Data: "q:c:1"}}}
	r.queueIDs(t, outbox.Message{ChatID: -100, Text: "#1 open", Buttons: claim},
		outbox.Message{EditOf: -1, Text: "#1 taken by Li"},
		outbox.Message{EditOf: -2, Text: "#1 open again", Buttons: claim})
	if st := r.waitSettled(t, 10*time.Second); st["sent"] != 3 {
		t.Fatalf("outbox %v", st)
	}
	msgs := r.ts.BotMessages(-100)
	if len(msgs) != 1 {
		t.Fatalf("%d messages in the group, want the one card", len(msgs))
	}
	if m := msgs[0]; m.Text != "#1 open again" || m.EditCount != 2 || m.ReplyMarkup == nil {
		t.Fatalf("card %+v: want edited twice, open again with its button", m)
	}
}

func TestSender_EditOfACardThatFailedIsGivenUpWithTheReason(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, func(o *SenderOptions) { o.PerGrp = 10 * time.Millisecond })
	r.ts.AddGroup(-100, "群")
	r.ts.FailNext("sendMessage", 1, 400, "Bad Request: not enough rights to send text messages to the chat", 0)
	r.start(t)
	ids := r.queueIDs(t, outbox.Message{ChatID: -100, Text: "card"}, outbox.Message{EditOf: -1, Text: "taken"})
	if st := r.waitSettled(t, 10*time.Second); st["failed"] != 2 {
		t.Fatalf("outbox %v, want the card and its edit failed", st)
	}
	var reason string
	_ = r.db.Read.QueryRow(`SELECT error FROM outbox WHERE id = ?`, ids[1]).Scan(&reason)
	if !strings.Contains(reason, "never sent") || r.calls("editMessageText") != 0 {
		t.Fatalf("edit's error %q, %d editMessageText calls", reason, r.calls("editMessageText"))
	}
	if !strings.Contains(r.logs.String(), "edit given up") {
		t.Fatalf("not logged:\n%s", r.logs.String())
	}
}

func TestSender_EditQueuedAheadOfItsCardDoesNotHoldTheCardBack(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, func(o *SenderOptions) { o.PerGrp = 10 * time.Millisecond })
	r.ts.AddGroup(-100, "群")
	ids := r.queueIDs(t, outbox.Message{ChatID: -100, Text: "card"}, outbox.Message{EditOf: -1, Text: "taken"})
	// Queued by hand ahead of the card, as Add never does.
	if _, err := r.db.Write.Exec(`UPDATE outbox SET priority = 0 WHERE id = ?`, ids[1]); err != nil {
		t.Fatal(err)
	}
	r.start(t)
	if st := r.waitSettled(t, 10*time.Second); st["sent"] != 1 || st["failed"] != 1 {
		t.Fatalf("outbox %v, want the card sent and the edit given up", st)
	}
	if msgs := r.ts.BotMessages(-100); len(msgs) != 1 || msgs[0].Text != "card" || r.calls("editMessageText") != 0 {
		t.Fatalf("group %+v", msgs)
	}
}
