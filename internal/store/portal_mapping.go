package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// Kinds of PortalMapping.
const (
	MapProcedure = "procedure" // our procedure code -> the national MaTTHC
	MapStatus    = "status"    // our status (1-10) -> TrangThaiHoSo
	MapUnit      = "unit"      // our unit code -> the portal's madonvi
	MapAction    = "action"    // an action kind -> the text of its progress step
)

// PortalMapping is an administrator's entry of the map from our codes to
// the national portal's: it overrides the configured file and the default
// (the same code).
type PortalMapping struct {
	Kind      string    `json:"kind"`
	Ours      string    `json:"ours"`
	Theirs    string    `json:"theirs"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PortalMappings lists every entry, by kind and our code.
func (db *DB) PortalMappings(ctx context.Context) ([]PortalMapping, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT kind, ours, theirs, updated_by, updated_at FROM portal_mapping ORDER BY kind, ours`)
	if err != nil {
		return nil, fmt.Errorf("portal mapping: %w", err)
	}
	defer rows.Close()
	var out []PortalMapping
	for rows.Next() {
		var m PortalMapping
		var at int64
		if err := rows.Scan(&m.Kind, &m.Ours, &m.Theirs, &m.UpdatedBy, &at); err != nil {
			return nil, fmt.Errorf("portal mapping: %w", err)
		}
		m.UpdatedAt = time.UnixMilli(at).In(Zone)
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetPortalMapping sets (theirs not empty) or removes (theirs empty: back to
// the default) the portal's code for one of ours, audited. Errors: Invalid
// naming "kind", "ours" or "theirs".
func (db *DB) SetPortalMapping(ctx context.Context, kind, ours, theirs, by string) error {
	ours, theirs = strings.TrimSpace(textfold.NFC(ours)), strings.TrimSpace(textfold.NFC(theirs))
	switch kind {
	case MapProcedure, MapUnit:
		if ours == "" || len(ours) > 50 {
			return apperr.Invalidf("ours", "mã của xã không hợp lệ")
		}
		if len(theirs) > 50 || strings.ContainsAny(theirs, " \t\r\n") {
			return apperr.Invalidf("theirs", "mã trên Cổng không được có dấu cách và dài tối đa 50 ký tự")
		}
	case MapStatus:
		if n, err := strconv.Atoi(ours); err != nil || !dossier.Status(n).Valid() {
			return apperr.Invalidf("ours", "trạng thái %q không có", ours)
		}
		if len(theirs) > 10 || strings.ContainsAny(theirs, " \t\r\n") {
			return apperr.Invalidf("theirs", "mã trạng thái trên Cổng không được có dấu cách và dài tối đa 10 ký tự")
		}
	case MapAction:
		if ours == "" || len(ours) > 50 {
			return apperr.Invalidf("ours", "thao tác không hợp lệ")
		}
		if len([]rune(theirs)) > 200 {
			return apperr.Invalidf("theirs", "nội dung bước xử lý dài tối đa 200 ký tự")
		}
	default:
		return apperr.Invalidf("kind", "loại ánh xạ %q không có", kind)
	}
	return db.Transact(ctx, func(tx *Tx) error {
		var err error
		if theirs == "" {
			_, err = tx.exec(ctx, `DELETE FROM portal_mapping WHERE kind = $1 AND ours = $2`, kind, ours)
		} else {
			_, err = tx.exec(ctx, `INSERT INTO portal_mapping (kind, ours, theirs, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (kind, ours) DO UPDATE SET theirs = excluded.theirs, updated_by = excluded.updated_by,
				updated_at = excluded.updated_at`, kind, ours, theirs, by, tx.now.UnixMilli())
		}
		if err != nil {
			return fmt.Errorf("set portal mapping %s %s: %w", kind, ours, err)
		}
		action := "set"
		if theirs == "" {
			action = "reset"
		}
		return tx.audit(ctx, by, "portal_mapping", kind+":"+ours, action, theirs)
	})
}

// PortalProcedure is a procedure of the national list (LayDanhSachTTHC).
type PortalProcedure struct {
	Code      string    `json:"code"` // MaTTHC
	Name      string    `json:"name"`
	FieldCode string    `json:"field_code,omitempty"`
	FetchedAt time.Time `json:"fetched_at"`
}

// ReplacePortalProcedures stores the national list as just fetched, in
// place of the previous one.
func (db *DB) ReplacePortalProcedures(ctx context.Context, list []PortalProcedure) error {
	return db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM portal_procedures`); err != nil {
			return fmt.Errorf("replace the national procedures: %w", err)
		}
		for _, p := range list {
			code := strings.TrimSpace(p.Code)
			if code == "" {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO portal_procedures (code, name, field_code, fetched_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (code) DO NOTHING`, code, textfold.NFC(p.Name), p.FieldCode, tx.now.UnixMilli()); err != nil {
				return fmt.Errorf("store national procedure %s: %w", code, err)
			}
		}
		return nil
	})
}

// PortalProcedures returns the national list as last fetched, by code.
func (db *DB) PortalProcedures(ctx context.Context) (map[string]PortalProcedure, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT code, name, field_code, fetched_at FROM portal_procedures`)
	if err != nil {
		return nil, fmt.Errorf("national procedures: %w", err)
	}
	defer rows.Close()
	out := map[string]PortalProcedure{}
	for rows.Next() {
		var p PortalProcedure
		var at int64
		if err := rows.Scan(&p.Code, &p.Name, &p.FieldCode, &at); err != nil {
			return nil, fmt.Errorf("national procedures: %w", err)
		}
		p.FetchedAt = time.UnixMilli(at).In(Zone)
		out[p.Code] = p
	}
	return out, rows.Err()
}
