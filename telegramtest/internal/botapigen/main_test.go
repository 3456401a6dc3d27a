package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSchemaIsUpToDate regenerates the schema from shared/botapi, when it sits beside the
// repository, and compares it with the committed telegramtest/botapi.json.
func TestSchemaIsUpToDate(t *testing.T) {
	in := filepath.Join("..", "..", "..", "..", "shared", "botapi")
	if _, err := os.Stat(filepath.Join(in, "api.min.json")); err != nil {
		t.Skipf("no shared/botapi beside the repository: %v", err)
	}
	out := filepath.Join(t.TempDir(), "botapi.json")
	if err := run(in, out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile(filepath.Join("..", "..", "botapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("telegramtest/botapi.json is stale: run go generate ./telegramtest/")
	}
}
