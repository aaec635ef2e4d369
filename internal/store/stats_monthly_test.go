package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// monthlyTown drives dossiers of two fields across month ends (received on
// the last days of a month, resolved in the next; one withdrawn a month
// after it came in; some pending) so that the daily and monthly roll-ups
// both have rows on either side of every boundary the periods below cut.
func monthlyTown(t *testing.T, e storetest.Engine) *storetest.Town {
	t.Helper()
	tw := storetest.NewTown(t, e)
	for _, p := range []storetest.Path{
		{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-01-30 09:00", Resolved: "2025-02-03 10:00", Returned: true},
		{Procedure: "2.000815", Channel: dossier.Counter, Received: "2025-01-31 14:00", Resolved: "2025-01-31 16:00"},
		{Procedure: "1.004873", Channel: dossier.Online, Received: "2025-02-27 09:00", Resolved: "2025-03-10 10:00"},
		{Procedure: "2.000815", Channel: dossier.Counter, Received: "2025-02-28 08:00", Resolved: "2025-03-03 09:00"},
		{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-14 10:00", Resolved: "2025-03-31 15:00", Returned: true},
		{Procedure: "2.000815", Channel: dossier.Counter, Received: "2025-04-01 09:00"},
		{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-04-30 16:00"},
	} {
		tw.Drive(t, p)
	}
	d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-02-14 09:00"})
	tw.Clock.Set(t, "2025-03-14 09:00")
	if _, err := tw.DB.Act(context.Background(), d.Code, dossier.Action{Kind: dossier.ActWithdraw, Reason: "Công dân rút hồ sơ"}, tw.Reception); err != nil {
		t.Fatal(err)
	}
	return tw
}

// dailySums sums every counter of stats_daily over the days from..to where
// the extra condition holds, straight from the daily table.
func dailySums(t *testing.T, tw *storetest.Town, from, to, cond string, args ...any) report.Counts {
	t.Helper()
	var c report.Counts
	names, ptrs := c.Columns()
	sums := make([]string, len(names))
	dest := make([]any, len(ptrs))
	for i, n := range names {
		sums[i] = "COALESCE(SUM(" + n + "), 0)"
		dest[i] = ptrs[i]
	}
	q := "SELECT " + strings.Join(sums, ", ") + " FROM stats_daily WHERE day >= $1 AND day <= $2 AND " + cond
	if err := tw.DB.QueryRowRaw(context.Background(), q, append([]any{from, to}, args...)...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return c
}

// TestBreakdownsFromMonthlyRollups checks the breakdowns by field, officer
// and month, and the counts of a field or officer, for periods of whole
// months, partial months on either side, a single day and a day range inside
// a month, against sums taken straight from the daily roll-ups.
func TestBreakdownsFromMonthlyRollups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := monthlyTown(t, e)
		ctx := context.Background()
		var officers int
		if err := tw.DB.QueryRowRaw(ctx, `SELECT COUNT(DISTINCT officer_id) FROM stats_daily WHERE officer_id <> ''`).Scan(&officers); err != nil {
			t.Fatal(err)
		}
		if officers < 1 {
			t.Fatal("the town's roll-ups name no officer")
		}
		dims := map[string]string{"field": "field_code", "officer": "officer_id", "month": "SUBSTR(day, 1, 7)", "unit": "unit_id"}
		// The field of the first procedure, and an officer, to filter by.
		var field, officer string
		if err := tw.DB.QueryRowRaw(ctx, `SELECT field_code, officer_id FROM stats_daily WHERE officer_id <> '' ORDER BY day LIMIT 1`).Scan(&field, &officer); err != nil {
			t.Fatal(err)
		}
		unit := []string{tw.Unit.ID}
		scopes := []store.ReportScope{{UnitIDs: unit}, {UnitIDs: unit, Field: field}, {UnitIDs: unit, Officer: officer},
			{UnitIDs: unit, Field: field, Officer: officer}, {UnitIDs: unit, Procedure: "2.000815"},
			{UnitIDs: unit, Channel: int(dossier.Online)}}
		periods := [][2]string{
			{"2025-01-01", "2025-12-31"}, // whole months only
			{"2025-01-31", "2025-03-01"}, // a day of January, February whole, a day of March
			{"2025-02-01", "2025-03-14"}, // whole February, half of March
			{"2025-01-15", "2025-02-28"}, // half of January, whole February
			{"2025-02-27", "2025-02-28"}, // inside one month
			{"2025-03-31", "2025-03-31"}, // one day
			{"2025-01-30", "2025-04-30"}, // partial, two whole, whole April ending on its last day
			{"2025-03-01", "2025-04-15"}, // whole March, the first half of April (from its first day)
			{"2025-02-15", "2025-04-01"}, // half of February, whole March, the first of April
		}
		checked := 0
		for _, p := range periods {
			from, to := mustDate(t, p[0]), mustDate(t, p[1])
			for _, sc := range scopes {
				cond, args := scopeCond(sc, 3)
				for by, expr := range dims {
					got, err := tw.DB.ReportBreakdown(ctx, from, to, sc, by)
					if err != nil {
						t.Fatal(err)
					}
					var keys int
					if err := tw.DB.QueryRowRaw(ctx, "SELECT COUNT(DISTINCT "+expr+") FROM stats_daily WHERE day >= $1 AND day <= $2 AND "+cond,
						append([]any{p[0], p[1]}, args...)...).Scan(&keys); err != nil {
						t.Fatal(err)
					}
					if len(got) != keys {
						t.Errorf("%v %+v by %s: %d rows, the daily roll-ups have %d keys", p, sc, by, len(got), keys)
					}
					for i, b := range got {
						if i > 0 && got[i-1].Key >= b.Key {
							t.Errorf("%v by %s: %q after %q", p, by, b.Key, got[i-1].Key)
						}
						want := dailySums(t, tw, p[0], p[1], cond+" AND "+expr+" = "+fmt.Sprintf("$%d", 3+len(args)), append(args, b.Key)...)
						if b.Counts != want {
							t.Errorf("%v %+v by %s, %q:\n got %+v\nwant %+v", p, sc, by, b.Key, b.Counts, want)
						}
						checked += int(want.Received)
					}
				}
				got, err := tw.DB.ReportCounts(ctx, from, to, sc)
				if err != nil {
					t.Fatal(err)
				}
				if want := dailySums(t, tw, p[0], p[1], cond, args...); got != want {
					t.Errorf("%v %+v counts:\n got %+v\nwant %+v", p, sc, got, want)
				}
			}
		}
		if checked == 0 {
			t.Fatal("no period received anything: the test checks nothing")
		}
	})
}

// TestMonthlyRollupsMatchDaily checks, after real lifecycles (including a
// withdrawal that moves counts between days), that every monthly row is
// the sum of the daily rows of its month and that no daily key is missing;
// then that migration 0030's backfill, run over the same daily rows, builds
// the same monthly rows; and the same of the per-unit months
// (stats_unit_monthly, migration 0034).
func TestMonthlyRollupsMatchDaily(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := monthlyTown(t, e)
		ctx := context.Background()
		checkMonthly(t, tw)
		rerunBackfill(ctx, t, tw, "0030_stats_monthly.sql", "stats_monthly")
		checkMonthly(t, tw)

		// The same for the per-unit months and migration 0034's backfill.
		checkUnitMonthly(t, tw)
		rerunBackfill(ctx, t, tw, "0034_scale.sql", "stats_unit_monthly")
		checkUnitMonthly(t, tw)
	})
}

