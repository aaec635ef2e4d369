package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
)

// The pending dossiers of each competent unit are counted by appointment
// day in stats_pending (migration 0038), kept by every write of a dossier
// in its transaction, like the roll-ups: a dossier counts where its status,
// competent unit and appointment put it (pendingKeyOf), and a write that
// moves it subtracts one there and adds one at its new place.
//
// A province's page needs, for each commune, its dossiers overdue, due soon
// and in time at this instant. Counting them from the dossiers read every
// pending dossier of the province: at 10 million dossiers, 22,000 rows a
// request, each a heap fetch, as the rows that change are the pending ones
// (docs/performance.md). From stats_pending, the days before today are all
// overdue and the days after the due-soon window all in time; only the few
// dossiers due from today to the window's end are read, through the partial
// index of pending dossiers by appointment (dossiers_pending_due).

// dayMS is a day in milliseconds: stats_pending's days are whole UTC days
// since 1970-01-01 of the appointment's instant (any division into days
// serves, as the days around now are counted from the dossiers).
const dayMS = int64(24 * time.Hour / time.Millisecond)

// pendingKey is where a dossier counts in stats_pending; the zero key is
// nowhere (not pending, or pending with no appointment, which the reports
// count in no category either).
type pendingKey struct {
	unitID  string
	waiting int   // 1: waiting for a supplement (status 5), counted whatever its appointment
	dueDay  int64 // the appointment's day (0 when waiting)
}

// pendingKeyOf says where a dossier with these columns counts: status 2, 4
// and 6 on their appointment's day, status 5 apart; the same statuses as
// the reports' pending count (ReportPending).
func pendingKeyOf(status dossier.Status, unitID string, appointment sql.NullInt64) pendingKey {
	switch status {
	case dossier.Supplement:
		return pendingKey{unitID: unitID, waiting: 1}
	case dossier.Received, dossier.Processing, dossier.AwaitingPayment:
		if appointment.Valid {
			return pendingKey{unitID: unitID, dueDay: appointment.Int64 / dayMS}
		}
	}
	return pendingKey{}
}

// compare orders keys by unit, then kind, then day: the order rows are
// written in (shared.go) and differences listed in.
func (k pendingKey) compare(o pendingKey) int {
	return cmp.Or(strings.Compare(k.unitID, o.unitID), cmp.Compare(k.waiting, o.waiting), cmp.Compare(k.dueDay, o.dueDay))
}

func pendingKeyOfDossier(d *dossier.Dossier) pendingKey {
	return pendingKeyOf(d.Status, d.ResolvingUnitID, ms(d.AppointmentAt))
}

// pendingCount is stats_pending's rows counted from the dossiers: the same
// keys as pendingKeyOf.
const pendingCount = `SELECT resolving_unit_id, CASE WHEN status = 5 THEN 1 ELSE 0 END,
		CASE WHEN status = 5 THEN 0 ELSE appointment_at / 86400000 END, COUNT(*)
	FROM dossiers WHERE status = 5 OR status IN (2, 4, 6) AND appointment_at IS NOT NULL
	GROUP BY 1, 2, 3`

// PendingRecount fills stats_pending from the dossiers, for an empty table:
// the migration that made it, and bulk fixtures that write dossiers
// directly (cmd/loadfixture).
const PendingRecount = `INSERT INTO stats_pending (unit_id, waiting, due_day, n) ` + pendingCount

// PendingDrift is a row of stats_pending that differs from the dossiers'
// count: Kept is what the table holds, Counted what it should (0: no row).
type PendingDrift struct {
	UnitID  string
	Waiting bool
	DueDay  string // YYYY-MM-DD (UTC), "" for the dossiers waiting for a supplement
	Kept    int64
	Counted int64
}

