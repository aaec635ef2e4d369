package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/store"
)

func TestFilesCheck(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	disk, err := filestore.NewDisk(filepath.Join(data, "files"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := filestore.Check(filestoretest.PDF(t, 1, "x"), filestore.Limits{}, "f")
	if err != nil {
		t.Fatal(err)
	}
	if err := disk.Put(ctx, f); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runMain(t, "files", "check", "--data", data)
	if code != 0 || !strings.Contains(out, "checked 1 stored files, 0 referenced: 0 damaged, 0 missing") {
		t.Fatalf("sound store: exit %d, %q %q", code, out, errs)
	}
	p := filepath.Join(data, "files", f.SHA256[:2], f.SHA256[2:4], f.SHA256)
	if err := os.WriteFile(p, append(f.Data, ' '), 0o640); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runMain(t, "files", "check", "--data", data)
	if code != 1 || !strings.Contains(out, "1 damaged") || !strings.Contains(out, "damaged "+f.SHA256) {
		t.Fatalf("damaged store: exit %d, %q", code, out)
	}
	if code, _, errs := runMain(t, "files", "check", "--data", data, "--file-store", "s3"); code != 2 || !strings.Contains(errs, `--file-store "s3"`) {
		t.Fatalf("bad --file-store: exit %d, %q", code, errs)
	}
}

func TestFilesSweep(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	disk, err := filestore.NewDisk(filepath.Join(data, "files"))
	if err != nil {
		t.Fatal(err)
	}
	put := func(text string, age time.Duration) string {
		f, err := filestore.Check(filestoretest.PDF(t, 1, text), filestore.Limits{}, "f")
		if err != nil {
			t.Fatal(err)
		}
		if err := disk.Put(ctx, f); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-age)
		os.Chtimes(filepath.Join(data, "files", f.SHA256[:2], f.SHA256[2:4], f.SHA256), old, old)
		return f.SHA256
	}
	old, young := put("old", 48*time.Hour), put("young", time.Hour)
	code, out, errs := runMain(t, "files", "sweep", "--data", data)
	if code != 0 || !strings.Contains(out, "removed 1 files") || !strings.Contains(out, "removed "+old) || strings.Contains(out, young) {
		t.Fatalf("sweep: exit %d, %q %q; want the old orphan removed, the young one kept", code, out, errs)
	}
	if code, _, errs := runMain(t, "files", "sweep", "--data", data, "--older-than", "5m"); code != 2 || !strings.Contains(errs, "--older-than") {
		t.Fatalf("a grace shorter than a request: exit %d, %q", code, errs)
	}
}
