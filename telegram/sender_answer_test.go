package telegram

import (
	"testing"
	"time"

	"linli/outbox"
	"linli/telegramtest"
)

// An answer to a button press shows nothing in the chat: it must not wait behind the chat's
// message on its way (nor hold it back), so the user's spinner stops at once.
func TestSender_AnswerDoesNotWaitForTheChatsMessage(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, nil)
	r.ts.AddUser(telegramtest.User{ID: 1, FirstName: "A"})
	r.ts.Hang("sendMessage", true)
	r.start(t)
	r.queue(t, outbox.Message{ChatID: 1, Text: "your order is placed"},
		outbox.Message{Kind: outbox.KindAnswer, ChatID: 1, CallbackQueryID: "7000000000000000001"})
	deadline := time.Now().Add(10 * time.Second)
	for r.ts.CountCalls("answerCallbackQuery") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the answer waited behind the chat's message in flight")
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.ts.Hang("sendMessage", false)
	st := r.waitSettled(t, 10*time.Second)
	if st["sent"] != 1 || len(r.sends(1)) != 1 {
		t.Fatalf("outbox %v, sends %+v", st, r.sends(1))
	}
}

// A row whose payload is not a message (a hand edit, a bug) fails on its own: before, reading
// the outbox failed as a whole and nothing else was sent.
func TestSender_UnreadableRowFailsAloneOthersGo(t *testing.T) {
	t.Parallel()
	r := newRig(t, telegramtest.Limits{}, nil)
	r.ts.AddUser(telegramtest.User{ID: 1, FirstName: "A"})
	r.ts.AddUser(telegramtest.User{ID: 2, FirstName: "B"})
	r.queue(t, outbox.Message{ChatID: 1, Text: "broken"}, outbox.Message{ChatID: 2, Text: "fine"})
	if _, err := r.db.Write.Exec(`UPDATE outbox SET payload = '{"kind":"","text":' WHERE chat_id = 1`); err != nil {
		t.Fatal(err)
	}
	r.start(t)
	st := r.waitSettled(t, 10*time.Second)
	if st["failed"] != 1 || st["sent"] != 1 || len(r.sends(2)) != 1 || len(r.sends(1)) != 0 {
		t.Fatalf("outbox %v, sends to 1: %d, to 2: %d; want the broken row failed and the other sent",
			st, len(r.sends(1)), len(r.sends(2)))
	}
}
