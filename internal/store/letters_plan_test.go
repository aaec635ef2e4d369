package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestLetterCountsReadOnlyOutstandingLetters: the reception queue's counts
// of the letters to print and to send (on every view of /can-bo) read the
// partial indexes of migration 0036, which hold only those letters, and no
// table row; before, each count read every letter of the unit. SQLite's
// plans, which do not depend on the data.
func TestLetterCountsReadOnlyOutstandingLetters(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for f, want := range map[LetterFilter]string{
		{UnitID: "u1", Unprinted: true}: "COVERING INDEX letters_unprinted",
		{UnitID: "u1", Unsent: true}:    "COVERING INDEX letters_unsent",
	} {
		q, args := countLettersSQL(f, 1000)
		rows, err := db.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var reads []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(detail, "SEARCH l") || strings.HasPrefix(detail, "SCAN l") {
				reads = append(reads, detail)
			}
		}
		rows.Close()
		if len(reads) != 1 || !strings.Contains(reads[0], " USING "+want+" ") {
			t.Errorf("%+v reads %q, want one read USING %s", f, reads, want)
		}
	}
}
