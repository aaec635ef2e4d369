package demo

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// BenchmarkReport measures the report of one commune-year (the demo town's
// generated year) and of a province of MOTCUA_BENCH_COMMUNES communes (143 by
// default: about 1,000,000 dossiers) that each lived the same year, on each
// engine.
func BenchmarkReport(b *testing.B) {
	communes := 143
	if n, err := strconv.Atoi(os.Getenv("MOTCUA_BENCH_COMMUNES")); err == nil && n > 0 {
		communes = n
	}
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			clock := &SimClock{}
			db := e.Open(b, store.Options{Now: clock.Now})
			town, err := Seed(ctx, db)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			sum, err := Generate(ctx, db, BriefProfile(), clock)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: generated %d dossiers in %s", e.Name, sum.Dossiers, time.Since(start).Round(time.Second))
			province := &unit.Unit{Code: "000.00.00.H56", Name: "UBND tỉnh Lâm Đồng", Kind: unit.Province}
			if err := db.CreateUnit(ctx, province, "bench"); err != nil {
				b.Fatal(err)
			}
			var ids []string
			for i := 1; i < communes; i++ {
				u := &unit.Unit{Code: fmt.Sprintf("000.%02d.%02d.H56", 50+i/100, i%100), Name: fmt.Sprintf("UBND xã %d", i),
					Kind: unit.Commune, ParentID: province.ID}
				if err := db.CreateUnit(ctx, u, "bench"); err != nil {
					b.Fatal(err)
				}
				ids = append(ids, u.ID)
			}
			if err := store.BulkCopyStats(ctx, db, town.Unit.ID, ids); err != nil {
				b.Fatal(err)
			}
			// The demo commune joins the province.
			town.Unit.ParentID = province.ID
			if err := db.UpdateUnit(ctx, town.Unit, "bench"); err != nil {
				b.Fatal(err)
			}
			p, _ := report.ParsePeriod("2024-01-01", "2024-10-20")
			for _, c := range []struct {
				name, unit string
				want       int64
			}{
				{"commune-year", UnitCode, 7008},
				{fmt.Sprintf("province-%d-communes", communes), province.Code, 7008 * int64(communes)},
			} {
				b.Run(c.name, func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						rep, err := db.Report(ctx, store.ReportRequest{Period: p, UnitCode: c.unit, Config: report.DefaultConfig()})
						if err != nil {
							b.Fatal(err)
						}
						if rep.Resolved != c.want {
							b.Fatalf("resolved %d, want %d", rep.Resolved, c.want)
						}
					}
				})
			}
		})
	}
}
