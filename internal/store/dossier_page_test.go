package store_test

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDossierPagesFollowTheListsOrder: reading a list page by page with the
// cursors gives the whole list once, in its order, for every order either
// way, with ties on the appointment, on the time of storing and dossiers
// without an appointment; a cursor of another order or a forged one is
// refused, naming the field.
func TestDossierPagesFollowTheListsOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		// Three at each instant: same appointment, same created_at; some
		// online and not received (no appointment, no receipt).
		for i, at := range []string{"2025-03-03 08:00", "2025-03-03 08:15", "2025-03-04 10:00", "2025-03-05 14:30"} {
			tw.clk.Set(at)
			for j := range 3 {
				if (i+j)%3 == 0 {
					tw.intake(t, "1.004873", dossier.Online, nil)
				} else {
					tw.intake(t, "1.004772", dossier.Counter, tw.reception)
				}
			}
		}
		codes := func(list []*dossier.Dossier) []string {
			var out []string
			for _, d := range list {
				out = append(out, d.Code)
			}
			return out
		}
		for _, order := range []store.DossierOrder{store.OrderAppointment, store.OrderReceived, store.OrderCreated, store.OrderCode} {
			for _, desc := range []bool{false, true} {
				f := store.DossierFilter{UnitID: tw.unit.ID, Order: order, Desc: desc, Limit: 1000}
				all, err := tw.db.Dossiers(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(all) != 12 {
					t.Fatalf("%d dossiers listed, want 12", len(all))
				}
				for _, size := range []int{1, 2, 5, 12} {
					f.Limit = size
					var got []*dossier.Dossier
					after, pages := "", 0
					for {
						page, next, err := tw.db.DossierPage(ctx, f, after)
						if err != nil {
							t.Fatalf("order %q desc %v, pages of %d, page %d: %v", order, desc, size, pages, err)
						}
						got = append(got, page...)
						pages++
						if next == "" {
							break
						}
						if pages > 20 {
							t.Fatalf("order %q desc %v, pages of %d: no end", order, desc, size)
						}
						after = next
					}
					if diff := cmp.Diff(codes(all), codes(got)); diff != "" {
						t.Errorf("order %q desc %v, pages of %d (-list +pages):\n%s", order, desc, size, diff)
					}
				}
			}
		}

		_, next, err := tw.db.DossierPage(ctx, store.DossierFilter{UnitID: tw.unit.ID, Limit: 2}, "")
		if err != nil || next == "" {
			t.Fatalf("first page: %q, %v", next, err)
		}
		for name, tc := range map[string]struct {
			f     store.DossierFilter
			after string
			field string
		}{
			"another order":   {store.DossierFilter{UnitID: tw.unit.ID, Order: store.OrderCode}, next, "after"},
			"the other way":   {store.DossierFilter{UnitID: tw.unit.ID, Desc: true}, next, "after"},
			"not base64":      {store.DossierFilter{UnitID: tw.unit.ID}, "%%%", "after"},
			"not a cursor":    {store.DossierFilter{UnitID: tw.unit.ID}, base64.RawURLEncoding.EncodeToString([]byte(`{"k":[1]}`)), "after"},
			"a text for time": {store.DossierFilter{UnitID: tw.unit.ID}, base64.RawURLEncoding.EncodeToString([]byte(`{"o":"","k":["x",1,"y"]}`)), "after"},
			"with an offset":  {store.DossierFilter{UnitID: tw.unit.ID, Offset: 2}, next, "offset"},
		} {
			_, _, err := tw.db.DossierPage(ctx, tc.f, tc.after)
			if apperr.KindOf(err) != apperr.Invalid || apperr.FieldOf(err) != tc.field {
				t.Errorf("%s: %v, want Invalid on %q", name, err, tc.field)
			}
		}
	})
}
