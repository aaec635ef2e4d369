package cli

import (
	"bytes"
	"context"
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

// TestMalformedEnvironmentFailsAtStart: a malformed MOTCUA_* number or
// duration stops the command before anything starts, naming the variable,
// instead of silently falling back to the default.
func TestMalformedEnvironmentFailsAtStart(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"MOTCUA_MAX_UPLOAD_MB", "ten"},
		{"MOTCUA_MAX_UPLOAD_MB", "10MB"},
		{"MOTCUA_SHUTDOWN_GRACE", "20"},
		{"MOTCUA_SHUTDOWN_GRACE", "soon"},
	} {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.name, tc.value)
			// A cancelled context: should the value be accepted, serve stops
			// at once (exit 1) instead of running.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr bytes.Buffer
			code := Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, &stdout, &stderr)
			out, errs := stdout.String(), stderr.String()
			if code != 2 || !strings.Contains(errs, tc.name) || !strings.Contains(errs, tc.value) {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit 2 naming %s and its value", code, errs, out, tc.name)
			}
		})
	}
}

// TestWellFormedEnvironmentIsRead: good values become the defaults.
func TestWellFormedEnvironmentIsRead(t *testing.T) {
	t.Setenv("MOTCUA_MAX_UPLOAD_MB", " 7 ")
	t.Setenv("MOTCUA_SHUTDOWN_GRACE", "1m30s")
	var c Config
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.bindStorage(fs, t.TempDir())
	c.bindServer(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := c.validate(true); err != nil {
		t.Fatal(err)
	}
	if c.UploadMB != 7 || c.Grace != 90*time.Second {
		t.Errorf("UploadMB %d, Grace %s; want 7 and 1m30s", c.UploadMB, c.Grace)
	}
}
