package main

// The province fixture's copies of the template (province.go), with their
// events, letters, roll-ups and code counters, in set-based SQL on either
// engine (dialect.go).

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/store"
)

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
	d := f.dialect
	exec := func(what, q string, args ...any) error {
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	if err := exec("template tables", dropTemplates+`;
		CREATE TABLE fx_dossiers AS SELECT d.*, `+d.codeParts("d.code")+`,
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
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(fx_seq), 0), `+d.greatest(
		`(SELECT COALESCE(MAX(at), 0) FROM fx_events)`,
		`(SELECT COALESCE(MAX(`+d.greatest("received_at", "appointment_at", "ended_at", "returned_at", "updated_at")+`), 0) FROM fx_dossiers)`)+`
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

	saved, err := dropKeys(ctx, conn, d)
	if err != nil {
		return err
	}
	f.logf(start, "dropped %d keys and indexes for the load", len(saved))

	dcols, err := d.columns(ctx, conn, "dossiers")
	if err != nil {
		return err
	}
	newSeq := fmt.Sprintf("t.fx_seq + %d * c.k", step)
	newCode := `(t.fx_prefix || '-' || ` + d.day("t.fx_day + c.s", "YYMMDD") + ` || '-' || ` + d.seq4(newSeq) + `)`
	newID := `('b' || CAST(c.k AS TEXT) || '.' || CAST(t.fx_n AS TEXT))`
	dexpr := map[string]string{
		"id":   newID,
		"code": newCode,
		"search_text": `REPLACE(t.search_text, ` + d.day("t.fx_day", "YYMMDD") + ` || ' ' || ` + d.seq4("t.fx_seq") + `, ` +
			d.day("t.fx_day + c.s", "YYMMDD") + ` || ' ' || ` + d.seq4(newSeq) + `)`,
		"idempotency_key": `(t.idempotency_key || '~' || CAST(c.k AS TEXT))`,
		"doc":             `REPLACE(REPLACE(t.doc, t.code, ` + newCode + `), t.id, ` + newID + `)`,
	}
	for _, col := range []string{"submitted_at", "received_at", "appointment_at", "ended_at", "returned_at", "step_due_at", "created_at", "updated_at"} {
		dexpr[col] = "t." + col + " + " + ms
	}
	ecols, err := d.columns(ctx, conn, "dossier_events")
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
	lcols, err := d.columns(ctx, conn, "letters")
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
	cte := `WITH RECURSIVE ` + d.series("g", "$1", "$2") + `, c AS (SELECT k, ` + shift + ` AS s FROM g) `
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
	shifts := `WITH RECURSIVE ` + d.series("g", "1", fmt.Sprint(copies)) + `, c AS (SELECT s, COUNT(*) AS m FROM (SELECT ` + shift + ` AS s FROM g) x GROUP BY s) `
	for _, tb := range []struct{ table, keys string }{
		{"stats_daily", "unit_id, day, field_code, procedure_code, officer_id, channel"},
		{"stats_unit_daily", "unit_id, day"},
	} {
		cols, err := d.columns(ctx, conn, tb.table)
		if err != nil {
			return err
		}
		keys := strings.Split(tb.keys, ", ")
		var sel, set []string
		for _, col := range cols {
			switch {
			case col == "day":
				sel = append(sel, d.day(d.dayOf("t.day")+" + c.s", "YYYY-MM-DD"))
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
		if err := exec("copy "+tb.table, shifts+`INSERT INTO `+tb.table+` (`+strings.Join(cols, ", ")+`) SELECT `+strings.Join(sel, ", ")+
			` FROM fx_`+tb.table+` t, c GROUP BY `+strings.Join(group, ", ")+
			` ON CONFLICT (`+tb.keys+`) DO UPDATE SET `+strings.Join(set, ", ")); err != nil {
			return err
		}
	}
	mcols, err := d.columns(ctx, conn, "stats_monthly")
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
	ucols, err := d.columns(ctx, conn, "stats_unit_monthly")
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
		SELECT u.id, `+d.day("t.fx_day + c.s", "YYYY-MM-DD")+`, MAX(`+newSeq+`)
		FROM c, fx_dossiers t JOIN units u ON u.code = t.fx_prefix GROUP BY 1, 2
		ON CONFLICT (unit_id, day) DO UPDATE SET n = `+d.greatest("dossier_counters.n", "excluded.n"), 1, copies); err != nil {
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
	return exec("drop the template tables", dropTemplates)
}

// dropTemplates drops the template's tables (one statement a table: SQLite
// drops one at a time).
const dropTemplates = `DROP TABLE IF EXISTS fx_dossiers; DROP TABLE IF EXISTS fx_events; DROP TABLE IF EXISTS fx_letters;
	DROP TABLE IF EXISTS fx_stats_daily; DROP TABLE IF EXISTS fx_stats_unit_daily`
