package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/store"
)

func seededDir(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReportCommand(t *testing.T) {
	ctx := context.Background()
	dir := seededDir(t)
	var out, errb bytes.Buffer
	code := Main(ctx, []string{"report", "--from", "2024-01-01", "--to", "2024-10-20", "--format", "json", "--data", dir}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	for _, k := range []string{"received", "resolved", "before_deadline_pct", "on_time_pct", "overdue_pct", "digitised_pct",
		"satisfaction_pct", "online_pct", "online_payment_pct", "letters"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	xlsx := filepath.Join(t.TempDir(), "r.xlsx")
	if code := Main(ctx, []string{"report", "--from", "2024-01-01", "--to", "2024-10-20", "--format", "xlsx", "-o", xlsx, "--data", dir}, &out, &errb); code != 0 {
		t.Fatalf("xlsx: exit %d: %s", code, errb.String())
	}
	if b, err := os.ReadFile(xlsx); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("xlsx output is not a zip: %v", err)
	}
	out.Reset()
	if code := Main(ctx, []string{"report", "--from", "2024-01-01", "--to", "2024-10-20", "--format", "csv", "--data", dir}, &out, &errb); code != 0 {
		t.Fatalf("csv: exit %d", code)
	}
	if !strings.Contains(out.String(), "Tỷ lệ trước hạn (%)") || !strings.Contains(out.String(), "01/01/2024 – 20/10/2024") {
		t.Errorf("csv lacks Vietnamese headers or dd/mm/yyyy dates:\n%s", out.String())
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "2024-10-20", "--to", "2024-01-01"}, "trước khi bắt đầu"},
		{[]string{"--from", "2018-01-01", "--to", "2024-10-20"}, "quá 5 năm"},
		{[]string{"--from", "2024-01-01", "--to", "2024-10-20", "--unit", "000.99.99.H56"}, "không tìm thấy đơn vị"},
		{[]string{"--from", "2024-01-01", "--to", "2024-10-20", "--format", "pdf"}, `--format "pdf"`},
		{[]string{"--from", "2024-13-01", "--to", "2024-10-20"}, "2024-13-01"},
	} {
		errb.Reset()
		code := Main(ctx, append(append([]string{"report"}, c.args...), "--data", dir), &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("report %v: exit %d, stderr %q, want it to mention %q", c.args, code, errb.String(), c.want)
		}
	}
	errb.Reset()
	if code := Main(ctx, []string{"report", "--from", "2024-01-01", "--to", "2024-10-20", "--data", t.TempDir()}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "demo --seed-only") {
		t.Errorf("missing database: exit %d %q", code, errb.String())
	}
}
