package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store/storetest"
)

// TestNotifyCommand: an account is checked before it is stored (an unknown
// field refused by name, a missing report secret refused), settings are
// stored, and the fallback refuses an unknown channel.
func TestNotifyCommand(t *testing.T) {
	tw := storetest.NewTown(t, storetest.Engines(t)[0])
	ctx := context.Background()
	run := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := Main(ctx, append([]string{"notify", "--db", tw.DSN}, args...), &out, &errb)
		return code, out.String() + errb.String()
	}
	if code, out := run("account", "--unit", tw.Unit.Code, "--channel", "sms", "--settings", `{"url":"http://127.0.0.1:1","brandname":"X","bogus":1}`); code != 2 || !strings.Contains(out, `"bogus"`) {
		t.Errorf("unknown field: %d %s", code, out)
	}
	if code, out := run("account", "--unit", tw.Unit.Code, "--channel", "sms", "--settings", `{"url":"http://127.0.0.1:1","brandname":"X"}`); code != 2 || !strings.Contains(out, "report_secret") {
		t.Errorf("no report secret: %d %s", code, out)
	}
	if code, out := run("account", "--unit", tw.Unit.Code, "--channel", "sms", "--settings", `{"url":"http://127.0.0.1:1","brandname":"X","report_secret":"s"}`); code != 0 {
		t.Fatalf("account: %d %s", code, out)
	}
	if _, _, ok, err := tw.DB.NotifyAccount(ctx, tw.Unit.ID, "sms"); !ok || err != nil {
		t.Errorf("the account was not stored: %v", err)
	}
	if code, out := run("settings", "--unit", tw.Unit.Code, "--fallback", "sms,fax"); code != 1 || !strings.Contains(out, "fax") {
		t.Errorf("unknown channel in the fallback: %d %s", code, out)
	}
	if code, out := run("settings", "--unit", tw.Unit.Code, "--fallback", "sms,email", "--officer-assigned=false"); code != 0 {
		t.Fatalf("settings: %d %s", code, out)
	}
	st, err := tw.DB.NotifySettings(ctx, tw.Unit.ID)
	if err != nil || strings.Join(st.Fallback, " ") != "sms email" || st.OfficerAssigned {
		t.Errorf("settings stored: %+v %v", st, err)
	}
}
