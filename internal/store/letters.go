package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/unit"
)

// LetterTemplate is one version of a unit's template for a letter kind.
type LetterTemplate struct {
	UnitID string      `json:"unit_id"`
	Kind   letter.Kind `json:"kind"`
	// Version counts the unit's saves for this kind from 1; 0 is the default
	// text shipped with motcua, in force until the unit saves its own.
	Version   int       `json:"version"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	CreatedBy string    `json:"created_by,omitempty"`
}

// Default reports whether this is the shipped default, not a saved version.
func (t *LetterTemplate) Default() bool { return t.Version == 0 }

// ErrLetterTemplateRace: another officer saved the same version of a unit's
// template in the meantime; wrapped in a Conflict error.
var ErrLetterTemplateRace = errors.New("letter template version taken")

// InsertLetterTemplate stores t as the next version of the unit's template
// for its kind, stamped now and recorded in the settings audit as saved by
// t.CreatedBy. The caller has validated the body and chosen t.Version.
//
// Errors: Conflict wrapping ErrLetterTemplateRace when that version exists.
func (tx *Tx) InsertLetterTemplate(ctx context.Context, t *LetterTemplate) error {
	t.CreatedAt = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO letter_templates (unit_id, kind, version, body, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, t.UnitID, string(t.Kind), t.Version, t.Body, tx.now.UnixMilli(), t.CreatedBy); err != nil {
		if isUniqueViolation(err) {
			return apperr.Wrap(apperr.Conflict, fmt.Errorf("%w: %w", ErrLetterTemplateRace, err), "mẫu thư vừa được người khác lưu, vui lòng tải lại")
		}
		return fmt.Errorf("save letter template: %w", err)
	}
	return tx.audit(ctx, t.CreatedBy, "letter_template", t.UnitID, "save", fmt.Sprintf("%s v%d", t.Kind, t.Version))
}

// Unit returns the unit with this id, read in the transaction. Errors: NotFound.
func (tx *Tx) Unit(ctx context.Context, id string) (*unit.Unit, error) { return tx.unitByID(ctx, id) }

// LetterTemplate returns the unit's template in force for kind: its highest
// saved version, or the default (version 0). Errors: Invalid (kind).
func (db *DB) LetterTemplate(ctx context.Context, unitID string, kind letter.Kind) (*LetterTemplate, error) {
	return letterTemplateAt(ctx, db.read, unitID, kind, -1)
}

// LetterTemplateVersion returns one version of a unit's template (0: the
// default). Errors: Invalid (kind), NotFound.
func (db *DB) LetterTemplateVersion(ctx context.Context, unitID string, kind letter.Kind, version int) (*LetterTemplate, error) {
	return letterTemplateAt(ctx, db.read, unitID, kind, version)
}

// LetterTemplateVersions lists a unit's saved versions for kind, newest
// first, followed by the default (version 0).
func (db *DB) LetterTemplateVersions(ctx context.Context, unitID string, kind letter.Kind) ([]LetterTemplate, error) {
	def, err := defaultTemplate(unitID, kind)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT version, body, created_at, created_by FROM letter_templates
		WHERE unit_id = $1 AND kind = $2 ORDER BY version DESC`, unitID, string(kind))
	if err != nil {
		return nil, fmt.Errorf("letter templates: %w", err)
	}
	defer rows.Close()
	var out []LetterTemplate
	for rows.Next() {
		t := LetterTemplate{UnitID: unitID, Kind: kind}
		var created sql.NullInt64
		if err := rows.Scan(&t.Version, &t.Body, &created, &t.CreatedBy); err != nil {
			return nil, fmt.Errorf("letter templates: %w", err)
		}
		t.CreatedAt = fromMS(created)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("letter templates: %w", err)
	}
	return append(out, *def), nil
}

// LetterTemplate returns the unit's template in force for kind, read in the
// transaction. Errors: Invalid (kind).
func (tx *Tx) LetterTemplate(ctx context.Context, unitID string, kind letter.Kind) (*LetterTemplate, error) {
	return letterTemplateAt(ctx, tx.q(), unitID, kind, -1)
}

