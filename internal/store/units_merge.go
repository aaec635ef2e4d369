package store

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/unit"
)

// MergeRequest merges the units From into Into.
type MergeRequest struct {
	From []string // unit ids
	Into string
	// At is the day the successor takes over (YYYY-MM-DD): the former units'
	// last day is the day before, and it is the links' effective date.
	At string
	// KeepOfficers leaves the officers (and the fields they own) where they
	// are, to be moved one by one; KeepDossiers leaves the open dossiers with
	// the former units (whose officers must then finish them).
	KeepOfficers, KeepDossiers bool
}

// MergeResult counts what a merge moved.
type MergeResult struct {
	Officers int // officers moved, with their fields
	Dossiers int // open dossiers moved, each with an event
	SubUnits int // units whose parent was a former unit
}

// MergeUnits merges units into their successor in one transaction: each
// former unit names its successor, ends the day before At and gets a whole
// link to it; its officers (with the fields they own: the catalogue
// assignments), its sub-units and its open dossiers (receiving and competent
// unit alike, each with a unit_merged event, codes unchanged) move to the
// successor unless kept. Finished dossiers stay the former unit's, and so do
// its counts in the roll-ups: a report of the former unit for a period before
// the merge is unchanged, and the successor's report including its
// predecessors adds them up. Every move is an event (admin_events for units
// and officers, dossier_events for dossiers).
//
// Errors: Invalid (no unit, a unit merged into itself, a bad day), NotFound,
// Conflict (a unit already merged, a successor that was merged).
func (db *DB) MergeUnits(ctx context.Context, req MergeRequest, by string) (MergeResult, error) {
	var res MergeResult
	if len(req.From) == 0 {
		return res, apperr.Invalidf("from", "chọn ít nhất một đơn vị được sáp nhập")
	}
	at, err := calendar.ParseDate(req.At)
	if err != nil {
		return res, apperr.Invalidf("at", "ngày sáp nhập %q không hợp lệ (dạng YYYY-MM-DD)", req.At)
	}
	lastDay := time.Date(at.Year, at.Month, at.Day-1, 0, 0, 0, 0, Zone).Format("2006-01-02")
	err = db.Transact(ctx, func(tx *Tx) error {
		res = MergeResult{}
		into, err := tx.unitByID(ctx, req.Into)
		if err != nil {
			return err
		}
		if !into.Active() {
			return apperr.New(apperr.Conflict, "đơn vị %s đã sáp nhập vào đơn vị khác", into.Name)
		}
		seen := map[string]bool{}
		for _, id := range req.From {
			if id == req.Into {
				return apperr.Invalidf("from", "đơn vị không thể sáp nhập vào chính nó")
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			from, err := tx.unitByID(ctx, id)
			if err != nil {
				return err
			}
			if !from.Active() {
				return apperr.New(apperr.Conflict, "đơn vị %s đã được sáp nhập trước đó", from.Name)
			}
			if err := tx.mergeOne(ctx, &res, from, into, req, lastDay, by); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

func (tx *Tx) mergeOne(ctx context.Context, res *MergeResult, from, into *unit.Unit, req MergeRequest, lastDay, by string) error {
	validTo := from.ValidTo
	if validTo == "" {
		validTo = lastDay
	}
	if _, err := tx.exec(ctx, `UPDATE units SET successor_id = $2, merged_at = $3, valid_to = $4, updated_at = $3 WHERE id = $1`,
		from.ID, into.ID, tx.now.UnixMilli(), validTo); err != nil {
		return fmt.Errorf("merge unit %s: %w", from.Code, err)
	}
	if err := tx.putLink(ctx, unit.Link{PredecessorID: from.ID, SuccessorID: into.ID, Whole: true, Effective: req.At,
		Note: "Nhập toàn bộ"}); err != nil {
		return err
	}
	if err := tx.audit(ctx, by, "unit", from.ID, "merge", into.Code); err != nil {
		return err
	}
	subs, err := tx.idsWhere(ctx, `SELECT id FROM units WHERE parent_id = $1`, from.ID)
	if err != nil {
		return err
	}
	for _, id := range subs {
		if _, err := tx.exec(ctx, `UPDATE units SET parent_id = $2, updated_at = $3 WHERE id = $1`, id, into.ID, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("move sub-unit: %w", err)
		}
		if err := tx.audit(ctx, by, "unit", id, "move", from.Code+" → "+into.Code); err != nil {
			return err
		}
		res.SubUnits++
	}
	if !req.KeepOfficers {
		officers, err := tx.idsWhere(ctx, `SELECT id FROM officers WHERE unit_id = $1 ORDER BY username`, from.ID)
		if err != nil {
			return err
		}
		for _, id := range officers {
			if _, err := tx.exec(ctx, `UPDATE officers SET unit_id = $2, updated_at = $3 WHERE id = $1`, id, into.ID, tx.now.UnixMilli()); err != nil {
				return fmt.Errorf("move officer: %w", err)
			}
			if err := tx.audit(ctx, by, "officer", id, "move", from.Code+" → "+into.Code); err != nil {
				return err
			}
			res.Officers++
		}
	}
	if req.KeepDossiers {
		return nil
	}
	codes, err := tx.idsWhere(ctx, `SELECT code FROM dossiers WHERE (receiving_unit_id = $1 OR resolving_unit_id = $1)
		AND status NOT IN (3, 7, 10) ORDER BY code`, from.ID)
	if err != nil {
		return err
	}
	for _, code := range codes {
		d, err := tx.dossierForUpdate(ctx, code)
		if err != nil {
			return err
		}
		prev := d.Version
		ev, moved := dossier.MoveToSuccessor(d, from.ID, into.ID, into.Name, tx.now)
		if !moved {
			continue
		}
		if err := tx.moveDossier(ctx, d, prev); err != nil {
			return err
		}
		if err := tx.appendEvents(ctx, d, []dossier.Event{ev}); err != nil {
			return err
		}
		res.Dossiers++
	}
	return nil
}

// moveDossier writes a dossier whose receiving or competent unit changed.
// The roll-ups are left alone on purpose: what the dossier counted so far
// stays with the unit it counted for.
func (tx *Tx) moveDossier(ctx context.Context, d *dossier.Dossier, prev int) error {
	if err := tx.updateDossier(ctx, d, prev); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE dossiers SET receiving_unit_id = $2, resolving_unit_id = $3 WHERE id = $1`,
		d.ID, d.ReceivingUnitID, d.ResolvingUnitID); err != nil {
		return fmt.Errorf("move dossier %s: %w", d.Code, err)
	}
	return nil
}

// TransferDossier sends a dossier received for the wrong unit to the
// competent unit toUnitID (dossier.TransferTo decides who may and when), in
// one transaction with its event; the new unit routes it. Errors: those of
// TransferTo, NotFound, Invalid (the unit does not receive any more).
func (db *DB) TransferDossier(ctx context.Context, code, toUnitID, reason string, actor *staff.Officer) (*dossier.Dossier, error) {
	var out *dossier.Dossier
	err := db.Transact(ctx, func(tx *Tx) error {
		d, err := tx.dossierForUpdate(ctx, code)
		if err != nil {
			return err
		}
		to, err := tx.unitByID(ctx, toUnitID)
		if apperr.KindOf(err) == apperr.NotFound {
			return apperr.Invalidf("unit", "không tìm thấy đơn vị được chọn")
		}
		if err != nil {
			return err
		}
		if !to.Active() {
			return apperr.Invalidf("unit", "%s đã sáp nhập vào đơn vị khác", to.Name)
		}
		before := d.Clone()
		ev, err := dossier.TransferTo(d, to.ID, reason, actor, tx.now)
		if err != nil {
			return err
		}
		if err := tx.moveDossier(ctx, d, before.Version); err != nil {
			return err
		}
		events := []dossier.Event{ev}
		if d.ReceivingUnitID != d.ResolvingUnitID {
			events = append(events, dossier.Event{Kind: dossier.EvHandOver, At: tx.now, ActorID: actor.ID,
				FromStatus: d.Status, ToStatus: d.Status, Note: "Chuyển hồ sơ đến " + to.Name, Public: true})
		}
		if err := tx.appendEvents(ctx, d, events); err != nil {
			return err
		}
		out = d
		return nil
	})
	return out, err
}

func (tx *Tx) idsWhere(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list ids: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("list ids: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// checkCompetentLevel refuses a dossier for a commune-level unit when the
// procedure is resolved by another level today (catalogue.LevelOn): before
// 1 July 2025 a marriage with a foreign element was the district's. A province
// (its centre) may be the competent unit of any procedure it is given.
func (tx *Tx) checkCompetentLevel(ctx context.Context, unitID string, p *catalogue.Procedure) error {
	u, err := tx.unitByID(ctx, unitID)
	if err != nil {
		return err
	}
	if u.Kind == unit.Province {
		return nil
	}
	day := tx.now.In(Zone).Format("2006-01-02")
	if lvl := p.LevelOn(day); lvl != catalogue.LevelCommune {
		return apperr.Invalidf("procedure", "ngày %s thủ tục %s do cấp %s giải quyết, không phải cấp xã", day, p.Name, levelName(lvl))
	}
	return nil
}

func levelName(l catalogue.Level) string {
	switch l {
	case catalogue.LevelDistrict:
		return "huyện"
	case catalogue.LevelProvince:
		return "tỉnh"
	}
	return "xã"
}

// DossierCoding is which unit codes a dossier received for another unit of
// the province (Decree 118/2025 leaves it to the province's rules).
type DossierCoding int

const (
	// CodeByReceiver: the receiving unit's identifier and its day counter.
	CodeByReceiver DossierCoding = iota
	// CodeByCompetent: the competent unit's identifier and its day counter,
	// so each unit's numbering covers every dossier it resolves.
	CodeByCompetent
)

// ParseDossierCoding reads "receiver" or "competent".
func ParseDossierCoding(s string) (DossierCoding, error) {
	switch s {
	case "", "receiver":
		return CodeByReceiver, nil
	case "competent":
		return CodeByCompetent, nil
	}
	return 0, fmt.Errorf("dossier coding %q: want receiver or competent", s)
}

// codingUnit is the unit whose identifier and counter code dossier d,
// received by unit recv.
func (tx *Tx) codingUnit(ctx context.Context, recv *unit.Unit, d *dossier.Dossier) (*unit.Unit, error) {
	if tx.db.dossierCodes != CodeByCompetent || d.ResolvingUnitID == recv.ID {
		return recv, nil
	}
	return tx.unitByID(ctx, d.ResolvingUnitID)
}
