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

// Kinds of signed documents.
const (
	SignResult  = "result"  // the electronic result (pdf.ResultNotice)
	SignReceipt = "receipt" // the receipt and appointment slip
)

// States of a signed document.
const (
	SignPending = "pending"
	SignSigned  = "signed"
	SignFailed  = "failed"
)

// SignedDoc is a document to sign or signed (table signed_documents).
type SignedDoc struct {
	ID          string    `json:"id"` // also the verification code in its QR
	DossierID   string    `json:"dossier_id"`
	DossierCode string    `json:"dossier_code"` // read with the dossier
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	State       string    `json:"state"`
	RequestedBy string    `json:"requested_by"`
	Signer      string    `json:"signer,omitempty"`
	SignerTitle string    `json:"signer_title,omitempty"`
	Method      string    `json:"method,omitempty"`
	Level       string    `json:"level,omitempty"`
	SHA256      string    `json:"sha256,omitempty"`
	Size        int64     `json:"size,omitempty"`
	Error       string    `json:"error,omitempty"`
	SignedAt    time.Time `json:"signed_at,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
}

// RequestSignature asks for the dossier's document of kind to be signed:
// a pending row and its signing job ("sign") are written in one
// transaction; the job signs, never the request. A second request while
// one is pending or signed returns that one (a double click signs once).
// The dossier is not changed.
//
// Errors: NotFound; Forbidden for an officer of neither of the dossier's
// units; Invalid "kind"; Conflict for a result of a dossier not resolved.
func (db *DB) RequestSignature(ctx context.Context, code, kind string, actor *staff.Officer) (*SignedDoc, error) {
	title := map[string]string{SignResult: "Kết quả giải quyết thủ tục hành chính", SignReceipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"}[kind]
	if title == "" {
		return nil, apperr.Invalidf("kind", "loại văn bản ký số %q không hợp lệ", kind)
	}
	var out *SignedDoc
	err := db.Transact(ctx, func(tx *Tx) error {
		d, err := tx.dossierForUpdate(ctx, code)
		if err != nil {
			return err
		}
		if actor == nil || (actor.UnitID != d.ReceivingUnitID && actor.UnitID != d.ResolvingUnitID) {
			return apperr.New(apperr.Forbidden, "bạn không thuộc đơn vị tiếp nhận hoặc giải quyết hồ sơ này")
		}
		if kind == SignResult && d.Status != dossier.Resolved && d.Status != dossier.Returned {
			return apperr.New(apperr.Conflict, "hồ sơ chưa có kết quả để ký (trạng thái: %s)", d.Status.Label())
		}
		if kind == SignReceipt && d.ReceivedAt.IsZero() {
			return apperr.New(apperr.Conflict, "hồ sơ chưa được tiếp nhận")
		}
		live, err := tx.liveSignedDoc(ctx, d.ID, kind)
		if err != nil || live != nil {
			out = live
			return err
		}
		s := &SignedDoc{ID: NewID(), DossierID: d.ID, DossierCode: d.Code, Kind: kind, Title: title, State: SignPending,
			RequestedBy: actor.ID, CreatedAt: tx.now}
		if _, err := tx.exec(ctx, `INSERT INTO signed_documents (id, dossier_id, kind, title, state, requested_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, s.ID, s.DossierID, kind, title, SignPending, actor.ID, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("request signature: %w", err)
		}
		out = s
		return tx.enqueue(ctx, "sign", "sign:"+s.ID, map[string]string{"id": s.ID}, tx.now)
	})
	if err != nil && isUniqueViolation(err) {
		// Another request won the race: return its document.
		d, derr := db.Dossier(ctx, code)
		if derr != nil {
			return nil, derr
		}
		return db.liveSignedDoc(ctx, d.ID, kind)
	}
	return out, err
}

const signedColumns = `s.id, s.dossier_id, d.code, s.kind, s.title, s.state, s.requested_by, s.signer, s.signer_title, s.method, s.level,
	s.sha256, s.size, s.error, s.signed_at, s.created_at FROM signed_documents s JOIN dossiers d ON d.id = s.dossier_id`

func scanSigned(row interface{ Scan(...any) error }) (*SignedDoc, error) {
	var s SignedDoc
	var signed sql.NullInt64
	var created int64
	if err := row.Scan(&s.ID, &s.DossierID, &s.DossierCode, &s.Kind, &s.Title, &s.State, &s.RequestedBy, &s.Signer, &s.SignerTitle,
		&s.Method, &s.Level, &s.SHA256, &s.Size, &s.Error, &signed, &created); err != nil {
		return nil, err
	}
	s.SignedAt, s.CreatedAt = fromMS(signed), time.UnixMilli(created).In(Zone)
	return &s, nil
}

func (tx *Tx) liveSignedDoc(ctx context.Context, dossierID, kind string) (*SignedDoc, error) {
	s, err := scanSigned(tx.queryRow(ctx, `SELECT `+signedColumns+` WHERE s.dossier_id = $1 AND s.kind = $2 AND s.state <> 'failed'`, dossierID, kind))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return s, err
}

