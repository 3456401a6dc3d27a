package handlers

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sqlText matches the start of an SQL statement in a Go string literal, quoted or backquoted.
var sqlText = regexp.MustCompile("[\"`]\\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|CREATE|DROP|ALTER|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK)\\s")

// TestHandlers_HoldNoSQL keeps SQL in the domain packages that own the tables: a handler that
// needs rows calls orders/, people/, notices/, checkins/...
func TestHandlers_HoldNoSQL(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(body), "\n") {
			if sqlText.MatchString(line) || strings.Contains(line, "ExecContext(") || strings.Contains(line, "QueryContext(") ||
				strings.Contains(line, "QueryRowContext(") {
				t.Errorf("%s:%d: SQL in handlers (move it to the package that owns the table): %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
