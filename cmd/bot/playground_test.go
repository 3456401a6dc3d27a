package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"linli/internal/testlog"
	"linli/telegram"
	"linli/telegramtest"
)

// playgroundRun is `bot playground` running in this process.
type playgroundRun struct {
	base     string // http://host:port
	out, err *testlog.Buffer
	stop     func() int
}

var pgAddr = regexp.MustCompile(`open (http://[^/\s]+)/`)

// startPlayground runs realMain(playground, args...) until the test ends and waits for its address.
func startPlayground(t *testing.T, hooks *appHooks, args ...string) *playgroundRun {
	t.Helper()
	if hooks == nil {
		hooks = &appHooks{}
	}
	hooks.standIn = func(ts *telegramtest.Server) { speaksSpec(t, ts) }
	ctx, cancel := context.WithCancel(context.Background())
	run := &playgroundRun{out: &testlog.Buffer{}, err: &testlog.Buffer{}}
	code := make(chan int, 1)
	go func() {
		code <- realMain(ctx, append([]string{"playground", "-listen", "127.0.0.1:0"}, args...), noEnv, run.out, run.err, hooks)
	}()
	rc, stopped := 0, false
	run.stop = func() int {
		if !stopped {
			cancel()
			rc, stopped = <-code, true
		}
		return rc
	}
	t.Cleanup(func() { run.stop() })
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := pgAddr.FindStringSubmatch(run.out.String()); m != nil {
			run.base = m[1]
			return run
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no address printed; stdout %q, stderr %q", run.out.String(), run.err.String())
	return nil
}

// chat is the playground's view of a chat: the texts of its messages, as the page shows them.
func (run *playgroundRun) chat(t *testing.T, id string) []string {
	t.Helper()
	resp, err := http.Get(run.base + "/api/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st struct {
		Chats map[string][]struct {
			HTML    string `json:"html"`
			FromBot bool   `json:"fromBot"`
		} `json:"chats"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range st.Chats[id] {
		if m.FromBot {
			out = append(out, m.HTML)
		}
	}
	return out
}

func TestPlayground_ServesThePageTheBotAnswersLiveAndCancelExitsZero(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "play.db")
	run := startPlayground(t, nil, "-db", db) // Telegram's limits, as a visitor gets them
	resp, err := http.Get(run.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, who := range []string{"王秀兰", "Ann", "李雷", "Bob", "书记", "官北沟志愿者群"} {
		if !strings.Contains(string(page), who) {
			t.Errorf("page does not name %s", who)
		}
	}

	events, err := http.Get(run.base + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	if code := postPage(t, run, "/api/send", url.Values{"phone": {"102"}, "text": {"/start"}}); code != 200 {
		t.Fatalf("send: %d", code)
	}
	greeted := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(events.Body)
		for sc.Scan() {
			if line := sc.Text(); strings.Contains(line, `"fromBot":true`) && strings.Contains(line, `"chat":102`) {
				greeted <- line
				return
			}
		}
	}()
	select {
	case line := <-greeted:
		if !strings.Contains(line, words(EN, "button.en")) || !strings.Contains(line, "Ann") {
			t.Fatalf("greeting streamed: %s", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no answer streamed; stderr:\n%s", run.err.String())
	}
	if code := postPage(t, run, "/api/send", url.Values{"phone": {"102"}, "text": {strings.Repeat("x", 5000)}}); code != 400 {
		t.Fatalf("5,000 characters: %d, want 400", code)
	}
	if code := run.stop(); code != exitOK {
		t.Fatalf("exit %d on cancel; stderr:\n%s", code, run.err.String())
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("-db not used: %v", err)
	}
	if strings.Contains(run.err.String(), "level=ERROR") {
		t.Fatalf("errors logged:\n%s", run.err.String())
	}
}

func postPage(t *testing.T, run *playgroundRun, path string, f url.Values) int {
	t.Helper()
	resp, err := http.PostForm(run.base+path, f)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestPlayground_BadFlagsAreTwo(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"playground", "-bogus"},
		{"playground", "extra"},
		{"playground", "-pause", "-1s"},
		{"playground", "-listen", "127.0.0.1:99999"},
	} {
		var out, errb strings.Builder
		if code := realMain(context.Background(), args, noEnv, &out, &errb, nil); code != exitUsage {
			t.Errorf("%v: exit %d, want %d; stderr %q", args, code, exitUsage, errb.String())
		}
	}
}

func TestPlayground_DemoWalksTheWholeLoopThroughTheRealBot(t *testing.T) {
	t.Parallel()
	hooks := &appHooks{sender: func(o *telegram.SenderOptions) {
		o.PerSec, o.PerChat, o.PerGrp = 1000, time.Millisecond, time.Millisecond
	}}
	run := startPlayground(t, hooks, "-demo", "-pause", "0")
	deadline := time.Now().Add(40 * time.Second)
	for !strings.Contains(run.out.String(), "demo finished") {
		if strings.Contains(run.err.String(), "demo:") || time.Now().After(deadline) {
			t.Fatalf("demo did not finish; stderr:\n%s", run.err.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	res := run.chat(t, "101")
	if all := pageText(strings.Join(res, "\n")); !shows(t, all, ZH, "order.received_ok", 1) || !strings.Contains(all, "明天上午8点") ||
		!shows(t, pageText(res[len(res)-1]), ZH, "buy.received", 1) {
		t.Fatalf("the resident's chat: %q", res)
	}
	if ann := pageText(strings.Join(run.chat(t, "102"), "\n")); !shows(t, ann, EN, "buy.received", 1) {
		t.Fatalf("the neighbour's chat (the group buy): %s", ann)
	}
	if vol := pageText(strings.Join(run.chat(t, "201"), "\n")); !shows(t, vol, ZH, "join.welcome") ||
		!shows(t, vol, ZH, "queue.delivered", 1) && !shows(t, vol, ZH, "cards.task_delivered", 1) { // the reply, or the task card edited
		t.Fatalf("the volunteer's chat: %s", vol)
	}
	for grp := ""; !shows(t, grp, ZH, "groups.card_taken_by", "李雷"); grp = pageText(strings.Join(run.chat(t, "-1001000000001"), "\n")) {
		if time.Now().After(deadline) {
			t.Fatalf("the group did not mirror the claim: %s", grp)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// The page's demo button runs it again with new people, as the page shows them.
	if code := postPage(t, run, "/api/demo", nil); code != 200 {
		t.Fatalf("demo button: %d", code)
	}
	for res := []string(nil); len(res) == 0 || !shows(t, pageText(res[len(res)-1]), ZH, "buy.received", 2); res = run.chat(t, "1001") {
		if time.Now().After(deadline) {
			t.Fatalf("second demo: the new resident's chat: %q", res)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := run.stop(); code != exitOK {
		t.Fatalf("exit %d", code)
	}
}
