package store_test

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
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
// stored. The overhead is with's CPU-µs/op (the process's CPU time, SQLite
// included: PostgreSQL's server is not counted) over without's.
//
// Between two lifecycles, outside the measure (its CPU time and ns/op), the
// messages are claimed and settled sent, as a worker keeping up with the
// office would: the claims' partial indexes hold the few messages a live
// outbox holds, not a backlog growing through the run. Set
// MOTCUA_BENCH_BACKLOG=1 to leave the messages queued, as while the portal
// is down (and as scripts/outbox-instructions.sh counts: the worker is not
// the change).
//
// The two modes alternate on the same database, MOTCUA_BENCH_ROUNDS pairs
// (default 2) in the order without-with, with-without, ..., so that a drift
// of a shared machine's load, or the tables' growth, favours neither; each
// pair gives one ratio, and the median of the pairs is the figure to quote;
// the benchmark prints both (see docs/portal.md, "What the outbox costs a
// change"). MOTCUA_BENCH_FIXTURE=DIR keeps the built dossiers between runs
// (benchTown):
//
//	MOTCUA_BENCH_DOSSIERS=1000000 MOTCUA_BENCH_ROUNDS=8 go test -run '^$' -bench 'ChangeWithMessage$' -benchtime 200x ./internal/store/
//
// MOTCUA_BENCH_MODE=with (or without) runs that mode alone, once: how
// scripts/outbox-instructions.sh counts each mode's instructions under
// valgrind, a figure a shared machine's load cannot move.
func BenchmarkChangeWithMessage(b *testing.B) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			backlog := os.Getenv("MOTCUA_BENCH_BACKLOG") == "1"
			life := &benchLife{tw: tw, req: tw.request(b, "1.004873", dossier.Online, nil)}
			var modes []string
			for r := range benchRounds() {
				if r%2 == 0 {
					modes = append(modes, "without", "with")
				} else {
					modes = append(modes, "with", "without")
				}
			}
			if m := os.Getenv("MOTCUA_BENCH_MODE"); m != "" {
				if m != "with" && m != "without" {
					b.Fatalf("MOTCUA_BENCH_MODE=%q: with or without", m)
				}
				modes = []string{m}
			}
			perOp := make([]float64, len(modes)) // CPU-µs per lifecycle, by run
			for k, mode := range modes {
				b.Run(mode, func(b *testing.B) {
					store.SkipPortalMessages(mode == "without")
					defer store.SkipPortalMessages(false)
					var cpu time.Duration
					for i := 0; i < b.N; i++ {
						start := processCPU()
						pprof.Do(context.Background(), pprof.Labels("mode", mode), func(context.Context) { life.run(b) })
						cpu += processCPU() - start
						if backlog {
							continue
						}
						b.StopTimer()
						drainOutbox(b, tw.db)
						b.StartTimer()
					}
					// CPU time (SQLite runs in the process) moves less than wall
					// time with the load of a shared machine.
					perOp[k] = float64(cpu.Microseconds()) / float64(b.N)
					b.ReportMetric(perOp[k], "CPU-µs/op")
				})
			}
			logPairs(b, modes, perOp)
		})
	}
}

// logPairs prints each pair's overhead (with over without, in the order the
// modes ran) and their median, the figure docs/portal.md quotes.
func logPairs(b *testing.B, modes []string, perOp []float64) {
	var pairs []float64
	var text []string
	for k := 0; k+1 < len(modes); k += 2 {
		with, without := perOp[k], perOp[k+1]
		if modes[k] == "without" {
			with, without = without, with
		}
		if without == 0 {
			return
		}
		pairs = append(pairs, (with/without-1)*100)
		text = append(text, fmt.Sprintf("%+.1f", pairs[len(pairs)-1]))
	}
	if len(pairs) == 0 {
		return
	}
	slices.Sort(pairs)
	median := pairs[len(pairs)/2]
	if len(pairs)%2 == 0 {
		median = (pairs[len(pairs)/2-1] + pairs[len(pairs)/2]) / 2
	}
	// Printed, not logged: a benchmark that only runs others shows its log
	// with -v alone.
	fmt.Printf("%s: with over without, CPU time per lifecycle, pair by pair: %s %%; median of %d pairs: %+.1f %%\n",
		b.Name(), strings.Join(text, ", "), len(pairs), median)
}

// benchRounds is MOTCUA_BENCH_ROUNDS, the pairs of runs of
// BenchmarkChangeWithMessage: 2 by default.
func benchRounds() int {
	if n, err := strconv.Atoi(os.Getenv("MOTCUA_BENCH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 2
}

// drainOutbox claims every due message and settles it sent.
func drainOutbox(b *testing.B, db *store.DB) {
	ctx := context.Background()
	for _, topic := range []string{store.TopicPortal, store.TopicNotify} {
		for {
			ms, err := db.ClaimOutbox(ctx, topic, 100, time.Minute)
			if err != nil {
				b.Fatal(err)
			}
			if len(ms) == 0 {
				break
			}
			outs := make([]store.OutboxOutcome, len(ms))
			for i, m := range ms {
				outs[i] = store.OutboxOutcome{Message: m, State: store.OutboxSent}
			}
			if _, err := db.SettleOutbox(ctx, outs); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchLife runs whole lifecycles on a bench town, each of a new dossier:
// an online submission, then receive and route, request a supplement,
// supplement, propose, approve, return.
type benchLife struct {
	tw  *town
	req store.IntakeRequest
	n   int
}

func (l *benchLife) run(b *testing.B) {
	ctx, tw := context.Background(), l.tw
	l.n++
	r := l.req
	r.Intake.IdempotencyKey = fmt.Sprintf("bench-%d", l.n)
	if l.n%5000 == 0 {
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

// BenchmarkChangeWithMessagePages counts what BenchmarkChangeWithMessage's
// CPU time mostly pays for, free of a shared machine's noise: the pages the
// seven commits of a lifecycle write to SQLite's write-ahead log, with and
// without the portal messages (sent between lifecycles, as there). The
// log's automatic checkpoints, which later copy the same pages into the
// database, are off for the count.
//
//	MOTCUA_BENCH_DOSSIERS=1000000 go test -run '^$' -bench ChangeWithMessagePages -benchtime 100x ./internal/store/
func BenchmarkChangeWithMessagePages(b *testing.B) {
	tw := benchTown(b, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite}, benchDossiers())
	ctx := context.Background()
	file := sqliteFile(b, tw.db)
	if err := tw.db.ExecRaw(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		b.Fatal(err)
	}
	wal := func() int64 {
		st, err := os.Stat(file + "-wal")
		if err != nil {
			b.Fatal(err)
		}
		return st.Size()
	}
	life := &benchLife{tw: tw, req: tw.request(b, "1.004873", dossier.Online, nil)}
	for _, mode := range []string{"without", "with"} {
		b.Run(mode, func(b *testing.B) {
			store.SkipPortalMessages(mode == "without")
			defer store.SkipPortalMessages(false)
			// The log from here on grows by what is written: it is emptied
			// first, and is no more checkpointed.
			if err := tw.db.ExecRaw(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil || wal() != 0 {
				b.Fatalf("empty the write-ahead log: %v", err)
			}
			var grown int64
			for i := 0; i < b.N; i++ {
				before := wal()
				life.run(b)
				grown += wal() - before
				drainOutbox(b, tw.db)
			}
			// A frame is a page (4096 bytes) and its 24-byte header.
			b.ReportMetric(float64(grown)/float64(4096+24)/float64(b.N), "pages/op")
		})
	}
}
