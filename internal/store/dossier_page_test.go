package store_test

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// TestDossierPagesFollowTheListsOrder: reading a list page by page with the
// cursors gives the whole list once, in its order, for every order either
// way, with ties on the appointment, on the time of storing and dossiers
// without an appointment, for a unit's lists (the dossiers it received and
// those it resolves, filtered or not); a cursor of another order or a forged one is
// refused, naming the field.
func TestDossierPagesFollowTheListsOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		// Three at each instant: same appointment, same created_at; some
		// online and not received (no appointment, no receipt). And at each
		// instant one received by the other unit for this one (at the
		// counter) and one for the other unit submitted online here: a unit's
		// list holds the dossiers it received and those it resolves.
		crossing := func(at, to *unit.Unit, ch dossier.Channel, by *staff.Officer) {
			t.Helper()
			r := tw.request(t, "1.004772", ch, by)
			r.UnitID, r.Intake.ResolvingUnitID = at.ID, to.ID
			if _, err := tw.db.Intake(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		for i, at := range []string{"2025-03-03 08:00", "2025-03-03 08:15", "2025-03-04 10:00", "2025-03-05 14:30"} {
			tw.clk.Set(at)
			for j := range 3 {
				if (i+j)%3 == 0 {
					tw.intake(t, "1.004873", dossier.Online, nil)
				} else {
					tw.intake(t, "1.004772", dossier.Counter, tw.reception)
				}
			}
			crossing(tw.other, tw.unit, dossier.Counter, tw.foreign)
			crossing(tw.unit, tw.other, dossier.Online, nil)
		}
		codes := func(list []*dossier.Dossier) []string {
			var out []string
			for _, d := range list {
				out = append(out, d.Code)
			}
			return out
		}
		for _, list := range []struct {
			name string
			f    store.DossierFilter
			n    int // the dossiers listed
		}{
			{"the unit's", store.DossierFilter{UnitID: tw.unit.ID}, 20},
			{"the other unit's", store.DossierFilter{UnitID: tw.other.ID}, 8},
			{"the unit's dossiers in processing", store.DossierFilter{UnitID: tw.unit.ID, Statuses: []dossier.Status{dossier.Processing}}, 12},
			{"the unit's online ones", store.DossierFilter{UnitID: tw.unit.ID, Channel: dossier.Online}, 8},
		} {
			for _, order := range []store.DossierOrder{store.OrderAppointment, store.OrderReceived, store.OrderCreated, store.OrderCode} {
				for _, desc := range []bool{false, true} {
					f := list.f
					f.Order, f.Desc, f.Limit = order, desc, 1000
					all, err := tw.db.Dossiers(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					if len(all) != list.n {
						t.Fatalf("%s: %d dossiers listed, want %d", list.name, len(all), list.n)
					}
					for _, size := range []int{1, 2, 5, 12, 50} {
						f.Limit = size
						var got []*dossier.Dossier
						after, pages := "", 0
						for {
							page, next, err := tw.db.DossierPage(ctx, f, after)
							if err != nil {
								t.Fatalf("%s, order %q desc %v, pages of %d, page %d: %v", list.name, order, desc, size, pages, err)
							}
							got = append(got, page...)
							pages++
							if next == "" {
								break
							}
							if pages > 30 {
								t.Fatalf("%s, order %q desc %v, pages of %d: no end", list.name, order, desc, size)
							}
							after = next
						}
						if diff := cmp.Diff(codes(all), codes(got)); diff != "" {
							t.Errorf("%s, order %q desc %v, pages of %d (-list +pages):\n%s", list.name, order, desc, size, diff)
						}
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