func (db *DB) liveSignedDoc(ctx context.Context, dossierID, kind string) (*SignedDoc, error) {
	return scanSigned(db.read.QueryRowContext(ctx, `SELECT `+signedColumns+` WHERE s.dossier_id = $1 AND s.kind = $2 AND s.state <> 'failed'`, dossierID, kind))
}

// SignedDocs lists a dossier's signed documents, newest first.
func (db *DB) SignedDocs(ctx context.Context, dossierID string) ([]SignedDoc, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+signedColumns+` WHERE s.dossier_id = $1 ORDER BY s.created_at DESC, s.id DESC`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("signed documents of %s: %w", dossierID, err)
	}
	defer rows.Close()
	out := []SignedDoc{}
	for rows.Next() {
		s, err := scanSigned(rows)
		if err != nil {
			return nil, fmt.Errorf("signed documents of %s: %w", dossierID, err)
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

// SignedDocByID returns a signed document. Errors: NotFound.
func (db *DB) SignedDocByID(ctx context.Context, id string) (*SignedDoc, error) {
	s, err := scanSigned(db.read.QueryRowContext(ctx, `SELECT `+signedColumns+` WHERE s.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy văn bản ký số")
	}
	if err != nil {
		return nil, fmt.Errorf("signed document %s: %w", id, err)
	}
	return s, nil
}

// SignedDocBySHA256 returns the signed document whose file has this
// SHA-256: the public verification of an uploaded file. Errors: NotFound.
func (db *DB) SignedDocBySHA256(ctx context.Context, sha string) (*SignedDoc, error) {
	s, err := scanSigned(db.read.QueryRowContext(ctx, `SELECT `+signedColumns+` WHERE s.sha256 = $1 AND s.state = 'signed'`, sha))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không có văn bản nào của đơn vị trùng khớp với tệp này")
	}
	if err != nil {
		return nil, fmt.Errorf("signed document by hash: %w", err)
	}
	return s, nil
}

// SignatureDone records a signed document: its file (stored in files
// before, or in this transaction for the database store) and who signed
// how. A document no longer pending is left as it is.
func (db *DB) SignatureDone(ctx context.Context, s *SignedDoc, f *filestore.File, files filestore.Store) error {
	_, inDB := files.(blobTable)
	if !inDB {
		if err := files.Put(ctx, f); err != nil {
			return err
		}
	}
	return db.Transact(ctx, func(tx *Tx) error {
		if inDB {
			if err := tx.putBlob(ctx, f); err != nil {
				return err
			}
		}
		_, err := tx.exec(ctx, `UPDATE signed_documents SET state = 'signed', signer = $2, signer_title = $3, method = $4, level = $5,
			sha256 = $6, size = $7, error = '', signed_at = $8, updated_at = $9 WHERE id = $1 AND state = 'pending'`,
			s.ID, s.Signer, s.SignerTitle, s.Method, s.Level, f.SHA256, f.Size, s.SignedAt.UnixMilli(), tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("record signature %s: %w", s.ID, err)
		}
		return nil
	})
}

// SignatureFailed records why a document could not be signed; a new
// request may then be made. The dossier is not changed.
func (db *DB) SignatureFailed(ctx context.Context, id, reason string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE signed_documents SET state = 'failed', error = $2, updated_at = $3 WHERE id = $1 AND state = 'pending'`,
			id, truncateError(reason), tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("record signing failure %s: %w", id, err)
		}
		return nil
	})
}

// FailedSignatures lists the documents of dossiers the unit received or
// resolves whose signature failed for good and was not asked again since
// (no later pending or signed document of the same kind): what the
// officers must sign again. Newest failure first, at most limit (default 50).
func (db *DB) FailedSignatures(ctx context.Context, unitID string, limit int) ([]SignedDoc, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+signedColumns+`
		WHERE s.state = 'failed' AND (d.receiving_unit_id = $1 OR d.resolving_unit_id = $1)
		AND NOT EXISTS (SELECT 1 FROM signed_documents s2 WHERE s2.dossier_id = s.dossier_id AND s2.kind = s.kind AND s2.state <> 'failed')
		AND NOT EXISTS (SELECT 1 FROM signed_documents s3 WHERE s3.dossier_id = s.dossier_id AND s3.kind = s.kind AND s3.state = 'failed'
			AND (s3.created_at > s.created_at OR s3.created_at = s.created_at AND s3.id > s.id))
		ORDER BY s.updated_at DESC, s.id DESC LIMIT $2`, unitID, limit)
	if err != nil {
		return nil, fmt.Errorf("failed signatures of %s: %w", unitID, err)
	}
	defer rows.Close()
	var out []SignedDoc
	for rows.Next() {
		s, err := scanSigned(rows)
		if err != nil {
			return nil, fmt.Errorf("failed signatures of %s: %w", unitID, err)
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}
