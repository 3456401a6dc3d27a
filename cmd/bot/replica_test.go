package main

import (
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/internal/testlog"
)

// decodeJSON decodes one JSON value from r into v.
func decodeJSON(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

// TestReplica_LagShownAndRestoreCommand runs the bot in this process with [replica] set to a
// directory (its replicator is this test binary again), waits for the replica to catch up after
// an order, and then restores from it with `bot restore` in every way an operator may call it.
func TestReplica_LagShownAndRestoreCommand(t *testing.T) {
	t.Parallel()
	repDir := filepath.Join(t.TempDir(), "replica")
	at := make(chan string, 1)
	hooks := fastSender()
	hooks.metricsAt = func(addr string) { at <- addr }
	replicaLog := &testlog.Buffer{}
	hooks.replicaLog = replicaLog
	lb := startBotWith(t, quick, hooks, metricsOn+"[replica]\nurl = \"file://"+repDir+"\"\n")
	addUsers(lb.ts)
	var base string
	select {
	case addr := <-at:
		base = "http://" + addr
	case <-time.After(10 * time.Second):
		t.Fatalf("the metrics server did not start; logs:\n%s", lb.logs.String())
	}
	register(t, lb, zhUser, "zh", zhResident)
	lb.sayAll(t, zhUser, "/order groceries 大米 5kg")
	lb.drain(t)
	waitFor(t, "the replica to catch up", 30*time.Second, func() bool {
		lag, ok := healthzLag(base)
		return ok && lag == 0
	})
	if _, ok := metricValue(scrape(t, base), "linli_replica_lag_seconds"); !ok {
		t.Error("no linli_replica_lag_seconds metric")
	}
	cfg := filepath.Join(lb.dir, "linli.toml")
	live := filepath.Join(lb.dir, "linli.db")
	copyTo := filepath.Join(t.TempDir(), "restored.db")

	if code, _, errs := cli(t, "restore", "-config", cfg, "-to", live, "-force"); code != exitFailure || !strings.Contains(errs, "in use") {
		t.Errorf("restore over the live database: exit %d, %q; want 1, in use", code, errs)
	}
	// Lag 0 says the replica has what Litestream has read from the WAL, which it looks at every
	// 200 ms: the order may still be on its way, so restore until it is there.
	ordersIn := func(path string) int {
		db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		_ = db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n)
		return n
	}
	waitFor(t, "a restored copy with the order", 30*time.Second, func() bool {
		code, out, errs := cli(t, "restore", "-config", cfg, "-to", copyTo, "-force")
		if code != exitOK {
			t.Fatalf("restore: exit %d: %s%s\nreplicator:\n%s", code, out, errs, replicaLog.String())
		}
		return ordersIn(copyTo) == 1
	})
	if code, _, errs := cli(t, "restore", "-config", cfg, "-to", copyTo); code != exitFailure || !strings.Contains(errs, "-force") {
		t.Errorf("restore over an existing file: exit %d, %q; want 1 naming -force", code, errs)
	}
	if code, _, errs := cli(t, "restore", "-config", cfg, "-to", copyTo, "-force"); code != exitOK {
		t.Errorf("restore -force: exit %d, %q", code, errs)
	}
}

func TestRestore_RefusalsAndExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	off := writeConfig(t, dir, "http://127.0.0.1:1", "")
	empty := filepath.Join(dir, "empty.toml")
	body, err := os.ReadFile(off)
	if err != nil {
		t.Fatal(err)
	}
	body = append(body, []byte("[replica]\nurl = \"file://"+filepath.Join(dir, "nothing-yet")+"\"\n")...)
	if err := os.WriteFile(empty, body, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no replica configured", []string{"restore", "-config", off}, exitUsage, "replica.url"},
		{"stray argument", []string{"restore", "-config", empty, "x.db"}, exitUsage, "unexpected argument"},
		{"unknown flag", []string{"restore", "-config", empty, "-too", "x.db"}, exitUsage, "usage"},
		{"empty replica", []string{"restore", "-config", empty, "-to", filepath.Join(dir, "new.db")}, exitFailure, "no database yet"},
		{"replicate without a replica", []string{"replicate", "-config", off}, exitUsage, "replica.url"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := cli(t, c.args...)
			if code != c.code || !strings.Contains(errs, c.says) {
				t.Fatalf("exit %d, stderr %q; want %d mentioning %q", code, errs, c.code, c.says)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "new.db")); err == nil {
		t.Error("a failed restore left a file behind")
	}
}

func TestReplica_DashboardShowsTheLag(t *testing.T) {
	t.Parallel()
	lb, _ := dashBot(t, "[replica]\nurl = \"file://"+filepath.Join(t.TempDir(), "replica")+"\"\n")
	link, _ := dashboardLink(t, lb, 900)
	page := newBrowser(t, link).login(link)
	if !strings.Contains(page, `id="replica-lag"`) || !showsAny(t, pageText(page), ZH, "web.replica_ok", "web.replica_behind") {
		t.Errorf("the zh dashboard does not show the replica's lag:\n%s", page)
	}
}
