package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"linli/outbox"
	"linli/telegram"
	"linli/telegramtest"
)

// The crash tests run the bot as a real child process — this test binary started again with
// LINLI_TEST_CHILD set — and kill it with SIGKILL at chosen points.
func TestMain(m *testing.M) {
	// The bot's replicator and `bot restore`, run as this binary again (replica.go).
	if len(os.Args) > 1 && (os.Args[1] == "replicate" || os.Args[1] == "restore") {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := realMain(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil)
		stop()
		os.Exit(code)
	}
	if os.Getenv("LINLI_TEST_CHILD") != "" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

func childMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hooks := &appHooks{register: func(b *bot.Bot) {
		b.RegisterHandlerMatchFunc(func(u *models.Update) bool {
			return u.Message != nil && u.Message.Text == "/count"
		}, countHandler)
	}}
	return realMain(ctx, []string{"run", "-config", os.Getenv("LINLI_TEST_CONFIG")}, os.Getenv, os.Stdout, os.Stderr, hooks)
}

// countHandler is an update with an effect that must happen exactly once: it increments a
// counter and replies with its value. LINLI_TEST_HOLD makes it stop for good, "before" its
// write or "after" it, so the parent can kill the process there.
func countHandler(ctx context.Context, _ *bot.Bot, upd *models.Update) {
	u := telegram.UnitFrom(ctx)
	hold := func(at string) {
		if os.Getenv("LINLI_TEST_HOLD") == at {
			_ = os.WriteFile(os.Getenv("LINLI_TEST_HOLD_FILE"), []byte(at), 0o600)
			select {}
		}
	}
	hold("before")
	var n int
	err := u.Tx.QueryRowContext(ctx, `
		INSERT INTO chats (chat_id, reason) VALUES (-1, '1')
		ON CONFLICT (chat_id) DO UPDATE SET reason = CAST(reason AS INTEGER) + 1
		RETURNING CAST(reason AS INTEGER)`).Scan(&n)
	if err == nil {
		_, err = outbox.Add(ctx, u.Tx, outbox.Message{ChatID: upd.Message.Chat.ID, Text: fmt.Sprintf("count=%d", n)},
			outbox.Options{Priority: outbox.PriorityReply}, u.Now)
	}
	u.Err = err
	hold("after")
}

type child struct {
	cmd  *exec.Cmd
	logs string
}

func startChild(t *testing.T, cfg, hold, holdFile string) *child {
	t.Helper()
	logs := filepath.Join(filepath.Dir(cfg), fmt.Sprintf("child-%d.log", time.Now().UnixNano()))
	f, err := os.Create(logs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LINLI_TEST_CHILD=1", "LINLI_TEST_CONFIG="+cfg,
		"LINLI_TEST_HOLD="+hold, "LINLI_TEST_HOLD_FILE="+holdFile)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	c := &child{cmd: cmd, logs: logs}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return c
}

func (c *child) kill9(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
}

func waitFor(t *testing.T, what string, within time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// told counts, over the private chats first … first+n-1, how many got at least one message
// containing text, and how many such messages there are in all (duplicates included).
func told(ts *telegramtest.Server, first int64, n int, text string) (chats, total int) {
	for i := range n {
		k := 0
		for _, m := range ts.BotMessages(first + int64(i)) {
			if strings.Contains(m.Text, text) {
				k++
			}
		}
		if k > 0 {
			chats++
		}
		total += k
	}
	return chats, total
}

func countMessages(ts *telegramtest.Server, chat int64) []string {
	var out []string
	for _, m := range ts.BotMessages(chat) {
		if strings.HasPrefix(m.Text, "count=") {
			out = append(out, m.Text)
		}
	}
	return out
}

func inboxDone(t *testing.T, dbPath string, id int64) bool {
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var done sql.NullInt64
	if err := db.QueryRow("SELECT done_at FROM inbox WHERE update_id = ?", id).Scan(&done); err != nil {
		return false
	}
	return done.Valid
}

func outboxSending(t *testing.T, dbPath string) int {
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	_ = db.QueryRow("SELECT count(*) FROM outbox WHERE status = 'sending'").Scan(&n)
	return n
}

func TestKill9_UpdateAppliedExactlyOnce(t *testing.T) {
	t.Parallel()
	ts := telegramtest.New(telegramtest.Options{Token: testToken})
	speaksSpec(t, ts)
	defer ts.Close()
	const user = 7
	ts.AddUser(telegramtest.User{ID: user, FirstName: "Li", LanguageCode: "zh"})
	dir := t.TempDir()
	cfg := writeConfig(t, dir, ts.URL(), "")
	dbPath := filepath.Join(dir, "linli.db")

	steps := []struct {
		name string
		hold string // where the child stops before it is killed
		hang bool   // the reply's send never comes back (killed after commit, before the answer)
		want string
	}{
		{"killed after receiving, before handling", "before", false, "count=1"},
		{"killed mid-transaction, after the handler's write", "after", false, "count=2"},
		{"killed after commit, with the reply in flight", "", true, "count=3"},
	}
	var want []string
	for _, s := range steps {
		holdFile := filepath.Join(dir, "held-"+s.hold)
		if s.hang {
			ts.Hang("sendMessage", true)
		}
		c := startChild(t, cfg, s.hold, holdFile)
		id := ts.SendText(user, "/count")
		switch {
		case s.hang:
			waitFor(t, "the update to commit", 10*time.Second, func() bool { return inboxDone(t, dbPath, id) })
			waitFor(t, "the reply to be in flight", 10*time.Second, func() bool { return outboxSending(t, dbPath) > 0 && ts.Held() > 0 })
		default:
			waitFor(t, "the child to reach "+s.hold, 10*time.Second, func() bool { _, err := os.Stat(holdFile); return err == nil })
		}
		c.kill9(t)
		if s.hang {
			// Let the hung send go only once the stand-in has seen its client vanish: released
			// earlier, it would be processed like any request Telegram received.
			waitFor(t, "the stand-in to see the hung send given up", 10*time.Second, func() bool {
				for _, q := range ts.Requests() {
					if q.Method == "sendMessage" && q.Status == 0 {
						return true
					}
				}
				return false
			})
		}
		ts.Hang("sendMessage", false)
		if got := countMessages(ts, user); len(got) != len(want) {
			t.Fatalf("%s: a reply escaped before the kill: %v", s.name, got)
		}
		// Restart as an operator would; the update must be applied once and answered once.
		c = startChild(t, cfg, "", "")
		want = append(want, s.want)
		waitFor(t, s.want, 15*time.Second, func() bool { return len(countMessages(ts, user)) >= len(want) })
		time.Sleep(700 * time.Millisecond) // room for a duplicate to show up
		if got := countMessages(ts, user); strings.Join(got, ",") != strings.Join(want, ",") {
			logs, _ := os.ReadFile(c.logs)
			t.Fatalf("%s: replies %v, want %v\nchild logs:\n%s", s.name, got, want, logs)
		}
		if !inboxDone(t, dbPath, id) {
			t.Fatalf("%s: update %d not marked done", s.name, id)
		}
		if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := c.cmd.Wait(); err != nil {
			t.Fatalf("%s: clean stop: %v", s.name, err)
		}
	}
}
