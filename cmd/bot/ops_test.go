package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestOps_BadListenAndLogSettingsExitTwo is the table of refused operations settings: the
// dashboard over plain http beyond loopback, an unknown log format, the playground beyond
// loopback without -public.
func TestOps_BadListenAndLogSettingsExitTwo(t *testing.T) {
	cases := []struct {
		name  string
		extra string
		args  []string
		says  string
	}{
		{"dashboard on every interface over http", "[web]\nlisten = \":0\"\n", []string{"run"}, "web.listen"},
		{"dashboard on 0.0.0.0 with an http url", "[web]\nlisten = \"0.0.0.0:0\"\nurl = \"http://linli.example.org\"\n", []string{"migrate"}, "web.listen"},
		{"log format", "[log]\nformat = \"logfmt\"\n", []string{"run"}, "log.format"},
		{"log format case", "[log]\nformat = \"Text\"\n", []string{"migrate"}, "log.format"},
		{"playground on every interface", "", []string{"playground", "-listen", ":0"}, "-public"},
		{"playground on 0.0.0.0", "", []string{"playground", "-listen", "0.0.0.0:0"}, "no login"},
		{"playground -public not a bool", "", []string{"playground", "-public=sure"}, "invalid boolean"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if args[0] != "playground" {
				args = append(args, "-config", writeConfig(t, t.TempDir(), "http://127.0.0.1:1", c.extra))
			}
			var out, errb bytes.Buffer
			if code := realMain(context.Background(), args, noEnv, &out, &errb, nil); code != exitUsage || !strings.Contains(errb.String(), c.says) {
				t.Fatalf("exit %d, stderr %q; want 2 mentioning %q", code, errb.String(), c.says)
			}
		})
	}
}

// TestOps_DashboardBehindHTTPSMayListenEverywhere: with web.url https (a TLS proxy in front),
// a non-loopback listen is allowed.
func TestOps_DashboardBehindHTTPSMayListenEverywhere(t *testing.T) {
	cfg := writeConfig(t, t.TempDir(), "http://127.0.0.1:1", "[web]\nlisten = \"0.0.0.0:0\"\nurl = \"https://linli.example.org\"\n")
	var out, errb bytes.Buffer
	if code := realMain(context.Background(), []string{"migrate", "-config", cfg}, noEnv, &out, &errb, nil); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

// TestOps_PlaygroundPublicWarns: -public lets the playground listen beyond loopback, with a
// warning.
func TestOps_PlaygroundPublicWarns(t *testing.T) {
	run := startPlayground(t, fastSender(), "-listen", "0.0.0.0:0", "-public")
	if !strings.Contains(run.err.String(), "WARNING: -public") {
		t.Errorf("no warning: %q", run.err.String())
	}
	if code := run.stop(); code != exitOK {
		t.Errorf("stop: exit %d; stderr %s", code, run.err.String())
	}
}

// TestOps_JSONLogIsOneObjectALine: [log] format = "json" writes every line as a JSON object
// with time, level and msg.
func TestOps_JSONLogIsOneObjectALine(t *testing.T) {
	lb := startBotWith(t, quick, fastSender(), "[log]\nformat = \"json\"\n")
	addUsers(lb.ts)
	lb.sayAll(t, zhUser, "/help")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(lb.logs.String(), "Linli is running") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if code := lb.stop(); code != exitOK {
		t.Fatalf("stop: exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(lb.logs.String()), "\n")
	running := false
	for _, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("not a JSON line: %q (%v)", l, err)
		}
		if rec["time"] == nil || rec["level"] == nil || rec["msg"] == nil {
			t.Errorf("line without time, level or msg: %q", l)
		}
		running = running || (rec["msg"] == "Linli is running" && rec["mode"] == "polling")
	}
	if !running {
		t.Errorf("no \"Linli is running\" record in %d lines", len(lines))
	}
}
