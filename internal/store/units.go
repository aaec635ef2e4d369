package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/textfold"
	"github.com/motcua/motcua/internal/unit"
)

const unitColumns = `id, code, name, kind, COALESCE(parent_id, ''), address, phone, email, working, letterhead,
	COALESCE(successor_id, ''), merged_at, created_at, updated_at, nso_code, valid_from, valid_to`

func scanUnit(row interface{ Scan(...any) error }) (*unit.Unit, error) {
	var u unit.Unit
	var working, letterhead string
	var merged, created, updated sql.NullInt64
	if err := row.Scan(&u.ID, &u.Code, &u.Name, &u.Kind, &u.ParentID, &u.Address, &u.Phone, &u.Email,
		&working, &letterhead, &u.SuccessorID, &merged, &created, &updated,
		&u.NSOCode, &u.ValidFrom, &u.ValidTo); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(working), &u.Working); err != nil {
		return nil, fmt.Errorf("unit %s working time: %w", u.Code, err)
	}
	if err := json.Unmarshal([]byte(letterhead), &u.Letterhead); err != nil {
		return nil, fmt.Errorf("unit %s letterhead: %w", u.Code, err)
	}
	if merged.Valid {
		t := fromMS(merged)
		u.MergedAt = &t
	}
	u.CreatedAt, u.UpdatedAt = fromMS(created), fromMS(updated)
	return &u, nil
}

// CreateUnit validates and stores a new unit, filling its ID and stamps.
// Errors: Invalid (with fields), Conflict (duplicate code), NotFound (parent).
func (db *DB) CreateUnit(ctx context.Context, u *unit.Unit, by string) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error { return tx.createUnit(ctx, u, by) })
}

