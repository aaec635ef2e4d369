package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/textfold"
)

// Uploads (the files of online dossiers, news images) are described in the
// files table and their bytes kept in the deployment's file store
// (UseFileStore), the one every file goes to: in the database's blobs
// table by default, inserted in the transaction that creates the dossier,
// so a dossier is never acknowledged without its files and no file is kept
// for a dossier that was not created; or on disk, written (fsynced) within
// that transaction before it commits, a refused one swept later
// (filestore.Disk.SweepOrphans). Rows written before the file store kept
// their bytes in the files table's data column; they are read as they are.

// UseFileStore makes st the store of uploads' bytes (the one digitised
// papers and signed results use). Call it before serving.
func (db *DB) UseFileStore(st filestore.Store) { db.fileStore.Store(&st) }

// uploads returns the store of uploads' bytes.
func (db *DB) uploads() filestore.Store {
	if p := db.fileStore.Load(); p != nil && *p != nil {
		return *p
	}
	return blobTable{db}
}

// Content types of the documents motcua accepts.
const (
	TypePDF  = filestore.TypePDF
	TypeJPEG = filestore.TypeJPEG
	TypePNG  = filestore.TypePNG
)

// DetectFileType returns the content type of a document from its first
// bytes (its magic number): PDF, JPEG or PNG, the kinds the one-stop
// department accepts, and false for anything else, whatever its name or the
// type the browser declared. An executable renamed .pdf, an HTML page or an
// empty file is refused. It is filestore.Detect: one sniffing for every
// upload.
func DetectFileType(head []byte) (string, bool) { return filestore.Detect(head) }

// File describes a stored file; its bytes are read with FileData.
type File struct {
	ID string `json:"id"`
	// DossierID and Component place a dossier's file: the index in the
	// dossier's Components. Both are empty (Component -1) for a news image.
	DossierID   string    `json:"dossier_id,omitempty"`
	Component   int       `json:"component"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"` // lowercase hex
	CreatedAt   time.Time `json:"created_at"`
}

// NewFile is a file to store.
type NewFile struct {
	// Component is, for IntakeWithFiles, the index in the request's
	// Intake.Components of the component this file is.
	Component int
	// Name is the name the file had on the sender's device.
	Name string
	Data []byte
}

// maxFileName bounds a stored file name, in characters.
const maxFileName = 200

// prepare checks f as filestore.Check checks every upload (its type from
// its bytes; a PDF that parses, within the page limit, with no JavaScript,
// launch action or embedded file) and returns its stored description
// (content type, size, digest, a cleaned name), with field naming the form
// field and the message the file. The size is bounded by the caller.
func (f *NewFile) prepare(field string) (File, error) {
	checked, err := filestore.Check(f.Data, filestore.Limits{}, field)
	if err != nil {
		return File{}, apperr.Invalidf(field, "%q: %s", cleanFileName(f.Name), apperr.PublicMessage(err))
	}
	return File{ID: NewID(), Component: -1, Name: SafeFileName(f.Name, checked.ContentType), ContentType: checked.ContentType,
		Size: checked.Size, SHA256: checked.SHA256}, nil
}

// extensions are the file name extensions of the accepted content types.
var extensions = map[string]string{TypePDF: ".pdf", TypeJPEG: ".jpg", TypePNG: ".png"}

// SafeFileName is the name a file is stored and served under: the upload's
// base name without its extension, kept to letters, digits, spaces and
// "-_()" (anything else becomes "_"), then the extension of the content type
// detected from its bytes (.pdf, .jpg, .png), never the uploaded one. So
// "chay.bat" holding a PDF is "chay.pdf" and "anh.svg" holding a PNG is
// "anh.png": a download can never be run or rendered as something else.
func SafeFileName(name, contentType string) string {
	ext, ok := extensions[contentType]
	if !ok {
		ext = ".bin"
	}
	stem := cleanFileName(name)
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	var b strings.Builder
	under := false
	for _, r := range stem {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || strings.ContainsRune(" -_()", r)
		if !ok {
			if !under {
				b.WriteByte('_')
			}
			under = true
			continue
		}
		b.WriteRune(r)
		under = false
	}
	stem = strings.Trim(b.String(), " _.")
	if r := []rune(stem); len(r) > maxFileName-len(ext) {
		stem = strings.TrimSpace(string(r[:maxFileName-len(ext)]))
	}
	if stem == "" {
		stem = "tep"
	}
	return stem + ext
}