// checkUnitMonthly: every per-unit monthly row is the sum of the unit's
// daily rows of its month, one row per unit and month that has days.
func checkUnitMonthly(t *testing.T, tw *storetest.Town) {
	t.Helper()
	ctx := context.Background()
	var c report.Counts
	names, _ := c.Columns()
	var diff []string
	for _, n := range names {
		diff = append(diff, "m."+n+" <> d."+n)
	}
	var bad, rows, keys int
	if err := tw.DB.QueryRowRaw(ctx, `SELECT COUNT(*) FROM (SELECT unit_id, SUBSTR(day, 1, 7) AS month, `+sumsAs(names)+`
		FROM stats_unit_daily GROUP BY unit_id, SUBSTR(day, 1, 7)) d
		LEFT JOIN stats_unit_monthly m ON m.unit_id = d.unit_id AND m.month = d.month
		WHERE m.unit_id IS NULL OR `+strings.Join(diff, " OR ")).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d per-unit monthly rows differ from the sums of their days", bad)
	}
	if err := tw.DB.QueryRowRaw(ctx, `SELECT (SELECT COUNT(*) FROM stats_unit_monthly),
		(SELECT COUNT(*) FROM (SELECT DISTINCT unit_id, SUBSTR(day, 1, 7) FROM stats_unit_daily) k)`).Scan(&rows, &keys); err != nil {
		t.Fatal(err)
	}
	if keys < 4 || rows != keys {
		t.Errorf("%d per-unit monthly rows, want one per unit and month with days (%d, at least four)", rows, keys)
	}
}

