package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// dashboardYearStats fills a year (2025) of roll-ups for one unit as a busy
// office would have them: every day, 60 procedures in 12 fields, each
// handled by two of 24 officers, over the three channels (360 detailed rows a
// day, 131,400 in the year), and their per-unit sums.
func dashboardYearStats(b *testing.B, db *store.DB, unitID string) {
	b.Helper()
	ctx := context.Background()
	day := calendar.Date{Year: 2025, Month: 1, Day: 1}
	for i := 0; i < 365; i++ {
		if err := db.ExecRaw(ctx, `WITH RECURSIVE p(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM p WHERE x < 59),
			o(y) AS (SELECT 0 UNION ALL SELECT 7), c(z) AS (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)
			INSERT INTO stats_daily (unit_id, day, field_code, procedure_code, officer_id, channel,
				received, received_counter, resolved, resolved_before, resolved_on_time, resolved_overdue, returned, letters)
			SELECT $1, $2, 'F' || CAST(x % 12 AS TEXT), 'P' || CAST(x AS TEXT), 'off-' || CAST((x + y) % 24 AS TEXT), z,
				1 + (x + z + $3) % 4, CASE WHEN z = 1 THEN 1 + (x + z + $3) % 4 ELSE 0 END,
				(x + $3) % 4, (x + $3) % 3, CASE WHEN (x + $3) % 4 > (x + $3) % 3 THEN 1 ELSE 0 END, 0,
				(x + y + $3) % 2, (x + z) % 2
			FROM p, o, c`, unitID, day.AddDays(i).String(), i); err != nil {
			b.Fatal(err)
		}
	}
	cols := "received, received_counter, resolved, resolved_before, resolved_on_time, resolved_overdue, returned, letters"
	if err := db.ExecRaw(ctx, `INSERT INTO stats_unit_daily (unit_id, day, `+cols+`)
		SELECT unit_id, day, SUM(received), SUM(received_counter), SUM(resolved), SUM(resolved_before),
			SUM(resolved_on_time), SUM(resolved_overdue), SUM(returned), SUM(letters)
		FROM stats_daily WHERE unit_id = $1 AND day LIKE '2025-%' GROUP BY unit_id, day
		ON CONFLICT (unit_id, day) DO UPDATE SET received = stats_unit_daily.received + excluded.received`, unitID); err != nil {
		b.Fatal(err)
	}
	// The per-unit monthly roll-ups, as migration 0034 builds them.
	if err := db.ExecRaw(ctx, `DELETE FROM stats_unit_monthly WHERE unit_id = $1`, unitID); err != nil {
		b.Fatal(err)
	}
	if err := db.ExecRaw(ctx, `INSERT INTO stats_unit_monthly (unit_id, month, `+cols+`)
		SELECT unit_id, SUBSTR(day, 1, 7), SUM(received), SUM(received_counter), SUM(resolved), SUM(resolved_before),
			SUM(resolved_on_time), SUM(resolved_overdue), SUM(returned), SUM(letters)
		FROM stats_unit_daily WHERE unit_id = $1 GROUP BY unit_id, SUBSTR(day, 1, 7)`, unitID); err != nil {
		b.Fatal(err)
	}
	// The monthly roll-ups, as migration 0030 builds them from the daily ones.
	if err := db.ExecRaw(ctx, `INSERT INTO stats_monthly (unit_id, month, field_code, officer_id, `+cols+`)
		SELECT unit_id, SUBSTR(day, 1, 7), field_code, officer_id, SUM(received), SUM(received_counter), SUM(resolved),
			SUM(resolved_before), SUM(resolved_on_time), SUM(resolved_overdue), SUM(returned), SUM(letters)
		FROM stats_daily WHERE unit_id = $1 AND day LIKE '2025-%' GROUP BY unit_id, SUBSTR(day, 1, 7), field_code, officer_id
		ON CONFLICT (unit_id, month, field_code, officer_id) DO UPDATE SET received = stats_monthly.received + excluded.received`, unitID); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkDashboard measures the queries of the officers' dashboard
// (/can-bo/thong-ke) for a year of one commune: the report (roll-up sums and
// pending dossiers), the monthly trend, the breakdowns by field and by
// officer, and the overdue list, with MOTCUA_BENCH_DOSSIERS dossiers stored
// (bulk copies, a tenth of them pending and overdue) and a year of detailed
// roll-ups. The fixture is built once per engine.
//
//	MOTCUA_BENCH_DOSSIERS=1000000 go test -run '^$' -bench BenchmarkDashboard -benchtime 20x ./internal/store/
func BenchmarkDashboard(b *testing.B) {
	n := benchDossiers()
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			tw := storetest.NewTown(b, e)
			tw.Clock.Set(b, "2025-03-03 09:00")
			d := tw.Drive(b, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00",
				Resolved: "2025-03-04 10:00", Returned: true})
			start := time.Now()
			if err := store.BulkCopyDossier(ctx, tw.DB, d.Code, n); err != nil {
				b.Fatal(err)
			}
			if err := tw.DB.ExecRaw(ctx, `UPDATE dossiers SET status = 4
				WHERE id LIKE 'bulk-%' AND CAST(SUBSTR(id, 6) AS INTEGER) % 10 = 0`); err != nil {
				b.Fatal(err)
			}
			dashboardYearStats(b, tw.DB, tw.Unit.ID)
			if e.Name == "postgres" {
				if err := tw.DB.ExecRaw(ctx, `ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: %d dossiers and a year of roll-ups stored in %s", e.Name, n, time.Since(start).Round(time.Second))
			tw.Clock.Set(b, "2026-01-05 09:00")
			now := tw.DB.Now()
			year := report.Period{From: calendar.Date{Year: 2025, Month: 1, Day: 1}, To: calendar.Date{Year: 2025, Month: 12, Day: 31}}
			scope := store.ReportScope{UnitIDs: []string{tw.Unit.ID}}
			for _, by := range []string{"month", "field", "officer"} {
				b.Run("breakdown-"+by, func(b *testing.B) {
					for b.Loop() {
						if _, err := tw.DB.ReportBreakdown(ctx, year.From, year.To, scope, by); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			b.Run("report", func(b *testing.B) {
				for b.Loop() {
					if _, err := tw.DB.Report(ctx, store.ReportRequest{Period: year, UnitCode: tw.Unit.Code, Config: report.DefaultConfig()}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("overdue", func(b *testing.B) {
				for b.Loop() {
					list, err := tw.DB.OverdueList(ctx, store.OverdueFilter{UnitID: tw.Unit.ID,
						Statuses: []dossier.Status{dossier.Received, dossier.Processing, dossier.AwaitingPayment}, Before: now, Limit: 200})
					if err != nil {
						b.Fatal(err)
					}
					if len(list) != min(200, n/10) {
						b.Fatal(fmt.Sprintf("%d overdue, want %d", len(list), min(200, n/10)))
					}
				}
			})
		})
	}
}
