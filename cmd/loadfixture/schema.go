package main

// The province fixture's reading and dropping of the bulk tables' schema
// (copies.go).

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// dropKeys drops the indexes, keys and foreign keys of bulkTables (and the
// foreign keys that point at them) and returns the statements that create
// them again, in order: keys, indexes, foreign keys. On SQLite it drops
// what it can (dropKeysSQLite).
func dropKeys(ctx context.Context, conn *sql.DB, d dialect) ([]string, error) {
	if d.sqlite {
		return dropKeysSQLite(ctx, conn)
	}
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
	return append(append(keys, indexes...), fkeys...), dropAll(ctx, conn, drops)
}

// dropKeysSQLite drops the indexes of bulkTables that CREATE INDEX made and
// the triggers that run on their inserts, and returns the statements that
// create them again. SQLite cannot drop a table's keys (its primary keys
// and UNIQUE constraints, kept in sqlite_autoindex_* indexes) without
// building the table again, so they stay; the fixture's connection does
// not check foreign keys (openFixture). The one insert trigger is the
// dossier search's (migration 0035): the search index is built again from
// the dossiers in one go, then the trigger created again; another trigger
// is refused, as the copies would not do its work.
func dropKeysSQLite(ctx context.Context, conn *sql.DB) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT type, name, sql FROM sqlite_master
		WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ('dossiers', 'dossier_events', 'letters')
		ORDER BY type, name`)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	var indexes, triggers, drops []string
	for rows.Next() {
		var kind, name, def string
		if err := rows.Scan(&kind, &name, &def); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list indexes: %w", err)
		}
		switch {
		case kind == "index":
			indexes = append(indexes, def)
			drops = append(drops, "DROP INDEX "+name)
		case !strings.Contains(strings.ToUpper(def), " INSERT ON "):
			// the events' append-only guards: no insert runs them
		case name == "dossier_search_insert":
			triggers = append(triggers, `INSERT INTO dossier_search (dossier_search) VALUES ('rebuild')`, def)
			drops = append(drops, "DROP TRIGGER "+name)
		default:
			rows.Close()
			return nil, fmt.Errorf("trigger %s runs on the inserts the copies make, and the fixture does not do its work: %s", name, def)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	return append(indexes, triggers...), dropAll(ctx, conn, drops)
}

// dropAll runs the drops in one transaction: a failure drops nothing.
func dropAll(ctx context.Context, conn *sql.DB, drops []string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("drop keys: %w", err)
	}
	defer tx.Rollback()
	for _, d := range drops {
		if _, err := tx.ExecContext(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("drop keys: %w", err)
	}
	return nil
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
