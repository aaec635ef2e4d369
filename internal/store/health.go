package store

import (
	"context"
	"fmt"
	"path/filepath"
)

// ReadOnly reports whether the database would refuse a write, and why:
// on PostgreSQL a standby (pg_is_in_recovery, a replica behind a proxy that
// routed us wrong) or a session read-only by default; on SQLite a database
// file or directory that cannot be written (a read-only mount, permissions).
// It writes nothing.
func (db *DB) ReadOnly(ctx context.Context) (bool, string, error) {
	if db.dialect == Postgres {
		var recovery bool
		var ro string
		if err := db.write.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), current_setting('transaction_read_only')`).Scan(&recovery, &ro); err != nil {
			return false, "", fmt.Errorf("read-only check: %w", err)
		}
		switch {
		case recovery:
			return true, "the PostgreSQL server is a standby (in recovery)", nil
		case ro == "on":
			return true, "PostgreSQL transactions are read-only (default_transaction_read_only)", nil
		}
		return false, "", nil
	}
	path, err := db.File(ctx)
	if err != nil {
		return false, "", err
	}
	for _, p := range []string{path, filepath.Dir(path)} {
		if why := notWritable(p); why != "" {
			return true, why, nil
		}
	}
	return false, "", nil
}

// File returns the path of the SQLite database file ("" on PostgreSQL).
func (db *DB) File(ctx context.Context) (string, error) {
	if db.dialect != SQLite {
		return "", nil
	}
	var file string
	if err := db.read.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		return "", fmt.Errorf("locate the database file: %w", err)
	}
	return file, nil
}
