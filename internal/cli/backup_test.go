package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupRestoreCommands drives the two commands as an operator would.
func TestBackupRestoreCommands(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := runMain(t, "migrate", "--data", data); code != 0 {
		t.Fatalf("migrate: %d %s", code, errs)
	}
	bk := filepath.Join(t.TempDir(), "bk")
	code, out, errs := runMain(t, "backup", "--data", data, "--to", bk)
	if code != 0 || !strings.Contains(out, "motcua.db") {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	target := "sqlite:" + filepath.Join(t.TempDir(), "new.db")
	if code, out, errs := runMain(t, "restore", "--from", bk, "--to", target); code != 0 || !strings.Contains(out, "restored") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	if code, _, errs := runMain(t, "restore", "--from", bk, "--to", target); code != 1 || !strings.Contains(errs, "--force") {
		t.Fatalf("restore over a database: %d %q, want 1 and a message naming --force", code, errs)
	}
	if code, _, errs := runMain(t, "restore", "--from", bk, "--to", target, "--force"); code != 0 {
		t.Fatalf("restore --force: %d %q", code, errs)
	}
	db := filepath.Join(bk, "motcua.db")
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(db, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	other := "sqlite:" + filepath.Join(t.TempDir(), "other.db")
	if code, _, errs := runMain(t, "restore", "--from", bk, "--to", other); code != 1 || !strings.Contains(errs, "motcua.db is truncated") {
		t.Fatalf("restore of a truncated backup: %d %q", code, errs)
	}
	missing := t.TempDir()
	if code, _, errs := runMain(t, "backup", "--data", missing, "--to", filepath.Join(t.TempDir(), "x")); code != 1 || !strings.Contains(errs, "no database to back up") {
		t.Fatalf("backup of a missing database: %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(missing, "motcua.db")); !os.IsNotExist(err) {
		t.Fatalf("backup of a missing database created one (%v)", err)
	}
	if code, _, _ := runMain(t, "backup", "--data", data); code != 2 {
		t.Fatalf("backup without --to: exit %d, want 2", code)
	}
}
