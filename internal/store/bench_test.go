package store_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
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
//
// With MOTCUA_BENCH_FIXTURE set to a directory, a SQLite town, once built,
// is kept there as a file named by n and a hash of the schema, and the next
// run (a later process too) with the same n and schema starts from a copy of
// that file instead of building it again: the same database, byte for
// byte, as the build leaves it. A benchmark that compares two modes runs
// both on the one copy it opened, so the cache cannot favour either; it
// only saves the build's minutes between runs (and lets a slow tool such as
// scripts/outbox-instructions run on a million dossiers).
func benchTown(b *testing.B, e storetest.Engine, n int) *town {
	b.Helper()
	tw := newTown(b, e)
	ctx := context.Background()
	tw.clk.Set("2025-03-03 09:00")
	cache := ""
	if dir := os.Getenv("MOTCUA_BENCH_FIXTURE"); dir != "" && e.Name == "sqlite" {
		cache = benchFixtureFile(b, tw.db, dir, n)
		if _, err := os.Stat(cache); err == nil {
			return benchTownFrom(b, tw, cache)
		}
	}
	d, err := tw.db.Intake(ctx, tw.request(b, "2.000815", dossier.Counter, tw.reception))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := store.BulkCopyDossier(ctx, tw.db, d.Code, n); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: stored %d dossiers in %s", e.Name, n, time.Since(start).Round(time.Millisecond))
	if cache != "" {
		saveBenchFixture(b, tw.db, cache)
	}
	return tw
}

// benchFixtureFile names the cached fixture of n dossiers in dir, for the
// schema of db (a newer migration builds a new one).
func benchFixtureFile(b *testing.B, db *store.DB, dir string, n int) string {
	var schema string
	if err := db.QueryRowRaw(context.Background(), `SELECT group_concat(sql, char(10)) FROM
		(SELECT COALESCE(sql, '') AS sql FROM sqlite_master ORDER BY type, name)`).Scan(&schema); err != nil {
		b.Fatal(err)
	}
	h := sha256.Sum256([]byte(schema))
	return filepath.Join(dir, fmt.Sprintf("motcua-bench-%d-%x.db", n, h[:6]))
}

