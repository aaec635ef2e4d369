package main

// The province fixture's reading and dropping of the bulk tables' schema
// (province.go).

import (
	"context"
	"database/sql"
	"fmt"
)

// dropKeys drops the indexes, keys and foreign keys of bulkTables (and the
// foreign keys that point at them) and returns the statements that create
// them again, in order: keys, indexes, foreign keys.
func dropKeys(ctx context.Context, conn *sql.DB) ([]string, error) {
	tables := `('dossiers'::regclass, 'dossier_events'::regclass, 'letters'::regclass)`
	var keys, indexes, fkeys, drops []string
	rows, err := conn.QueryContext(ctx, `SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE contype IN ('p', 'u', 'f') AND (conrelid IN `+tables+` OR confrelid IN `+tables+`) ORDER BY contype = 'f' DESC`)
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	for rows.Next() {
		var tb, name, kind, def string
		if err := rows.Scan(&tb, &name, &kind, &def); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list keys: %w", err)
		}
		add := fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s %s", tb, name, def)
		if kind == "f" { // listed first: dropped before the keys they need
			fkeys = append(fkeys, add)
			drops = append(drops, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", tb, name))
		} else {
			keys = append(keys, add)
			drops = append(drops, fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", tb, name))
		}
	}
	rows.Close()
	rows, err = conn.QueryContext(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
		WHERE i.indrelid IN `+tables+` AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))`)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list indexes: %w", err)
		}
		indexes = append(indexes, def)
		drops = append(drops, "DROP INDEX "+name)
	}
	rows.Close()
	// In one transaction: a failure drops nothing.
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("drop keys: %w", err)
	}
	defer tx.Rollback()
	for _, d := range drops {
		if _, err := tx.ExecContext(ctx, d); err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("drop keys: %w", err)
	}
	return append(append(keys, indexes...), fkeys...), nil
}

// columns lists the columns a copy writes: every one but the generated
// ones (the dossiers' search_vector), which PostgreSQL computes itself.
func columns(ctx context.Context, conn *sql.DB, table string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
		ORDER BY ordinal_position`, table)
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

func countRows(ctx context.Context, conn *sql.DB, table string) int {
	var n int
	_ = conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n)
	return n
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
