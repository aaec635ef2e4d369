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
	"github.com/motcua/motcua/internal/textfold"
)

// The online supplement (issue 19, docs/ux.md): the applicant of a dossier
// that came online answers a supplement request from the status page or
// "Hồ sơ của tôi" with the papers asked for. It is the counter's
// supplement (dossier.ActSupplement, the clock resumes, the portal and the
// notification are told in the same transaction) with the files kept
// beside it (migration 0033).

// Bounds of an online supplement.
const (
	MaxSupplementFiles = 20
	MaxSupplementNote  = 2000
)

// SupplementFile is one file sent with an online supplement: Item is the
// index of the request's item it answers.
type SupplementFile struct {
	Item int
	File
}

// OnlineSupplement is what an applicant sent online for one request.
type OnlineSupplement struct {
	ID        string
	DossierID string
	RequestNo int // the dossier's supplement request it answers (1 = the first)
	Note      string
	CreatedAt time.Time
	Files     []SupplementFile
}

// SupplementRequest is the applicant's online answer to a supplement
// request. Key is the form's secret (a retried or doubled form sends the
// same); each file's Component is the index of the request's item it
// answers.
type SupplementRequest struct {
	Key   string
	Note  string
	Files []NewFile
}

// LatestSupplementRequest returns the reason and items of the latest
// supplement request among events (those of the lookup or the whole
// history), and false when there is none.
func LatestSupplementRequest(events []StoredEvent) (reason string, items []string, ok bool) {
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		if e.Kind == dossier.ActRequestSupplement && e.Detail != nil {
			return e.Detail.Reason, e.Detail.Items, true
		}
	}
	return "", nil, false
}

// SupplementOnline records the applicant's online supplement of the
// dossier with code, in one transaction: the files (checked as every
// upload is: filestore.Check), the supplement's record, and the
// supplement action exactly as at the counter (dossier.ActSupplement with
// no officer: the status goes back, the time limit resumes, the event, the
// portal message and the notification). The same Key again returns the
// dossier as it is and stores nothing (a double click, a retried form).
// The caller has checked that the applicant is the dossier's (the second
// factor, or the signed-in citizen).
//
// Errors: NotFound; Invalid "key", "note", "files" (none chosen, too
// many), "items.N" (a file that is not an accepted document, an item the
// request does not have); Conflict for a dossier received at the counter
// or not waiting for a supplement.
func (db *DB) SupplementOnline(ctx context.Context, code string, req SupplementRequest) (*dossier.Dossier, error) {
	key := strings.TrimSpace(req.Key)
	if key == "" || len(key) > 100 {
		return nil, apperr.Invalidf("key", "khoá biểu mẫu không hợp lệ; vui lòng tải lại trang")
	}
	note := textfold.NFC(strings.TrimSpace(req.Note))
	if n := len([]rune(note)); n > MaxSupplementNote {
		return nil, apperr.Invalidf("note", "ghi chú dài %d ký tự, tối đa %d ký tự", n, MaxSupplementNote)
	}
	if len(req.Files) == 0 {
		return nil, apperr.Invalidf("files", "vui lòng chọn ít nhất một tệp giấy tờ bổ sung")
	}
	if len(req.Files) > MaxSupplementFiles {
		return nil, apperr.Invalidf("files", "gửi tối đa %d tệp một lần", MaxSupplementFiles)
	}
	metas := make([]File, len(req.Files))
	for i := range req.Files {
		f := &req.Files[i]
		m, err := f.prepare(fmt.Sprintf("items.%d", f.Component))
		if err != nil {
			return nil, err
		}
		metas[i] = m
	}
	if d, err := db.supplementReplay(ctx, db.read, code, key); d != nil || err != nil {
		return d, err
	}
	action := dossier.Action{Kind: dossier.ActSupplement, Note: supplementNote(len(req.Files), note)}
	d, err := db.actWith(ctx, code, action, nil, func(tx *Tx, d *dossier.Dossier) error {
		if d.Channel != dossier.Online {
			return apperr.New(apperr.Conflict, "hồ sơ được nộp tại Bộ phận Một cửa: vui lòng mang giấy tờ bổ sung đến Bộ phận Một cửa")
		}
		events, err := tx.events(ctx, d.ID)
		if err != nil {
			return err
		}
		_, items, _ := LatestSupplementRequest(events)
		for _, f := range req.Files {
			if f.Component < 0 || f.Component >= len(items) {
				return apperr.Invalidf(fmt.Sprintf("items.%d", f.Component), "yêu cầu bổ sung không có mục %d", f.Component+1)
			}
		}
		s := OnlineSupplement{ID: NewID(), DossierID: d.ID, RequestNo: d.Supplements, Note: note}
		if _, err := tx.exec(ctx, `INSERT INTO online_supplements (id, dossier_id, request_no, idem_key, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, s.ID, d.ID, s.RequestNo, key, note, tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("record online supplement of %s: %w", d.Code, err)
		}
		for i := range metas {
			m := metas[i]
			m.DossierID = d.ID
			m.Component = -1 // not a component: nothing in files.component
			if err := tx.insertFile(ctx, &m, req.Files[i].Data); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO online_supplement_files (supplement_id, file_id, item) VALUES ($1, $2, $3)`,
				s.ID, m.ID, req.Files[i].Component); err != nil {
				return fmt.Errorf("record online supplement file of %s: %w", d.Code, err)
			}
		}
		return nil
	})
	if err != nil && (apperr.KindOf(err) == apperr.Conflict || isUniqueViolation(err)) {
		// A double click or a retry that lost the race to its twin: the
		// twin's answer stands.
		if d, rerr := db.supplementReplay(ctx, db.write, code, key); d != nil || rerr != nil {
			return d, rerr
		}
	}
	if isUniqueViolation(err) {
		return nil, apperr.New(apperr.Conflict, "yêu cầu bổ sung này đã được trả lời")
	}
	return d, err
}

