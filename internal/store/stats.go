package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
)

// statColumns are the roll-up counter columns, in report.Counts order.
func statColumns() []string {
	var c report.Counts
	names, _ := c.Columns()
	return names
}

// rollupSQL are the upserts of the roll-up tables, built once.
var rollupSQL = sync.OnceValue(func() (q struct{ daily, unitDaily, unitMonthly, monthly string }) {
	cols := statColumns()
	set := func(table string) string {
		s := make([]string, len(cols))
		for i, c := range cols {
			s[i] = fmt.Sprintf("%s = %s.%s + excluded.%s", c, table, c, c)
		}
		return strings.Join(s, ", ")
	}
	placeholders := func(n int) string {
		p := make([]string, n)
		for i := range p {
			p[i] = fmt.Sprintf("$%d", i+1)
		}
		return strings.Join(p, ", ")
	}
	names := strings.Join(cols, ", ")
	q.daily = fmt.Sprintf(`INSERT INTO stats_daily (unit_id, day, field_code, procedure_code, officer_id, channel, %s)
		VALUES (%s) ON CONFLICT (unit_id, day, field_code, procedure_code, officer_id, channel) DO UPDATE SET %s`,
		names, placeholders(6+len(cols)), set("stats_daily"))
	q.unitDaily = fmt.Sprintf(`INSERT INTO stats_unit_daily (unit_id, day, %s) VALUES (%s)
		ON CONFLICT (unit_id, day) DO UPDATE SET %s`, names, placeholders(2+len(cols)), set("stats_unit_daily"))
	q.unitMonthly = fmt.Sprintf(`INSERT INTO stats_unit_monthly (unit_id, month, %s) VALUES (%s)
		ON CONFLICT (unit_id, month) DO UPDATE SET %s`, names, placeholders(2+len(cols)), set("stats_unit_monthly"))
	q.monthly = fmt.Sprintf(`INSERT INTO stats_monthly (unit_id, month, field_code, officer_id, %s) VALUES (%s)
		ON CONFLICT (unit_id, month, field_code, officer_id) DO UPDATE SET %s`,
		names, placeholders(4+len(cols)), set("stats_monthly"))
	return q
})

// statsStatements are the upserts that add delta to the roll-up rows: the
// daily rows by key, then the unit's days, the unit's months and the
// monthly rows (monthlyStatements), each table in a stable key order, so
// that two transactions touching the same rows lock them in the same order.
// A transaction's changes reach them through addStats and writeShared.
func statsStatements(delta report.Contribution) []statement {
	q := rollupSQL()
	keys := make([]report.Key, 0, len(delta))
	for k := range delta {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b report.Key) int {
		return cmp.Or(strings.Compare(a.UnitID, b.UnitID), strings.Compare(a.Day, b.Day), strings.Compare(a.Field, b.Field),
			strings.Compare(a.Procedure, b.Procedure), strings.Compare(a.Officer, b.Officer), cmp.Compare(a.Channel, b.Channel))
	})
	withCounts := func(c report.Counts, args ...any) []any {
		_, ptrs := c.Columns()
		for _, p := range ptrs {
			args = append(args, *p)
		}
		return args
	}
	var out []statement
	perUnit := map[[2]string]report.Counts{}
	for _, k := range keys {
		c := delta[k]
		out = append(out, statement{q.daily, withCounts(c, k.UnitID, k.Day, k.Field, k.Procedure, k.Officer, k.Channel)})
		uk := [2]string{k.UnitID, k.Day}
		perUnit[uk] = perUnit[uk].Add(c)
	}
	ukeys := make([][2]string, 0, len(perUnit))
	for k := range perUnit {
		ukeys = append(ukeys, k)
	}
	sort.Slice(ukeys, func(i, j int) bool { return ukeys[i][0]+ukeys[i][1] < ukeys[j][0]+ukeys[j][1] })
	for _, k := range ukeys {
		out = append(out, statement{q.unitDaily, withCounts(perUnit[k], k[0], k[1])})
	}
	// The same per unit and month (stats_unit_monthly), in key order too.
	perMonth := map[[2]string]report.Counts{}
	for _, k := range ukeys {
		mk := [2]string{k[0], k[1][:7]}
		perMonth[mk] = perMonth[mk].Add(perUnit[k])
	}
	mkeys := make([][2]string, 0, len(perMonth))
	for k := range perMonth {
		mkeys = append(mkeys, k)
	}
	sort.Slice(mkeys, func(i, j int) bool { return mkeys[i][0]+mkeys[i][1] < mkeys[j][0]+mkeys[j][1] })
	for _, k := range mkeys {
		out = append(out, statement{q.unitMonthly, withCounts(perMonth[k], k[0], k[1])})
	}
	return append(out, monthlyStatements(delta)...)
}

