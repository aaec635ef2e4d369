package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
)

// SetEachPage makes EachDossier read n dossiers at a time, so that a test
// crosses page boundaries with a handful of dossiers; it returns the undo.
func SetEachPage(n int) (undo func()) {
	old := eachPage
	eachPage = n
	return func() { eachPage = old }
}

// RenameApplicant changes the applicant's full name of the dossier with
// this code through the store's update, as a correction would: for tests
// that the search follows the dossier's text.
func (db *DB) RenameApplicant(ctx context.Context, code, name string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		d, err := tx.dossierForUpdate(ctx, code)
		if err != nil {
			return err
		}
		prev := d.Version
		d.Applicant.FullName = name
		d.Version++
		return tx.updateDossier(ctx, d, prev)
	})
}

// DossiersPlan returns how the database would read the dossiers matching
// f (Dossiers): EXPLAIN QUERY PLAN's details on SQLite, EXPLAIN's lines on
// PostgreSQL, whose planner is told that reading the whole table is slow,
// as it is at the sizes the indexes are for (not at a test's).
func (db *DB) DossiersPlan(ctx context.Context, f DossierFilter) ([]string, error) {
	q, args, err := db.dossiersSQL(f)
	if err != nil {
		return nil, err
	}
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	explain := "EXPLAIN QUERY PLAN "
	if db.dialect == Postgres {
		explain = "EXPLAIN "
		if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return nil, err
		}
	}
	rows, err := tx.QueryContext(ctx, explain+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(vals[len(vals)-1]))
	}
	return out, rows.Err()
}

// SetSearchWindow makes a search read n of the unit's newest dossiers row
// by row before it asks the text index; it returns the undo.
func SetSearchWindow(n int) (undo func()) {
	old := searchWindows
	searchWindows = map[Dialect][]int{SQLite: {n}, Postgres: {n}}
	return func() { searchWindows = old }
}

// InSearchWindow is f as a search's first look reads it: the words checked
// row by row on the dossiers stored from createdFrom (Unix ms).
func InSearchWindow(f DossierFilter, createdFrom int64) DossierFilter {
	f.scanText, f.createdFrom = true, createdFrom
	return f
}

// ActAndHold takes the dossier with this code through a, as Act does, in a
// transaction that, once the change is made and before it ends, closes held
// and waits for release: for tests of what an open transaction blocks.
func (db *DB) ActAndHold(ctx context.Context, code string, a dossier.Action, actor *staff.Officer,
	held chan<- struct{}, release <-chan struct{}) error {
	var once sync.Once
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.act(ctx, code, a, actor, nil); err != nil {
			return err
		}
		once.Do(func() { close(held) })
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
}

// PendingKeptAndCounted returns the pending dossiers of unitIDs at now
// counted both ways: from the kept counts (stats_pending and the dossiers
// due around now) and from the dossiers alone.
func (db *DB) PendingKeptAndCounted(ctx context.Context, unitIDs []string, now time.Time) (kept, counted map[string]report.Pending, err error) {
	if kept, err = db.pendingByUnit(ctx, unitIDs, now); err != nil {
		return nil, nil, err
	}
	counted, err = db.pendingFromDossiers(ctx, unitIDs, now)
	return kept, counted, err
}
