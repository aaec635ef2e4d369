package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/staff"
)

// DigitisedPaper is a digitised paper record (table digitised_papers).
type DigitisedPaper struct {
	ID            string    `json:"id"`
	DossierID     string    `json:"dossier_id"`
	Component     int       `json:"component"`
	ComponentName string    `json:"component_name"`
	DossierCode   string    `json:"dossier_code"`
	ProcedureCode string    `json:"procedure_code"`
	UnitID        string    `json:"unit_id"`
	SHA256        string    `json:"sha256"`
	ContentType   string    `json:"content_type"`
	Size          int64     `json:"size"`
	Pages         int       `json:"pages"`
	QR            string    `json:"qr"`
	OfficerID     string    `json:"officer_id"`
	CreatedAt     time.Time `json:"created_at"`
}

// Digitise keeps a scanned or uploaded component of a dossier: the bytes
// go to files (before the transaction for a disk store, inside it for the
// database store), then in one transaction the digitise action marks the
// component (the rules decide whether this officer may, in this status)
// and the digitised paper record is written. If the rules refuse, no
// record is written and the dossier is unchanged; a disk blob stored
// before a refusal is only ever a copy of an accepted file (the checks run
// first), reported by nothing and reused by the next upload of the same
// bytes.
//
// Errors: those of Act; Conflict when the component already has a paper.
func (db *DB) Digitise(ctx context.Context, code string, component int, f *filestore.File, files filestore.Store, actor *staff.Officer) (*DigitisedPaper, error) {
	if f == nil {
		return nil, apperr.Invalidf("file", "cần quét hoặc tải lên bản số hoá của giấy tờ")
	}
	// Check what can be checked without writing, so that a refused
	// request does not store a blob.
	d, err := db.Dossier(ctx, code)
	if err != nil {
		return nil, err
	}
	if component < 0 || component >= len(d.Components) {
		return nil, apperr.Invalidf("component", "thành phần hồ sơ số %d không tồn tại", component)
	}
	if d.Components[component].PaperID != "" {
		return nil, apperr.New(apperr.Conflict, "thành phần này đã được số hoá và lưu bản điện tử")
	}
	_, inDB := files.(blobTable)
	if !inDB {
		if err := files.Put(ctx, f); err != nil {
			return nil, err
		}
	}
	p := &DigitisedPaper{ID: NewID(), Component: component, SHA256: f.SHA256, ContentType: f.ContentType, Size: f.Size, Pages: f.Pages}
	if actor != nil {
		p.OfficerID = actor.ID
	}
	a := dossier.Action{Kind: dossier.ActDigitise, Component: component, Digitisation: dossier.Digitised, PaperID: p.ID}
	_, err = db.actWith(ctx, code, a, actor, func(tx *Tx, d *dossier.Dossier) error {
		if inDB {
			if err := tx.putBlob(ctx, f); err != nil {
				return err
			}
		}
		c := d.Components[component]
		p.DossierID, p.ComponentName, p.DossierCode, p.ProcedureCode, p.UnitID = d.ID, c.Name, d.Code, d.ProcedureCode, d.ReceivingUnitID
		p.QR = dossier.PaperQR(d.Code, d.ProcedureCode, d.Applicant.IDNumber, c.Name)
		p.CreatedAt = tx.now
		_, err := tx.exec(ctx, `INSERT INTO digitised_papers (id, dossier_id, component, component_name, dossier_code, procedure_code, unit_id,
			sha256, content_type, size, pages, qr, officer_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			p.ID, p.DossierID, p.Component, p.ComponentName, p.DossierCode, p.ProcedureCode, p.UnitID,
			p.SHA256, p.ContentType, p.Size, p.Pages, p.QR, p.OfficerID, tx.now.UnixMilli())
		if isUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "thành phần này đã được số hoá và lưu bản điện tử")
		}
		if err != nil {
			return fmt.Errorf("record digitised paper: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

const paperColumns = `id, dossier_id, component, component_name, dossier_code, procedure_code, unit_id, sha256, content_type, size, pages, qr, officer_id, created_at`

func scanPaper(row interface{ Scan(...any) error }) (*DigitisedPaper, error) {
	var p DigitisedPaper
	var created int64
	if err := row.Scan(&p.ID, &p.DossierID, &p.Component, &p.ComponentName, &p.DossierCode, &p.ProcedureCode, &p.UnitID,
		&p.SHA256, &p.ContentType, &p.Size, &p.Pages, &p.QR, &p.OfficerID, &created); err != nil {
		return nil, err
	}
	p.CreatedAt = time.UnixMilli(created).In(Zone)
	return &p, nil
}

// DossierPapers lists a dossier's digitised papers in component order.
func (db *DB) DossierPapers(ctx context.Context, dossierID string) ([]DigitisedPaper, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+paperColumns+` FROM digitised_papers WHERE dossier_id = $1 ORDER BY component`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("papers of %s: %w", dossierID, err)
	}
	defer rows.Close()
	out := []DigitisedPaper{}
	for rows.Next() {
		p, err := scanPaper(rows)
		if err != nil {
			return nil, fmt.Errorf("papers of %s: %w", dossierID, err)
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// PaperByID returns a digitised paper record. Errors: NotFound.
func (db *DB) PaperByID(ctx context.Context, id string) (*DigitisedPaper, error) {
	p, err := scanPaper(db.read.QueryRowContext(ctx, `SELECT `+paperColumns+` FROM digitised_papers WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy bản số hoá")
	}
	if err != nil {
		return nil, fmt.Errorf("paper %s: %w", id, err)
	}
	return p, nil
}

// CountPapers counts every digitised paper record, for tests and operations.
func (db *DB) CountPapers(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM digitised_papers`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count papers: %w", err)
	}
	return n, nil
}