func defaultTemplate(unitID string, kind letter.Kind) (*LetterTemplate, error) {
	body, err := letter.DefaultText(kind)
	if err != nil {
		return nil, &apperr.Error{Kind: apperr.Invalid, Field: "kind", Message: fmt.Sprintf("loại thư %q không hợp lệ", kind), Err: err}
	}
	return &LetterTemplate{UnitID: unitID, Kind: kind, Body: body}, nil
}

// letterTemplateAt reads version v, or the one in force when v < 0.
func letterTemplateAt(ctx context.Context, q querier, unitID string, kind letter.Kind, v int) (*LetterTemplate, error) {
	def, err := defaultTemplate(unitID, kind)
	if err != nil {
		return nil, err
	}
	if v == 0 {
		return def, nil
	}
	query := `SELECT version, body, created_at, created_by FROM letter_templates WHERE unit_id = $1 AND kind = $2 `
	args := []any{unitID, string(kind)}
	if v > 0 {
		query += `AND version = $3`
		args = append(args, v)
	} else {
		query += `ORDER BY version DESC LIMIT 1`
	}
	t := LetterTemplate{UnitID: unitID, Kind: kind}
	var created sql.NullInt64
	err = q.QueryRowContext(ctx, query, args...).Scan(&t.Version, &t.Body, &created, &t.CreatedBy)
	switch {
	case errors.Is(err, sql.ErrNoRows) && v < 0:
		return def, nil
	case errors.Is(err, sql.ErrNoRows):
		return nil, apperr.New(apperr.NotFound, "không tìm thấy phiên bản %d của mẫu %s", v, kind.Label())
	case err != nil:
		return nil, fmt.Errorf("letter template: %w", err)
	}
	t.CreatedAt = fromMS(created)
	return &t, nil
}

// Letter is one letter in the register.
type Letter struct {
	ID          string      `json:"id"`
	DossierID   string      `json:"dossier_id"`
	DossierCode string      `json:"dossier_code"`
	Kind        letter.Kind `json:"kind"`
	// UnitID is the sending unit (the dossier's resolving unit).
	UnitID string `json:"unit_id"`
	// TemplateVersion is the unit's template version used; 0 the default.
	TemplateVersion int                `json:"template_version"`
	Recipients      []letter.Recipient `json:"recipients"`
	Content         letter.Content     `json:"content"`
	// Sender is the unit and signer as they stood when the letter was produced.
	Sender     letter.Sender `json:"sender"`
	ProducedAt time.Time     `json:"produced_at"`
	PrintedAt  time.Time     `json:"printed_at,omitzero"`
	SentAt     time.Time     `json:"sent_at,omitzero"`
}

const letterColumns = `l.id, l.dossier_id, d.code, l.kind, l.unit_id, l.template_version, l.recipients, l.content, l.sender,
	l.produced_at, l.printed_at, l.sent_at`

func scanLetter(row interface{ Scan(...any) error }) (*Letter, error) {
	var l Letter
	var kind, recipients, content, sender string
	var produced, printed, sent sql.NullInt64
	if err := row.Scan(&l.ID, &l.DossierID, &l.DossierCode, &kind, &l.UnitID, &l.TemplateVersion, &recipients, &content,
		&sender, &produced, &printed, &sent); err != nil {
		return nil, err
	}
	l.Kind = letter.Kind(kind)
	if err := json.Unmarshal([]byte(recipients), &l.Recipients); err != nil {
		return nil, fmt.Errorf("letter %s recipients: %w", l.ID, err)
	}
	if err := json.Unmarshal([]byte(content), &l.Content); err != nil {
		return nil, fmt.Errorf("letter %s content: %w", l.ID, err)
	}
	if err := json.Unmarshal([]byte(sender), &l.Sender); err != nil {
		return nil, fmt.Errorf("letter %s sender: %w", l.ID, err)
	}
	l.ProducedAt, l.PrintedAt, l.SentAt = fromMS(produced), fromMS(printed), fromMS(sent)
	return &l, nil
}

