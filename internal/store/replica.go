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

// ServePublicFromReplica sends the public pages' reads (the catalogue's list
// of fields and procedures, a procedure's page, the published news) to the
// replica of UseReplica too. They may lag the primary by a fraction of a
// second; the officers' lists of fields and procedures read the same
// queries, so they may lag too, while what decides (intake and actions pin
// the procedure through ProcedureByCode, editing reads its own writes)
// reads the primary. While the replica does not answer, the primary serves.
func (db *DB) ServePublicFromReplica(on bool) { db.publicOnReplica.Store(on) }

// replicaCheckEvery bounds how often public reads probe a replica that failed.
const replicaCheckEvery = 5 * time.Second

// public returns where the public pages read: the replica when asked for and
// answering (probed at most every replicaCheckEvery), else the read pool.
func (db *DB) public(ctx context.Context) querier {
	if db.replica == nil || !db.publicOnReplica.Load() {
		return db.read
	}
	now := time.Now().UnixNano()
	if last := db.replicaChecked.Load(); now-last > int64(replicaCheckEvery) && db.replicaChecked.CompareAndSwap(last, now) {
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		err := db.replica.PingContext(pctx)
		cancel()
		db.replicaDown.Store(err != nil)
		if err != nil {
			db.log.WarnContext(ctx, "read replica unavailable: public pages read from the primary", "err", err)
		}
	}
	if db.replicaDown.Load() {
		return db.read
	}
	return db.replica
}

// PublicProcedureByCode is ProcedureByCode for the public pages: on the
// replica when ServePublicFromReplica is on.
func (db *DB) PublicProcedureByCode(ctx context.Context, code string) (*ProcedureVersion, error) {
	return procedureVersion(ctx, db.public(ctx), `p.code = $1 AND v.version = p.current_version`, code)
}