// countLetter adds one produced letter to the roll-ups of the dossier's
// resolving unit on day at. Called in the transaction that records the letter.
func (tx *Tx) countLetter(ctx context.Context, d *dossier.Dossier, at time.Time) error {
	k := report.Key{UnitID: d.ResolvingUnitID, Day: calendar.DateOf(at).String(), Field: d.FieldCode,
		Procedure: d.ProcedureCode, Officer: d.LeadID, Channel: int(d.Channel)}
	return tx.addStats(ctx, report.Contribution{k: {Letters: 1}})
}

// ReportScope selects what a report covers; empty fields do not filter.
type ReportScope struct {
	// UnitIDs are the units (a province passes itself and its communes).
	UnitIDs   []string
	Field     string
	Procedure string
	Officer   string
	Channel   int
}

func (s ReportScope) detailed() bool {
	return s.Field != "" || s.Procedure != "" || s.Officer != "" || s.Channel != 0
}

// ReportCounts sums the roll-ups for the days from..to (inclusive, Vietnam
// dates) in scope. A scope by unit alone reads the per-unit tables.
func (db *DB) ReportCounts(ctx context.Context, from, to calendar.Date, scope ReportScope) (report.Counts, error) {
	var c report.Counts
	_, ptrs := c.Columns()
	dest := make([]any, len(ptrs))
	for i, p := range ptrs {
		dest[i] = p
	}
	var q string
	var args []any
	if scope.detailed() {
		var src string
		src, args = rollupSource(from, to, scope, "unit_id")
		q = "SELECT " + sumColumns() + " FROM " + src
	} else {
		var src string
		src, args = unitRollupSource(from, to, scope, "unit_id")
		q = "SELECT " + sumColumns() + " FROM " + src
	}
	key := rollupKey(q, args)
	e, ok, v := db.cachedRollup(key)
	if ok {
		return e.counts, nil
	}
	if err := db.reportRow(ctx, q, args, dest...); err != nil {
		return c, fmt.Errorf("report counts: %w", err)
	}
	db.keepRollup(key, v, rollupEntry{counts: c})
	return c, nil
}

// scopeColumns names the unit, field, procedure, officer and channel columns
// of a table a report scope filters: the roll-ups, or the dossiers.
type scopeColumns struct{ unit, field, procedure, officer, channel string }

var (
	statsScope   = scopeColumns{"unit_id", "field_code", "procedure_code", "officer_id", "channel"}
	dossierScope = scopeColumns{"resolving_unit_id", "field_code", "procedure_code", "lead_id", "channel"}
)

// where appends the scope's conditions over cols to where, numbering their
// arguments after those already in args.
func (s ReportScope) where(cols scopeColumns, where []string, args []any) ([]string, []any) {
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if len(s.UnitIDs) > 0 {
		ps := make([]string, len(s.UnitIDs))
		for i, u := range s.UnitIDs {
			ps[i] = arg(u)
		}
		where = append(where, cols.unit+" IN ("+strings.Join(ps, ", ")+")")
	}
	if s.Field != "" {
		where = append(where, cols.field+" = "+arg(s.Field))
	}
	if s.Procedure != "" {
		where = append(where, cols.procedure+" = "+arg(s.Procedure))
	}
	if s.Officer != "" {
		where = append(where, cols.officer+" = "+arg(s.Officer))
	}
	if s.Channel != 0 {
		where = append(where, cols.channel+" = "+arg(s.Channel))
	}
	return where, args
}

// sumColumns is the SELECT list summing every counter.
func sumColumns() string {
	cols := statColumns()
	sums := make([]string, len(cols))
	for i, c := range cols {
		sums[i] = "COALESCE(SUM(" + c + "), 0)"
	}
	return strings.Join(sums, ", ")
}

// Breakdown is the counts of one value of a dimension.
type Breakdown struct {
	Key    string        `json:"key"`
	Counts report.Counts `json:"counts"`
}