// cleanFileName keeps the base name of an upload, NFC, without control
// characters or path separators, at most maxFileName characters.
func cleanFileName(name string) string {
	name = textfold.NFC(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > maxFileName {
		name = string(r[len(r)-maxFileName:])
	}
	return name
}

// insertFile describes a file and puts its bytes in the file store: in
// this transaction for the database's, before it commits for a disk.
func (tx *Tx) insertFile(ctx context.Context, f *File, data []byte) error {
	var dossierID, component any
	if f.DossierID != "" {
		dossierID = f.DossierID
		if f.Component >= 0 { // an online supplement's file has no component
			component = f.Component
		}
	}
	f.CreatedAt = tx.now
	blob := &filestore.File{Blob: filestore.Blob{SHA256: f.SHA256, Size: f.Size, ContentType: f.ContentType}, Data: data}
	var err error
	if st, ok := tx.db.uploads().(blobTable); ok && st.db == tx.db {
		err = tx.putBlob(ctx, blob)
	} else {
		err = tx.db.uploads().Put(ctx, blob)
	}
	if err != nil {
		return fmt.Errorf("store file %s: %w", f.Name, err)
	}
	// The data column is empty: the bytes are in the file store.
	_, err = tx.exec(ctx, `INSERT INTO files (id, dossier_id, component, name, content_type, size, sha256, data, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		f.ID, dossierID, component, f.Name, f.ContentType, f.Size, f.SHA256, []byte{}, tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("store file %s: %w", f.Name, err)
	}
	return nil
}

// IntakeWithFiles creates a dossier as Intake does, and stores files as its
// components' documents in the same transaction: either the dossier and all
// its files are committed, or nothing is. Each file's Component indexes
// req.Intake.Components; that component's FileID is set to the stored file.
// A retried submission with the same idempotency key returns the first
// dossier and stores nothing.
//
// Each file's bytes must be a PDF, JPEG or PNG (DetectFileType); the size is
// bounded by the caller (web.Options.MaxUpload).
//
// Errors: those of Intake; Invalid "components.N" for a file that is not an
// accepted document or names no component of the request.
func (db *DB) IntakeWithFiles(ctx context.Context, req IntakeRequest, files []NewFile) (*dossier.Dossier, error) {
	key := strings.TrimSpace(req.Intake.IdempotencyKey)
	if len(key) > 100 {
		return nil, apperr.Invalidf("idempotency_key", "khoá chống trùng dài quá 100 ký tự")
	}
	req.Intake.IdempotencyKey = key
	metas, err := prepareIntakeFiles(&req.Intake, files, "components")
	if err != nil {
		return nil, err
	}
	var out *dossier.Dossier
	err = db.Transact(ctx, func(tx *Tx) error {
		first, err := tx.replay(ctx, req)
		if first != nil || err != nil {
			out = first
			return err
		}
		d, err := tx.intake(ctx, req)
		if err != nil {
			return err
		}
		if err := tx.storeIntakeFiles(ctx, d, metas, files); err != nil {
			return err
		}
		out = d
		return nil
	})
	if err != nil && key != "" && isUniqueViolation(err) {
		return db.replayAfterRace(ctx, req)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DossierByIdempotencyKey returns the dossier an online submission with this
// key created. The key is a random secret of the submitting browser, so it
// can serve as the capability to show that submitter their confirmation.
// Errors: NotFound.
func (db *DB) DossierByIdempotencyKey(ctx context.Context, key string) (*dossier.Dossier, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy hồ sơ")
	}
	return db.dossierWhere(ctx, db.read, `idempotency_key = $1`, key)
}

const fileColumns = `id, dossier_id, component, name, content_type, size, sha256, created_at`

func scanFile(row interface{ Scan(...any) error }, extra ...any) (*File, error) {
	var f File
	var dossierID sql.NullString
	var component sql.NullInt64
	var created sql.NullInt64
	dest := append([]any{&f.ID, &dossierID, &component, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &created}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	f.DossierID, f.Component, f.CreatedAt = dossierID.String, -1, fromMS(created)
	if component.Valid {
		f.Component = int(component.Int64)
	}
	return &f, nil
}

// DossierFiles lists a dossier's files (without their bytes) in component
// order; none is an empty slice.
func (db *DB) DossierFiles(ctx context.Context, dossierID string) ([]File, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+fileColumns+` FROM files WHERE dossier_id = $1 ORDER BY component, created_at, id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("files of dossier %s: %w", dossierID, err)
	}
	defer rows.Close()
	out := []File{}
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, fmt.Errorf("files of dossier %s: %w", dossierID, err)
		}
		out = append(out, *f)
	}
	return out, rows.Err()
}

