package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ExecRaw runs SQL behind the store's back, as someone with access to the
// database file or server could: for tests of the audit chain only.
func (db *DB) ExecRaw(ctx context.Context, q string, args ...any) error {
	_, err := db.write.ExecContext(ctx, q, args...)
	db.rollupsChanged() // it may have written the roll-ups behind the store's back
	return err
}

// RawTransaction runs q with arg n times in one transaction behind the
// store's back, for benchmarks: the floor of a transaction of n statements
// on the store's own connections.
func (db *DB) RawTransaction(ctx context.Context, n int, q string, arg any) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for range n {
		if _, err := tx.ExecContext(ctx, q, arg); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// QueryRowRaw reads one row behind the store's back, for tests.
func (db *DB) QueryRowRaw(ctx context.Context, q string, args ...any) *sql.Row {
	return db.write.QueryRowContext(ctx, q, args...)
}

// Rehash recomputes the stored hash of one event from its (edited) content
// and the previous link, as an attacker who knows the encoding would.
func (db *DB) Rehash(ctx context.Context, id string) error {
	q := fmt.Sprintf(auditRowsSQL, "e.unit_id", "a.unit_id", " WHERE id = $1", "1")
	var r auditRow
	rows, err := db.write.QueryContext(ctx, q, id)
	if err != nil {
		return err
	}
	if !rows.Next() {
		rows.Close()
		return fmt.Errorf("no event %s", id)
	}
	err = r.scan(rows)
	rows.Close()
	if err != nil {
		return err
	}
	var prev string
	if r.chainSeq > 1 {
		err := db.write.QueryRowContext(ctx, `SELECT hash FROM dossier_events WHERE unit_id = $1 AND chain_seq = $2
			UNION ALL SELECT hash FROM admin_events WHERE unit_id = $1 AND chain_seq = $2`, r.unitID, r.chainSeq-1).Scan(&prev)
		if err != nil {
			return err
		}
	}
	_, err = db.write.ExecContext(ctx, `UPDATE `+r.table+` SET hash = $1 WHERE id = $2`,
		chainHash(r.table, r.unitID, r.chainSeq, prev, r.fields()), id)
	return err
}
