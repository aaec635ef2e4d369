package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestProvinceFixture builds a small province fixture (two communes'
// half-year copied to about 3,000 dossiers) on each engine and checks that
// what the copies wrote agrees with itself: the roll-ups count the dossiers,
// the kept pending counts equal the dossiers' (store.CheckPending), the code
// counters are past every code, the copies have their template's events and
// letters, and the database has the indexes of a migrated one (and on
// SQLite, the search index holds every dossier).
func TestProvinceFixture(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a province fixture (some seconds)")
	}
	for _, e := range []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "motcua.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresSchema(t) }},
	} {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			url := e.url(t)
			var lookup, progress bytes.Buffer
			f := &provinceFixture{url: url, data: t.TempDir(), n: 3000, communes: 2, out: &progress, lookup: &lookup, now: time.Now()}
			if err := f.run(ctx); err != nil {
				t.Fatalf("%v\n%s", err, progress.String())
			}
			if !regexp.MustCompile(`^\S+-\d{6}-\d{4,} \d{4}\n$`).MatchString(lookup.String()) {
				t.Errorf("the lookup line is %q", lookup.String())
			}
			checkFixture(t, url)
		})
	}
}

func checkFixture(t *testing.T, url string) {
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, d, err := openFixture(url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	one := func(q string) int64 {
		t.Helper()
		var n sql.NullInt64
		if err := conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n.Int64
	}

	all, copied := one(`SELECT COUNT(*) FROM dossiers`), one(`SELECT COUNT(*) FROM dossiers WHERE id LIKE 'b%.%'`)
	tpl := one(`SELECT COUNT(*) FROM dossiers WHERE id NOT LIKE 'b%.%' AND created_at < ` + strconv.FormatInt(time.Now().AddDate(0, 0, -60).UnixMilli(), 10))
	if all < 2000 || all > 3500 || tpl == 0 || copied%tpl != 0 || copied/tpl < 10 {
		t.Fatalf("%d dossiers, %d of them copies of a template of %d", all, copied, tpl)
	}
	copies := copied / tpl
	t.Logf("%d dossiers: a template of %d, %d copies, %d in progress", all, tpl, copies, all-copied-tpl)
	// Each copy has its template's intake and status transitions, and letters.
	if got, want := one(`SELECT COUNT(*) FROM dossier_events WHERE id LIKE 'b%.%'`),
		copies*one(`SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id NOT LIKE 'b%.%' AND (e.from_status <> e.to_status OR e.kind IN ('submit', 'receive'))
			AND e.dossier_id IN (SELECT id FROM dossiers WHERE id NOT LIKE 'b%.%' AND created_at < `+strconv.FormatInt(time.Now().AddDate(0, 0, -60).UnixMilli(), 10)+`)`); got != want {
		t.Errorf("the copies have %d events, want %d", got, want)
	}
	if got, want := one(`SELECT COUNT(*) FROM letters WHERE id LIKE 'b%.%'`), copies*one(`SELECT COUNT(*) FROM letters WHERE id NOT LIKE 'b%.%'
		AND dossier_id IN (SELECT id FROM dossiers WHERE created_at < `+strconv.FormatInt(time.Now().AddDate(0, 0, -60).UnixMilli(), 10)+`)`); got != want {
		t.Errorf("the copies have %d letters, want %d", got, want)
	}
	// The roll-ups count the dossiers, by day and by month.
	for _, c := range []struct{ col, when string }{{"received", "received_at"}, {"returned", "returned_at"}} {
		want := one(`SELECT COUNT(*) FROM dossiers WHERE ` + c.when + ` IS NOT NULL`)
		for _, tb := range []string{"stats_daily", "stats_unit_daily", "stats_monthly", "stats_unit_monthly"} {
			if got := one(`SELECT SUM(` + c.col + `) FROM ` + tb); got != want {
				t.Errorf("%s.%s sums to %d, the dossiers say %d", tb, c.col, got, want)
			}
		}
	}
	if drift, err := db.CheckPending(ctx, false); err != nil || len(drift) > 0 {
		t.Errorf("pending counts: %v, %+v", err, drift)
	}
	// The next code of any unit and day is new: its counter is past every code.
	rows, err := conn.QueryContext(ctx, `SELECT d.code, COALESCE(c.n, 0) FROM dossiers d
		JOIN units u ON u.id = d.receiving_unit_id
		LEFT JOIN dossier_counters c ON c.unit_id = u.id AND c.day = '20' || SUBSTR(d.code, LENGTH(u.code) + 2, 2) || '-' ||
			SUBSTR(d.code, LENGTH(u.code) + 4, 2) || '-' || SUBSTR(d.code, LENGTH(u.code) + 6, 2)`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var code string
		var counter int
		if err := rows.Scan(&code, &counter); err != nil {
			t.Fatal(err)
		}
		seq, err := strconv.Atoi(code[strings.LastIndexByte(code, '-')+1:])
		if err != nil || seq > counter {
			t.Errorf("%s: counter %d (%v)", code, counter, err)
		}
		n++
	}
	rows.Close()
	if int64(n) != all {
		t.Errorf("%d dossiers with a counter, of %d", n, all)
	}
	// The indexes of a migrated database, and on SQLite the search's.
	fresh := migratedIndexes(t, d)
	if got := indexes(t, conn, d); !slices.Equal(got, fresh) {
		t.Errorf("indexes:\n%s\na migrated database's:\n%s", strings.Join(got, "\n"), strings.Join(fresh, "\n"))
	}
	if d.sqlite {
		if got := one(`SELECT COUNT(*) FROM dossier_search`); got != all {
			t.Errorf("the search index has %d rows, for %d dossiers", got, all)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO dossier_search (dossier_search) VALUES ('integrity-check')`); err != nil {
			t.Errorf("the search index: %v", err)
		}
	}
}

// indexes lists the database's indexes and triggers with their definitions
// (SQLite), or the names of its indexes (PostgreSQL, whose definitions name
// the schema).
func indexes(t *testing.T, conn *sql.DB, d dialect) []string {
	q := `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1`
	if d.sqlite {
		q = `SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name`
	}
	rows, err := conn.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func migratedIndexes(t *testing.T, d dialect) []string {
	url := "sqlite:" + filepath.Join(t.TempDir(), "fresh.db")
	if !d.sqlite {
		url = storetest.PostgresSchema(t)
	}
	db, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	conn, _, err := openFixture(url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return indexes(t, conn, d)
}
