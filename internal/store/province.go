package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/report"
)

// UnitFacts are the report facts of one unit (not of the units below it).
type UnitFacts struct {
	UnitID string
	Facts  report.Facts
}

// ProvinceFacts returns, for each unit in unitIDs, the facts of its report
// over from..to with pending dossiers counted at now: a few grouped queries
// (the per-unit roll-ups, the pending dossiers by competent unit, the
// catalogue's offer) whatever the number of units, so a province of 124
// communes costs what one commune does, plus the rows.
func (db *DB) ProvinceFacts(ctx context.Context, from, to calendar.Date, unitIDs []string, now time.Time) (map[string]*report.Facts, error) {
	out := make(map[string]*report.Facts, len(unitIDs))
	for _, id := range unitIDs {
		out[id] = &report.Facts{}
	}
	if len(unitIDs) == 0 {
		return out, nil
	}
	counts, err := db.ReportBreakdown(ctx, from, to, ReportScope{UnitIDs: unitIDs}, "unit")
	if err != nil {
		return nil, err
	}
	for _, b := range counts {
		if f, ok := out[b.Key]; ok {
			f.Counts = b.Counts
		}
	}
	pending, err := db.provincePending(ctx, unitIDs, now)
	if err != nil {
		return nil, err
	}
	for id, p := range pending {
		if f, ok := out[id]; ok {
			f.Pending = p
		}
	}
	offer, err := db.ReportOffer(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range out {
		f.Offer = offer
	}
	return out, nil
}

// provincePending counts the pending dossiers of each of unitIDs at now:
// from the kept counts when now is the present (pendingByUnit), otherwise
// from the dossiers received by then.
func (db *DB) provincePending(ctx context.Context, unitIDs []string, now time.Time) (map[string]report.Pending, error) {
	if db.keptPendingServes(now) {
		return db.pendingByUnit(ctx, unitIDs, now)
	}
	return db.pendingFromDossiers(ctx, unitIDs, now)
}

// pendingFromDossiers counts the pending dossiers of each of unitIDs
// received by now from the dossiers themselves: every pending one is read.
func (db *DB) pendingFromDossiers(ctx context.Context, unitIDs []string, now time.Time) (map[string]report.Pending, error) {
	out := make(map[string]report.Pending, len(unitIDs))
	where, args := ReportScope{UnitIDs: unitIDs}.where(dossierScope, []string{"status IN (2, 4, 5, 6)", "received_at <= $1"},
		[]any{now.UnixMilli(), now.Add(calendar.DueSoonWindow).UnixMilli()})
	rows, err := db.read.QueryContext(ctx, `SELECT resolving_unit_id,
		COALESCE(SUM(CASE WHEN status <> 5 AND appointment_at >= $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status <> 5 AND appointment_at >= $1 AND appointment_at <= $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status <> 5 AND appointment_at < $1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 5 THEN 1 ELSE 0 END), 0)
		FROM dossiers WHERE `+strings.Join(where, " AND ")+` GROUP BY resolving_unit_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("province pending: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var p report.Pending
		if err := rows.Scan(&id, &p.InTime, &p.DueSoon, &p.Overdue, &p.InSupplement); err != nil {
			return nil, fmt.Errorf("province pending: %w", err)
		}
		out[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("province pending: %w", err)
	}
	return out, nil
}

// OverdueDossier is one line of a province's overdue list.
type OverdueDossier struct {
	Code          string
	UnitID        string // the competent unit
	ProcedureCode string
	Applicant     string
	AppointmentAt time.Time
}

// OverdueDossiers lists the pending dossiers of the units past their
// appointment at now (not those waiting for a supplement), the longest
// overdue first, at most limit.
//
// The partial index dossiers_pending_due (migration 0038: appointment and
// competent unit of the dossiers in status 2, 4 and 6) holds them in the
// list's order, so a province's list reads about limit of them, where the
// index by unit, status and appointment was walked once per unit and
// status, and before that every overdue dossier of the province was read
// to be sorted (docs/performance.md). For one unit the planner takes that
// index.
func (db *DB) OverdueDossiers(ctx context.Context, unitIDs []string, now time.Time, limit int) ([]OverdueDossier, error) {
	if len(unitIDs) == 0 || limit <= 0 {
		return nil, nil
	}
	where, args := ReportScope{UnitIDs: unitIDs}.where(dossierScope, []string{"status IN (2, 4, 6)", "appointment_at < $1"},
		[]any{now.UnixMilli()})
	args = append(args, limit)
	rows, err := db.read.QueryContext(ctx, `SELECT code, resolving_unit_id, procedure_code, applicant_name, appointment_at
		FROM dossiers WHERE `+strings.Join(where, " AND ")+fmt.Sprintf(` ORDER BY appointment_at, code LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("overdue dossiers: %w", err)
	}
	defer rows.Close()
	var out []OverdueDossier
	for rows.Next() {
		var o OverdueDossier
		var at int64
		if err := rows.Scan(&o.Code, &o.UnitID, &o.ProcedureCode, &o.Applicant, &at); err != nil {
			return nil, fmt.Errorf("overdue dossiers: %w", err)
		}
		o.AppointmentAt = time.UnixMilli(at)
		out = append(out, o)
	}
	return out, rows.Err()
}

// LatestStatsDay returns the last day (YYYY-MM-DD) on which any of unitIDs
// has indicator roll-ups, "" when none has: the province's page opens on
// that day's year when the current year has nothing yet. It walks the
// roll-ups' index by day from the newest, so it stops at the first row of
// the province's units.
func (db *DB) LatestStatsDay(ctx context.Context, unitIDs []string) (string, error) {
	if len(unitIDs) == 0 {
		return "", nil
	}
	where, args := ReportScope{UnitIDs: unitIDs}.where(scopeColumns{unit: "unit_id"}, nil, nil)
	var day string
	err := db.read.QueryRowContext(ctx, `SELECT day FROM stats_unit_daily WHERE `+strings.Join(where, " AND ")+
		` ORDER BY day DESC LIMIT 1`, args...).Scan(&day)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("latest day with roll-ups: %w", err)
	}
	return day, nil
}
