package store_test

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// EachDossier pages by keyset: across page boundaries, and with several
// dossiers received in the same millisecond, it visits each received
// dossier of the unit once, in order of receipt; CountReceivedThrough gives
// each its row in the tracking book's order.
func TestEachDossierKeyset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		defer store.SetEachPage(2)()
		want := map[string]*dossier.Dossier{}
		for i, clock := range []string{"2025-03-03 09:00", "2025-03-03 09:00", "2025-03-03 09:00", "2025-03-04 10:00", "2025-03-04 10:00", "2025-03-05 08:00", "2025-03-06 08:00"} {
			tw.clk.Set(clock)
			d := tw.intake(t, "2.000815", dossier.Counter, tw.reception)
			want[d.ID] = d
			if i == 1 { // another unit's dossier at the same instant is not in this unit's book
				r := tw.request(t, "2.000815", dossier.Counter, tw.foreign)
				r.UnitID = tw.other.ID
				if _, err := tw.db.Intake(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
		}
		// An online submission not yet received has no place in the order of receipt.
		tw.intake(t, "2.000815", dossier.Online, nil)

		var got []*dossier.Dossier
		err := tw.db.EachDossier(ctx, store.DossierFilter{ReceivingUnitID: tw.unit.ID}, func(d *dossier.Dossier) error {
			got = append(got, d)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("EachDossier visited %d dossiers, want %d", len(got), len(want))
		}
		seen := map[string]bool{}
		for i, d := range got {
			if want[d.ID] == nil || seen[d.ID] {
				t.Fatalf("visit %d: dossier %s is foreign or repeated", i, d.Code)
			}
			seen[d.ID] = true
			if i > 0 && d.ReceivedAt.Before(got[i-1].ReceivedAt) {
				t.Errorf("visit %d: %s received before the previous one", i, d.Code)
			}
		}

		// The filter's period bounds the iteration too.
		n := 0
		err = tw.db.EachDossier(ctx, store.DossierFilter{ReceivingUnitID: tw.unit.ID, ReceivedFrom: at("2025-03-04 00:00"), ReceivedTo: at("2025-03-05 00:00")},
			func(*dossier.Dossier) error { n++; return nil })
		if err != nil || n != 2 {
			t.Errorf("EachDossier over 4 March: %d dossiers, %v; want 2", n, err)
		}

		slices.SortFunc(got, func(a, b *dossier.Dossier) int {
			return cmp.Or(cmp.Compare(a.ReceivedAt.UnixMilli(), b.ReceivedAt.UnixMilli()), cmp.Compare(a.Code, b.Code))
		})
		for i, d := range got {
			rank, err := tw.db.CountReceivedThrough(ctx, tw.unit.ID, at("2025-01-01 00:00"), d.ReceivedAt, d.Code)
			if err != nil {
				t.Fatal(err)
			}
			if rank != i+1 {
				t.Errorf("%s: row %d, want %d", d.Code, rank, i+1)
			}
		}
	})
}
