package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/internal/testlog"
	"linli/telegram"
	"linli/telegramtest"
)

// liveBot is the real bot (realMain, as `bot run`) talking to a stand-in, in this process.
type liveBot struct {
	ts    *telegramtest.Server
	dir   string
	logs  *testlog.Buffer
	hooks *appHooks
	extra string
	// telegram, when set, is added to the configuration's [telegram] table (webhook keys).
	telegram string
	stop     func() int
	db       *sql.DB             // read-only view of the bot's database, for settle
	app      atomic.Pointer[app] // the running app, for runJob
	// jump moves the bot's test clock on, for transcript steps that let time pass (nil: none).
	jump func(time.Duration)
}

// startBot runs the bot against a fresh stand-in until the test ends.
func startBot(t *testing.T, limits telegramtest.Limits, hooks *appHooks) *liveBot {
	t.Helper()
	return startBotWith(t, limits, hooks, "")
}

// startBotWith is startBot with extra TOML appended to the configuration.
func startBotWith(t *testing.T, limits telegramtest.Limits, hooks *appHooks, extra string) *liveBot {
	t.Helper()
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: limits})
	t.Cleanup(ts.Close)
	speaksSpec(t, ts)
	lb := &liveBot{ts: ts, dir: t.TempDir(), logs: &testlog.Buffer{}, hooks: hooks, extra: extra}
	lb.run(t)
	t.Cleanup(func() {
		lb.stop()
		if strings.Contains(lb.logs.String(), testToken) {
			t.Errorf("token in logs")
		}
	})
	return lb
}