// ErrLetterExists: the register already holds a letter of that kind for
// the dossier (its UNIQUE (dossier_id, kind) refused a second).
var ErrLetterExists = errors.New("letter already in the register")

// InsertLetter records l in the register, produced now, with a new id, and
// counts it in the indicators of dossier d on that day.
//
// Errors: ErrLetterExists (wrapped) when the register already holds a letter
// of that kind for the dossier; the transaction is then spoiled, and the
// caller reads the existing letter after it.
func (tx *Tx) InsertLetter(ctx context.Context, l *Letter, d *dossier.Dossier) error {
	recipients, err := json.Marshal(l.Recipients)
	if err != nil {
		return fmt.Errorf("letter recipients: %w", err)
	}
	body, err := json.Marshal(l.Content)
	if err != nil {
		return fmt.Errorf("letter content: %w", err)
	}
	sender, err := json.Marshal(l.Sender)
	if err != nil {
		return fmt.Errorf("letter sender: %w", err)
	}
	l.ID, l.DossierID, l.DossierCode, l.ProducedAt = NewID(), d.ID, d.Code, tx.now
	if _, err := tx.exec(ctx, `INSERT INTO letters (id, dossier_id, kind, unit_id, template_version, recipients, content,
		sender, produced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		l.ID, d.ID, string(l.Kind), l.UnitID, l.TemplateVersion, string(recipients), string(body), string(sender),
		tx.now.UnixMilli()); err != nil {
		if isUniqueViolation(err) {
			return fmt.Errorf("insert letter: %w: %w", ErrLetterExists, err)
		}
		return fmt.Errorf("insert letter: %w", err)
	}
	// The letter counts in the indicators on the day it is produced.
	return tx.countLetter(ctx, d, tx.now)
}

// LetterOf returns the dossier's letter of kind, read in the transaction.
// Errors: NotFound.
func (tx *Tx) LetterOf(ctx context.Context, dossierID string, kind letter.Kind) (*Letter, error) {
	return tx.letterWhere(ctx, `l.dossier_id = $1 AND l.kind = $2`, dossierID, string(kind))
}

// LetterOf returns the dossier's letter of kind. Errors: NotFound.
func (db *DB) LetterOf(ctx context.Context, dossierID string, kind letter.Kind) (*Letter, error) {
	return db.letterWhere(ctx, db.read, `l.dossier_id = $1 AND l.kind = $2`, dossierID, string(kind))
}

// DossierByID returns the dossier with this id, read in the transaction.
// Errors: NotFound.
func (tx *Tx) DossierByID(ctx context.Context, id string) (*dossier.Dossier, error) {
	return tx.dossierWhere(ctx, `id = $1`, id)
}

func (tx *Tx) letterWhere(ctx context.Context, where string, args ...any) (*Letter, error) {
	return tx.db.letterWhere(ctx, tx.q(), where, args...)
}

func (db *DB) letterWhere(ctx context.Context, q querier, where string, args ...any) (*Letter, error) {
	l, err := scanLetter(q.QueryRowContext(ctx, `SELECT `+letterColumns+` FROM letters l JOIN dossiers d ON d.id = l.dossier_id
		WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy thư %v", args[0])
	}
	if err != nil {
		return nil, fmt.Errorf("read letter %v: %w", args[0], err)
	}
	return l, nil
}

// Letter returns the letter with this id. Errors: NotFound.
func (db *DB) Letter(ctx context.Context, id string) (*Letter, error) {
	return db.letterWhere(ctx, db.read, `l.id = $1`, id)
}

