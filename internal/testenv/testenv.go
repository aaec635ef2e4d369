// Package testenv divides the test suite: `go test ./...` runs what proves
// behaviour quickly; the long suite (MOTCUA_LONG=1) adds what is slow to
// run: the year-long demo generation, exhaustive page sweeps, soak tests and
// million-row fixtures. CI runs both.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// LongVar is the environment variable that turns the long suite on.
const LongVar = "MOTCUA_LONG"

// IsLong reports whether MOTCUA_LONG asks for the long suite ("1" or
// "true"). A value strconv.ParseBool does not read fails t.
func IsLong(t testing.TB) bool {
	t.Helper()
	v := os.Getenv(LongVar)
	if v == "" {
		return false
	}
	on, err := strconv.ParseBool(v)
	if err != nil {
		t.Fatalf("%s=%q: want 1 or 0", LongVar, v)
	}
	return on
}

// Long skips t, saying why it is long, unless the long suite runs.
func Long(t testing.TB, why string) {
	t.Helper()
	if !IsLong(t) {
		t.Skipf("in the long suite (%s): run it with %s=1", why, LongVar)
	}
}

// CI reports whether the CI variable is set: there every check must run,
// so what a test needs and lacks fails it instead of skipping it.
func CI() bool { return os.Getenv("CI") != "" }

// Need is for a test that lacks what it needs (why says what and how to get
// it): it skips t, or fails it under CI.
func Need(t testing.TB, why string) {
	t.Helper()
	if CI() {
		t.Fatalf("%s (CI is set, so this is a failure, not a skip)", why)
		return
	}
	t.Skipf("%s", why)
}

// Tool returns the path of a command-line tool a test needs. Without it the
// test skips, naming the Debian package to install, except under CI, where
// it fails (Need).
func Tool(t testing.TB, tool, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		Need(t, fmt.Sprintf("%s not found: apt-get install -y %s to run this test", tool, pkg))
	}
	return path
}
