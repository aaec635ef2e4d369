package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestReportSumsFollowEveryWrite: the reports keep the roll-ups' sums
// between views (stats_cache.go), yet a dossier resolved, a rating given or
// a dossier received shows in the very next report and breakdown, by unit,
// field, officer and month, on the whole months and on the days around them.
func TestReportSumsFollowEveryWrite(t *testing.T) {
	for _, e := range storetest.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			tw := storetest.NewTown(t, e)
			tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-02-03 09:00",
				Resolved: "2025-02-04 10:00", Returned: true})
			from, to := calendar.Date{Year: 2025, Month: 1, Day: 1}, calendar.Date{Year: 2025, Month: 3, Day: 20}
			scope := store.ReportScope{UnitIDs: []string{tw.Unit.ID}}
			type sums struct{ received, resolved, byField, byMonth, byOfficer int64 }
			read := func() sums {
				t.Helper()
				var s sums
				c, err := tw.DB.ReportCounts(ctx, from, to, scope)
				if err != nil {
					t.Fatal(err)
				}
				s.received, s.resolved = c.Received, c.Resolved
				for by, dst := range map[string]*int64{"field": &s.byField, "month": &s.byMonth, "officer": &s.byOfficer} {
					list, err := tw.DB.ReportBreakdown(ctx, from, to, scope, by)
					if err != nil {
						t.Fatal(err)
					}
					for _, b := range list {
						*dst += b.Counts.Received
					}
				}
				return s
			}
			if got := read(); got != (sums{1, 1, 1, 1, 1}) {
				t.Fatalf("after one dossier: %+v", got)
			}
			read() // again: now from the cache
			// February (a whole month, from the monthly roll-ups) and March
			// (days after the last whole month, from the daily ones).
			tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-02-10 09:00",
				Resolved: "2025-02-11 10:00"})
			if got := read(); got != (sums{2, 2, 2, 2, 2}) {
				t.Errorf("after a second dossier: %+v, want every sum 2", got)
			}
			tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-10 09:00"})
			if got := read(); got != (sums{3, 2, 3, 3, 3}) {
				t.Errorf("after a dossier received in March: %+v, want 3 received, 2 resolved", got)
			}
			// A narrower scope is its own entry, read fresh.
			c, err := tw.DB.ReportCounts(ctx, from, to, store.ReportScope{UnitIDs: scope.UnitIDs, Channel: int(dossier.Online)})
			if err != nil {
				t.Fatal(err)
			}
			if c.Received != 0 {
				t.Errorf("online only: %d received, want 0", c.Received)
			}
		})
	}
}
