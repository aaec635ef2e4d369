package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// BenchmarkProvinceView measures the queries of the province's page
// (/can-bo/tinh): the year's facts of every commune (store.ProvinceFacts)
// and the overdue list, over a province of 124 communes sharing
// MOTCUA_BENCH_DOSSIERS dossiers (100,000 by default; bulk copies, a tenth
// of them still pending and overdue) and a year of roll-ups each.
//
//	MOTCUA_BENCH_DOSSIERS=1000000 go test -run '^$' -bench BenchmarkProvinceView -benchtime 20x ./internal/store/
func BenchmarkProvinceView(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("MOTCUA_BENCH_DOSSIERS")); err == nil && v > 0 {
		n = v
	}
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			tw := storetest.NewTown(b, e)
			tw.Clock.Set(b, "2025-03-03 09:00")
			d := tw.Drive(b, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00",
				Resolved: "2025-03-04 10:00", Returned: true})
			prov := &unit.Unit{Code: "000.00.00.H56", Name: "UBND tỉnh Lâm Đồng", Kind: unit.Province}
			if err := tw.DB.CreateUnit(ctx, prov, "bench"); err != nil {
				b.Fatal(err)
			}
			ids := []string{tw.Unit.ID}
			for i := 1; i < 124; i++ {
				u := &unit.Unit{Code: fmt.Sprintf("000.%02d.%02d.H56", 50+i/100, i%100), Name: fmt.Sprintf("UBND xã %d", i),
					Kind: unit.Commune, ParentID: prov.ID}
				if err := tw.DB.CreateUnit(ctx, u, "bench"); err != nil {
					b.Fatal(err)
				}
				ids = append(ids, u.ID)
			}
			// A year of daily roll-ups for the town, copied to every commune.
			for day := 0; day < 365; day++ {
				if err := tw.DB.ExecRaw(ctx, `INSERT INTO stats_unit_daily (unit_id, day, received, resolved, resolved_before)
					VALUES ($1, $2, 20, 19, 18) ON CONFLICT DO NOTHING`, tw.Unit.ID,
					calendar.Date{Year: 2025, Month: 1, Day: 1}.AddDays(day).String()); err != nil {
					b.Fatal(err)
				}
			}
			// The town's per-unit monthly roll-ups, as migration 0034 builds them.
			if err := tw.DB.ExecRaw(ctx, `DELETE FROM stats_unit_monthly WHERE unit_id = $1`, tw.Unit.ID); err != nil {
				b.Fatal(err)
			}
			if err := tw.DB.ExecRaw(ctx, `INSERT INTO stats_unit_monthly (unit_id, month, received, resolved, resolved_before)
				SELECT unit_id, SUBSTR(day, 1, 7), SUM(received), SUM(resolved), SUM(resolved_before)
				FROM stats_unit_daily WHERE unit_id = $1 GROUP BY unit_id, SUBSTR(day, 1, 7)`, tw.Unit.ID); err != nil {
				b.Fatal(err)
			}
			if err := store.BulkCopyStats(ctx, tw.DB, tw.Unit.ID, ids[1:]); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if err := store.BulkCopyDossier(ctx, tw.DB, d.Code, n-1); err != nil {
				b.Fatal(err)
			}
			// Spread the copies over the communes; a tenth stay pending, overdue.
			mod := "CAST(SUBSTR(id, 6) AS INTEGER)"
			if err := tw.DB.ExecRaw(ctx, `UPDATE dossiers SET resolving_unit_id = receiving_unit_id WHERE id LIKE 'bulk-%'`); err != nil {
				b.Fatal(err)
			}
			for i, id := range ids {
				if err := tw.DB.ExecRaw(ctx, fmt.Sprintf(`UPDATE dossiers SET resolving_unit_id = $1, receiving_unit_id = $1,
					status = CASE WHEN %s %% 10 = 0 THEN 4 ELSE status END
					WHERE id LIKE 'bulk-%%' AND %s %% 124 = %d`, mod, mod, i), id); err != nil {
					b.Fatal(err)
				}
			}
			if e.Name == "postgres" {
				if err := tw.DB.ExecRaw(ctx, `ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: %d dossiers over 124 communes stored in %s", e.Name, n, time.Since(start).Round(time.Second))
			from, to := calendar.Date{Year: 2025, Month: 1, Day: 1}, calendar.Date{Year: 2025, Month: 12, Day: 31}
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, calendar.Location())
			ids = append(ids, prov.ID)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				facts, err := tw.DB.ProvinceFacts(ctx, from, to, ids, now)
				if err != nil {
					b.Fatal(err)
				}
				if got, want := facts[ids[5]].Counts.Received, facts[ids[0]].Counts.Received; got != want || got < 7000 {
					b.Fatalf("received %d, want the town's %d", got, want)
				}
				if _, err := tw.DB.OverdueDossiers(ctx, ids, now, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