// supplementNote is the event's note: how many files, and what the
// applicant wrote.
func supplementNote(files int, note string) string {
	s := fmt.Sprintf("Bổ sung trực tuyến: %d tệp", files)
	if note != "" {
		s += ". " + note
	}
	return s
}

// supplementReplay returns the dossier when key already answered its
// request, nil when it did not; a key used for another dossier is Invalid.
func (db *DB) supplementReplay(ctx context.Context, q querier, code, key string) (*dossier.Dossier, error) {
	var dossierID string
	err := q.QueryRowContext(ctx, `SELECT dossier_id FROM online_supplements WHERE idem_key = $1`, key).Scan(&dossierID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("online supplement by key: %w", err)
	}
	d, err := db.dossierWhere(ctx, q, `code = $1`, code)
	if err != nil {
		return nil, err
	}
	if d.ID != dossierID {
		return nil, apperr.Invalidf("key", "khoá biểu mẫu không hợp lệ; vui lòng tải lại trang")
	}
	return d, nil
}

// OnlineSupplements lists what the applicant sent online for a dossier,
// oldest first, each with its files (without their bytes).
func (db *DB) OnlineSupplements(ctx context.Context, dossierID string) ([]OnlineSupplement, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, request_no, note, created_at FROM online_supplements
		WHERE dossier_id = $1 ORDER BY created_at, id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("online supplements of %s: %w", dossierID, err)
	}
	var out []OnlineSupplement
	for rows.Next() {
		s := OnlineSupplement{DossierID: dossierID}
		var created int64
		if err := rows.Scan(&s.ID, &s.RequestNo, &s.Note, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("online supplements of %s: %w", dossierID, err)
		}
		s.CreatedAt = time.UnixMilli(created).In(Zone)
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("online supplements of %s: %w", dossierID, err)
	}
	for i := range out {
		frows, err := db.read.QueryContext(ctx, `SELECT sf.item, `+prefixed("f.", fileColumns)+` FROM online_supplement_files sf
			JOIN files f ON f.id = sf.file_id WHERE sf.supplement_id = $1 ORDER BY sf.item, f.id`, out[i].ID)
		if err != nil {
			return nil, fmt.Errorf("online supplement files: %w", err)
		}
		for frows.Next() {
			var item int
			f, err := scanFile(&itemScanner{frows, &item})
			if err != nil {
				frows.Close()
				return nil, fmt.Errorf("online supplement files: %w", err)
			}
			out[i].Files = append(out[i].Files, SupplementFile{Item: item, File: *f})
		}
		frows.Close()
		if err := frows.Err(); err != nil {
			return nil, fmt.Errorf("online supplement files: %w", err)
		}
	}
	return out, nil
}

// itemScanner scans a leading item column, then hands the rest to scanFile.
type itemScanner struct {
	rows *sql.Rows
	item *int
}

func (s *itemScanner) Scan(dest ...any) error {
	return s.rows.Scan(append([]any{s.item}, dest...)...)
}

// prefixed qualifies each column of a comma-separated list.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// CheckSupplementFile checks a file as SupplementOnline will (filestore.Check:
// its type from its bytes, a PDF that parses, no script), so that a form
// can name each wrong file beside its item. Errors: Invalid "items.N".
func CheckSupplementFile(f NewFile) error {
	_, err := f.prepare(fmt.Sprintf("items.%d", f.Component))
	return err
}

// SupplementSentWith reports whether the form with key already answered
// the dossier's supplement request (a double click whose twin won).
func (db *DB) SupplementSentWith(ctx context.Context, code, key string) (bool, error) {
	d, err := db.supplementReplay(ctx, db.read, code, strings.TrimSpace(key))
	if apperr.KindOf(err) == apperr.Invalid {
		return false, nil
	}
	return d != nil, err
}