// sqliteFile is the file of a SQLite database.
func sqliteFile(b *testing.B, db *store.DB) string {
	var seq int
	var name, file string
	if err := db.QueryRowRaw(context.Background(), `PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		b.Fatal(err)
	}
	return file
}

// saveBenchFixture copies db, checkpointed and idle, to file.
func saveBenchFixture(b *testing.B, db *store.DB, file string) {
	if err := db.ExecRaw(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		b.Fatal(err)
	}
	tmp := file + ".part"
	if err := copyFile(sqliteFile(b, db), tmp); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		b.Fatal(err)
	}
	b.Logf("kept the fixture in %s", file)
}

// benchTownFrom is tw's town on a copy of the cached fixture file: the same
// units and officers, found by code and username.
func benchTownFrom(b *testing.B, tw *town, file string) *town {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "motcua.db")
	if err := copyFile(file, path); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, "sqlite:"+path, store.Options{Now: tw.clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	c := &town{db: db, clk: tw.clk}
	for _, u := range []**unit.Unit{&c.unit, &c.other} {
		code := tw.unit.Code
		if u == &c.other {
			code = tw.other.Code
		}
		if *u, err = db.UnitByCode(ctx, code); err != nil {
			b.Fatal(err)
		}
	}
	for _, o := range []struct {
		to   **staff.Officer
		from *staff.Officer
	}{{&c.reception, tw.reception}, {&c.hotich, tw.hotich}, {&c.hotich2, tw.hotich2}, {&c.chungthuc, tw.chungthuc},
		{&c.leader, tw.leader}, {&c.foreign, tw.foreign}} {
		if *o.to, err = db.OfficerByUsername(ctx, o.from.Username); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("started from the fixture %s", file)
	return c
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
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
	benchLifecycles(b, 1)
}

// BenchmarkLifecycleProvince is BenchmarkLifecycle with the lifecycles spread
// over eight communes of one deployment, as a province's are: the rows every
// change of a unit writes (its audit chain's head, its roll-ups of the day,
// its day's counter) are then eight sets, not one.
func BenchmarkLifecycleProvince(b *testing.B) {
	benchLifecycles(b, 8)
}

// lifecycleCrew is who takes a dossier through its lifecycle in one unit.
type lifecycleCrew struct {
	req               store.IntakeRequest
	reception, leader *staff.Officer
}

// lifecycleCrews are the crews of tw's unit and of units-1 more communes
// created in tw's database, each with a reception officer, two civil-status
// specialists and a leader.
func lifecycleCrews(b *testing.B, tw *town, units int) []lifecycleCrew {
	ctx := context.Background()
	crews := []lifecycleCrew{{tw.request(b, "1.004873", dossier.Online, nil), tw.reception, tw.leader}}
	for i := 1; i < units; i++ {
		u := &unit.Unit{Code: fmt.Sprintf("000.%02d.99.H56", i), Name: fmt.Sprintf("UBND xã Thử %d", i), Kind: unit.Commune}
		if err := tw.db.CreateUnit(ctx, u, "bench"); err != nil {
			b.Fatal(err)
		}
		mk := func(name string, role staff.Role, fields ...string) *staff.Officer {
			o := &staff.Officer{UnitID: u.ID, Username: fmt.Sprintf("%s%d", name, i), FullName: name, Roles: []staff.Role{role},
				Fields: fields, Active: true}
			if err := tw.db.CreateOfficer(ctx, o, "mat-khau-thu", "bench"); err != nil {
				b.Fatal(err)
			}
			return o
		}
		c := lifecycleCrew{req: crews[0].req, reception: mk("tiepnhan", staff.Reception), leader: mk("chutich", staff.Leader)}
		mk("chuyenvien", staff.Specialist, "HT")
		mk("chuyenvienb", staff.Specialist, "HT")
		c.req.UnitID = u.ID
		crews = append(crews, c)
	}
	return crews
}

// benchLifecycles runs lifecycles (an online intake and six transitions) in
// parallel, the n-th in the unit n mod units, and reports them per second
// beside the raw commit loop of the same run.
func benchLifecycles(b *testing.B, units int) {
	for _, e := range benchEngines(b) {
		b.Run(e.Name, func(b *testing.B) {
			tw := benchTown(b, e, benchDossiers())
			ctx := context.Background()
			crews := lifecycleCrews(b, tw, units)
			var seq atomic.Int64
			b.ResetTimer()
			start := time.Now()
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := seq.Add(1)
					c := crews[int(n)%len(crews)]
					r := c.req
					r.Intake.IdempotencyKey = fmt.Sprintf("bench-%d", n)
					if n%5000 == 0 {
						tw.clk.Advance(24 * time.Hour) // codes are numbered per day, up to 9999
					}
					d, err := tw.db.Intake(ctx, r)
					if err != nil {
						b.Error(err)
						return
					}
					if d, err = tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActReceive}, c.reception); err != nil {
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
						actor := c.reception
						switch s.by {
						case "lead":
							actor = lead
						case "leader":
							actor = c.leader
						}
						if _, err := tw.db.Act(ctx, d.Code, s.a, actor); err != nil {
							b.Errorf("%s: %v", s.a.Kind, err)
							return
						}
					}
				}
			})
			elapsed := time.Since(start)
			b.StopTimer()
			perSec := float64(b.N) / elapsed.Seconds()
			raw := rawCommitsPerSecond(b, tw.db, 4, 1)
			floor := rawCommitsPerSecond(b, tw.db, 4, floorStatements)
			b.ReportMetric(perSec, "lifecycles/s")
			b.ReportMetric(raw, "raw-commits/s")
			b.ReportMetric(floor, "floor-tx/s")
			// A lifecycle is seven transactions (intake and six transitions).
			b.ReportMetric(100*7*perSec/raw, "%-of-raw")
			b.ReportMetric(100*7*perSec/floor, "%-of-floor")
		})
	}
}

// floorStatements is how many statements the floor's transactions run: a
// lifecycle's seven transactions run about 85 statements, 12 each
// (docs/performance.md, "The write path and the lookup").
const floorStatements = 12

// rawCommitsPerSecond is the machine's limit the lifecycles are measured
// against, in the same run: transactions of stmts single-row inserts (1:
// each insert committed on its own, the raw commit; floorStatements: the
// floor of a transaction as long as a change's, with none of its rows,
// indexes or work between the statements), through the store's own
// connections (the same driver and pragmas), from as many goroutines as the
// lifecycles ran (parallelism × GOMAXPROCS), for 2,000 transactions.
func rawCommitsPerSecond(b *testing.B, db *store.DB, parallelism, stmts int) float64 {
	ctx := context.Background()
	if err := db.ExecRaw(ctx, `CREATE TABLE IF NOT EXISTS bench_raw_commits (n INTEGER NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	const commits = 2000
	var next atomic.Int64
	workers := parallelism * runtime.GOMAXPROCS(0)
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for n := next.Add(1); n <= commits; n = next.Add(1) {
				var err error
				if stmts == 1 {
					err = db.ExecRaw(ctx, `INSERT INTO bench_raw_commits (n) VALUES ($1)`, n)
				} else {
					err = db.RawTransaction(ctx, stmts, `INSERT INTO bench_raw_commits (n) VALUES ($1)`, n)
				}
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return commits / time.Since(start).Seconds()
}