// FileData returns a file's description and its bytes, read from the file
// store and checked against their SHA-256 (or, for a file stored before the
// file store, from the files table). It does not check who asks: the
// caller decides (officers of the dossier's receiving or resolving unit for
// a component; anyone for the image of a published article, see
// PublicImage). Errors: NotFound.
func (db *DB) FileData(ctx context.Context, id string) (*File, []byte, error) {
	var data []byte
	f, err := scanFile(db.read.QueryRowContext(ctx, `SELECT `+fileColumns+`, data FROM files WHERE id = $1`, id), &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.New(apperr.NotFound, "không tìm thấy tệp")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read file %s: %w", id, err)
	}
	if len(data) > 0 || f.Size == 0 {
		return f, data, nil
	}
	st := db.uploads()
	_, data, err = st.Get(ctx, f.SHA256)
	if errors.Is(err, filestore.ErrNotFound) {
		// Kept in the database before the deployment moved to a disk store.
		if _, inDB := st.(blobTable); !inDB {
			_, data, err = blobTable{db}.Get(ctx, f.SHA256)
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read file %s: %w", id, err)
	}
	return f, data, nil
}

// CountFiles counts every stored file, for tests and operations.
func (db *DB) CountFiles(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM files`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count files: %w", err)
	}
	return n, nil
}

// CountDossiers counts every dossier, for tests and operations.
func (db *DB) CountDossiers(ctx context.Context) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM dossiers`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count dossiers: %w", err)
	}
	return n, nil
}

// prepareIntakeFiles checks the files of an intake and marks the components
// they are (each file's Component indexes in.Components, which it copies:
// they are the caller's); field names the list in errors (field.N).
func prepareIntakeFiles(in *dossier.Intake, files []NewFile, field string) ([]File, error) {
	in.Components = append([]dossier.Component(nil), in.Components...)
	metas := make([]File, len(files))
	for i := range files {
		c := files[i].Component
		f := fmt.Sprintf("%s.%d", field, c)
		if c < 0 || c >= len(in.Components) {
			return nil, apperr.Invalidf(f, "tệp %q không thuộc thành phần hồ sơ nào", files[i].Name)
		}
		m, err := files[i].prepare(f)
		if err != nil {
			return nil, err
		}
		metas[i] = m
		in.Components[c].FileID = m.ID
	}
	return metas, nil
}

// storeIntakeFiles stores the prepared files of a dossier just created, in
// its transaction.
func (tx *Tx) storeIntakeFiles(ctx context.Context, d *dossier.Dossier, metas []File, files []NewFile) error {
	// Create keeps components in the procedure's order: find each file's place.
	where := map[string]int{}
	for i, c := range d.Components {
		if c.FileID != "" {
			where[c.FileID] = i
		}
	}
	for i := range metas {
		m := metas[i]
		m.DossierID, m.Component = d.ID, where[m.ID]
		if err := tx.insertFile(ctx, &m, files[i].Data); err != nil {
			return err
		}
	}
	return nil
}
