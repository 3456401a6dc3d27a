package telegram

import (
	"testing"
	"time"

	"linli/outbox"
	"linli/telegramtest"
)

// A photo a user sent (a prescription) is passed on to someone else by its file id, with an HTML
// caption; a file id Telegram does not know is refused, and the row fails instead of retrying.
func TestSender_PhotoByFileID(t *testing.T) {
	r := newRig(t, telegramtest.Limits{Disabled: true}, nil)
	r.ts.AddUser(telegramtest.User{ID: 1, FirstName: "Resident"})
	r.ts.AddUser(telegramtest.User{ID: 2, FirstName: "Volunteer"})
	r.ts.SendPhoto(1, "处方")
	msgs := r.ts.Messages(1)
	if len(msgs) != 1 || msgs[0].Photo == nil {
		t.Fatalf("no photo from the user: %+v", msgs)
	}
	r.start(t)
	r.queue(t,
		outbox.Message{Kind: outbox.KindPhoto, ChatID: 2, Photo: msgs[0].Photo.FileID, Text: "<b>#12</b> 处方 &amp; 药"},
		outbox.Message{Kind: outbox.KindPhoto, ChatID: 2, Photo: "no-such-file", Text: "x"})
	st := r.waitSettled(t, 10*time.Second)
	got := r.ts.BotMessages(2)
	if len(got) != 1 || got[0].Photo == nil || got[0].Caption != "#12 处方 & 药" {
		t.Fatalf("photo not passed on: %+v", got)
	}
	if st["sent"] != 1 || st["failed"] != 1 {
		t.Fatalf("outcomes %v: want one sent, the unknown file id failed", st)
	}
}
