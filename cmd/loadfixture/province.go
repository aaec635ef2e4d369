package main

// The province fixture (--province): Lâm Đồng's 124 communes with their
// officers and a generated half-year each (the `motcua demo --province`
// seed, through the real workflow), then copied with set-based SQL to the
// number of dossiers asked for, spread over about two years, with their
// events, letters, roll-ups and code counters; then some hundreds of
// dossiers per commune still in progress, taken through the real store
// (intake, supplement requests, proposals, approvals) in the last weeks, so
// that queues hold pending and overdue work. On PostgreSQL or SQLite, the
// engines' differences in dialect.go. See docs/performance.md, "The
// fixture: `loadfixture --province`".

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// fixtureWeeks is how many distinct week shifts the copies use: the
// template's half-year moved back by up to 73 weeks spans about two years.
const fixtureWeeks = 74

// bulkTables are the tables the copies go to; their indexes, keys and the
// foreign keys that involve them are dropped during the load and created
// again after it.
var bulkTables = []string{"dossiers", "dossier_events", "letters"}

type provinceFixture struct {
	url  string // sqlite:PATH of a new file, or the postgres:// URL of an empty database
	data string // data directory of the demo's file store (serve it with the same --data)
	n    int    // dossiers wanted in all
	// seeded: the database is already the province demo's seed (createdb -T
	// of a seeded one, or a copy of a seeded SQLite file and its data
	// directory), which then is not generated again.
	seeded bool
	// communes: how many communes the seed generates a half-year for (the
	// demo's --communes; 0: all 124), for quick tries and tests.
	communes int
	out      io.Writer // progress
	lookup   io.Writer // the line "CODE LAST4" of a dossier for the status lookup
	now      time.Time

	dialect dialect // set by run
}

func (f *provinceFixture) logf(start time.Time, format string, args ...any) {
	fmt.Fprintf(f.out, "[%6.1fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

func (f *provinceFixture) run(ctx context.Context) error {
	start := time.Now()
	conn, d, err := openFixture(f.url)
	if err != nil {
		return err
	}
	defer conn.Close()
	f.dialect = d
	if err := refuseNonEmpty(ctx, conn, d, f.seeded); err != nil {
		return err
	}

	// 1. The template: the province demo's seed through the real workflow.
	if !f.seeded {
		f.logf(start, "seeding the province demo (124 communes, their teams, July to December 2025) through the real workflow...")
		args := []string{"demo", "--province", "--seed-only", "--db", f.url, "--data", f.data, "--log-level", "warn"}
		if f.communes > 0 {
			args = append(args, "--communes", fmt.Sprint(f.communes))
		}
		if code := cli.Main(ctx, args, io.Discard, f.out); code != 0 {
			return fmt.Errorf("motcua demo --province --seed-only failed (exit %d)", code)
		}
	}
	var tpl int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM dossiers`).Scan(&tpl); err != nil {
		return fmt.Errorf("count the template: %w", err)
	}
	f.logf(start, "template: %d dossiers", tpl)

	// 2. The copies.
	pendingPerCommune := max(4, f.n/124/400)
	copies := max(0, (f.n-tpl-124*pendingPerCommune+tpl/2)/tpl)
	if err := f.bulk(ctx, conn, start, copies); err != nil {
		return err
	}

	// 3. Work in progress through the store.
	f.logf(start, "taking %d dossiers per commune through the real store (in progress, supplements, overdue)...", pendingPerCommune)
	if err := f.inProgress(ctx, conn, pendingPerCommune); err != nil {
		return err
	}
	if d.sqlite {
		f.logf(start, "ANALYZE, checkpoint...")
	} else {
		f.logf(start, "VACUUM (ANALYZE)...")
	}
	if err := d.finish(ctx, conn); err != nil {
		return err
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM dossiers`).Scan(&n); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	size, err := d.size(ctx, conn)
	if err != nil {
		return err
	}
	f.logf(start, "done: %d dossiers, database %s", n, size)

	// A dossier for the status lookup: a copy, returned, with its phone's last four digits.
	var code, last4 string
	if err := conn.QueryRowContext(ctx, `SELECT code, lookup_phone FROM dossiers WHERE id LIKE 'b' || $1 || '.%' AND lookup_phone <> '' ORDER BY id LIMIT 1`,
		fmt.Sprint(max(1, copies/2))).Scan(&code, &last4); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("a dossier for the lookup: %w", err)
	} else if errors.Is(err, sql.ErrNoRows) {
		if err := conn.QueryRowContext(ctx, `SELECT code, lookup_phone FROM dossiers WHERE lookup_phone <> '' ORDER BY id LIMIT 1`).Scan(&code, &last4); err != nil {
			return fmt.Errorf("a dossier for the lookup: %w", err)
		}
	}
	fmt.Fprintf(f.lookup, "%s %s\n", code, last4)
	return nil
}

