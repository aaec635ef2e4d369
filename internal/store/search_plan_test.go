package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDossierSearchUsesTheIndex checks, by the plan each engine chooses
// over a few thousand dossiers, that a search reads the text index rather
// than every dossier of the unit, and that its first look at the unit's
// newest dossiers reads only them.
func TestDossierSearchUsesTheIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		d, err := tw.db.Intake(ctx, tw.request(t, "2.000815", dossier.Counter, tw.reception))
		if err != nil {
			t.Fatal(err)
		}
		if err := store.BulkCopyDossier(ctx, tw.db, d.Code, 2000); err != nil {
			t.Fatal(err)
		}
		if err := tw.db.ExecRaw(ctx, "ANALYZE"); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"tran quang yen", "nguyen", "B4321", "4321"} {
			f := store.DossierFilter{UnitID: tw.unit.ID, Query: q, Order: store.OrderCreated, Desc: true}
			if e.Name == "postgres" {
				// Here every dossier is the unit's, and PostgreSQL may read
				// the unit's rows instead, as cheap at this size: the text
				// index must serve a search of every unit (the command line's).
				f.UnitID = ""
			}
			plan, err := tw.db.DossiersPlan(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(plan, "\n")
			var want, never []string
			if e.Name == "sqlite" {
				// The words from the FTS5 index, then each dossier by its rowid.
				want = []string{"SCAN dossier_search VIRTUAL TABLE INDEX 0:M", "SEARCH dossiers USING INTEGER PRIMARY KEY (rowid=?)"}
				never = []string{"SCAN dossiers"}
			} else {
				want = []string{"Bitmap Index Scan on dossiers_search", "Index Cond: (search_vector @@ "}
				never = []string{"Seq Scan on dossiers", "Filter: (search_vector @@"}
			}
			for _, w := range want {
				if !strings.Contains(all, w) {
					t.Errorf("the search %q does not read %q:\n%s", q, w, all)
				}
			}
			for _, n := range never {
				if strings.Contains(all, n) {
					t.Errorf("the search %q reads %q:\n%s", q, n, all)
				}
			}
		}
		// The first look at the unit's newest dossiers reads them by time
		// of storing.
		// Here, the newest 100 (the copies are a minute apart).
		from := tw.clk.Now().Add(-100 * time.Minute).UnixMilli()
		f := store.InSearchWindow(store.DossierFilter{UnitID: tw.unit.ID, Query: "nguyen", Order: store.OrderCreated, Desc: true}, from)
		plan, err := tw.db.DossiersPlan(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(plan, "\n")
		// (With one unit, as here, the engines read the time alone from
		// either index.)
		if !strings.Contains(all, "dossiers_by_receiving_created") && !strings.Contains(all, "dossiers_by_resolving_created") {
			t.Errorf("the window reads neither dossiers_by_receiving_created nor dossiers_by_resolving_created:\n%s", all)
		}
		if !strings.Contains(all, "created_at>?") && !strings.Contains(all, "Index Cond: (created_at >= ") {
			t.Errorf("the window does not read the index from a time:\n%s", all)
		}
		if strings.Contains(all, "dossier_search") || strings.Contains(all, "Seq Scan") || strings.Contains(all, "SCAN dossiers") {
			t.Errorf("the window reads more than the unit's newest dossiers:\n%s", all)
		}
	})
}
