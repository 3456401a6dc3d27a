package main

import (
	"os"
	"os/exec"
	"testing"
)

// browserTestsEnv is the variable that turns the headless-Chromium tests on. .ci/run sets it.
const browserTestsEnv = "LINLI_BROWSER_TESTS"

// chromiumFor returns the Chromium binary a browser test drives. Without LINLI_BROWSER_TESTS=1
// the test is skipped with a message saying how to run it, so `go test -race ./...` passes on a
// machine without a browser; with it, a missing Chromium fails the test, never skips it.
func chromiumFor(t *testing.T) string {
	t.Helper()
	if os.Getenv(browserTestsEnv) != "1" {
		t.Skipf("browser test skipped: run it with %s=1 and Debian's chromium installed (apt-get install chromium); .ci/run does both", browserTestsEnv)
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("%s=1 but chromium is not installed (apt-get install chromium; .ci/run installs it): %v", browserTestsEnv, err)
	}
	return chromium
}
