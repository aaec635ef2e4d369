package filestore_test

import (
	"os"
	"path/filepath"
	"testing"

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
