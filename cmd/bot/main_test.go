package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testToken = "123456:TEST-token-SECRET-never-logged"

// writeConfig writes a configuration file for a bot talking to apiURL, with extra TOML appended.
func writeConfig(t testing.TB, dir, apiURL, extra string) string {
	t.Helper()
	path := filepath.Join(dir, "linli.toml")
	// The playground's demo configuration (two zones, admin 900) with the test's token.
	body := fmt.Sprintf(playgroundConfig, testToken, apiURL, filepath.Join(dir, "linli.db"), pgAdmin) + extra
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func noEnv(string) string { return "" }

func TestExitCodes_BadFlagsAndConfigAreTwo(t *testing.T) {
	dir := t.TempDir()
	good := writeConfig(t, dir, "http://127.0.0.1:1", "")
	bad := filepath.Join(dir, "bad.toml")
	_ = os.WriteFile(bad, []byte("[telegram]\ntokn = \"x\"\n"), 0o600)
	noToken := filepath.Join(dir, "notoken.toml")
	_ = os.WriteFile(noToken, []byte("[database]\npath = \""+filepath.Join(dir, "n.db")+"\"\n"), 0o600)
	cases := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"unknown flag", []string{"run", "-bogus"}, exitUsage, "usage"},
		{"unknown subcommand", []string{"fly", "-config", good}, exitUsage, "unknown command"},
		{"stray argument", []string{"run", "-config", good, "extra"}, exitUsage, "unexpected argument"},
		{"missing file", []string{"run", "-config", filepath.Join(dir, "none.toml")}, exitUsage, "none.toml"},
		{"unknown key", []string{"run", "-config", bad}, exitUsage, "telegram.tokn"},
		{"no token for run", []string{"run", "-config", noToken}, exitUsage, "telegram.token"},
		{"backup without -out", []string{"backup", "-config", good}, exitUsage, "-out"},
		{"migrate needs no token", []string{"migrate", "-config", noToken}, exitOK, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := realMain(context.Background(), c.args, noEnv, &out, &errb, nil)
			if code != c.code || !strings.Contains(errb.String(), c.says) {
				t.Fatalf("exit %d, stderr %q; want %d mentioning %q", code, errb.String(), c.code, c.says)
			}
		})
	}
}

func TestMigrateThenBackup(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "http://127.0.0.1:1", "")
	var out, errb bytes.Buffer
	if code := realMain(context.Background(), []string{"migrate", "-config", cfg}, noEnv, &out, &errb, nil); code != exitOK {
		t.Fatalf("migrate: exit %d: %s", code, errb.String())
	}
	copyPath := filepath.Join(dir, "copy.db")
	if code := realMain(context.Background(), []string{"backup", "-config", cfg, "-out", copyPath}, noEnv, &out, &errb, nil); code != exitOK {
		t.Fatalf("backup: exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(copyPath); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := realMain(context.Background(), []string{"backup", "-config", cfg, "-out", copyPath}, noEnv, &out, &errb, nil); code != exitFailure {
		t.Fatalf("backup over an existing file: exit %d, want %d", code, exitFailure)
	}
}

func TestTokenNeverLogged_WhenAPIUnreachable(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "http://127.0.0.1:1", "")    // nothing listens on port 1
	ctx, cancel := context.WithCancel(context.Background()) // as SIGTERM does
	defer cancel()
	time.AfterFunc(2500*time.Millisecond, cancel)
	var out, errb bytes.Buffer
	code := realMain(ctx, []string{"run", "-config", cfg}, noEnv, &out, &errb, nil)
	logs := errb.String()
	if code != exitOK {
		t.Errorf("exit %d after a stop while retrying, want 0", code)
	}
	if !strings.Contains(logs, "cannot reach the Bot API") {
		t.Fatalf("no retry logged: %s", logs)
	}
	if strings.Contains(logs, testToken) || strings.Contains(logs, "SECRET") {
		t.Fatalf("token in logs:\n%s", logs)
	}
}
