package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
)

// TestUnitListPagesReadAlongIndexes: every read of a page of a unit's list
// in the default order (the first page, a page after a dossier with an
// appointment, a page after one without) searches one of the two indexes of
// the list (its partial indexes of the dossiers a unit receives and
// resolves, resolves from elsewhere, receives for another), in the list's
// order: the only sort is the page's own, of at most six pages' rows, not of
// the unit's dossiers.
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
				if !strings.Contains(detail, "USING INDEX dossiers_list_same (resolving_unit_id=? AND appointment_at") &&
					!strings.Contains(detail, "USING INDEX dossiers_list_resolving (resolving_unit_id=? AND appointment_at") &&
					!strings.Contains(detail, "USING INDEX dossiers_list_sent (receiving_unit_id=? AND appointment_at") {
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
		if searches < 3 || sorts != 1 {
			t.Errorf("%s: %d searches and %d sorts, want one read by unit column at least and the page's sort only:\n%s", name, searches, sorts, q)
		}
	}
}

// TestOverdueListKeepsItsIndexes: the dashboard's overdue list reads each
// branch by the unit's pending dossiers' indexes (unit, status,
// appointment), not along the lists' indexes by appointment alone, which
// read every dossier of the unit due before the instant (an index of all
// of a unit's received dossiers by appointment drew SQLite there: 81 ms of
// CPU a view instead of 1.5).
func TestOverdueListKeepsItsIndexes(t *testing.T) {
	ctx := context.Background()
	db := planDB(ctx, t)
	q, args := OverdueFilter{UnitID: "u", Statuses: []dossier.Status{dossier.Received, dossier.Processing}, Before: time.UnixMilli(5)}.sql()
	reads := planReads(ctx, t, db, q, args)
	if len(reads) == 0 {
		t.Fatal("no reads in the plan")
	}
	for _, r := range reads {
		if !strings.HasPrefix(r, "SEARCH dossiers") {
			continue
		}
		if !strings.Contains(r, "USING INDEX dossiers_by_unit_status_due (resolving_unit_id=? AND status=? AND appointment_at<?)") &&
			!strings.Contains(r, "USING INDEX dossiers_by_receiving_due (receiving_unit_id=? AND status=? AND appointment_at<?)") {
			t.Errorf("%s, want a search by unit, status and appointment", r)
		}
	}
}

// TestQueuesReadByStatus: each queue of the officers' workspace (the
// filters web.officerQueues gives DossierLines) searches the dossiers by its
// unit or officer and status, and scans nothing: an index added for another
// list must not draw a queue away from these (as one drew the overdue list,
// above).
func TestQueuesReadByStatus(t *testing.T) {
	ctx := context.Background()
	db := planDB(ctx, t)
	pending := []dossier.Status{dossier.Received, dossier.Processing, dossier.Supplement, dossier.AwaitingPayment, dossier.Stopped}
	for name, f := range map[string]DossierFilter{
		"mine":       {AssigneeID: "o", Statuses: pending},
		"online":     {UnitID: "u", Statuses: []dossier.Status{dossier.New}},
		"handover":   {UnitID: "u", Statuses: []dossier.Status{dossier.Resolved}},
		"approval":   {UnitID: "u", Statuses: []dossier.Status{dossier.Processing}, AwaitingApproval: true},
		"unassigned": {UnitID: "u", Statuses: []dossier.Status{dossier.Received}},
		"overdue":    {UnitID: "u", Statuses: []dossier.Status{dossier.Received, dossier.Processing, dossier.AwaitingPayment}, DueBefore: time.UnixMilli(5)},
	} {
		f.Limit = 200
		q, args, err := db.dossiersSQL(f)
		if err != nil {
			t.Fatal(err)
		}
		reads := planReads(ctx, t, db, q, args)
		if len(reads) == 0 {
			t.Fatalf("%s: no reads in the plan", name)
		}
		for _, r := range reads {
			if !strings.HasPrefix(r, "SEARCH dossiers USING INDEX") || !strings.Contains(r, "status=?") {
				t.Errorf("%s: %s, want a search by unit or officer and status", name, r)
			}
		}
	}
}
