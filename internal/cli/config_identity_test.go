package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestMalformedEIDSettingsFailAtStart: a malformed e-ID setting stops serve
// before anything starts, naming the variable and the value.
func TestMalformedEIDSettingsFailAtStart(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"MOTCUA_EID_SECRET_IN_FORM", "perhaps"},
		{"MOTCUA_EID_CLAIMS", "colour=red"},
		{"MOTCUA_EID_CLAIMS", "subject"},
		{"MOTCUA_EID_ISSUER", "ftp://sso.example"},
	} {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.name, tc.value)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr bytes.Buffer
			code := Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, &stdout, &stderr)
			if errs := stderr.String(); code != 2 || !strings.Contains(errs, tc.name) || !strings.Contains(errs, tc.value) {
				t.Errorf("exit %d, stderr %q; want exit 2 naming %s and its value", code, errs, tc.name)
			}
		})
	}
}

func TestFakeIDPRefusesBadFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"fake", "idp", "--fail-token", "1.5"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "--fail-token") {
		t.Errorf("exit %d, stderr %q; want 2 naming --fail-token", code, stderr.String())
	}
}
