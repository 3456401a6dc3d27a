package main

import (
	"database/sql"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"linli/telegramtest"
)

// The failover tests run the real bot as a child process replicating to a directory or to an
// S3-compatible server (gofakes3, in this process), under steady load: residents ordering and a
// broadcast going out. They kill it with SIGKILL (its replicator dies with it), delete the
// database with its WAL and shared-memory files, run `bot restore`, start the bot on the restored
// file and measure what was lost: orders acknowledged to residents before the kill that are
// missing (the recovery point: how many seconds of acknowledged work), broadcast recipients never
// reached, and recipients reached twice. LINLI_FAILOVER_ROUNDS (default 1) repeats the round on
// the same replica, each after the last restore.

func TestFailover_KillRestoreFromDirectory(t *testing.T) {
	t.Parallel()
	runFailover(t, "file://"+filepath.Join(t.TempDir(), "replica"), nil)
}

func TestFailover_KillRestoreFromS3(t *testing.T) {
	t.Parallel()
	be := s3mem.New()
	if err := be.CreateBucket("linli"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(srv.Close)
	runFailover(t, "s3://linli/community?endpoint="+srv.URL,
		[]string{"AWS_ACCESS_KEY_ID=linli-test", "AWS_SECRET_ACCESS_KEY=linli-test-secret", "AWS_REGION=us-east-1"})
}

const (
	foResidents = 400 // receive the broadcast
	foBuyers    = 60  // the first of them also order, one order every foOrderEvery between them
	foFirst     = 20_000
	foOrderGap  = 100 * time.Millisecond
)

// failoverRound is what one round lost.
type failoverRound struct {
	acked, lost   int
	rpo           time.Duration // kill time minus the first lost acknowledgement
	reachedAtKill int
	missed, twice int
}

func runFailover(t *testing.T, replicaURL string, env []string) {
	rounds := 1
	if n, err := strconv.Atoi(os.Getenv("LINLI_FAILOVER_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	ts := telegramtest.New(telegramtest.Options{Token: testToken, Limits: quick})
	defer ts.Close()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, ts.URL(), fmt.Sprintf(`[limits]
messages_per_second = 60
per_chat_per_second = 1000
open_orders_per_household = 1000
messages_per_minute = 1000
[replica]
url = %q
`, replicaURL))
	dbPath := filepath.Join(dir, "linli.db")
	registerResidents(t, dbPath, foFirst, foResidents)
	for i := range foResidents {
		ts.AddUser(telegramtest.User{ID: int64(foFirst + i), FirstName: "R", LanguageCode: "zh"})
	}
	ts.AddUser(telegramtest.User{ID: pgAdmin, FirstName: "Secretary", LanguageCode: "zh"})
	f := &failover{t: t, ts: ts, dir: dir, cfg: cfg, db: dbPath, env: env}
	var all []failoverRound
	for r := 1; r <= rounds; r++ {
		all = append(all, f.round(r))
	}
	for i, r := range all {
		t.Logf("round %d: acked %d orders before the kill, %d lost (recovery point %.2fs); broadcast to %d: %d reached at the kill, %d missed, %d sent twice",
			i+1, r.acked, r.lost, r.rpo.Seconds(), foResidents, r.reachedAtKill, r.missed, r.twice)
		if r.missed > 0 {
			t.Errorf("round %d: %d residents never got the notice", i+1, r.missed)
		}
		if r.rpo > 5*time.Second {
			t.Errorf("round %d: recovery point %s, more than 5s of acknowledged work lost", i+1, r.rpo)
		}
	}
}

type failover struct {
	t            *testing.T
	ts           *telegramtest.Server
	dir, cfg, db string
	env          []string
	bot          *exec.Cmd
	logs         string
}

// start runs the bot as a child process and waits until it runs.
func (f *failover) start() {
	t := f.t
	f.logs = filepath.Join(f.dir, fmt.Sprintf("bot-%d.log", time.Now().UnixNano()))
	out, err := os.Create(f.logs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(childEnv(), "LINLI_TEST_CHILD=1", "LINLI_TEST_CONFIG="+f.cfg), f.env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	f.bot = cmd
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		b, _ := os.ReadFile(f.logs)
		if strings.Contains(string(b), "Linli is running") && strings.Contains(string(b), "replicating") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bot and its replicator did not start; logs:\n%s", b)
		}
	}
}

// childEnv is this process's environment without AWS_CA_BUNDLE, which Litestream's S3 client
// cannot use (it brings its own HTTP client, and the AWS SDK then refuses the bundle): some
// machines set it for every program.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_CA_BUNDLE=") {
			env = append(env, kv)
		}
	}
	return env
}

var tagRe = regexp.MustCompile(`Q\d+n\d+z`)

