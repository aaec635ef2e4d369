package main

// The province fixture (--province): Lâm Đồng's 124 communes with their
// officers and a generated half-year each (the `motcua demo --province`
// seed, through the real workflow), then copied with set-based SQL to the
// number of dossiers asked for, spread over about two years, with their
// events, letters, roll-ups and code counters; then some hundreds of
// dossiers per commune still in progress, taken through the real store
// (intake, supplement requests, proposals, approvals) in the last weeks, so
// that queues hold pending and overdue work. PostgreSQL only. See
// docs/performance.md, "A province on PostgreSQL".

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

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
	url  string // PostgreSQL URL of an empty database
	data string // data directory of the demo's file store (serve it with the same --data)
	n    int    // dossiers wanted in all
	// seeded: the database is already the province demo's seed (createdb -T
	// of a seeded one), which then is not generated again.
	seeded bool
	out    io.Writer
	now    time.Time
}

func (f *provinceFixture) logf(start time.Time, format string, args ...any) {
	fmt.Fprintf(f.out, "[%6.1fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

func (f *provinceFixture) run(ctx context.Context) error {
	start := time.Now()
	if !strings.HasPrefix(f.url, "postgres://") && !strings.HasPrefix(f.url, "postgresql://") {
		return fmt.Errorf("--province needs a PostgreSQL URL (--postgres postgres://...)")
	}
	conn, err := sql.Open("pgx", f.url)
	if err != nil {
		return fmt.Errorf("open %s: %w", f.url, err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if err := refuseNonEmpty(ctx, conn, f.seeded); err != nil {
		return err
	}

	// 1. The template: the province demo's seed through the real workflow.
	if !f.seeded {
		f.logf(start, "seeding the province demo (124 communes, their teams, July to December 2025) through the real workflow...")
		if code := cli.Main(ctx, []string{"demo", "--province", "--seed-only", "--db", f.url, "--data", f.data, "--log-level", "warn"},
			io.Discard, f.out); code != 0 {
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
	// VACUUM sets the hint bits and the visibility map of the loaded pages,
	// as autovacuum would later: the first readers do not write them, and
	// index-only scans work from the start.
	f.logf(start, "VACUUM (ANALYZE)...")
	if _, err := conn.ExecContext(ctx, `VACUUM (ANALYZE)`); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	var n int
	var size string
	if err := conn.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM dossiers), pg_size_pretty(pg_database_size(current_database()))`).Scan(&n, &size); err != nil {
		return fmt.Errorf("count: %w", err)
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
	fmt.Printf("%s %s\n", code, last4)
	return nil
}

// refuseNonEmpty refuses a database that already holds dossiers, unless
// seeded: then it must hold the province demo's seed and no copies.
func refuseNonEmpty(ctx context.Context, conn *sql.DB, seeded bool) error {
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT to_regclass('public.dossiers') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("look at the database: %w", err)
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
	switch {
	case copies > 0:
		return fmt.Errorf("the database already holds the fixture's copies: give an empty one (createdb -h 127.0.0.1 -U postgres NAME)")
	case n > 0 && !seeded:
		return fmt.Errorf("the database already holds dossiers: give an empty one (createdb -h 127.0.0.1 -U postgres NAME), or --seeded for a copy of the province demo's seed")
	case n == 0 && seeded:
		return fmt.Errorf("--seeded: the database holds no province demo (motcua demo --province --seed-only --db URL)")
	}
	return nil
}

// bulk stores copies × the template's dossiers. Copy k moves the template
// by a whole number of weeks (the weekdays stay), its dossiers get the ids
// bK.N (N numbers the template's dossiers) and the codes
// UNIT-YYMMDD-(seq + step·K) of their moved day, unique because a
// template's (unit, day, seq) is. A copy's events are the template's intake
// and status transitions (the events about papers, results, payments and
// ratings, whose rows are not copied, are left out), outside the units'
// audit chains (negative chain_seq, no hash).
func (f *provinceFixture) bulk(ctx context.Context, conn *sql.DB, start time.Time, copies int) error {
	if copies == 0 {
		return nil
	}
	exec := func(what, q string, args ...any) error {
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	if err := exec("template tables", `
		DROP TABLE IF EXISTS fx_dossiers, fx_events, fx_letters, fx_stats_daily, fx_stats_unit_daily;
		CREATE TABLE fx_dossiers AS SELECT d.*,
			regexp_replace(d.code, '-[0-9]{6}-[0-9]+$', '') AS fx_prefix,
			to_date(substring(d.code from '-([0-9]{6})-[0-9]+$'), 'YYMMDD') AS fx_day,
			CAST(substring(d.code from '-([0-9]+)$') AS INTEGER) AS fx_seq,
			row_number() OVER (ORDER BY d.id) AS fx_n
			FROM dossiers d;
		CREATE TABLE fx_events AS SELECT e.*, d.fx_n FROM dossier_events e JOIN fx_dossiers d ON d.id = e.dossier_id
			WHERE e.from_status <> e.to_status OR e.kind IN ('submit', 'receive');
		CREATE TABLE fx_letters AS SELECT l.*, d.code AS fx_code FROM letters l JOIN dossiers d ON d.id = l.dossier_id;
		CREATE TABLE fx_stats_daily AS SELECT * FROM stats_daily;
		CREATE TABLE fx_stats_unit_daily AS SELECT * FROM stats_unit_daily`); err != nil {
		return err
	}
	var maxSeq int
	var last int64
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(fx_seq), 0), GREATEST(
		(SELECT COALESCE(MAX(at), 0) FROM fx_events),
		(SELECT COALESCE(MAX(GREATEST(received_at, appointment_at, ended_at, returned_at, updated_at)), 0) FROM fx_dossiers))
		FROM fx_dossiers`).Scan(&maxSeq, &last); err != nil {
		return fmt.Errorf("template bounds: %w", err)
	}
	step := 10
	for step <= maxSeq {
		step *= 10
	}
	// The newest copy ends at least three days before now.
	newestWeek := int(f.now.Add(-72*time.Hour).Sub(time.UnixMilli(last)).Hours() / (24 * 7))
	shift := fmt.Sprintf(`(7 * (%d - ((k - 1) * %d) / %d))`, newestWeek, fixtureWeeks, copies)
	ms := `(CAST(c.s AS BIGINT) * 86400000)`
	f.logf(start, "copying the template %d times over %d weeks (newest shift %d weeks), codes step %d", copies, fixtureWeeks, newestWeek, step)

	saved, err := dropKeys(ctx, conn)
	if err != nil {
		return err
	}
	f.logf(start, "dropped %d keys and indexes for the load", len(saved))

	dcols, err := columns(ctx, conn, "dossiers")
	if err != nil {
		return err
	}
	// seq4 formats a sequence number as dossier.FormatCode does (%04d):
	// lpad alone would cut a longer one to four digits.
	seq4 := func(x string) string {
		return `to_char(` + x + `, 'FM0000' || repeat('9', GREATEST(0, length(CAST(` + x + ` AS TEXT)) - 4)))`
	}
	newCode := `(t.fx_prefix || '-' || to_char(t.fx_day + c.s, 'YYMMDD') || '-' || ` + seq4(fmt.Sprintf("t.fx_seq + %d * c.k", step)) + `)`
	newID := `('b' || CAST(c.k AS TEXT) || '.' || CAST(t.fx_n AS TEXT))`
	dexpr := map[string]string{
		"id":              newID,
		"code":            newCode,
		"search_text":     `REPLACE(t.search_text, to_char(t.fx_day, 'YYMMDD') || ' ' || ` + seq4("t.fx_seq") + `, to_char(t.fx_day + c.s, 'YYMMDD') || ' ' || ` + seq4(fmt.Sprintf("t.fx_seq + %d * c.k", step)) + `)`,
		"idempotency_key": `(t.idempotency_key || '~' || CAST(c.k AS TEXT))`,
		"doc":             `REPLACE(REPLACE(t.doc, t.code, ` + newCode + `), t.id, ` + newID + `)`,
	}
	for _, col := range []string{"submitted_at", "received_at", "appointment_at", "ended_at", "returned_at", "step_due_at", "created_at", "updated_at"} {
		dexpr[col] = "t." + col + " + " + ms
	}
	ecols, err := columns(ctx, conn, "dossier_events")
	if err != nil {
		return err
	}
	eexpr := map[string]string{
		"id":          `('b' || CAST(c.k AS TEXT) || '.' || CAST(t.fx_n AS TEXT) || '.' || CAST(t.seq AS TEXT))`,
		"dossier_id":  newID,
		"hash":        `''`,
		"at":          "t.at + " + ms,
		"step_due_at": "t.step_due_at + " + ms,
		"chain_seq":   `-(CAST(c.k AS BIGINT) * 10000000 + t.chain_seq)`,
	}
	lcols, err := columns(ctx, conn, "letters")
	if err != nil {
		return err
	}
	lexpr := map[string]string{
		"id":          `('b' || CAST(c.k AS TEXT) || '.' || CAST(d.fx_n AS TEXT) || '.' || t.kind)`,
		"dossier_id":  strings.ReplaceAll(newID, "t.fx_", "d.fx_"),
		"content":     `REPLACE(t.content, t.fx_code, ` + strings.ReplaceAll(newCode, "t.fx_", "d.fx_") + `)`,
		"produced_at": "t.produced_at + " + ms,
		"printed_at":  "t.printed_at + " + ms,
		"sent_at":     "t.sent_at + " + ms,
	}
	sel := func(cols []string, expr map[string]string) string {
		var out []string
		for _, c := range cols {
			if e, ok := expr[c]; ok {
				out = append(out, e)
			} else {
				out = append(out, "t."+c)
			}
		}
		return strings.Join(out, ", ")
	}
	cte := `WITH c AS (SELECT k, ` + shift + ` AS s FROM generate_series($1::int, $2::int) AS g(k)) `
	batch := max(1, 100_000/max(1, countRows(ctx, conn, "fx_dossiers")))
	loadStart := time.Now()
	for lo := 1; lo <= copies; lo += batch {
		hi := min(copies, lo+batch-1)
		err := exec("copy dossiers", cte+`INSERT INTO dossiers (`+strings.Join(dcols, ", ")+`) SELECT `+sel(dcols, dexpr)+` FROM c, fx_dossiers t`, lo, hi)
		if err == nil {
			err = exec("copy events", cte+`INSERT INTO dossier_events (`+strings.Join(ecols, ", ")+`) SELECT `+sel(ecols, eexpr)+` FROM c, fx_events t`, lo, hi)
		}
		if err == nil {
			err = exec("copy letters", cte+`INSERT INTO letters (`+strings.Join(lcols, ", ")+`) SELECT `+sel(lcols, lexpr)+
				` FROM c, fx_letters t JOIN fx_dossiers d ON d.id = t.dossier_id`, lo, hi)
		}
		if err != nil {
			return err
		}
		done := hi * countRows(ctx, conn, "fx_dossiers")
		f.logf(start, "copies %d/%d: %d dossiers copied (%.0f/s)", hi, copies, done, float64(done)/time.Since(loadStart).Seconds())
	}

	// Roll-ups: each copy adds the template's, moved by its shift.
	shifts := `(SELECT s, COUNT(*) AS m FROM (SELECT ` + shift + ` AS s FROM generate_series(1, ` + fmt.Sprint(copies) + `) AS g(k)) x GROUP BY s)`
	for _, tb := range []struct{ table, keys string }{
		{"stats_daily", "unit_id, day, field_code, procedure_code, officer_id, channel"},
		{"stats_unit_daily", "unit_id, day"},
	} {
		cols, err := columns(ctx, conn, tb.table)
		if err != nil {
			return err
		}
		keys := strings.Split(tb.keys, ", ")
		var sel, set []string
		for _, col := range cols {
			switch {
			case col == "day":
				sel = append(sel, `to_char(to_date(t.day, 'YYYY-MM-DD') + c.s, 'YYYY-MM-DD')`)
			case contains(keys, col):
				sel = append(sel, "t."+col)
			default:
				sel = append(sel, "SUM(t."+col+" * c.m)")
				set = append(set, col+" = "+tb.table+"."+col+" + excluded."+col)
			}
		}
		var group []string
		for i := range keys {
			group = append(group, fmt.Sprint(i+1))
		}
		// keys come first in both tables' column order
		if err := exec("copy "+tb.table, `INSERT INTO `+tb.table+` (`+strings.Join(cols, ", ")+`) SELECT `+strings.Join(sel, ", ")+
			` FROM fx_`+tb.table+` t, `+shifts+` c GROUP BY `+strings.Join(group, ", ")+
			` ON CONFLICT (`+tb.keys+`) DO UPDATE SET `+strings.Join(set, ", ")); err != nil {
			return err
		}
	}
	mcols, err := columns(ctx, conn, "stats_monthly")
	if err != nil {
		return err
	}
	var msel []string
	for _, col := range mcols[4:] {
		msel = append(msel, "SUM("+col+")")
	}
	if err := exec("monthly roll-ups", `DELETE FROM stats_monthly; INSERT INTO stats_monthly (`+strings.Join(mcols, ", ")+`)
		SELECT unit_id, SUBSTR(day, 1, 7), field_code, officer_id, `+strings.Join(msel, ", ")+
		` FROM stats_daily GROUP BY unit_id, SUBSTR(day, 1, 7), field_code, officer_id`); err != nil {
		return err
	}
	// The per-unit months (migration 0034), from the per-unit days.
	ucols, err := columns(ctx, conn, "stats_unit_monthly")
	if err != nil {
		return err
	}
	if len(ucols) > 2 {
		var usel []string
		for _, col := range ucols[2:] {
			usel = append(usel, "SUM("+col+")")
		}
		if err := exec("per-unit monthly roll-ups", `DELETE FROM stats_unit_monthly; INSERT INTO stats_unit_monthly (`+strings.Join(ucols, ", ")+`)
			SELECT unit_id, SUBSTR(day, 1, 7), `+strings.Join(usel, ", ")+` FROM stats_unit_daily GROUP BY unit_id, SUBSTR(day, 1, 7)`); err != nil {
			return err
		}
	}
	if err := exec("code counters", cte+`INSERT INTO dossier_counters (unit_id, day, n)
		SELECT u.id, to_char(t.fx_day + c.s, 'YYYY-MM-DD'), MAX(t.fx_seq + `+fmt.Sprint(step)+` * c.k)
		FROM c, fx_dossiers t JOIN units u ON u.code = t.fx_prefix GROUP BY 1, 2
		ON CONFLICT (unit_id, day) DO UPDATE SET n = GREATEST(dossier_counters.n, excluded.n)`, 1, copies); err != nil {
		return err
	}
	// The pending dossiers by unit and appointment day (migration 0038),
	// which the store keeps as it writes dossiers and this copy does not.
	if err := exec("pending counts", `DELETE FROM stats_pending; `+store.PendingRecount); err != nil {
		return err
	}
	f.logf(start, "roll-ups and counters done; creating the keys and indexes again...")
	for _, s := range saved {
		t0 := time.Now()
		if err := exec("create again", s); err != nil {
			return err
		}
		f.logf(start, "  %s (%.0fs)", s, time.Since(t0).Seconds())
	}
	return exec("drop the template tables", `DROP TABLE fx_dossiers, fx_events, fx_letters, fx_stats_daily, fx_stats_unit_daily`)
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
	const workers = 4
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
