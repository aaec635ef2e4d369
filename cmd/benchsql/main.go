// Command benchsql prints the rows of one SQL statement as `psql -Atq`
// does (a row a line, fields separated by "|", NULL empty), on a
// "sqlite:PATH" or "postgres://" database: scripts/bench-province.sh reads
// the fixture with it where no sqlite3 command is installed. It is a test
// tool, not part of motcua.
//
//	go run ./cmd/benchsql sqlite:./bench1m-data/motcua.db 'SELECT COUNT(*) FROM dossiers'
package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: benchsql DB_URL SQL")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "benchsql:", err)
		os.Exit(1)
	}
}

// open opens the database as store.Open does, without migrating.
func open(url string) (*sql.DB, error) {
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		path = strings.TrimPrefix(path, "//")
		if _, err := os.Stat(path); err != nil {
			return nil, err // no new empty file for a mistyped path
		}
		return sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	}
	return sql.Open("pgx", url)
}

func run(ctx context.Context, url, query string) error {
	db, err := open(url)
	if err != nil {
		return fmt.Errorf("open %s: %w", url, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("%s: %w", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	w := bufio.NewWriter(os.Stdout)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("%s: %w", query, err)
		}
		for i, v := range vals {
			if i > 0 {
				w.WriteByte('|')
			}
			w.WriteString(v.String)
		}
		w.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", query, err)
	}
	return w.Flush()
}
