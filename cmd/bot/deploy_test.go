package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeployUnit_StartsTheBotWithFlagsThatExist keeps deploy/linli.service true to the program: its
// ExecStart names a subcommand and flags the binary accepts, and systemd (where the machine has
// it) finds nothing wrong with the unit.
func TestDeployUnit_StartsTheBotWithFlagsThatExist(t *testing.T) {
	t.Parallel()
	unit, err := os.ReadFile("../../deploy/linli.service")
	if err != nil {
		t.Fatal(err)
	}
	var execStart string
	for _, line := range strings.Split(string(unit), "\n") {
		if v, ok := strings.CutPrefix(line, "ExecStart="); ok {
			execStart = v
		}
	}
	fields := strings.Fields(execStart)
	if len(fields) < 4 || fields[1] != "run" || fields[2] != "-config" {
		t.Fatalf("ExecStart = %q, want /usr/local/bin/linli run -config FILE", execStart)
	}
	// The configuration file is not there, so the bot stops at loading it: after the flags parsed.
	var stderr bytes.Buffer
	missing := filepath.Join(t.TempDir(), "linli.toml")
	code := realMain(context.Background(), []string{fields[1], fields[2], missing}, func(string) string { return "" }, &bytes.Buffer{}, &stderr, nil)
	if code != exitUsage || !strings.Contains(stderr.String(), missing) {
		t.Fatalf("exit %d, stderr %q: want 2 naming the missing file", code, stderr.String())
	}

	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze not installed: unit syntax not checked")
		return
	}
	// systemd checks that the binary exists: point the copy at one that does.
	copied := filepath.Join(t.TempDir(), "linli.service")
	if err := os.WriteFile(copied, bytes.ReplaceAll(unit, []byte(fields[0]), []byte("/bin/true")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", copied).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}
