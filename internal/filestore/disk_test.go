package filestore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
)

func TestDiskStore(t *testing.T) {
	dir := t.TempDir()
	d, err := filestore.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	filestoretest.Run(t, d, func(t testing.TB, sha string) {
		p := filepath.Join(dir, sha[:2], sha[2:4], sha)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 1
		if err := os.WriteFile(p, b, 0o640); err != nil {
			t.Fatal(err)
		}
	})
	// No temporary file is left beside the blobs.
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && !filestore.ValidSHA(e.Name()) {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}

// TestSweepOrphans: a blob no record refers to is removed once it is older
// than the grace; a referenced one, a young one, and an old one that a new
// upload of the same bytes reuses are kept.
func TestSweepOrphans(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := filestore.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	put := func(text string, age time.Duration) string {
		t.Helper()
		f, err := filestore.Check(filestoretest.PDF(t, 1, text), filestore.Limits{}, "file")
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Put(ctx, f); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-age)
		if err := os.Chtimes(filepath.Join(dir, f.SHA256[:2], f.SHA256[2:4], f.SHA256), old, old); err != nil {
			t.Fatal(err)
		}
		return f.SHA256
	}
	referenced := put("referenced", 48*time.Hour)
	orphan := put("orphan", 48*time.Hour)
	young := put("young orphan", time.Minute)
	reused := put("reused", 48*time.Hour)
	put("reused", 0) // a new upload of the same bytes: the blob is touched
	asked := 0
	isRef := func(_ context.Context, sha string) (bool, error) { asked++; return sha == referenced, nil }
	removed, err := d.SweepOrphans(ctx, map[string]bool{referenced: true}, isRef, time.Now().Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || removed[0] != orphan {
		t.Fatalf("removed %v, want only the old orphan %s", removed, orphan)
	}
	for _, sha := range []string{referenced, young, reused} {
		if ok, _ := d.Has(ctx, sha); !ok {
			t.Errorf("%s was swept", sha)
		}
	}
	if ok, _ := d.Has(ctx, orphan); ok {
		t.Error("the orphan is still there")
	}
	if asked != 1 {
		t.Errorf("references asked again %d times, want once: for the orphan, once moved aside", asked)
	}
	// A blob that became referenced between the walk and its removal stays.
	late := put("referenced late", 48*time.Hour)
	removed, err = d.SweepOrphans(ctx, nil, func(context.Context, string) (bool, error) { return true, nil }, time.Now().Add(-24*time.Hour))
	if err != nil || len(removed) != 0 {
		t.Fatalf("removed %v, %v; want nothing", removed, err)
	}
	if ok, _ := d.Has(ctx, late); !ok {
		t.Error("a blob referenced during the sweep was removed")
	}
	// Nothing is left aside.
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && !filestore.ValidSHA(e.Name()) {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}