// CheckPending compares stats_pending with a count of the dossiers and
// returns the rows that differ, and with repair writes the count in their
// place. It is the check for what only the store's writes keep right: a
// statement that changed dossiers around them (a hand-made fix, a bulk
// load) leaves the counts wrong until it runs.
//
// The check reads the kept rows and the dossiers in one snapshot (a
// read-only, repeatable-read transaction on PostgreSQL; a read transaction
// on SQLite), in which each change's dossier and its move are both there or
// neither: it locks nothing and no writer waits for it. The repair runs on
// the writer and, on PostgreSQL, holds the writers of stats_pending off
// (they wait at their transaction's end): a change committed before counts
// in the dossiers it reads, and one committed after adds its move to the
// rows it wrote.
func (db *DB) CheckPending(ctx context.Context, repair bool) ([]PendingDrift, error) {
	if !repair {
		opts := &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
		if db.dialect == SQLite {
			opts = nil // a read transaction sees one snapshot of the WAL
		}
		rtx, err := db.read.BeginTx(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("check pending counts: %w", err)
		}
		defer rtx.Rollback()
		return pendingDrift(ctx, rtx)
	}
	var out []PendingDrift
	err := db.Transact(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			if _, err := tx.exec(ctx, `LOCK TABLE stats_pending IN EXCLUSIVE MODE`); err != nil {
				return fmt.Errorf("repair pending counts: %w", err)
			}
		}
		var err error
		if out, err = pendingDrift(ctx, tx.q()); err != nil || len(out) == 0 {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM stats_pending`); err != nil {
			return fmt.Errorf("repair pending counts: %w", err)
		}
		if _, err := tx.exec(ctx, PendingRecount); err != nil {
			return fmt.Errorf("repair pending counts: %w", err)
		}
		return nil
	})
	return out, err
}

// pendingDrift reads stats_pending and the dossiers' count through q and
// returns the rows that differ, by unit, then kind, then day.
func pendingDrift(ctx context.Context, q querier) ([]PendingDrift, error) {
	read := func(query string) (map[pendingKey]int64, error) {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return nil, fmt.Errorf("check pending counts: %w", err)
		}
		defer rows.Close()
		m := map[pendingKey]int64{}
		for rows.Next() {
			var k pendingKey
			var n int64
			if err := rows.Scan(&k.unitID, &k.waiting, &k.dueDay, &n); err != nil {
				return nil, fmt.Errorf("check pending counts: %w", err)
			}
			m[k] = n
		}
		return m, rows.Err()
	}
	kept, err := read(`SELECT unit_id, waiting, due_day, n FROM stats_pending`)
	if err != nil {
		return nil, err
	}
	counted, err := read(pendingCount)
	if err != nil {
		return nil, err
	}
	for k := range counted {
		if _, ok := kept[k]; !ok {
			kept[k] = 0
		}
	}
	var out []PendingDrift
	for _, k := range slices.SortedFunc(maps.Keys(kept), pendingKey.compare) {
		if n, c := kept[k], counted[k]; c != n {
			d := PendingDrift{UnitID: k.unitID, Waiting: k.waiting == 1, Kept: n, Counted: c}
			if k.waiting == 0 {
				d.DueDay = time.UnixMilli(k.dueDay * dayMS).UTC().Format(time.DateOnly)
			}
			out = append(out, d)
		}
	}
	return out, nil
}

func recountPending(ctx context.Context, tx *Tx) error {
	if _, err := tx.exec(ctx, PendingRecount); err != nil {
		return fmt.Errorf("count pending dossiers: %w", err)
	}
	return nil
}

// wasPending notes where a dossier read for update counts now, so that
// its write moves it from there (notePending).
func (tx *Tx) wasPending(d *dossier.Dossier) {
	put(&tx.pendingAt, d.ID, pendingKeyOfDossier(d))
}

// notePending moves d in stats_pending from where it counted when this
// transaction read it (or wrote it last) to where it counts now, when the
// transaction ends (writeShared). isNew: d is being inserted. A dossier
// this transaction did not read is read from its row.
func (tx *Tx) notePending(ctx context.Context, d *dossier.Dossier, isNew bool) error {
	was, ok := tx.pendingAt[d.ID]
	if !ok && !isNew {
		var status int
		var unitID string
		var appointment sql.NullInt64
		if err := tx.queryRow(ctx, `SELECT status, resolving_unit_id, appointment_at FROM dossiers WHERE id = $1`, d.ID).
			Scan(&status, &unitID, &appointment); err != nil {
			return fmt.Errorf("read dossier %s: %w", d.Code, err)
		}
		was = pendingKeyOf(dossier.Status(status), unitID, appointment)
	}
	now := pendingKeyOfDossier(d)
	put(&tx.pendingAt, d.ID, now)
	if was == now {
		return nil
	}
	if tx.pending == nil {
		tx.pending = map[pendingKey]int64{}
	}
	if was != (pendingKey{}) {
		tx.pending[was]--
	}
	if now != (pendingKey{}) {
		tx.pending[now]++
	}
	return nil
}

// writePending writes the transaction's moves in stats_pending, in key
// order (shared.go), deleting the rows that come to nothing.
func (tx *Tx) writePending(ctx context.Context) error {
	for _, k := range slices.SortedFunc(maps.Keys(tx.pending), pendingKey.compare) {
		delta := tx.pending[k]
		if delta == 0 {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO stats_pending (unit_id, waiting, due_day, n) VALUES ($1, $2, $3, $4)
			ON CONFLICT (unit_id, waiting, due_day) DO UPDATE SET n = stats_pending.n + excluded.n`,
			k.unitID, k.waiting, k.dueDay, delta); err != nil {
			return fmt.Errorf("pending count: %w", err)
		}
		if delta < 0 {
			if _, err := tx.exec(ctx, `DELETE FROM stats_pending WHERE unit_id = $1 AND waiting = $2 AND due_day = $3 AND n = 0`,
				k.unitID, k.waiting, k.dueDay); err != nil {
				return fmt.Errorf("pending count: %w", err)
			}
		}
	}
	tx.pending = nil
	return nil
}