// refuseNonEmpty refuses a database that already holds dossiers, unless
// seeded: then it must hold the province demo's seed and no copies.
func refuseNonEmpty(ctx context.Context, conn *sql.DB, d dialect, seeded bool) error {
	exists, err := d.hasTable(ctx, conn, "dossiers")
	if err != nil {
		return err
	}
	if !exists && !seeded {
		return nil
	}
	if !exists {
		return fmt.Errorf("--seeded: the database holds no province demo (motcua demo --province --seed-only --db URL)")
	}
	var n, copies int
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM dossiers), (SELECT COUNT(*) FROM (SELECT 1 FROM dossiers WHERE id LIKE 'b%.%' LIMIT 1) x)`).Scan(&n, &copies); err != nil {
		return fmt.Errorf("look at the database: %w", err)
	}
	empty := "createdb -h 127.0.0.1 -U postgres NAME"
	if d.sqlite {
		empty = "--db sqlite:PATH where no file is"
	}
	switch {
	case copies > 0:
		return fmt.Errorf("the database already holds the fixture's copies: give an empty one (%s)", empty)
	case n > 0 && !seeded:
		return fmt.Errorf("the database already holds dossiers: give an empty one (%s), or --seeded for a copy of the province demo's seed", empty)
	case n == 0 && seeded:
		return fmt.Errorf("--seeded: the database holds no province demo (motcua demo --province --seed-only --db URL)")
	}
	return nil
}

// inProgress takes perCommune dossiers of each commune through the real
// store, received in the last five weeks: a quarter still with the
// specialist, some waiting for a supplement, some proposed, some approved
// and waiting to be handed over; those received earliest are overdue.
func (f *provinceFixture) inProgress(ctx context.Context, conn *sql.DB, perCommune int) error {
	type commune struct{ id, nso string }
	rows, err := conn.QueryContext(ctx, `SELECT u.id, u.nso_code FROM units u
		JOIN officers o ON o.unit_id = u.id AND o.username = 'xa' || u.nso_code || '.tiepnhan' ORDER BY u.nso_code`)
	if err != nil {
		return fmt.Errorf("communes: %w", err)
	}
	var communes []commune
	for rows.Next() {
		var c commune
		if err := rows.Scan(&c.id, &c.nso); err != nil {
			rows.Close()
			return fmt.Errorf("communes: %w", err)
		}
		communes = append(communes, c)
	}
	rows.Close()
	// SQLite writes one transaction at a time: more workers would only
	// wait for its lock.
	workers := 4
	if f.dialect.sqlite {
		workers = 1
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mu sync.Mutex
			clock := f.now
			db, err := store.Open(ctx, f.url, store.Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }})
			if err != nil {
				errs[w] = err
				return
			}
			defer db.Close()
			set := func(t time.Time) { mu.Lock(); clock = t; mu.Unlock() }
			for i := w; i < len(communes); i += workers {
				if err := f.communeInProgress(ctx, conn, db, set, communes[i].id, communes[i].nso, perCommune); err != nil {
					errs[w] = fmt.Errorf("commune %s: %w", communes[i].nso, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (f *provinceFixture) communeInProgress(ctx context.Context, conn *sql.DB, db *store.DB, set func(time.Time), unitID, nso string, n int) error {
	// One template dossier per procedure the commune handled: its
	// declaration (the form's answers) and components are filled in again.
	var codes []string
	rows, err := conn.QueryContext(ctx, `SELECT MIN(code) FROM dossiers WHERE receiving_unit_id = $1 AND id NOT LIKE 'b%.%'
		GROUP BY procedure_code ORDER BY 1`, unitID)
	if err != nil {
		return fmt.Errorf("procedures: %w", err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		codes = append(codes, c)
	}
	rows.Close()
	if len(codes) == 0 {
		return nil
	}
	officer := func(role string) (*staff.Officer, error) { return db.OfficerByUsername(ctx, "xa"+nso+"."+role) }
	reception, err := officer("tiepnhan")
	if err != nil {
		return err
	}
	leader, err := officer("chutich")
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(len(nso))*7919, uint64(n)))
	loc := calendar.Location()
	for i := range n {
		// a working day of the last five weeks, 7:30 to 16:30
		day := f.now.In(loc).AddDate(0, 0, -1-rng.IntN(35))
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, -1)
		}
		at := time.Date(day.Year(), day.Month(), day.Day(), 7, 30, 0, 0, loc).Add(time.Duration(rng.IntN(9*3600)) * time.Second)
		set(at)
		like, err := db.Dossier(ctx, codes[rng.IntN(len(codes))])
		if err != nil {
			return err
		}
		pcode := like.ProcedureCode
		in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{
			FullName: fmt.Sprintf("Người nộp %s %d", nso, i+1), IDNumber: fmt.Sprintf("068%09d", rng.IntN(1_000_000_000)),
			Phone: fmt.Sprintf("09%08d", rng.IntN(100_000_000)), Address: "Lâm Đồng"}, Declaration: maps.Clone(like.Declaration)}
		for _, c := range like.Components {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
		d, err := db.Intake(ctx, store.IntakeRequest{UnitID: unitID, ProcedureCode: pcode, Intake: in, Actor: reception})
		if err != nil {
			return fmt.Errorf("intake %s: %w", pcode, err)
		}
		if d.LeadID == "" {
			continue
		}
		lead, err := db.Officer(ctx, d.LeadID)
		if err != nil {
			return err
		}
		set(at.Add(time.Duration(1+rng.IntN(48)) * time.Hour))
		if db.Now().After(f.now) {
			continue
		}
		type act struct {
			a  dossier.Action
			by *staff.Officer
		}
		var acts []act
		switch r := rng.IntN(100); {
		case r < 15:
			acts = []act{{dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu giấy tờ", Items: []string{"Bản sao giấy tờ tùy thân"}}, lead}}
		case r < 35:
			acts = []act{{dossier.Action{Kind: dossier.ActPropose}, lead}}
		case r < 45:
			acts = []act{{dossier.Action{Kind: dossier.ActPropose}, lead}, {dossier.Action{Kind: dossier.ActApprove}, leader}}
		}
		for _, x := range acts {
			if _, err := db.Act(ctx, d.Code, x.a, x.by); err != nil {
				return fmt.Errorf("%s on %s: %w", x.a.Kind, d.Code, err)
			}
		}
	}
	return nil
}
