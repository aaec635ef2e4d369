package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/docgen/docgentest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/pdf/pdftext"
	"github.com/motcua/motcua/internal/store"
)

// docTown builds a town in an SQLite database under a temporary data
// directory, with a returned birth registration (and its letter) and a
// refused online dossier, and closes it; runDoc then opens it with --data.
func docTown(t *testing.T) (dir, birth, refused string) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	clk := &docgentest.Clock{}
	clk.Set("2025-03-03 09:00")
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tw := docgentest.Build(t, db, clk)
	b := tw.Intake(t, "1.001193", dossier.Counter, docgentest.Birth(), nil)
	clk.Set("2025-03-03 10:00")
	tw.Resolve(t, b.Code)
	if _, _, err := jobs.ProduceLetter(ctx, db, b.ID); err != nil {
		t.Fatal(err)
	}
	clk.Set("2025-03-03 15:00")
	tw.Act(t, b.Code, dossier.Action{Kind: dossier.ActReturn}, tw.Reception)
	o := tw.Intake(t, "1.004873", dossier.Online, nil, nil)
	tw.Act(t, o.Code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Không thuộc thẩm quyền của xã"}, tw.Reception)
	return dir, b.Code, o.Code
}

func runDocArgs(t *testing.T, args ...string) (stdout string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = runDoc(context.Background(), args, &out, &errOut)
	return out.String(), err
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return text
}

func TestDocCommand(t *testing.T) {
	t.Setenv("MOTCUA_DB", "")
	t.Setenv("MOTCUA_BASE_URL", "")
	dir, birth, refused := docTown(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"receipt", birth}, "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 03/03/2025"},
		{[]string{"control", birth}, "Quá trình giải quyết hồ sơ: 5 lần giao, nhận"},
		{[]string{"handover", birth}, "1 Giấy khai sinh (bản chính) 01"},
		{[]string{"letter", birth}, "Kính gửi: Ông Trần Văn Ễnh và Bà Lê Thị Bình"},
		{[]string{"lawsheet", birth}, "Mã hồ sơ: " + birth},
		{[]string{"lawsheet", "1.000656", "--unit", "000.21.37.H56"}, "Thủ tục: Thủ tục đăng ký khai tử"},
		{[]string{"refusal", refused}, "Không thuộc thẩm quyền của xã"},
		{[]string{"tracking", "--from", "2025-03-03", "--to", "2025-03-03"}, "Số hồ sơ trong sổ: 1"}, // the refused online dossier was never received,
	} {
		out := filepath.Join(t.TempDir(), tc.args[0]+".pdf")
		args := append([]string{"--data", dir, "-o", out}, tc.args...)
		if _, err := runDocArgs(t, args...); err != nil {
			t.Errorf("doc %s: %v", strings.Join(tc.args, " "), err)
			continue
		}
		if text := pdfText(t, out); !strings.Contains(text, tc.want) {
			t.Errorf("doc %s lacks %q:\n%s", strings.Join(tc.args, " "), tc.want, text)
		}
	}

	// The receipt's QR code points at the configured base URL; standard output works.
	stdout, err := runDocArgs(t, "receipt", birth, "--data", dir, "-o", "-", "--base-url", "https://dichvucong.dateh.gov.vn/")
	if err != nil || !strings.HasPrefix(stdout, "%PDF-") {
		t.Errorf("receipt to standard output: %v (%.10q)", err, stdout)
	}

	xlsx := filepath.Join(t.TempDir(), "so.xlsx")
	if _, err := runDocArgs(t, "tracking", "--data", dir, "--from", "2025-03-01", "--to", "2025-03-31", "-o", xlsx); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(xlsx); !bytes.HasPrefix(data, []byte("PK")) {
		t.Errorf("tracking book .xlsx is not a workbook")
	}

	// A document that does not apply: an error, and no file.
	out := filepath.Join(t.TempDir(), "refusal.pdf")
	if _, err := runDocArgs(t, "refusal", birth, "--data", dir, "-o", out); err == nil || !strings.Contains(err.Error(), "không bị từ chối") {
		t.Errorf("refusal of a dossier never refused: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was written for a failed document: %v", err)
	}

	for _, args := range [][]string{
		{},
		{"receipt", birth, "--data", dir}, // no -o
		{"diploma", birth, "--data", dir, "-o", "x.pdf"},      // unknown kind
		{"receipt", "--data", dir, "-o", "x.pdf"},             // no code
		{"tracking", "--data", dir, "-o", "x.pdf"},            // no period
		{"tracking", "--from", "3/3/2025", "-o", "x.pdf"},     // bad date
		{"receipt", birth, "extra", "--data", dir, "-o", "x"}, // too many arguments
	} {
		if _, err := runDocArgs(t, args...); !errors.Is(err, errUsage) {
			t.Errorf("doc %s: %v, want a usage error", strings.Join(args, " "), err)
		}
	}
}
