package store

import (
	"context"
	"strings"
	"testing"
)

// TestUnitListPagesReadAlongIndexes: every read of a page of a unit's list
// in the default order (the first page, a page after a dossier with an
// appointment, a page after one without) searches one of the two indexes of
// the list by unit column, in the list's order: the only sort is the
// page's own, of at most four pages' rows, not of the unit's dossiers.
func TestUnitListPagesReadAlongIndexes(t *testing.T) {
	ctx := context.Background()
	db := planDB(ctx, t)
	f := DossierFilter{UnitID: "u"}
	for name, vals := range map[string][]any{
		"the first page":                         nil,
		"after a dossier with an appointment":    {int64(5), int64(6), "x"},
		"after a dossier without an appointment": {nil, int64(6), "x"},
	} {
		q, args := f.unitPageSQL(db.dialect, f.sortKeys(), vals, 50)
		rows, err := db.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var searches, sorts int
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			switch {
			case strings.HasPrefix(detail, "SEARCH dossiers"):
				searches++
				if !strings.Contains(detail, "USING INDEX dossiers_list_receiving (receiving_unit_id=? AND appointment_at") &&
					!strings.Contains(detail, "USING INDEX dossiers_list_resolving (resolving_unit_id=? AND appointment_at") {
					t.Errorf("%s: %s, want a search of an index of the list", name, detail)
				}
			case strings.HasPrefix(detail, "SCAN dossiers"):
				t.Errorf("%s: %s, want no scan of the dossiers", name, detail)
			case strings.Contains(detail, "TEMP B-TREE"):
				sorts++
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if searches < 2 || sorts != 1 {
			t.Errorf("%s: %d searches and %d sorts, want one read by unit column at least and the page's sort only:\n%s", name, searches, sorts, q)
		}
	}
}
