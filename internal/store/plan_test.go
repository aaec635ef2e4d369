package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// planDB is a migrated SQLite database to read query plans from: without
// ANALYZE, SQLite's plans do not depend on the data.
func planDB(ctx context.Context, t *testing.T) *DB {
	t.Helper()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// planReads is what SQLite's plan of q reads: the details of its SEARCH and
// SCAN steps, in order.
func planReads(ctx context.Context, t *testing.T, db *DB, q string, args []any) []string {
	t.Helper()
	rows, err := db.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var reads []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(detail, "SEARCH") || strings.HasPrefix(detail, "SCAN") {
			reads = append(reads, detail)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return reads
}
