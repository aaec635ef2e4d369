package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"
)

// UseReplica sends the reports' reads (stats.go: the indicators, their
// breakdowns, the pending dossiers, the offer) to a PostgreSQL standby, or
// to HAProxy's port over the standbys (scripts/ha-cluster.sh), so that a
// province's heavy reports do not load the primary. A standby lags by a
// fraction of a second, which a report over days does not notice. When the
// standby cannot be reached, the query runs on the primary instead.
func (db *DB) UseReplica(ctx context.Context, dsn string) error {
	if db.dialect != Postgres {
		return fmt.Errorf("a read replica needs PostgreSQL; this database is %s", db.dialect)
	}
	if _, err := url.Parse(dsn); err != nil {
		return fmt.Errorf("read replica: bad PostgreSQL URL: %w", err)
	}
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("read replica: %w", err)
	}
	p.SetMaxOpenConns(16)
	p.SetMaxIdleConns(8)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		// Not fatal: the reports use the primary until the standby answers.
		db.log.WarnContext(ctx, "read replica unreachable: reports read from the primary meanwhile", "replica", redact(dsn), "err", err)
	}
	db.replica = p
	return nil
}

// reportRow runs a one-row report query on the replica when there is one
// and it answers, else on the read pool.
func (db *DB) reportRow(ctx context.Context, q string, args []any, dest ...any) error {
	if db.replica != nil {
		err := db.replica.QueryRowContext(ctx, q, args...).Scan(dest...)
		if err == nil || !uncommitted(err) {
			return err
		}
		db.log.DebugContext(ctx, "read replica unavailable, reading from the primary", "err", err)
	}
	return db.read.QueryRowContext(ctx, q, args...).Scan(dest...)
}

// reportRows is reportRow for a query of many rows.
func (db *DB) reportRows(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if db.replica != nil {
		rows, err := db.replica.QueryContext(ctx, q, args...)
		if err == nil || !uncommitted(err) {
			return rows, err
		}
		db.log.DebugContext(ctx, "read replica unavailable, reading from the primary", "err", err)
	}
	return db.read.QueryContext(ctx, q, args...)
}
