package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
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

// TestBackupKeepsTheFileStore: the default disk file store (digitised
// papers, signed results: files/ beside motcua.db) is in the backup and
// comes back with the restore; a blob altered in the backup is refused,
// naming it, before anything is restored.
func TestBackupKeepsTheFileStore(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	if code, _, errs := runMain(t, "migrate", "--data", data); code != 0 {
		t.Fatalf("migrate: %d %s", code, errs)
	}
	disk, err := filestore.NewDisk(filepath.Join(data, "files"))
	if err != nil {
		t.Fatal(err)
	}
	var shas []string
	for _, text := range []string{"giay chung sinh", "ket qua ky so"} {
		f, err := filestore.Check(filestoretest.PDF(t, 1, text), filestore.Limits{}, "f")
		if err != nil {
			t.Fatal(err)
		}
		if err := disk.Put(ctx, f); err != nil {
			t.Fatal(err)
		}
		shas = append(shas, f.SHA256)
	}
	bk := filepath.Join(t.TempDir(), "bk")
	code, out, errs := runMain(t, "backup", "--data", data, "--to", bk)
	if code != 0 || !strings.Contains(out, "files/\t2 files") {
		t.Fatalf("backup: %d %q %q; want the file store's 2 files", code, out, errs)
	}
	restored := t.TempDir()
	code, out, errs = runMain(t, "restore", "--from", bk, "--to", "sqlite:"+filepath.Join(restored, "motcua.db"))
	if code != 0 || !strings.Contains(out, "restored 2 of the backup's 2 files") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	back, err := filestore.NewDisk(filepath.Join(restored, "files"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sha := range shas {
		if _, _, err := back.Get(ctx, sha); err != nil {
			t.Errorf("restored file %s: %v", sha, err)
		}
	}
	// A second restore onto the restored database is refused before any file is written.
	again := t.TempDir()
	if code, _, errs := runMain(t, "restore", "--from", bk, "--to", "sqlite:"+filepath.Join(restored, "motcua.db"), "--files-to", again); code != 1 || !strings.Contains(errs, "--force") {
		t.Fatalf("restore over a database: %d %q, want refused naming --force", code, errs)
	}
	if des, _ := os.ReadDir(again); len(des) != 0 {
		t.Errorf("a refused restore wrote %d entries into the file store", len(des))
	}
	// A PostgreSQL target has no data directory: the files' place is asked for.
	if code, _, errs := runMain(t, "restore", "--from", bk, "--to", "postgres://nobody@127.0.0.1:1/none"); code != 2 || !strings.Contains(errs, "--files-to") {
		t.Fatalf("restore to PostgreSQL without --files-to: %d %q", code, errs)
	}
	// One byte changed in a backed-up file: refused, naming it, nothing restored.
	p := filepath.Join(bk, "files", shas[0][:2], shas[0][2:4], shas[0])
	b, _ := os.ReadFile(p)
	b[len(b)/2] ^= 1
	os.WriteFile(p, b, 0o640)
	other := t.TempDir()
	if code, _, errs := runMain(t, "restore", "--from", bk, "--to", "sqlite:"+filepath.Join(other, "motcua.db")); code != 1 || !strings.Contains(errs, shas[0]) {
		t.Fatalf("restore of an altered file: %d %q, want refused naming %s", code, errs, shas[0])
	}
	if _, err := os.Stat(filepath.Join(other, "motcua.db")); !os.IsNotExist(err) {
		t.Errorf("the refused restore wrote the database (%v)", err)
	}
}
