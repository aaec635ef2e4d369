package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// benchDossiers is how many dossiers the benchmarks store before measuring:
// MOTCUA_BENCH_DOSSIERS (the figure is for 1,000,000), 20,000 by default.
func benchDossiers() int {
	if n, err := strconv.Atoi(os.Getenv("MOTCUA_BENCH_DOSSIERS")); err == nil && n >= 0 {
		return n
	}
	return 20000
}

// benchTown is a town whose database already holds n finished dossiers,
// copied in bulk from one real dossier (a fixture, not a figure).
func benchTown(b *testing.B, e storetest.Engine, n int) *town {
	b.Helper()
	tw := newTown(b, e)
	ctx := context.Background()
	tw.clk.Set("2025-03-03 09:00")
	d, err := tw.db.Intake(ctx, tw.request(b, "2.000815", dossier.Counter, tw.reception))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := store.BulkCopyDossier(ctx, tw.db, d.Code, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: stored %d dossiers in %s", e.Name, n, time.Since(start).Round(time.Millisecond))
	return tw
}

func benchEngines(b *testing.B) []storetest.Engine {
	return storetest.Engines(b)
}

// BenchmarkIntake measures counter intakes (code, receipt, appointment,
// routing, events, roll-ups: one transaction each) per second.
func BenchmarkIntake(b *testing.B) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			ctx := context.Background()
			req := tw.request(b, "2.000815", dossier.Counter, tw.reception)
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if i > 0 && i%5000 == 0 {
					tw.clk.Advance(24 * time.Hour) // codes are numbered per day, up to 9999
				}
				if _, err := tw.db.Intake(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "intakes/s")
		})
	}
}

// BenchmarkLifecycle measures whole lifecycles per second: an online
// submission, then six transitions (receive and route, request a supplement,
// supplement, propose, approve, return), each its own transaction, from
// several goroutines as a busy office would.
func BenchmarkLifecycle(b *testing.B) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			ctx := context.Background()
			req := tw.request(b, "1.004873", dossier.Online, nil)
			var seq atomic.Int64
			b.ResetTimer()
			start := time.Now()
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := req
					n := seq.Add(1)
					r.Intake.IdempotencyKey = fmt.Sprintf("bench-%d", n)
					if n%5000 == 0 {
						tw.clk.Advance(24 * time.Hour) // codes are numbered per day, up to 9999
					}
					d, err := tw.db.Intake(ctx, r)
					if err != nil {
						b.Error(err)
						return
					}
					if d, err = tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActReceive}, tw.reception); err != nil {
						b.Error(err)
						return
					}
					lead, _ := tw.db.Officer(ctx, d.LeadID)
					for _, s := range []struct {
						a  dossier.Action
						by string
					}{
						{dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu bản chính", Items: []string{"Bản chính"}}, "lead"},
						{dossier.Action{Kind: dossier.ActSupplement}, "reception"},
						{dossier.Action{Kind: dossier.ActPropose}, "lead"},
						{dossier.Action{Kind: dossier.ActApprove}, "leader"},
						{dossier.Action{Kind: dossier.ActReturn}, "reception"},
					} {
						actor := tw.reception
						switch s.by {
						case "lead":
							actor = lead
						case "leader":
							actor = tw.leader
						}
						if _, err := tw.db.Act(ctx, d.Code, s.a, actor); err != nil {
							b.Errorf("%s: %v", s.a.Kind, err)
							return
						}
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "lifecycles/s")
		})
	}
}
