package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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

// TestReportNoDataEverywhere: a criterion without data (no feedback yet, no
// fee-bearing dossier) reads "không có dữ liệu" in the table, the CSV and
// the XLSX, never points, and the total says what it was computed over.
func TestReportNoDataEverywhere(t *testing.T) {
	tw := storetest.NewTown(t, storetest.Engine{Name: "sqlite"})
	tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00",
		Resolved: "2025-03-04 10:00", Returned: true})
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		args = append([]string{"report", "--from", "2025-03-01", "--to", "2025-03-31", "--db", tw.DSN}, args...)
		if code := Main(context.Background(), args, &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	var rep struct {
		Score struct {
			Total     float64
			Available float64
		}
	}
	if err := json.Unmarshal([]byte(run("--format", "json")), &rep); err != nil {
		t.Fatal(err)
	}
	// Without data: published in time 6, online payment 10, feedback 6 + 6.
	if rep.Score.Available != 72 {
		t.Fatalf("available points %v, want 72", rep.Score.Available)
	}
	total := strconv.FormatFloat(rep.Score.Total, 'f', 2, 64)
	xlsx := filepath.Join(t.TempDir(), "r.xlsx")
	run("--format", "xlsx", "-o", xlsx)
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, r := range rows {
		cells = append(cells, strings.Join(r, ","))
	}
	for name, text := range map[string]string{"table": run(), "csv": run("--format", "csv"), "xlsx": strings.Join(cells, "\n")} {
		for _, want := range []string{
			"Bộ chỉ số 766 · Phản ánh, kiến nghị xử lý đúng hạn",
			"Bộ chỉ số 766 · Thanh toán trực tuyến",
			"tính trên 72/100 điểm có dữ liệu; không có dữ liệu: Thủ tục được công khai kịp thời, Thanh toán trực tuyến",
			total,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q:\n%s", name, want, text)
			}
		}
		for _, line := range strings.Split(text, "\n") {
			if strings.Contains(line, "Phản ánh, kiến nghị xử lý đúng hạn") && !strings.Contains(line, "không có dữ liệu") {
				t.Errorf("%s: %q is not shown as no data", name, line)
			}
			if strings.Contains(line, "Bộ chỉ số 766 · Thanh toán trực tuyến") && !strings.Contains(line, "không có dữ liệu") {
				t.Errorf("%s: %q is not shown as no data", name, line)
			}
		}
	}
}
