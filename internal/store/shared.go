package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/report"
)

// Some rows are written by every change in a unit: the head of the unit's
// audit chain (audit.go), its roll-ups of the day and the month (stats.go)
// and its count of pending dossiers by appointment day (pending.go). On
// PostgreSQL a transaction that updates such a row holds its lock until it
// ends, and every other writer of the unit waits for it. So a transaction
// only notes what it adds to them (chain, addStats, notePending) and writes
// it all at its end (writeShared), just before the commit: the locks are
// then held for those few statements and the commit, not for the whole
// transaction. The order is always the same, the roll-ups by key, the
// pending counts by key, then the chains by unit, so that two transactions
// never wait on each other in a circle. On SQLite, whose single writer
// holds the whole database, this changes nothing but the number of
// statements: a transaction's roll-ups are summed into one row each.

// chainRow is a row of dossier_events or admin_events waiting for its place
// in its unit's chain: insert takes args, then chain_seq and hash.
type chainRow struct {
	unitID string
	table  string
	fields []string // the row's columns in canonical order (audit.go)
	insert string
	args   []any
}

// put sets (*m)[k] to v, making the map first if there is none yet: the
// transaction's maps of what it already knows (Tx.eventSeq, calendarRev,
// unitName).
func put[K comparable, V any](m *map[K]V, k K, v V) {
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
}

// chain queues a row for its unit's chain, written by writeShared.
func (tx *Tx) chain(r chainRow) { tx.chained = append(tx.chained, r) }

// statement is a statement and its arguments (statsStatements).
type statement struct {
	query string
	args  []any
}

// writeShared writes the roll-ups and the chained rows the transaction
// queued.
func (tx *Tx) writeShared(ctx context.Context) error {
	// Sums that came to nothing (a change undone in the same transaction)
	// write no row.
	maps.DeleteFunc(tx.stats, func(_ report.Key, c report.Counts) bool { return c == report.Counts{} })
	if len(tx.stats) > 0 {
		stmts := statsStatements(tx.stats)
		tx.stats = nil
		for _, s := range stmts {
			if _, err := tx.exec(ctx, s.query, s.args...); err != nil {
				return fmt.Errorf("roll-up: %w", err)
			}
		}
	}
	if err := tx.writePending(ctx); err != nil {
		return err
	}
	return tx.writeChained(ctx)
}

// writeChained links the queued rows, unit by unit in the order of their
// ids, each unit's rows in the order they were queued, and writes each
// unit's head back.
func (tx *Tx) writeChained(ctx context.Context) error {
	rows := tx.chained
	tx.chained = nil
	slices.SortStableFunc(rows, func(a, b chainRow) int { return strings.Compare(a.unitID, b.unitID) })
	var h *chainHead
	saveHead := func() error {
		if h == nil {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE audit_heads SET seq = $2, hash = $3 WHERE unit_id = $1`, h.unitID, h.seq, h.hash); err != nil {
			return fmt.Errorf("audit chain of unit %q: %w", h.unitID, err)
		}
		return nil
	}
	for _, r := range rows {
		if h == nil || h.unitID != r.unitID {
			if err := saveHead(); err != nil {
				return err
			}
			var err error
			if h, err = tx.lockChain(ctx, r.unitID); err != nil {
				return err
			}
		}
		seq, hash := h.link(r.table, r.fields)
		if _, err := tx.exec(ctx, r.insert, append(r.args, seq, hash)...); err != nil {
			return fmt.Errorf("%s of unit %q: %w", r.table, r.unitID, err)
		}
	}
	return saveHead()
}

// addStats adds delta to the roll-ups when the transaction ends.
func (tx *Tx) addStats(_ context.Context, delta report.Contribution) error {
	if len(delta) == 0 {
		return nil
	}
	if tx.stats == nil {
		tx.stats = report.Contribution{}
	}
	for k, c := range delta {
		tx.stats[k] = tx.stats[k].Add(c)
	}
	return nil
}
