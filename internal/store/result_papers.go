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

// Where a result paper comes from.
const (
	ResultUploaded  = "upload"    // a PDF the specialist uploaded, in the file store
	ResultGenerated = "generated" // the result notice, rendered from the dossier when read
)

// ResultPaper is a dossier's result paper (table result_papers): the
// current one has a zero ReplacedAt.
type ResultPaper struct {
	ID          string    `json:"id"`
	DossierID   string    `json:"dossier_id"`
	Source      string    `json:"source"`           // ResultUploaded or ResultGenerated
	SHA256      string    `json:"sha256,omitempty"` // an upload's address in the file store
	ContentType string    `json:"content_type,omitempty"`
	Size        int64     `json:"size,omitempty"`
	Pages       int       `json:"pages,omitempty"`
	OfficerID   string    `json:"officer_id"`
	CreatedAt   time.Time `json:"created_at"`
	ReplacedAt  time.Time `json:"replaced_at,omitzero"`
}

// errNoChange stops a transaction that has nothing to write.
var errNoChange = errors.New("nothing to change")

// AttachResult makes f (a PDF checked by filestore.Prepare) the result
// paper of the dossier, or with f nil the generated result notice. The
// rules decide who may, and when (dossier.ActAttachResult: the lead
// specialist while the dossier is with them, a leader of the resolving
// unit, only while it is processed); they are checked before any byte is
// written, so a refused upload leaves nothing in the file store. The paper
// it replaces is kept, marked replaced; the action's event names the new
// one. Attaching again what is already the current paper (a double click,
// a retried upload of the same bytes) returns the current paper and
// changes nothing.
//
// Errors: those of Act; Invalid "result" for a file that is not a PDF.
func (db *DB) AttachResult(ctx context.Context, code string, f *filestore.File, files filestore.Store, actor *staff.Officer) (*ResultPaper, error) {
	p := &ResultPaper{ID: NewID(), Source: ResultGenerated}
	a := dossier.Action{Kind: dossier.ActAttachResult, PaperID: p.ID, Note: "Tạo văn bản kết quả từ hồ sơ (thông báo kết quả)"}
	if f != nil {
		if f.ContentType != filestore.TypePDF {
			return nil, apperr.Invalidf("result", "văn bản kết quả phải là tệp PDF (tệp đã chọn là ảnh)")
		}
		p.Source, p.SHA256, p.ContentType, p.Size, p.Pages = ResultUploaded, f.SHA256, f.ContentType, f.Size, f.Pages
		a.Note = fmt.Sprintf("Tải lên văn bản kết quả (PDF, %d trang)", f.Pages)
	}
	if actor != nil {
		p.OfficerID = actor.ID
	}
	// The rules first, writing nothing.
	if _, err := db.actWith(ctx, code, a, actor, func(*Tx, *dossier.Dossier) error { return errNoChange }); !errors.Is(err, errNoChange) {
		return nil, err
	}
	_, inDB := files.(blobTable)
	if f != nil && !inDB {
		if err := files.Put(ctx, f); err != nil {
			return nil, err
		}
	}
	var same *ResultPaper
	_, err := db.actWith(ctx, code, a, actor, func(tx *Tx, d *dossier.Dossier) error {
		cur, err := scanResultPaper(tx.queryRow(ctx, `SELECT `+resultPaperColumns+` WHERE dossier_id = $1 AND replaced_at IS NULL`, d.ID))
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("current result paper of %s: %w", d.Code, err)
		case cur.Source == p.Source && cur.SHA256 == p.SHA256:
			same = cur
			return errNoChange
		}
		if f != nil && inDB {
			if err := tx.putBlob(ctx, f); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE result_papers SET replaced_at = $2 WHERE dossier_id = $1 AND replaced_at IS NULL`,
			d.ID, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("replace result paper of %s: %w", d.Code, err)
		}
		p.DossierID, p.CreatedAt = d.ID, tx.now
		_, err = tx.exec(ctx, `INSERT INTO result_papers (id, dossier_id, source, sha256, content_type, size, pages, officer_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.ID, p.DossierID, p.Source, p.SHA256, p.ContentType, p.Size, p.Pages,
			p.OfficerID, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("record result paper of %s: %w", d.Code, err)
		}
		return nil
	})
	if errors.Is(err, errNoChange) {
		return same, nil
	}
	if err != nil && isUniqueViolation(err) {
		// Another attach won the race: its paper is the current one.
		d, derr := db.Dossier(ctx, code)
		if derr != nil {
			return nil, derr
		}
		return db.ResultPaperOf(ctx, d.ID)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

const resultPaperColumns = `id, dossier_id, source, sha256, content_type, size, pages, officer_id, created_at, replaced_at FROM result_papers`

func scanResultPaper(row interface{ Scan(...any) error }) (*ResultPaper, error) {
	var p ResultPaper
	var created int64
	var replaced sql.NullInt64
	if err := row.Scan(&p.ID, &p.DossierID, &p.Source, &p.SHA256, &p.ContentType, &p.Size, &p.Pages, &p.OfficerID, &created, &replaced); err != nil {
		return nil, err
	}
	p.CreatedAt, p.ReplacedAt = time.UnixMilli(created).In(Zone), fromMS(replaced)
	return &p, nil
}

// ResultPaperOf returns the dossier's current result paper.
// Errors: NotFound when it has none.
func (db *DB) ResultPaperOf(ctx context.Context, dossierID string) (*ResultPaper, error) {
	p, err := scanResultPaper(db.read.QueryRowContext(ctx, `SELECT `+resultPaperColumns+` WHERE dossier_id = $1 AND replaced_at IS NULL`, dossierID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "hồ sơ chưa có văn bản kết quả")
	}
	if err != nil {
		return nil, fmt.Errorf("result paper of %s: %w", dossierID, err)
	}
	return p, nil
}

// ResultPapers lists every result paper of the dossier, the current one
// (if any) first, then those it replaced, newest first.
func (db *DB) ResultPapers(ctx context.Context, dossierID string) ([]ResultPaper, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+resultPaperColumns+` WHERE dossier_id = $1
		ORDER BY CASE WHEN replaced_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("result papers of %s: %w", dossierID, err)
	}
	defer rows.Close()
	out := []ResultPaper{}
	for rows.Next() {
		p, err := scanResultPaper(rows)
		if err != nil {
			return nil, fmt.Errorf("result papers of %s: %w", dossierID, err)
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// hasResultPaper says whether the dossier has a current result paper.
func (tx *Tx) hasResultPaper(ctx context.Context, dossierID string) (bool, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM result_papers WHERE dossier_id = $1 AND replaced_at IS NULL`, dossierID).Scan(&n); err != nil {
		return false, fmt.Errorf("result paper of %s: %w", dossierID, err)
	}
	return n > 0, nil
}
