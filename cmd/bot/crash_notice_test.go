package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"linli/people"
	"linli/store"
	"linli/telegramtest"
)

// TestKill9_BroadcastTo10000Residents sends a notice to 10,000 residents and kills the real bot
// process with SIGKILL at 20 random moments of the broadcast, starting it again each time. No
// resident may miss the notice; a resident may get it twice only for a send that was in flight
// (marked 'sending') at a kill — the sender cannot know whether Telegram got it.
func TestKill9_BroadcastTo10000Residents(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the bot 20 times")
	}
	t.Parallel()
	const residents, kills, admin = 10_000, 20, 900
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: quick})
	speaksSpec(t, ts)
	defer ts.Close()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, ts.URL(), "[limits]\nmessages_per_second = 400\nper_chat_per_second = 1000\n")
	dbPath := filepath.Join(dir, "linli.db")
	registerResidents(t, dbPath, 10_000, residents)
	ts.AddUser(telegramtest.User{ID: admin, FirstName: "Secretary", LanguageCode: "zh"})
	for i := range residents {
		ts.AddUser(telegramtest.User{ID: int64(10_000 + i), FirstName: "R", LanguageCode: "zh"})
	}
	const text = "明天 8:00 全员核酸检测，请在楼下排队"
	got := func() (reached, total int) { return told(ts, 10_000, residents, text) }

	hold := filepath.Join(dir, "hold")
	bot := startChild(t, cfg, "", hold)
	waitFor(t, "the bot to start", 20*time.Second, func() bool { return len(ts.Commands()) > 0 })
	ts.SendText(admin, "/notice residents "+text)
	var preview telegramtest.Message
	waitFor(t, "the preview with its Send button", 10*time.Second, func() bool {
		for _, m := range ts.BotMessages(admin) {
			if m.ReplyMarkup != nil && hasButton(m, wordsBefore(ZH, "notice.button_send")) {
				preview = m
				return true
			}
		}
		return false
	})
	if _, err := ts.Press(admin, admin, preview.ID, buttonData(t, preview, wordsBefore(ZH, "notice.button_send"))); err != nil {
		t.Fatal(err)
	}

	inFlight, killedAt := 0, []int{}
	for k := range kills {
		time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
		bot.kill9(t)
		n := outboxSending(t, dbPath)
		inFlight += n
		reached, _ := got()
		killedAt = append(killedAt, reached)
		bot = startChild(t, cfg, "", hold)
		_ = k
	}
	waitFor(t, "every resident reached", 3*time.Minute, func() bool { r, _ := got(); return r == residents })
	reached, total := got()
	t.Logf("%d kills at %v residents reached; %d sends in flight at the kills; %d residents reached, %d messages (%d duplicates)",
		kills, killedAt, inFlight, reached, total, total-residents)
	if total-residents > inFlight {
		t.Fatalf("%d duplicates, more than the %d sends in flight at the kills", total-residents, inFlight)
	}
}

// registerResidents registers n households of zone a1 for users first, first+1, … (who have
// written to the bot) straight in the database at path (created and migrated if need be).
func registerResidents(t testing.TB, path string, first int64, n int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		for i := range n {
			in, err := people.ValidateHousehold(people.HouseholdInput{Zone: "a1", Building: fmt.Sprintf("%d号楼", i%30),
				Room: fmt.Sprint(100 + i), Name: "居民", Phone: fmt.Sprintf("139%08d", i)}, func(string) bool { return true })
			if err != nil {
				return err
			}
			user := first + int64(i)
			if _, err := people.Touch(ctx, tx, people.Seen{ID: user, FirstName: "R", Lang: "zh"}, time.Now()); err != nil {
				return err // they have written to the bot: it may write to them
			}
			if _, err := people.Register(ctx, tx, in, user, people.RelSelf, time.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
