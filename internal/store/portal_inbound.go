package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
)

// PortalArrival is a dossier submitted on the national portal, in our terms.
type PortalArrival struct {
	PortalCode    string // the portal's MaHoSo: one dossier here per code, ever
	UnitCode      string // our code of the receiving unit
	ProcedureCode string // our procedure code
	Intake        dossier.Intake
	Source        string // "push" or "pull"
	// Files are the documents that came with it, each the document of the
	// component its Component indexes in Intake.Components; stored with the
	// dossier, in its transaction.
	Files []NewFile
}

// ReceivePortalDossier takes in a dossier submitted on the portal: it lands
// in its unit's queue as a new online dossier (status 1), linked to its
// portal code. A code seen before returns the first delivery's dossier and
// changes nothing (created false), however many deliveries race: the code
// is claimed first in the intake's transaction, so a concurrent delivery
// waits for it and then finds it (PostgreSQL), or runs after it (SQLite).
// Errors: Invalid naming the portal's field (MaHoSo, MaDonVi, MaTTHC, or the
// intake's own fields); nothing is written then.
func (db *DB) ReceivePortalDossier(ctx context.Context, a PortalArrival) (*dossier.Dossier, bool, error) {
	a.PortalCode = strings.TrimSpace(a.PortalCode)
	if a.PortalCode == "" {
		return nil, false, apperr.Invalidf("MaHoSo", "thiếu mã hồ sơ của Cổng dịch vụ công")
	}
	a.Intake.Channel = dossier.Online
	metas, err := prepareIntakeFiles(&a.Intake, a.Files, "ThanhPhanHoSo")
	if err != nil {
		return nil, false, err
	}
	var out *dossier.Dossier
	var created bool
	err = db.Transact(ctx, func(tx *Tx) error {
		out, created = nil, false
		res, err := tx.exec(ctx, `INSERT INTO portal_inbound (portal_code, dossier_id, source, received_at)
			VALUES ($1, '', $2, $3) ON CONFLICT (portal_code) DO NOTHING`, a.PortalCode, a.Source, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("claim portal dossier %s: %w", a.PortalCode, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			out, err = tx.portalDossier(ctx, a.PortalCode)
			return err
		}
		var unitID string
		err = tx.queryRow(ctx, `SELECT id FROM units WHERE code = $1`, a.UnitCode).Scan(&unitID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Invalidf("MaDonVi", "đơn vị %q không tiếp nhận hồ sơ qua hệ thống này", a.UnitCode)
		}
		if err != nil {
			return fmt.Errorf("unit %s: %w", a.UnitCode, err)
		}
		d, err := tx.intake(ctx, IntakeRequest{UnitID: unitID, ProcedureCode: a.ProcedureCode, Intake: a.Intake})
		if apperr.KindOf(err) == apperr.NotFound {
			return apperr.Invalidf("MaTTHC", "không có thủ tục %q tại đơn vị %s", a.ProcedureCode, a.UnitCode)
		}
		if err != nil {
			return err
		}
		if err := tx.storeIntakeFiles(ctx, d, metas, a.Files); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE portal_inbound SET dossier_id = $1 WHERE portal_code = $2`, d.ID, a.PortalCode); err != nil {
			return fmt.Errorf("link portal dossier %s: %w", a.PortalCode, err)
		}
		out, created = d, true
		return nil
	})
	if err != nil && isUniqueViolation(err) {
		// Lost the race on SQLite's or PostgreSQL's unique index: the winner's.
		d, rerr := db.PortalDossier(ctx, a.PortalCode)
		return d, false, rerr
	}
	if err != nil {
		return nil, false, err
	}
	return out, created, nil
}

func (tx *Tx) portalDossier(ctx context.Context, code string) (*dossier.Dossier, error) {
	var id string
	if err := tx.queryRow(ctx, `SELECT dossier_id FROM portal_inbound WHERE portal_code = $1`, code).Scan(&id); err != nil {
		return nil, fmt.Errorf("portal dossier %s: %w", code, err)
	}
	return tx.dossierWhere(ctx, `id = $1`, id)
}

// PortalDossier returns the dossier that arrived with this portal code.
// Errors: NotFound.
func (db *DB) PortalDossier(ctx context.Context, code string) (*dossier.Dossier, error) {
	var id string
	err := db.read.QueryRowContext(ctx, `SELECT dossier_id FROM portal_inbound WHERE portal_code = $1`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && id == "") {
		return nil, apperr.New(apperr.NotFound, "không có hồ sơ nhận từ Cổng với mã %s", code)
	}
	if err != nil {
		return nil, fmt.Errorf("portal dossier %s: %w", code, err)
	}
	return db.dossierWhere(ctx, db.read, `id = $1`, id)
}

// PortalCodeOf returns the portal code a dossier arrived with, or "".
func (db *DB) PortalCodeOf(ctx context.Context, dossierID string) (string, error) {
	var code string
	err := db.read.QueryRowContext(ctx, `SELECT portal_code FROM portal_inbound WHERE dossier_id = $1`, dossierID).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("portal code of %s: %w", dossierID, err)
	}
	return code, nil
}

// PortalRejection is something the portal sent that motcua refused.
type PortalRejection struct {
	ID         string    `json:"id"`
	PortalCode string    `json:"portal_code,omitempty"`
	UnitCode   string    `json:"unit_code,omitempty"`
	Source     string    `json:"source"`
	Field      string    `json:"field,omitempty"`
	Reason     string    `json:"reason"`
	Payload    string    `json:"payload,omitempty"`
	ReceivedAt time.Time `json:"received_at"`
}

// maxRejectedPayload is how much of a refused delivery is kept.
const maxRejectedPayload = 4096

// RecordPortalRejection keeps a refused delivery for an officer, in a
// transaction of its own (the refused intake's rolled back), once: the
// same refusal of the same content is kept only the first time.
func (db *DB) RecordPortalRejection(ctx context.Context, r PortalRejection) error {
	if len(r.Payload) > maxRejectedPayload {
		r.Payload = r.Payload[:maxRejectedPayload]
	}
	r.Payload = strings.ToValidUTF8(r.Payload, "\uFFFD")
	return db.Transact(ctx, func(tx *Tx) error {
		// The same refusal again (the next pull of the same bad item, a
		// retried push) is not recorded twice.
		_, err := tx.exec(ctx, `INSERT INTO portal_rejected (id, portal_code, unit_code, source, field, reason, payload, received_at)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE NOT EXISTS (SELECT 1 FROM portal_rejected
				WHERE portal_code = $2 AND unit_code = $3 AND source = $4 AND reason = $6 AND payload = $7)`,
			NewID(), r.PortalCode, r.UnitCode, r.Source, r.Field, truncateError(r.Reason), r.Payload, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("record portal rejection: %w", err)
		}
		return nil
	})
}

// PortalRejections returns the latest refused deliveries, newest first;
// unitCode, when set, keeps those addressed to that unit.
func (db *DB) PortalRejections(ctx context.Context, unitCode string, limit int) ([]PortalRejection, error) {
	q := `SELECT id, portal_code, unit_code, source, field, reason, payload, received_at FROM portal_rejected`
	args := []any{limit}
	if unitCode != "" {
		q += ` WHERE unit_code = $2`
		args = append(args, unitCode)
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY received_at DESC, id DESC LIMIT $1`, args...)
	if err != nil {
		return nil, fmt.Errorf("portal rejections: %w", err)
	}
	defer rows.Close()
	var out []PortalRejection
	for rows.Next() {
		var r PortalRejection
		var at sql.NullInt64
		if err := rows.Scan(&r.ID, &r.PortalCode, &r.UnitCode, &r.Source, &r.Field, &r.Reason, &r.Payload, &at); err != nil {
			return nil, fmt.Errorf("portal rejections: %w", err)
		}
		r.ReceivedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