// ReportBreakdown sums the roll-ups by one dimension: "field", "procedure",
// "officer", "channel", "unit" or "month".
func (db *DB) ReportBreakdown(ctx context.Context, from, to calendar.Date, scope ReportScope, by string) ([]Breakdown, error) {
	var group string
	switch by {
	case "field":
		group = "field_code"
	case "procedure":
		group = "procedure_code"
	case "officer":
		group = "officer_id"
	case "channel":
		group = "CAST(channel AS TEXT)"
	case "unit":
		group = "unit_id"
	case "month":
		group = "SUBSTR(day, 1, 7)"
	default:
		return nil, apperr.Invalidf("by", "không phân tích được theo %q (field, procedure, officer, channel, unit, month)", by)
	}
	var q string
	var args []any
	switch {
	case (by == "unit" || by == "month") && !scope.detailed():
		// Whole months from the per-unit monthly roll-ups.
		if by == "month" {
			group = "month"
		}
		var src string
		src, args = unitRollupSource(from, to, scope, group)
		q = "SELECT k, " + sumColumns() + " FROM " + src + " GROUP BY k ORDER BY k"
	case by == "field" || by == "officer" || by == "month" || by == "unit":
		// Whole months from the monthly roll-ups when the scope allows.
		if by == "month" {
			group = "month"
		}
		var src string
		src, args = rollupSource(from, to, scope, group)
		q = "SELECT k, " + sumColumns() + " FROM " + src + " GROUP BY k ORDER BY k"
	default:
		var where []string
		where, args = scope.where(statsScope, []string{"day >= $1", "day <= $2"}, []any{from.String(), to.String()})
		q = "SELECT " + group + ", " + sumColumns() + " FROM stats_daily WHERE " + strings.Join(where, " AND ") +
			" GROUP BY " + group + " ORDER BY " + group
	}
	key := rollupKey(q, args)
	e, ok, v := db.cachedRollup(key)
	if ok {
		return slices.Clone(e.rows), nil
	}
	rows, err := db.reportRows(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("report breakdown: %w", err)
	}
	defer rows.Close()
	var out []Breakdown
	for rows.Next() {
		var b Breakdown
		_, ptrs := b.Counts.Columns()
		dest := []any{&b.Key}
		for _, p := range ptrs {
			dest = append(dest, p)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("report breakdown: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report breakdown: %w", err)
	}
	db.keepRollup(key, v, rollupEntry{rows: out})
	return out, nil
}

// ReportPending classifies the pending dossiers of the units at instant now
// (statuses 2, 4, 5, 6): in time, due within 24 hours, overdue, waiting for a
// supplement. A dossier received after now is not counted: a past period's
// report does not count what came in after its end.
func (db *DB) ReportPending(ctx context.Context, now time.Time, scope ReportScope) (report.Pending, error) {
	where, args := scope.where(dossierScope, []string{"status IN (2, 4, 5, 6)", "received_at <= $1"},
		[]any{now.UnixMilli(), now.Add(calendar.DueSoonWindow).UnixMilli()})
	var p report.Pending
	err := db.reportRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status <> 5 AND appointment_at >= $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status <> 5 AND appointment_at >= $1 AND appointment_at <= $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status <> 5 AND appointment_at < $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 5 THEN 1 ELSE 0 END), 0)
		FROM dossiers WHERE `+strings.Join(where, " AND "), args, &p.InTime, &p.DueSoon, &p.Overdue, &p.InSupplement)
	if err != nil {
		return p, fmt.Errorf("pending dossiers: %w", err)
	}
	return p, nil
}

// ReportOffer counts the catalogue's procedures, and those offered online.
func (db *DB) ReportOffer(ctx context.Context) (report.Offer, error) {
	var o report.Offer
	err := db.reportRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN online <> 'counter' THEN 1 ELSE 0 END), 0)
		FROM procedures`, nil, &o.ProceduresTotal, &o.ProceduresOnline)
	if err != nil {
		return o, fmt.Errorf("procedure offer: %w", err)
	}
	o.ProceduresPublished = o.ProceduresTotal
	return o, nil
}

// UnitTree returns the id of the unit and of every unit below it.
func (db *DB) UnitTree(ctx context.Context, unitID string) ([]string, error) {
	units, err := db.sharedUnits(ctx)
	if err != nil {
		return nil, err
	}
	children := map[string][]string{}
	for _, u := range units {
		if u.ParentID != "" {
			children[u.ParentID] = append(children[u.ParentID], u.ID)
		}
	}
	out := []string{unitID}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out, nil
}

// ReportFacts gathers everything the indicators of a period and scope are
// computed from: the summed roll-ups, the pending dossiers at instant now,
// and the catalogue's offer.
func (db *DB) ReportFacts(ctx context.Context, p report.Period, scope ReportScope, now time.Time) (report.Facts, error) {
	var f report.Facts
	var err error
	if f.Counts, err = db.ReportCounts(ctx, p.From, p.To, scope); err != nil {
		return f, err
	}
	if f.Pending, err = db.ReportPending(ctx, now, scope); err != nil {
		return f, err
	}
	if f.Offer, err = db.ReportOffer(ctx); err != nil {
		return f, err
	}
	// Feedback is about a unit, not a field, procedure, officer or channel:
	// a narrower scope has no feedback facts ("no data").
	if !scope.detailed() {
		if f.Feedback, err = db.ReportFeedback(ctx, p.From, p.To, scope.UnitIDs); err != nil {
			return f, err
		}
	}
	return f, nil
}