// keptPendingServes says whether the kept counts answer for the instant at:
// they are the dossiers pending now, so an instant within a minute of the
// store's clock. An earlier instant (the end of a past period) is counted
// from the dossiers received by then.
func (db *DB) keptPendingServes(at time.Time) bool {
	d := db.now().Sub(at)
	return d < time.Minute && d > -time.Minute
}

// pendingByUnit counts the pending dossiers of each of unitIDs at now
// (keptPendingServes) from stats_pending and, for the days from now's to
// the due-soon window's end, from the dossiers due on them.
func (db *DB) pendingByUnit(ctx context.Context, unitIDs []string, now time.Time) (map[string]report.Pending, error) {
	out := make(map[string]report.Pending, len(unitIDs))
	soon := now.Add(calendar.DueSoonWindow)
	first, last := now.UnixMilli()/dayMS, soon.UnixMilli()/dayMS
	where, args := ReportScope{UnitIDs: unitIDs}.where(scopeColumns{unit: "unit_id"}, nil, []any{first, last})
	rows, err := db.read.QueryContext(ctx, `SELECT unit_id,
		COALESCE(SUM(CASE WHEN waiting = 0 AND due_day < $1 THEN n ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN waiting = 0 AND due_day > $2 THEN n ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN waiting = 1 THEN n ELSE 0 END), 0)
		FROM stats_pending WHERE `+strings.Join(where, " AND ")+` GROUP BY unit_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("pending counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var p report.Pending
		if err := rows.Scan(&id, &p.Overdue, &p.InTime, &p.InSupplement); err != nil {
			return nil, fmt.Errorf("pending counts: %w", err)
		}
		out[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending counts: %w", err)
	}
	// The days around now, from the dossiers due on them.
	where, args = ReportScope{UnitIDs: unitIDs}.where(dossierScope,
		[]string{"status IN (2, 4, 6)", "appointment_at >= $3", "appointment_at < $4"},
		[]any{now.UnixMilli(), soon.UnixMilli(), first * dayMS, (last + 1) * dayMS})
	rows, err = db.read.QueryContext(ctx, `SELECT resolving_unit_id,
		COALESCE(SUM(CASE WHEN appointment_at < $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN appointment_at >= $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN appointment_at >= $1 AND appointment_at <= $2 THEN 1 ELSE 0 END), 0)
		FROM dossiers WHERE `+strings.Join(where, " AND ")+` GROUP BY resolving_unit_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("pending dossiers due now: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var overdue, inTime, soon int64
		if err := rows.Scan(&id, &overdue, &inTime, &soon); err != nil {
			return nil, fmt.Errorf("pending dossiers due now: %w", err)
		}
		p := out[id]
		p.Overdue += overdue
		p.InTime += inTime
		p.DueSoon += soon
		out[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pending dossiers due now: %w", err)
	}
	return out, nil
}
