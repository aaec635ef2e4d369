package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/dossier"
)

// OverdueFilter selects the dossiers of a unit (received or resolved there)
// in some statuses whose appointment is before an instant, optionally of a
// field, lead, procedure or channel.
type OverdueFilter struct {
	UnitID    string
	Statuses  []dossier.Status
	FieldCode string
	LeadID    string
	Procedure string
	Channel   dossier.Channel // 0: every channel
	Before    time.Time
	Limit     int // default 50, at most 1000
}

// OverdueList lists the dossiers f selects as lines (DossierLine), the
// longest overdue first, in Dossiers' order (appointment, then the newest, then id): the same list as
// Dossiers with the same filter and DueBefore. It reads it as a top-N of
// indexes instead of sorting every match: for each status, the first Limit
// dossiers resolved by the unit (index dossiers_by_unit_status_due) and those it
// received for another unit (the partial index dossiers_by_receiving_due, of
// the dossiers received and resolved by different units only), in
// appointment order, and keeps the first Limit of these.
func (db *DB) OverdueList(ctx context.Context, f OverdueFilter) ([]DossierLine, error) {
	if f.UnitID == "" || len(f.Statuses) == 0 || f.Before.IsZero() {
		return nil, fmt.Errorf("overdue list: unit, statuses and instant are required")
	}
	q, args := f.sql()
	return queryDocs(ctx, db, "overdue list", q, args, decodeLine)
}

// sql is the query of OverdueList and its arguments.
func (f OverdueFilter) sql() (string, []any) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	unit, before := arg(f.UnitID), arg(f.Before.UnixMilli())
	var extra []string
	if f.FieldCode != "" {
		extra = append(extra, "field_code = "+arg(f.FieldCode))
	}
	if f.LeadID != "" {
		extra = append(extra, "lead_id = "+arg(f.LeadID))
	}
	if f.Procedure != "" {
		extra = append(extra, "procedure_code = "+arg(f.Procedure))
	}
	if f.Channel != 0 {
		extra = append(extra, "channel = "+arg(int(f.Channel)))
	}
	const order = "appointment_at, created_at DESC, id"
	var branches []string
	for i, s := range f.Statuses {
		st := arg(int(s))
		for j, unitCond := range []string{
			"resolving_unit_id = " + unit,
			"receiving_unit_id = " + unit + " AND receiving_unit_id <> resolving_unit_id",
		} {
			where := append([]string{unitCond, "status = " + st, "appointment_at < " + before}, extra...)
			branches = append(branches, fmt.Sprintf(`SELECT * FROM (SELECT doc, appointment_at, created_at, id FROM dossiers
				WHERE %s ORDER BY %s LIMIT %d) b%d_%d`, strings.Join(where, " AND "), order, limit, i, j))
		}
	}
	return "SELECT doc FROM (" + strings.Join(branches, " UNION ALL ") + ") o ORDER BY " + order + fmt.Sprintf(" LIMIT %d", limit), args
}
