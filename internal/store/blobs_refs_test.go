package store

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestEveryFileReferenceIsKnown: every table the migrations give a sha256
// column (but the blobs table itself) is one the sweep asks about, so that
// no stored file a record refers to is ever swept as an orphan.
func TestEveryFileReferenceIsKnown(t *testing.T) {
	create := regexp.MustCompile(`(?is)CREATE TABLE\s+(\w+)\s*\((.*?)\n\);`)
	alter := regexp.MustCompile(`(?i)ALTER TABLE\s+(\w+)\s+ADD COLUMN\s+sha256\b`)
	found := map[string]bool{}
	err := fs.WalkDir(migrationFS, "migrations", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
			return err
		}
		b, err := migrationFS.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range create.FindAllStringSubmatch(string(b), -1) {
			if regexp.MustCompile(`(?m)^\s*sha256\s`).MatchString(m[2]) {
				found[m[1]] = true
			}
		}
		for _, m := range alter.FindAllStringSubmatch(string(b), -1) {
			found[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	delete(found, "blobs")
	known := map[string]bool{}
	for _, r := range blobReferences {
		known[r.table] = true
	}
	for table := range found {
		if !known[table] {
			t.Errorf("table %s keeps a sha256 but is not in blobReferences: the sweep would remove its files", table)
		}
	}
	if len(found) < 4 {
		t.Errorf("found only %v: the migrations' parsing is broken", found)
	}
}
