package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDossierListOrdersAndCounts: the officers' queues sort by appointment,
// receipt or code, either way, with id breaking ties, and count with a cap;
// an unknown order is refused.
func TestDossierListOrdersAndCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		// Mon 3 Mar 2025. A: 5 working days, received 08:00. D: online at
		// 08:15, not received (no appointment). B: 3 working days, received
		// 08:30. C: same day, received 09:00.
		tw.clk.Set("2025-03-03 08:00")
		a := tw.intake(t, "1.004772", dossier.Counter, tw.reception)
		tw.clk.Set("2025-03-03 08:15")
		d := tw.intake(t, "1.004873", dossier.Online, nil)
		tw.clk.Set("2025-03-03 08:30")
		b := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		tw.clk.Set("2025-03-03 09:00")
		c := tw.intake(t, "2.000635", dossier.Counter, tw.reception)
		name := map[string]string{a.Code: "A", b.Code: "B", c.Code: "C", d.Code: "D"}
		for _, tc := range []struct {
			order store.DossierOrder
			desc  bool
			want  []string
		}{
			{store.OrderAppointment, false, []string{"C", "B", "A", "D"}},
			{store.OrderAppointment, true, []string{"A", "B", "C", "D"}},
			{store.OrderReceived, false, []string{"A", "B", "C", "D"}},
			{store.OrderReceived, true, []string{"C", "B", "A", "D"}},
			{store.OrderCode, false, []string{"A", "D", "B", "C"}},
			{store.OrderCode, true, []string{"C", "B", "D", "A"}},
		} {
			list, err := tw.db.Dossiers(ctx, store.DossierFilter{UnitID: tw.unit.ID, Order: tc.order, Desc: tc.desc})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range list {
				got = append(got, name[x.Code])
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("order %q desc %v (-want +got):\n%s", tc.order, tc.desc, diff)
			}
		}
		if _, err := tw.db.Dossiers(ctx, store.DossierFilter{Order: "applicant"}); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("unknown order: %v, want Invalid", err)
		}

		for _, tc := range []struct {
			f     store.DossierFilter
			limit int
			n     int
			more  bool
		}{
			{store.DossierFilter{UnitID: tw.unit.ID}, 100, 4, false},
			{store.DossierFilter{UnitID: tw.unit.ID}, 3, 3, true},
			{store.DossierFilter{UnitID: tw.unit.ID, Statuses: []dossier.Status{dossier.New}}, 100, 1, false},
			{store.DossierFilter{UnitID: tw.other.ID}, 100, 0, false},
			{store.DossierFilter{UnitID: tw.unit.ID, FieldCode: "CT"}, 100, 0, false},
		} {
			n, more, err := tw.db.CountMatching(ctx, tc.f, tc.limit)
			if err != nil || n != tc.n || more != tc.more {
				t.Errorf("count %+v up to %d = %d, %v, %v; want %d, %v", tc.f, tc.limit, n, more, err, tc.n, tc.more)
			}
		}
	})
}
