package main

// The province fixture on either engine: what differs between PostgreSQL
// and SQLite in its SQL, each difference in one small method, so that the
// copies, roll-ups and counters (copies.go) are one statement for both.

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver
)

// dialect is the engine of the fixture's database.
type dialect struct {
	sqlite bool
	path   string // SQLite: the database file
}

// openFixture opens the fixture's own connection (one: the copies run one
// statement after the other) to a "sqlite:PATH" or "postgres://" URL. On
// SQLite the connection loads without waiting for the disk
// (synchronous=OFF: a crash during the build leaves a fixture to build
// again, not data to save) and without checking foreign keys, as
// PostgreSQL's load runs with them dropped; finish restores the disk's
// waits before the file is handed over.
func openFixture(url string) (*sql.DB, dialect, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
		if path == "" {
			return nil, dialect{}, fmt.Errorf("empty SQLite path in %q", url)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, dialect{}, fmt.Errorf("open %s: %w", url, err)
		}
		conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)"+
			"&_pragma=synchronous(OFF)&_pragma=foreign_keys(0)&_pragma=cache_size(-262144)")
		if err != nil {
			return nil, dialect{}, fmt.Errorf("open %s: %w", url, err)
		}
		conn.SetMaxOpenConns(1)
		return conn, dialect{sqlite: true, path: path}, nil
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		conn, err := sql.Open("pgx", url)
		if err != nil {
			return nil, dialect{}, fmt.Errorf("open %s: %w", url, err)
		}
		conn.SetMaxOpenConns(1)
		return conn, dialect{}, nil
	}
	return nil, dialect{}, fmt.Errorf("--province needs --db sqlite:PATH or --db postgres://... (got %q)", url)
}

// hasTable reports whether the table exists.
func (d dialect) hasTable(ctx context.Context, conn *sql.DB, table string) (bool, error) {
	q := `SELECT to_regclass($1) IS NOT NULL` // in the search path's schema
	if d.sqlite {
		q = `SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = $1`
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, q, table).Scan(&ok); err != nil {
		return false, fmt.Errorf("look at the database: %w", err)
	}
	return ok, nil
}

// series is a common table expression NAME(k) of the integers lo to hi (SQL
// expressions: literals or parameters). SQLite has no generate_series
// (modernc.org/sqlite is built without the series extension): it counts
// with a recursive expression.
func (d dialect) series(name, lo, hi string) string {
	if d.sqlite {
		return fmt.Sprintf(`%s(k) AS (SELECT CAST(%s AS INTEGER) UNION ALL SELECT k + 1 FROM %[1]s WHERE k < CAST(%[3]s AS INTEGER))`, name, lo, hi)
	}
	return fmt.Sprintf(`%s(k) AS (SELECT k FROM generate_series(CAST(%s AS INTEGER), CAST(%s AS INTEGER)) AS s(k))`, name, lo, hi)
}

// codeParts are the template's columns fx_prefix (the unit's code), fx_day
// (the day, a value day and dayOf take) and fx_seq (the sequence) of a
// dossier's code UNIT-YYMMDD-SEQ. SQLite has no regular expressions: the
// code without its trailing digits ends with "-YYMMDD-".
func (d dialect) codeParts(code string) string {
	if d.sqlite {
		r := `rtrim(` + code + `, '0123456789')`
		return `substr(` + r + `, 1, length(` + r + `) - 8) AS fx_prefix,
			julianday('20' || substr(` + r + `, -7, 2) || '-' || substr(` + r + `, -5, 2) || '-' || substr(` + r + `, -3, 2)) AS fx_day,
			CAST(substr(` + code + `, length(` + r + `) + 1) AS INTEGER) AS fx_seq`
	}
	return `regexp_replace(` + code + `, '-[0-9]{6}-[0-9]+$', '') AS fx_prefix,
			to_date(substring(` + code + ` from '-([0-9]{6})-[0-9]+$'), 'YYMMDD') AS fx_day,
			CAST(substring(` + code + ` from '-([0-9]+)$') AS INTEGER) AS fx_seq`
}

// dayOf is the day of a 'YYYY-MM-DD' text, to which whole days are added
// (a date on PostgreSQL, a Julian day number on SQLite).
func (d dialect) dayOf(text string) string {
	if d.sqlite {
		return `julianday(` + text + `)`
	}
	return `to_date(` + text + `, 'YYYY-MM-DD')`
}

// day formats a day (dayOf, fx_day, plus whole days) as "YYMMDD" or
// "YYYY-MM-DD".
func (d dialect) day(expr, layout string) string {
	if !d.sqlite {
		return `to_char(` + expr + `, '` + layout + `')`
	}
	if layout == "YYMMDD" {
		return `substr(strftime('%Y%m%d', ` + expr + `), 3)`
	}
	return `date(` + expr + `)`
}

// seq4 formats a sequence number as dossier.FormatCode does (%04d): four
// digits, or more past 9999 (PostgreSQL's lpad alone would cut it).
func (d dialect) seq4(x string) string {
	if d.sqlite {
		return `printf('%04d', ` + x + `)`
	}
	return `to_char(` + x + `, 'FM0000' || repeat('9', GREATEST(0, length(CAST(` + x + ` AS TEXT)) - 4)))`
}

// greatest is the largest of instants or counts, NULLs left out as
// PostgreSQL's GREATEST does; SQLite's max() of several values is NULL when
// one is, so they count as 0 there (below every instant and count).
func (d dialect) greatest(xs ...string) string {
	if !d.sqlite {
		return `GREATEST(` + strings.Join(xs, ", ") + `)`
	}
	var c []string
	for _, x := range xs {
		c = append(c, `COALESCE(`+x+`, 0)`)
	}
	return `max(` + strings.Join(c, ", ") + `)`
}

// columns lists the columns a copy writes: every one but the generated
// ones (PostgreSQL's dossiers.search_vector), which the engine computes.
func (d dialect) columns(ctx context.Context, conn *sql.DB, table string) ([]string, error) {
	q := `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
		ORDER BY ordinal_position`
	if d.sqlite {
		q = `SELECT name FROM pragma_table_xinfo($1) WHERE hidden = 0 ORDER BY cid` // 2, 3: generated
	}
	rows, err := conn.QueryContext(ctx, q, table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("columns of %s: %w", table, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// finish makes the loaded database ready to serve: PostgreSQL's VACUUM
// sets the hint bits and the visibility map of the loaded pages, as
// autovacuum would later (the first readers do not write them, and
// index-only scans work from the start), and gathers the planner's
// statistics; SQLite gathers them (ANALYZE), waits for the disk again and
// moves the write-ahead log into the file.
func (d dialect) finish(ctx context.Context, conn *sql.DB) error {
	q := `VACUUM (ANALYZE)`
	if d.sqlite {
		q = `ANALYZE; PRAGMA synchronous = NORMAL; PRAGMA wal_checkpoint(TRUNCATE)`
	}
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}

// size is the database's size on disk, for people.
func (d dialect) size(ctx context.Context, conn *sql.DB) (string, error) {
	if d.sqlite {
		var n int64
		for _, suffix := range []string{"", "-wal"} {
			if st, err := os.Stat(d.path + suffix); err == nil {
				n += st.Size()
			}
		}
		return fmt.Sprintf("%.1f MB", float64(n)/1e6), nil
	}
	var size string
	if err := conn.QueryRowContext(ctx, `SELECT pg_size_pretty(pg_database_size(current_database()))`).Scan(&size); err != nil {
		return "", fmt.Errorf("database size: %w", err)
	}
	return size, nil
}
