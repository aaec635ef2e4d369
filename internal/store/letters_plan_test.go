package store

import (
	"context"
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
	db := planDB(ctx, t)
	for f, want := range map[LetterFilter]string{
		{UnitID: "u1", Unprinted: true}: "COVERING INDEX letters_unprinted",
		{UnitID: "u1", Unsent: true}:    "COVERING INDEX letters_unsent",
	} {
		q, args := countLettersSQL(f, 1000)
		var reads []string
		for _, r := range planReads(ctx, t, db, q, args) {
			if strings.HasPrefix(r, "SEARCH l") || strings.HasPrefix(r, "SCAN l") {
				reads = append(reads, r)
			}
		}
		if len(reads) != 1 || !strings.Contains(reads[0], " USING "+want+" ") {
			t.Errorf("%+v reads %q, want one read USING %s", f, reads, want)
		}
	}
}