func (f *failover) round(r int) failoverRound {
	t, ts := f.t, f.ts
	f.start()
	stop, loadDone := make(chan struct{}), make(chan struct{})
	go func() { // residents ordering, round robin
		defer close(loadDone)
		tick := time.NewTicker(foOrderGap)
		defer tick.Stop()
		for k := 0; ; k++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			ts.SendText(int64(foFirst+k%foBuyers), fmt.Sprintf("/order groceries 大米Q%dn%dz 5kg", r, k))
		}
	}()
	text := fmt.Sprintf("第%d轮：明天 8:00 全员核酸检测", r)
	time.Sleep(time.Second)
	f.notice(text)
	waitFor(t, "a quarter of the broadcast", 60*time.Second, func() bool { n, _ := f.reached(text); return n >= foResidents/4 })

	_ = f.bot.Process.Kill() // SIGKILL: the replicator dies with it (Pdeathsig)
	_ = f.bot.Wait()
	killAt := time.Now()
	close(stop)
	<-loadDone
	acked := f.acked(killAt, fmt.Sprintf("Q%dn", r))
	reachedAtKill, _ := f.reached(text)

	for _, p := range []string{f.db, f.db + "-wal", f.db + "-shm", filepath.Join(f.dir, ".linli.db-litestream")} {
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}
	restore := exec.Command(os.Args[0], "restore", "-config", f.cfg)
	restore.Env = append(childEnv(), f.env...)
	if out, err := restore.CombinedOutput(); err != nil {
		t.Fatalf("round %d: bot restore: %v\n%s", r, err, out)
	}
	present := f.orderTags()
	f.start()
	rep := failoverRound{acked: len(acked), reachedAtKill: reachedAtKill}
	var firstLost time.Time
	for tag, at := range acked {
		if !present[tag] {
			rep.lost++
			if firstLost.IsZero() || at.Before(firstLost) {
				firstLost = at
			}
		}
	}
	if rep.lost > 0 {
		rep.rpo = killAt.Sub(firstLost)
	}
	deadline := time.Now().Add(90 * time.Second)
	for n, _ := f.reached(text); n < foResidents && time.Now().Before(deadline); n, _ = f.reached(text) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // room for a duplicate to show up
	reached, total := f.reached(text)
	rep.missed, rep.twice = foResidents-reached, total-reached
	_ = f.bot.Process.Signal(os.Interrupt)
	if err := f.bot.Wait(); err != nil {
		b, _ := os.ReadFile(f.logs)
		t.Fatalf("round %d: clean stop: %v\n%s", r, err, b)
	}
	return rep
}

// notice sends a broadcast to every resident, confirming its preview.
func (f *failover) notice(text string) {
	t, ts := f.t, f.ts
	before := len(ts.BotMessages(pgAdmin))
	ts.SendText(pgAdmin, "/notice residents "+text)
	var preview telegramtest.Message
	send := wordsBefore(ZH, "notice.button_send") // the count of people follows
	waitFor(t, "the preview with its Send button", 20*time.Second, func() bool {
		msgs := ts.BotMessages(pgAdmin)
		for _, m := range msgs[min(before, len(msgs)):] {
			if m.ReplyMarkup != nil && strings.Contains(fmt.Sprint(m.ReplyMarkup.InlineKeyboard), send) {
				preview = m
				return true
			}
		}
		return false
	})
	if _, err := ts.Press(pgAdmin, pgAdmin, preview.ID, buttonData(t, preview, send)); err != nil {
		t.Fatal(err)
	}
}

// reached counts the residents who got text, and the messages with it.
func (f *failover) reached(text string) (residents, messages int) {
	for i := range foResidents {
		n := 0
		for _, m := range f.ts.BotMessages(int64(foFirst + i)) {
			if strings.Contains(m.Text, text) {
				n++
			}
		}
		if n > 0 {
			residents++
		}
		messages += n
	}
	return residents, messages
}

// acked is every order of this round (its tags begin with prefix) acknowledged to a resident
// before at: its tag and when.
func (f *failover) acked(at time.Time, prefix string) map[string]time.Time {
	out := map[string]time.Time{}
	for i := range foBuyers {
		for _, m := range f.ts.BotMessages(int64(foFirst + i)) {
			tag := tagRe.FindString(m.Text)
			if strings.HasPrefix(tag, prefix) && shows(f.t, m.Text, ZH, "order.placed") && !m.Date.After(at) {
				out[tag] = m.Date
			}
		}
	}
	return out
}

// orderTags are the tags of the orders in the (restored) database.
func (f *failover) orderTags() map[string]bool {
	t := f.t
	db, err := sql.Open("sqlite3", "file:"+f.db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT items FROM orders`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var items string
		if err := rows.Scan(&items); err != nil {
			t.Fatal(err)
		}
		for _, tag := range tagRe.FindAllString(items, -1) {
			out[tag] = true
		}
	}
	return out
}
