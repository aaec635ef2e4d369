package testenv

import (
	"fmt"
	"testing"
)

// recorder notes Skip and Fatal instead of stopping the goroutine.
type recorder struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Skipf(f string, a ...any)  { r.skipped, r.msg = true, fmt.Sprintf(f, a...) }
func (r *recorder) Fatalf(f string, a ...any) { r.failed, r.msg = true, fmt.Sprintf(f, a...) }

func TestLong(t *testing.T) {
	for _, c := range []struct {
		value      string
		skip, fail bool
	}{
		{"", true, false}, {"0", true, false}, {"false", true, false},
		{"1", false, false}, {"true", false, false},
		{"yes", true, true},
	} {
		t.Run("MOTCUA_LONG="+c.value, func(t *testing.T) {
			t.Setenv(LongVar, c.value)
			r := &recorder{TB: t}
			Long(r, "a reason")
			if r.skipped != c.skip || r.failed != c.fail {
				t.Errorf("skipped=%v failed=%v (%s), want skipped=%v failed=%v", r.skipped, r.failed, r.msg, c.skip, c.fail)
			}
			if c.skip && !c.fail && r.msg != "in the long suite (a reason): run it with MOTCUA_LONG=1" {
				t.Errorf("skip message %q does not say why and how to run it", r.msg)
			}
		})
	}
}

// TestNeed: what a test lacks skips it, and fails it under CI; Tool goes
// through Need for a missing tool, naming the package to install.
func TestNeed(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			r := &recorder{TB: t}
			Need(r, "needs a thing")
			if r.skipped == (ci != "") || r.failed != (ci != "") {
				t.Errorf("skipped=%v failed=%v (%s)", r.skipped, r.failed, r.msg)
			}
			r = &recorder{TB: t}
			if path := Tool(r, "motcua-no-such-tool", "motcua-pkg"); path != "" || r.msg !=
				"motcua-no-such-tool not found: apt-get install -y motcua-pkg to run this test"+map[bool]string{true: " (CI is set, so this is a failure, not a skip)"}[ci != ""] {
				t.Errorf("Tool of a missing tool: %q, %q", path, r.msg)
			}
		})
	}
}
