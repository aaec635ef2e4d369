package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestReportPendingIgnoresLaterDossiers: the pending dossiers at an instant
// are those received by then; one received afterwards is not counted (it
// was: a March report counted dossiers received in April).
func TestReportPendingIgnoresLaterDossiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 09:00")
		tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		tw.clk.Set("2025-04-01 09:00")
		tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		for _, tc := range []struct {
			at   string
			want int64
		}{{"2025-03-31 23:59", 1}, {"2025-04-01 09:00", 2}} {
			p, err := tw.db.ReportPending(ctx, at(tc.at), store.ReportScope{UnitIDs: []string{tw.unit.ID}})
			if err != nil {
				t.Fatal(err)
			}
			if p.Total() != tc.want {
				t.Errorf("pending at %s = %+v, want %d in all", tc.at, p, tc.want)
			}
		}
	})
}
