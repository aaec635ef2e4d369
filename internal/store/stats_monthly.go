package store

import (
	"fmt"
	"sort"
	"strings"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/report"
)

// monthKey is one row of stats_monthly: a unit, a month (YYYY-MM), a field
// and an officer.
type monthKey struct{ unit, month, field, officer string }

// monthlyStatements are the upserts that add the deltas to the monthly
// roll-ups (stats_monthly), summed per (unit, month, field, officer), in a
// stable key order; statsStatements puts them after the daily rows', so
// that every transaction takes the row locks of the tables in the same
// order.
func monthlyStatements(delta report.Contribution) []statement {
	sums := map[monthKey]report.Counts{}
	for k, c := range delta {
		mk := monthKey{k.UnitID, k.Day[:min(len(k.Day), 7)], k.Field, k.Officer}
		sums[mk] = sums[mk].Add(c)
	}
	keys := make([]monthKey, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.unit != b.unit {
			return a.unit < b.unit
		}
		if a.month != b.month {
			return a.month < b.month
		}
		if a.field != b.field {
			return a.field < b.field
		}
		return a.officer < b.officer
	})
	q := rollupSQL().monthly
	out := make([]statement, 0, len(keys))
	for _, k := range keys {
		c := sums[k]
		_, ptrs := c.Columns()
		args := []any{k.unit, k.month, k.field, k.officer}
		for _, p := range ptrs {
			args = append(args, *p)
		}
		out = append(out, statement{q, args})
	}
	return out
}

// monthly reports whether a scope can be read from stats_monthly, which
// keeps the unit, field and officer but not the procedure or channel.
func (s ReportScope) monthly() bool { return s.Procedure == "" && s.Channel == 0 }

// wholeMonths splits the days from..to (inclusive) into the whole months
// they cover, [first, end) as first days of months, and the days before
// first and from end on, which belong to partial months. ok is false when
// no month is whole.
func wholeMonths(from, to calendar.Date) (first, end calendar.Date, ok bool) {
	next := func(d calendar.Date) calendar.Date {
		if d.Month == 12 {
			return calendar.Date{Year: d.Year + 1, Month: 1, Day: 1}
		}
		return calendar.Date{Year: d.Year, Month: d.Month + 1, Day: 1}
	}
	first = from
	if from.Day != 1 {
		first = next(from)
	}
	end = to.AddDays(1)
	if end.Day != 1 {
		end = calendar.Date{Year: end.Year, Month: end.Month, Day: 1}
	}
	return first, end, first.Compare(end) < 0
}

// rollupSource is the FROM of a query summing the detailed roll-ups of
// from..to in scope, with the dimension column group (of stats_daily; "month"
// for the month) as k: the whole months from stats_monthly and the days of
// partial months from stats_daily, both only when the scope allows. The
// sums over it are those of stats_daily over the same days, row for row.
func rollupSource(from, to calendar.Date, scope ReportScope, group string) (string, []any) {
	return monthsAndDays(from, to, scope, group, "stats_monthly", "stats_daily", scope.monthly())
}

// unitRollupSource is the FROM of a query summing the per-unit roll-ups of
// from..to for a scope by unit alone, with group ("unit_id", or "month")
// as k: the whole months from stats_unit_monthly and the days of partial
// months from stats_unit_daily. The sums over it are those of
// stats_unit_daily over the same days, row for row.
func unitRollupSource(from, to calendar.Date, scope ReportScope, group string) (string, []any) {
	return monthsAndDays(from, to, scope, group, "stats_unit_monthly", "stats_unit_daily", true)
}

// monthsAndDays is the FROM of a query summing the roll-ups of from..to in
// scope, with group ("month" for the month) as k: the whole months from the
// monthly table and the days of partial months at either end from the daily
// one; every day from the daily table when monthly is false or the period
// holds no whole month.
func monthsAndDays(from, to calendar.Date, scope ReportScope, group, monthlyTable, dailyTable string, monthly bool) (string, []any) {
	cols := strings.Join(statColumns(), ", ")
	dailyGroup := group
	if group == "month" {
		dailyGroup = "SUBSTR(day, 1, 7)"
	}
	first, end, ok := wholeMonths(from, to)
	if !monthly || !ok {
		where, args := scope.where(statsScope, []string{"day >= $1", "day <= $2"}, []any{from.String(), to.String()})
		return "(SELECT " + dailyGroup + " AS k, " + cols + " FROM " + dailyTable + " WHERE " + strings.Join(where, " AND ") + ") t", args
	}
	args := []any{first.String()[:7], end.String()[:7]}
	mwhere, args := scope.where(statsScope, []string{"month >= $1", "month < $2"}, args)
	src := "SELECT " + group + " AS k, " + cols + " FROM " + monthlyTable + " WHERE " + strings.Join(mwhere, " AND ")
	var edges []string
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if from.Compare(first) < 0 {
		edges = append(edges, "(day >= "+arg(from.String())+" AND day < "+arg(first.String())+")")
	}
	if end.Compare(to) <= 0 {
		edges = append(edges, "(day >= "+arg(end.String())+" AND day <= "+arg(to.String())+")")
	}
	if len(edges) > 0 {
		var dwhere []string
		dwhere, args = scope.where(statsScope, []string{"(" + strings.Join(edges, " OR ") + ")"}, args)
		src += " UNION ALL SELECT " + dailyGroup + " AS k, " + cols + " FROM " + dailyTable + " WHERE " + strings.Join(dwhere, " AND ")
	}
	return "(" + src + ") t", args
}
