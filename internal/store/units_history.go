package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/unit"
)

// UnitImportResult counts what an import did; a second import of the same
// lists reports everything unchanged.
type UnitImportResult struct {
	Province     string // the province unit's id
	Created      int    // units created (province, new and former communes)
	Updated      int    // new units whose name, kind or parent changed, or whose letterhead was drafted
	Unchanged    int
	LinksCreated int
	LinksUpdated int
	LinksSame    int
	Skipped      int // official rows with no former commune
}

// Changed reports whether the import wrote anything.
func (r UnitImportResult) Changed() bool {
	return r.Created+r.Updated+r.LinksCreated+r.LinksUpdated > 0
}

// ImportUnits stores one province's plan in one transaction: the province,
// its communes from 1 July 2025 under it, the former communes (ended 30 June
// 2025) and the predecessor map. Units are found by NSO code and start date
// (the new ones) or end date (the former ones), so a unit entered by hand
// and given its NSO code (SetUnitNSO) is the one linked, and importing twice
// changes nothing. A former unit created here names its successor (the
// first it went to whole, else the first), so it no longer receives; a
// former unit that already existed is left to MergeUnits, which moves its
// officers and dossiers.
func (db *DB) ImportUnits(ctx context.Context, plan *unit.ImportPlan, by string) (UnitImportResult, error) {
	var res UnitImportResult
	err := db.Transact(ctx, func(tx *Tx) error {
		res = UnitImportResult{Skipped: plan.Skipped}
		prov, err := tx.importUnit(ctx, &res, &unit.Unit{Code: unit.StandInCode(plan.ProvinceCode, false),
			NSOCode: plan.ProvinceCode, Name: plan.ProvinceName, Kind: unit.Province, ValidFrom: unit.Reorganisation2025,
			Letterhead: unit.DraftLetterhead(plan.ProvinceName, "")})
		if err != nil {
			return err
		}
		res.Province = prov.ID
		byNew := map[string]*unit.Unit{}
		for _, n := range plan.New {
			u, err := tx.importUnit(ctx, &res, &unit.Unit{Code: unit.StandInCode(n.NSOCode, false), NSOCode: n.NSOCode,
				Name: n.Name, Kind: n.Kind, ParentID: prov.ID, ValidFrom: unit.Reorganisation2025,
				Letterhead: unit.DraftLetterhead(n.Name, plan.ProvinceName)})
			if err != nil {
				return err
			}
			byNew[n.NSOCode] = u
		}
		type pick struct {
			id    string
			whole bool
		}
		successor := map[string]pick{} // former NSO code -> the unit it names as successor
		for _, l := range plan.Links {
			if p, ok := successor[l.Former]; !ok || (!p.whole && l.Whole) {
				successor[l.Former] = pick{byNew[l.New].ID, l.Whole}
			}
		}
		merged := mustDayStart(unit.Reorganisation2025)
		for _, f := range plan.Former {
			fu, err := tx.importUnit(ctx, &res, &unit.Unit{Code: unit.StandInCode(f.NSOCode, true), NSOCode: f.NSOCode,
				Name: f.Name, Kind: f.Kind, ValidTo: unit.LastDayBefore2025, SuccessorID: successor[f.NSOCode].id, MergedAt: &merged,
				Letterhead: unit.DraftLetterhead(f.Name, f.DistrictName())})
			if err != nil {
				return err
			}
			for _, l := range plan.Links {
				if l.Former != f.NSOCode {
					continue
				}
				if err := tx.importLink(ctx, &res, unit.Link{PredecessorID: fu.ID, SuccessorID: byNew[l.New].ID,
					Whole: l.Whole, Effective: unit.Reorganisation2025, Note: l.Note}); err != nil {
					return err
				}
			}
		}
		if !res.Changed() {
			return nil
		}
		return tx.audit(ctx, by, "unit", prov.ID, "import", fmt.Sprintf("%s: %d created, %d updated, %d links created, %d links updated",
			plan.ProvinceName, res.Created, res.Updated, res.LinksCreated, res.LinksUpdated))
	})
	return res, err
}

// importUnit finds want by NSO code and start date (or end date, for a
// former unit) and creates it when missing; a new unit's name, kind and
// parent are brought up to date, and its letterhead drafted when it has none
// (one its administrator wrote is kept); a former unit is never changed.
func (tx *Tx) importUnit(ctx context.Context, res *UnitImportResult, want *unit.Unit) (*unit.Unit, error) {
	var got *unit.Unit
	var err error
	if want.ValidTo != "" {
		got, err = scanUnitRow(tx.queryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE nso_code = $1 AND valid_to = $2
			ORDER BY valid_from DESC LIMIT 1`, want.NSOCode, want.ValidTo), want.NSOCode)
	} else {
		got, err = scanUnitRow(tx.queryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE nso_code = $1 AND valid_from = $2`,
			want.NSOCode, want.ValidFrom), want.NSOCode)
	}
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		want.Normalize()
		if err := want.Validate(); err != nil {
			return nil, fmt.Errorf("import unit %s: %w", want.NSOCode, err)
		}
		if err := tx.createUnit(ctx, want, ""); err != nil {
			return nil, err
		}
		res.Created++
		return want, nil
	case err != nil:
		return nil, err
	}
	draft := got.Letterhead.Empty() && !want.Letterhead.Empty()
	if want.ValidTo == "" && (got.Name != want.Name || got.Kind != want.Kind || got.ParentID != want.ParentID || draft) {
		if draft {
			got.Letterhead = want.Letterhead
		}
		lh, err := json.Marshal(got.Letterhead)
		if err != nil {
			return nil, fmt.Errorf("import unit %s: %w", want.NSOCode, err)
		}
		if _, err := tx.exec(ctx, `UPDATE units SET name = $2, kind = $3, parent_id = $4, letterhead = $5, updated_at = $6 WHERE id = $1`,
			got.ID, want.Name, string(want.Kind), nullStr(want.ParentID), string(lh), tx.now.UnixMilli()); err != nil {
			return nil, fmt.Errorf("import unit %s: %w", want.NSOCode, err)
		}
		got.Name, got.Kind, got.ParentID = want.Name, want.Kind, want.ParentID
		res.Updated++
		return got, nil
	}
	res.Unchanged++
	return got, nil
}