// LetterFilter selects letters of the register; zero fields do not filter.
type LetterFilter struct {
	UnitID    string
	DossierID string
	Kind      letter.Kind
	// Unprinted keeps letters not yet printed; Unsent those not yet sent.
	Unprinted, Unsent bool
	// ProducedFrom and ProducedTo bound the production time, [from, to).
	ProducedFrom, ProducedTo time.Time
	Limit                    int // default 100, at most 1000
	Offset                   int
	// NewestFirst lists the latest letters first (the register page).
	NewestFirst bool
}

// Letters lists the register, oldest first unless f.NewestFirst.
func (db *DB) Letters(ctx context.Context, f LetterFilter) ([]*Letter, error) {
	where, args := f.where()
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT ` + letterColumns + ` FROM letters l JOIN dossiers d ON d.id = l.dossier_id`
	q += where
	order := "l.produced_at, l.id"
	if f.NewestFirst {
		order = "l.produced_at DESC, l.id DESC"
	}
	q += fmt.Sprintf(" ORDER BY %s LIMIT %d OFFSET %d", order, min(limit, 1000), max(f.Offset, 0))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list letters: %w", err)
	}
	defer rows.Close()
	var out []*Letter
	for rows.Next() {
		l, err := scanLetter(rows)
		if err != nil {
			return nil, fmt.Errorf("list letters: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CountLetters counts the letters f selects (its Limit and Offset aside), up
// to limit: it returns limit and true when there are limit or more. It reads no
// letter, only the index and the rows' flags.
func (db *DB) CountLetters(ctx context.Context, f LetterFilter, limit int) (n int, more bool, err error) {
	q, args := countLettersSQL(f, limit)
	if err := db.read.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, false, fmt.Errorf("count letters: %w", err)
	}
	return n, n >= limit, nil
}

// countLettersSQL is CountLetters' query: the outstanding letters to
// print or to send are counted from their partial indexes (migration 0036).
func countLettersSQL(f LetterFilter, limit int) (string, []any) {
	where, args := f.where()
	return fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM letters l%s LIMIT %d) capped`, where, limit), args
}

// where returns the filter's WHERE clause over letters l (or "") and its
// arguments.
func (f LetterFilter) where() (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.UnitID != "" {
		where = append(where, "l.unit_id = "+arg(f.UnitID))
	}
	if f.DossierID != "" {
		where = append(where, "l.dossier_id = "+arg(f.DossierID))
	}
	if f.Kind != "" {
		where = append(where, "l.kind = "+arg(string(f.Kind)))
	}
	if f.Unprinted {
		where = append(where, "l.printed_at IS NULL")
	}
	if f.Unsent {
		where = append(where, "l.sent_at IS NULL")
	}
	if !f.ProducedFrom.IsZero() {
		where = append(where, "l.produced_at >= "+arg(f.ProducedFrom.UnixMilli()))
	}
	if !f.ProducedTo.IsZero() {
		where = append(where, "l.produced_at < "+arg(f.ProducedTo.UnixMilli()))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// MarkLetterPrinted records when a letter was first printed; marking it
// again keeps the first time. Errors: NotFound.
func (db *DB) MarkLetterPrinted(ctx context.Context, id string) (*Letter, error) {
	return db.markLetter(ctx, id, "printed_at")
}

// MarkLetterSent records when a letter was first sent; marking it again
// keeps the first time. Errors: NotFound.
func (db *DB) MarkLetterSent(ctx context.Context, id string) (*Letter, error) {
	return db.markLetter(ctx, id, "sent_at")
}

func (db *DB) markLetter(ctx context.Context, id, column string) (*Letter, error) {
	err := db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE letters SET `+column+` = COALESCE(`+column+`, $2) WHERE id = $1`, id, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("mark letter %s: %w", column, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.NotFound, "không tìm thấy thư %s", id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.Letter(ctx, id)
}

// DossierByID returns the dossier with this id. Errors: NotFound.
func (db *DB) DossierByID(ctx context.Context, id string) (*dossier.Dossier, error) {
	return db.dossierWhere(ctx, db.read, `id = $1`, id)
}
