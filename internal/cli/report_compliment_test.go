package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestReportComplimentIsNotAComplaint: a dossier rated "Rất hài lòng" with a
// word of praise is satisfied, not complained about, as `motcua report
// --format json` prints it (issue 19: it showed 0 % and one complaint).
func TestReportComplimentIsNotAComplaint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := storetest.NewTown(t, e)
		tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00",
			Resolved: "2025-03-04 10:00", Returned: true,
			Rating: dossier.VerySatisfied, Comment: "Cán bộ nhiệt tình, hướng dẫn chu đáo. Cảm ơn!"})

		var out, errb bytes.Buffer
		code := Main(context.Background(), []string{"report", "--from", "2025-03-01", "--to", "2025-03-31",
			"--format", "json", "--db", tw.DSN}, &out, &errb)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		var got map[string]float64
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			// Non-numeric keys (dates, the score) do not fit: read numbers only.
			var raw map[string]any
			if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out.String())
			}
			got = map[string]float64{}
			for k, v := range raw {
				if f, ok := v.(float64); ok {
					got[k] = f
				}
			}
		}
		if got["resolved"] != 1 || got["rated"] != 1 || got["rated_very_satisfied"] != 1 {
			t.Fatalf("the dossier did not reach the report: %s", out.String())
		}
		for k, want := range map[string]float64{"satisfaction_pct": 100, "rated_satisfied_pct": 100,
			"complaints": 0, "not_satisfied_or_complained": 0} {
			if got[k] != want {
				t.Errorf("%s = %v, want %v", k, got[k], want)
			}
		}
	})
}
