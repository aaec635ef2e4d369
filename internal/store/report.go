package store

import (
	"context"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/report"
)

// ReportRequest asks for the indicators of a period and scope.
type ReportRequest struct {
	Period report.Period
	// UnitCode limits the report to a unit and the units below it; empty
	// covers every unit.
	UnitCode string
	// WithHistory adds the units the unit succeeded (merged into it whole,
	// see UnitTreeWithHistory), so a new commune's report covers its
	// predecessors' periods.
	WithHistory bool
	Field       string
	Procedure   string
	Officer     string
	Channel     int
	Config      report.Config
}

// Report computes the indicators of a period and scope from the roll-ups.
// Errors: Invalid (period, channel, config), NotFound (unit).
func (db *DB) Report(ctx context.Context, req ReportRequest) (*report.Report, error) {
	if err := req.Period.Validate(); err != nil {
		return nil, err
	}
	if req.Channel < 0 || req.Channel > 3 {
		return nil, apperr.Invalidf("channel", "kênh %d không hợp lệ (1, 2 hoặc 3)", req.Channel)
	}
	if err := req.Config.Validate(); err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "cấu hình chỉ số không hợp lệ: %v", err)
	}
	scope := ReportScope{Field: req.Field, Procedure: req.Procedure, Officer: req.Officer, Channel: req.Channel}
	var unitCode, unitName string
	if req.UnitCode != "" {
		u, err := db.UnitByCode(ctx, req.UnitCode)
		if err != nil {
			return nil, err
		}
		tree := db.UnitTree
		if req.WithHistory {
			tree = db.UnitTreeWithHistory
		}
		if scope.UnitIDs, err = tree(ctx, u.ID); err != nil {
			return nil, err
		}
		unitCode, unitName = u.Code, u.Name
	}
	now := db.now()
	pendingAt := req.Period.PendingInstant(now)
	facts, err := db.ReportFacts(ctx, req.Period, scope, pendingAt)
	if err != nil {
		return nil, err
	}
	rep := report.New(req.Period, facts, req.Config, now.In(Zone), pendingAt.In(Zone))
	rep.Unit, rep.UnitName = unitCode, unitName
	return rep, nil
}