// run starts the bot on lb's stand-in and database.
func (lb *liveBot) run(t *testing.T) {
	cfg := writeConfig(t, lb.dir, lb.ts.URL(), lb.extra)
	if lb.telegram != "" {
		body, err := os.ReadFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.Replace(body, []byte("[telegram]\n"), []byte("[telegram]\n"+lb.telegram+"\n"), 1)
		if err := os.WriteFile(cfg, body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if lb.hooks == nil {
		lb.hooks = &appHooks{}
	}
	lb.app.Store(nil)
	lb.hooks.started = func(a *app) { lb.app.Store(a) }
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- realMain(ctx, []string{"run", "-config", cfg}, noEnv, lb.logs, lb.logs, lb.hooks) }()
	var once sync.Once
	var rc int
	lb.stop = func() int {
		once.Do(func() { cancel(); rc = <-code })
		return rc
	}
}

// restart stops the bot and starts it again on the same database, as after a deploy.
func (lb *liveBot) restart(t *testing.T) {
	if code := lb.stop(); code != exitOK {
		t.Fatalf("stop: exit %d", code)
	}
	lb.run(t)
}

// quick turns the stand-in's rate limits off, for tests that do not test pacing and use
// fastSender: with both on, every second message to a chat would wait out a 429.
var quick = telegramtest.Limits{Disabled: true}

// fastSender lifts the sender's limits for tests that do not test them.
func fastSender() *appHooks {
	return &appHooks{sender: func(o *telegram.SenderOptions) { o.PerSec, o.PerChat = 1000, time.Millisecond }}
}

// say sends text as user and returns the bot's next new message to that chat.
func (lb *liveBot) say(t *testing.T, user int64, text string) telegramtest.Message {
	t.Helper()
	before := len(lb.ts.BotMessages(user))
	lb.ts.SendText(user, text)
	return lb.nextAfter(t, user, before)
}

// nextAfter waits for the bot's message number before+1 in chat.
func (lb *liveBot) nextAfter(t *testing.T, chat int64, before int) telegramtest.Message {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if msgs := lb.ts.BotMessages(chat); len(msgs) > before {
			return msgs[before]
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no answer in chat %d; logs:\n%s", chat, lb.logs.String())
	return telegramtest.Message{}
}

// noneRefused fails the test if the stand-in refused any request: Telegram would have too. It
// also fails on any text sent with a formatting slip ("%!d(string=…)", "%!(EXTRA …)"): a catalogue
// entry given the wrong arguments, which a user would read as is.
func (lb *liveBot) noneRefused(t *testing.T) {
	t.Helper()
	if refused := lb.refusedRequests(); len(refused) > 0 {
		t.Fatalf("stand-in refused: %+v", refused)
	}
	for _, q := range lb.ts.Requests() {
		for _, field := range []string{"text", "caption"} {
			if v := q.Params[field]; strings.Contains(v, "%!") {
				t.Errorf("%s sent a formatting slip: %q", q.Method, v)
			}
		}
	}
}

// refusedRequests lists every API call the stand-in refused with 400: each is a message a user
// did not get because the bot broke Telegram's rules.
func (lb *liveBot) refusedRequests() []telegramtest.Request {
	var out []telegramtest.Request
	for _, q := range lb.ts.Requests() {
		// An admin who has not opened the bot yet has no chat for a command menu: expected.
		if q.Status == 400 && !(q.Method == "setMyCommands" && strings.Contains(q.Description, "chat not found")) {
			out = append(out, q)
		}
	}
	return out
}

// press presses the button of msg whose text contains label (as user) and returns the bot's
// next new message in that chat, or msg as edited when the press's whole answer is an edit of
// it (a toggle, or a guided step asked again, updates the pressed menu in place).
func (lb *liveBot) press(t *testing.T, user int64, msg telegramtest.Message, label string) telegramtest.Message {
	t.Helper()
	data := buttonData(t, msg, label)
	before, edits := len(lb.ts.BotMessages(msg.ChatID)), lb.current(msg).EditCount
	id, err := lb.ts.Press(user, msg.ChatID, msg.ID, data)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if msgs := lb.ts.BotMessages(msg.ChatID); len(msgs) > before {
			return msgs[before]
		}
		if lb.current(msg).EditCount > edits {
			lb.settle(t, id) // a new message may still follow the edit
			if msgs := lb.ts.BotMessages(msg.ChatID); len(msgs) > before {
				return msgs[before]
			}
			return lb.current(msg)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no answer in chat %d; logs:\n%s", msg.ChatID, lb.logs.String())
	return telegramtest.Message{}
}

// current is msg as the chat shows it now.
func (lb *liveBot) current(msg telegramtest.Message) telegramtest.Message {
	for _, m := range lb.ts.BotMessages(msg.ChatID) {
		if m.ID == msg.ID {
			return m
		}
	}
	return msg
}

// buttonData finds the inline button of msg whose text contains label.
func buttonData(t testing.TB, msg telegramtest.Message, label string) string {
	t.Helper()
	if msg.ReplyMarkup != nil {
		for _, row := range msg.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if strings.Contains(b.Text, label) {
					return b.CallbackData
				}
			}
		}
	}
	t.Fatalf("no button %q under %q", label, msg.Text)
	return ""
}

// settle waits until the update is handled and everything the bot queued has been sent, so the
// stand-in holds every message of the answer (a handler may send several).
func (lb *liveBot) settle(t *testing.T, updateID int64) {
	t.Helper()
	db := lb.readDB(t)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var done, queued int
		err := db.QueryRow(`SELECT (SELECT count(*) FROM inbox WHERE update_id = ? AND done_at IS NOT NULL),
			(SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending'))`, updateID).Scan(&done, &queued)
		if err == nil && done == 1 && queued == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("update %d not settled; logs:\n%s", updateID, lb.logs.String())
}

// answers is everything the bot sent in chat since before, once update id has settled.
func (lb *liveBot) answers(t *testing.T, chat int64, before int, id int64) []telegramtest.Message {
	t.Helper()
	lb.settle(t, id)
	return lb.ts.BotMessages(chat)[before:]
}

// sayAll sends text as user and returns every message of the bot's answer.
func (lb *liveBot) sayAll(t *testing.T, user int64, text string) []telegramtest.Message {
	t.Helper()
	before := len(lb.ts.BotMessages(user))
	return lb.answers(t, user, before, lb.ts.SendText(user, text))
}

// pressAll presses the button of msg labelled label and returns every message of the answer.
func (lb *liveBot) pressAll(t *testing.T, user int64, msg telegramtest.Message, label string) []telegramtest.Message {
	t.Helper()
	before := len(lb.ts.BotMessages(msg.ChatID))
	id, err := lb.ts.Press(user, msg.ChatID, msg.ID, buttonData(t, msg, label))
	if err != nil {
		t.Fatal(err)
	}
	return lb.answers(t, msg.ChatID, before, id)
}

// readDB is a read-only view of the bot's database, for checking what changed.
func (lb *liveBot) readDB(t *testing.T) *sql.DB {
	t.Helper()
	if lb.db == nil {
		db, err := sql.Open("sqlite3", "file:"+filepath.Join(lb.dir, "linli.db")+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		lb.db = db
	}
	return lb.db
}

// runJob runs the app's periodic job called name once now, as its schedule does (a sweep, the
// check-ins, a notice tick: app.runJob), fails the test on its error, and waits until what it
// queued was sent.
func (lb *liveBot) runJob(t *testing.T, name string) {
	t.Helper()
	if err := lb.tryJob(t, name); err != nil {
		t.Fatal(err)
	}
	lb.drain(t)
}

// tryJob runs the job called name once now and returns its error.
func (lb *liveBot) tryJob(t *testing.T, name string) error {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for lb.app.Load() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the app did not start; logs:\n%s", lb.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return lb.app.Load().runJob(context.Background(), name)
}

// drain waits until the outbox has nothing left to send now (rows of a paused broadcast are held
// far in the future and do not count).
func (lb *liveBot) drain(t *testing.T) {
	t.Helper()
	db := lb.readDB(t)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var queued int
		err := db.QueryRow(`SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') AND not_before < ?`,
			int64(1)<<61).Scan(&queued)
		if err == nil && queued == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the outbox did not drain; logs:\n%s", lb.logs.String())
}

// grant sends "/grant args" as admin and, when the bot asks first because the id has never
// written to it, confirms with the button; it returns the answer to the grant itself.
func (lb *liveBot) grant(t *testing.T, admin int64, args string) []telegramtest.Message {
	t.Helper()
	got := lb.sayAll(t, admin, "/grant "+args)
	if len(got) == 1 && got[0].ReplyMarkup != nil {
		for _, row := range got[0].ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData == "f:grant:yes" {
					before := len(lb.ts.BotMessages(admin))
					id, err := lb.ts.Press(admin, got[0].ChatID, got[0].ID, b.CallbackData)
					if err != nil {
						t.Fatal(err)
					}
					return lb.answers(t, admin, before, id)
				}
			}
		}
	}
	return got
}