func (tx *Tx) importLink(ctx context.Context, res *UnitImportResult, l unit.Link) error {
	var whole bool
	var eff, note string
	err := tx.queryRow(ctx, `SELECT whole, effective, note FROM unit_links WHERE predecessor_id = $1 AND successor_id = $2`,
		l.PredecessorID, l.SuccessorID).Scan(&whole, &eff, &note)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res.LinksCreated++
	case err != nil:
		return fmt.Errorf("read unit link: %w", err)
	case whole == l.Whole && eff == l.Effective && note == l.Note:
		res.LinksSame++
		return nil
	default:
		res.LinksUpdated++
	}
	return tx.putLink(ctx, l)
}

func (tx *Tx) putLink(ctx context.Context, l unit.Link) error {
	if _, err := tx.exec(ctx, `INSERT INTO unit_links (predecessor_id, successor_id, whole, effective, note)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (predecessor_id, successor_id)
		DO UPDATE SET whole = excluded.whole, effective = excluded.effective, note = excluded.note`,
		l.PredecessorID, l.SuccessorID, l.Whole, l.Effective, l.Note); err != nil {
		return fmt.Errorf("store unit link: %w", err)
	}
	return nil
}

// UnitLinks returns the links of a unit: those where it is the successor
// (its predecessors) and those where it is the predecessor (its successors).
func (db *DB) UnitLinks(ctx context.Context, unitID string) (predecessors, successors []unit.Link, err error) {
	rows, err := db.read.QueryContext(ctx, `SELECT predecessor_id, successor_id, whole, effective, note FROM unit_links
		WHERE successor_id = $1 OR predecessor_id = $1 ORDER BY effective, predecessor_id, successor_id`, unitID)
	if err != nil {
		return nil, nil, fmt.Errorf("unit links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l unit.Link
		if err := rows.Scan(&l.PredecessorID, &l.SuccessorID, &l.Whole, &l.Effective, &l.Note); err != nil {
			return nil, nil, fmt.Errorf("unit links: %w", err)
		}
		if l.SuccessorID == unitID {
			predecessors = append(predecessors, l)
		} else {
			successors = append(successors, l)
		}
	}
	return predecessors, successors, rows.Err()
}

// SetUnitNSO records a unit's statistical code and dates, so that an import
// links the unit entered by hand instead of creating another. Errors:
// Invalid, NotFound, Conflict (the code and start date belong to another unit).
func (db *DB) SetUnitNSO(ctx context.Context, unitID, nso, validFrom, validTo, by string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		u, err := tx.unitByID(ctx, unitID)
		if err != nil {
			return err
		}
		u.NSOCode, u.ValidFrom, u.ValidTo = nso, validFrom, validTo
		if err := u.Validate(); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE units SET nso_code = $2, valid_from = $3, valid_to = $4, updated_at = $5 WHERE id = $1`,
			unitID, nso, validFrom, validTo, tx.now.UnixMilli())
		if isUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "mã thống kê %s từ ngày %q đã thuộc đơn vị khác", nso, validFrom)
		}
		if err != nil {
			return fmt.Errorf("set unit %s NSO code: %w", u.Code, err)
		}
		return tx.audit(ctx, by, "unit", unitID, "nso", fmt.Sprintf("%s %s..%s", nso, validFrom, validTo))
	})
}

// mustDayStart is the first instant of a YYYY-MM-DD day in the office's zone.
func mustDayStart(day string) time.Time {
	d, err := calendar.ParseDate(day)
	if err != nil {
		panic(err)
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Zone)
}

// UnitTreeWithHistory is UnitTree plus, recursively, the units merged whole
// into any of them (unit_links) and the units below those. A unit that went
// only in part to its successors is left out: its history cannot be divided
// between them.
func (db *DB) UnitTreeWithHistory(ctx context.Context, unitID string) ([]string, error) {
	units, err := db.sharedUnits(ctx)
	if err != nil {
		return nil, err
	}
	below := map[string][]string{}
	for _, u := range units {
		if u.ParentID != "" {
			below[u.ParentID] = append(below[u.ParentID], u.ID)
		}
	}
	rows, err := db.read.QueryContext(ctx, `SELECT predecessor_id, successor_id FROM unit_links WHERE whole`)
	if err != nil {
		return nil, fmt.Errorf("unit links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, s string
		if err := rows.Scan(&p, &s); err != nil {
			return nil, fmt.Errorf("unit links: %w", err)
		}
		below[s] = append(below[s], p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unit links: %w", err)
	}
	seen := map[string]bool{unitID: true}
	out := []string{unitID}
	for i := 0; i < len(out); i++ {
		for _, id := range below[out[i]] {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}
