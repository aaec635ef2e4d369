package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

func TestUnitsImportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(ctx, append(args, "--data", dir), &out, &errb)
		return code, out.String(), errb.String()
	}
	// A malformed row: reported with its file and line, and nothing stored.
	communes, conversion := unit.ShippedLamDong()
	lines := strings.Split(string(conversion), "\n")
	lines[5] = strings.Replace(lines[5], "Tỉnh Lâm Đồng (68),", "Tỉnh Lâm Đồng (68),,", 1) // the new name goes missing
	cPath, vPath := filepath.Join(t.TempDir(), "c.json"), filepath.Join(t.TempDir(), "v.csv")
	if err := os.WriteFile(cPath, communes, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vPath, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run("units", "import", "--communes", cPath, "--conversion", vPath, "--province", "Lâm Đồng")
	if code != 1 || !strings.Contains(stderr, "conversion line 6:") {
		t.Fatalf("malformed import: exit %d, stderr %q; want exit 1 naming conversion line 6", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "motcua.db")); err == nil {
		db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if us, err := db.Units(ctx); err != nil || len(us) != 0 {
			t.Fatalf("after a refused import: %d units, %v", len(us), err)
		}
	}

	if code, _, stderr := run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", stderr)
	}
	code, out, stderr := run("units", "import")
	if code != 0 || !strings.Contains(out, "Tỉnh Lâm Đồng: units 454 created") {
		t.Fatalf("import: exit %d, %q %q", code, out, stderr)
	}
	code, out, _ = run("units", "import")
	if code != 0 || !strings.Contains(out, "units 0 created, 0 updated, 454 unchanged; links 0 created, 0 updated, 330 unchanged") {
		t.Fatalf("second import: exit %d, %q", code, out)
	}
}

func TestUnitsMergeCommand(t *testing.T) {
	ctx := context.Background()
	dir := seededDir(t)
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(ctx, append(args, "--data", dir), &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, out, stderr := run("units", "nso", "000.21.37.H56", "25126", "--valid-to", "2025-06-30"); code != 0 {
		t.Fatalf("nso: %d %s %s", code, out, stderr)
	}
	if code, _, stderr := run("units", "import"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	code, out, stderr := run("units", "merge", "000.21.37.H56", "--into", "NSO.25126")
	if code != 0 || !strings.Contains(out, "merged 1 units into Xã Đạ Tẻh from 2025-07-01") {
		t.Fatalf("merge: exit %d, %q %q", code, out, stderr)
	}
	code, _, stderr = run("units", "merge", "000.21.37.H56", "--into", "NSO.25126")
	if code != 1 || !strings.Contains(stderr, "đã được sáp nhập") {
		t.Fatalf("merging twice: exit %d, %q", code, stderr)
	}
}

func TestDossierCodingEnvironment(t *testing.T) {
	t.Setenv("MOTCUA_DOSSIER_CODING", "by-district")
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"units", "import", "--data", t.TempDir()}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "MOTCUA_DOSSIER_CODING") || !strings.Contains(errb.String(), "by-district") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming MOTCUA_DOSSIER_CODING and its value", code, errb.String())
	}
}