func checkMonthly(t *testing.T, tw *storetest.Town) {
	t.Helper()
	ctx := context.Background()
	var c report.Counts
	names, _ := c.Columns()
	var diff []string
	for _, n := range names {
		diff = append(diff, "m."+n+" <> d."+n)
	}
	q := `SELECT COUNT(*) FROM (SELECT unit_id, SUBSTR(day, 1, 7) AS month, field_code, officer_id, ` + sumsAs(names) + `
		FROM stats_daily GROUP BY unit_id, SUBSTR(day, 1, 7), field_code, officer_id) d
		LEFT JOIN stats_monthly m ON m.unit_id = d.unit_id AND m.month = d.month AND m.field_code = d.field_code AND m.officer_id = d.officer_id
		WHERE m.unit_id IS NULL OR ` + strings.Join(diff, " OR ")
	var bad, months, rows, dailyKeys int
	if err := tw.DB.QueryRowRaw(ctx, q).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d monthly rows differ from the sums of their days", bad)
	}
	if err := tw.DB.QueryRowRaw(ctx, `SELECT COUNT(DISTINCT month), COUNT(*) FROM stats_monthly`).Scan(&months, &rows); err != nil {
		t.Fatal(err)
	}
	if err := tw.DB.QueryRowRaw(ctx, `SELECT COUNT(*) FROM (SELECT DISTINCT unit_id, SUBSTR(day, 1, 7), field_code, officer_id FROM stats_daily) k`).Scan(&dailyKeys); err != nil {
		t.Fatal(err)
	}
	if months < 4 || rows != dailyKeys {
		t.Errorf("%d monthly rows over %d months, want one per daily key (%d) over January to April", rows, months, dailyKeys)
	}
}

func sumsAs(names []string) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = "SUM(" + n + ") AS " + n
	}
	return strings.Join(s, ", ")
}

// scopeCond is the condition of a report scope over stats_daily, written
// here independently of the store, with arguments numbered from first.
func scopeCond(sc store.ReportScope, first int) (string, []any) {
	var conds []string
	var args []any
	add := func(col string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf("%s = $%d", col, first+len(args)-1))
	}
	add("unit_id", sc.UnitIDs[0])
	if sc.Field != "" {
		add("field_code", sc.Field)
	}
	if sc.Officer != "" {
		add("officer_id", sc.Officer)
	}
	if sc.Procedure != "" {
		add("procedure_code", sc.Procedure)
	}
	if sc.Channel != 0 {
		add("channel", sc.Channel)
	}
	return strings.Join(conds, " AND "), args
}

// rerunBackfill empties table and fills it again with the migration's
// statement that backfills it (its INSERT INTO table).
func rerunBackfill(ctx context.Context, t *testing.T, tw *storetest.Town, migration, table string) {
	t.Helper()
	sql, err := os.ReadFile("migrations/common/" + migration)
	if err != nil {
		t.Fatal(err)
	}
	var backfill string
	for _, stmt := range strings.Split(string(sql), ";") {
		if s := strings.TrimSpace(stmt); strings.HasPrefix(s, "INSERT INTO "+table+" ") {
			backfill = s
		}
	}
	if backfill == "" {
		t.Fatalf("migration %s has no backfill of %s", migration, table)
	}
	if err := tw.DB.ExecRaw(ctx, `DELETE FROM `+table); err != nil {
		t.Fatal(err)
	}
	if err := tw.DB.ExecRaw(ctx, backfill); err != nil {
		t.Fatal(err)
	}
}
