package store_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkChangeWithMessage measures what the outbox costs a dossier
// change: whole lifecycles (an online submission, then receive and route,
// request a supplement, supplement, propose, approve, return: seven
// transactions, each writing its portal message in "with", none in
// "without"), one after another, with MOTCUA_BENCH_DOSSIERS dossiers
// stored. The overhead is with's ns/op (or CPU-µs/op, the process's CPU
// time, SQLite included: PostgreSQL's server is not counted) over without's.
//
//	MOTCUA_BENCH_DOSSIERS=1000000 go test -run '^$' -bench ChangeWithMessage -benchtime 400x ./internal/store/
func BenchmarkChangeWithMessage(b *testing.B) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			ctx := context.Background()
			req := tw.request(b, "1.004873", dossier.Online, nil)
			n := 0
			life := func(b *testing.B) {
				n++
				r := req
				r.Intake.IdempotencyKey = fmt.Sprintf("bench-%d", n)
				if n%5000 == 0 {
					tw.clk.Advance(24 * time.Hour) // codes are numbered per day, up to 9999
				}
				d, err := tw.db.Intake(ctx, r)
				if err != nil {
					b.Fatal(err)
				}
				if d, err = tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActReceive}, tw.reception); err != nil {
					b.Fatal(err)
				}
				lead, err := tw.db.Officer(ctx, d.LeadID)
				if err != nil {
					b.Fatal(err)
				}
				for _, s := range []struct {
					a  dossier.Action
					by *staff.Officer
				}{
					{dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu bản chính", Items: []string{"Bản chính"}}, lead},
					{dossier.Action{Kind: dossier.ActSupplement}, tw.reception},
					{dossier.Action{Kind: dossier.ActPropose}, lead},
					{dossier.Action{Kind: dossier.ActApprove}, tw.leader},
					{dossier.Action{Kind: dossier.ActReturn}, tw.reception},
				} {
					if _, err := tw.db.Act(ctx, d.Code, s.a, s.by); err != nil {
						b.Fatalf("%s: %v", s.a.Kind, err)
					}
				}
			}
			for _, mode := range []string{"without", "with", "without", "with"} {
				// Each mode twice, alternating, so that a drift of the machine
				// or of the table's size does not favour one.
				b.Run(mode, func(b *testing.B) {
					store.SkipPortalMessages(mode == "without")
					defer store.SkipPortalMessages(false)
					cpu := processCPU()
					for i := 0; i < b.N; i++ {
						life(b)
					}
					// CPU time (SQLite runs in the process) moves less than wall
					// time with the load of a shared machine.
					b.ReportMetric(float64((processCPU()-cpu).Microseconds())/float64(b.N), "CPU-µs/op")
				})
			}
		})
	}
}