func (tx *Tx) createUnit(ctx context.Context, u *unit.Unit, by string) error {
	if u.ParentID != "" {
		if _, err := tx.unitByID(ctx, u.ParentID); err != nil {
			return err
		}
	}
	working, _ := json.Marshal(u.Working)
	letterhead, _ := json.Marshal(u.Letterhead)
	u.ID = NewID()
	u.CreatedAt, u.UpdatedAt = tx.now, tx.now
	var merged sql.NullInt64
	if u.MergedAt != nil {
		merged = sql.NullInt64{Int64: u.MergedAt.UnixMilli(), Valid: true}
	}
	_, err := tx.exec(ctx, `INSERT INTO units (id, code, name, kind, parent_id, address, phone, email, working, letterhead,
		created_at, updated_at, nso_code, valid_from, valid_to, successor_id, merged_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		u.ID, u.Code, u.Name, string(u.Kind), nullStr(u.ParentID), u.Address, u.Phone, u.Email,
		string(working), string(letterhead), tx.now.UnixMilli(), tx.now.UnixMilli(),
		u.NSOCode, u.ValidFrom, u.ValidTo, nullStr(u.SuccessorID), merged)
	if isUniqueViolation(err) {
		msg := fmt.Sprintf("mã định danh %s đã tồn tại", u.Code)
		if u.NSOCode != "" {
			msg = fmt.Sprintf("mã định danh %s hoặc mã thống kê %s (từ %s) đã tồn tại", u.Code, u.NSOCode, u.ValidFrom)
		}
		return &apperr.Error{Kind: apperr.Conflict, Field: "code", Message: msg, Err: err}
	}
	if err != nil {
		return fmt.Errorf("insert unit %s: %w", u.Code, err)
	}
	return tx.audit(ctx, by, "unit", u.ID, "create", u.Code)
}

// UpdateUnit stores the editable fields of an existing unit (not its code's
// uniqueness-breaking changes, which fail with Conflict).
func (db *DB) UpdateUnit(ctx context.Context, u *unit.Unit, by string) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error {
		working, _ := json.Marshal(u.Working)
		letterhead, _ := json.Marshal(u.Letterhead)
		res, err := tx.exec(ctx, `UPDATE units SET code = $2, name = $3, kind = $4, parent_id = $5, address = $6, phone = $7,
			email = $8, working = $9, letterhead = $10, updated_at = $11,
			calendar_rev = calendar_rev + 1 WHERE id = $1`,
			u.ID, u.Code, u.Name, string(u.Kind), nullStr(u.ParentID), u.Address, u.Phone, u.Email,
			string(working), string(letterhead), tx.now.UnixMilli())
		if isUniqueViolation(err) {
			return &apperr.Error{Kind: apperr.Conflict, Field: "code", Message: fmt.Sprintf("mã định danh %s đã tồn tại", u.Code), Err: err}
		}
		if err != nil {
			return fmt.Errorf("update unit %s: %w", u.Code, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "không tìm thấy đơn vị %s", u.ID)
		}
		u.UpdatedAt = tx.now
		return tx.audit(ctx, by, "unit", u.ID, "update", u.Code)
	})
}

// MergeUnit merges one unit into its successor today, moving its officers
// and open dossiers (MergeUnits).
func (db *DB) MergeUnit(ctx context.Context, fromID, successorID, by string) error {
	_, err := db.MergeUnits(ctx, MergeRequest{From: []string{fromID}, Into: successorID,
		At: db.now().In(Zone).Format("2006-01-02")}, by)
	return err
}

// Unit returns the unit with the given id (from the units kept in memory,
// units_cache.go). Errors: NotFound.
func (db *DB) Unit(ctx context.Context, id string) (*unit.Unit, error) {
	return db.cachedUnit(ctx, id, func(c *unitsCache) (int, bool) { i, ok := c.byID[id]; return i, ok })
}

// UnitByCode returns the unit with the given identifier. Errors: NotFound.
func (db *DB) UnitByCode(ctx context.Context, code string) (*unit.Unit, error) {
	return db.cachedUnit(ctx, code, func(c *unitsCache) (int, bool) { i, ok := c.byCode[code]; return i, ok })
}

func (tx *Tx) unitByID(ctx context.Context, id string) (*unit.Unit, error) {
	return scanUnitRow(tx.queryRow(ctx, `SELECT `+unitColumns+` FROM units WHERE id = $1`, id), id)
}

func scanUnitRow(row *sql.Row, key string) (*unit.Unit, error) {
	u, err := scanUnit(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy đơn vị %s", key)
	}
	if err != nil {
		return nil, fmt.Errorf("read unit %s: %w", key, err)
	}
	return u, nil
}

// UnitDay is a unit's own calendar addition: an extra day off or working day.
type UnitDay struct {
	Date    string `json:"date"` // YYYY-MM-DD
	Working bool   `json:"working"`
	Name    string `json:"name"`
}

// UnitDays lists a unit's calendar additions in date order.
func (db *DB) UnitDays(ctx context.Context, unitID string) ([]UnitDay, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT day, working, name FROM unit_days WHERE unit_id = $1 ORDER BY day`, unitID)
	if err != nil {
		return nil, fmt.Errorf("unit days: %w", err)
	}
	defer rows.Close()
	var out []UnitDay
	for rows.Next() {
		var d UnitDay
		if err := rows.Scan(&d.Date, &d.Working, &d.Name); err != nil {
			return nil, fmt.Errorf("unit days: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetUnitDay adds or replaces one calendar addition of a unit.
func (db *DB) SetUnitDay(ctx context.Context, unitID string, d UnitDay, by string) error {
	d.Name = textfold.NFC(d.Name)
	if _, err := calendar.ParseDate(d.Date); err != nil {
		return apperr.Invalidf("date", "ngày %q không hợp lệ (dạng YYYY-MM-DD)", d.Date)
	}
	if d.Name == "" {
		return apperr.Invalidf("name", "vui lòng nhập tên ngày")
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO unit_days (unit_id, day, working, name) VALUES ($1, $2, $3, $4)
			ON CONFLICT (unit_id, day) DO UPDATE SET working = excluded.working, name = excluded.name`,
			unitID, d.Date, d.Working, d.Name); err != nil {
			return fmt.Errorf("set unit day: %w", err)
		}
		if err := tx.bumpCalendar(ctx, unitID); err != nil {
			return err
		}
		return tx.audit(ctx, by, "unit_day", unitID, "set", d.Date+" "+d.Name)
	})
}

// DeleteUnitDay removes one calendar addition of a unit.
func (db *DB) DeleteUnitDay(ctx context.Context, unitID, date, by string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM unit_days WHERE unit_id = $1 AND day = $2`, unitID, date)
		if err != nil {
			return fmt.Errorf("delete unit day: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "đơn vị không có ngày riêng %s", date)
		}
		if err := tx.bumpCalendar(ctx, unitID); err != nil {
			return err
		}
		return tx.audit(ctx, by, "unit_day", unitID, "delete", date)
	})
}

func (tx *Tx) bumpCalendar(ctx context.Context, unitID string) error {
	if _, err := tx.exec(ctx, `UPDATE units SET calendar_rev = calendar_rev + 1 WHERE id = $1`, unitID); err != nil {
		return fmt.Errorf("bump calendar of unit %s: %w", unitID, err)
	}
	return nil
}
