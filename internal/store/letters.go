package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/textfold"
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

// templateError turns a letter.ParseTemplate error into an Invalid error on
// field "body" whose message names every unknown placeholder and every
// malformed one with its line and column.
func templateError(err error) error {
	if errors.Is(err, letter.ErrUnknownKind) {
		return &apperr.Error{Kind: apperr.Invalid, Field: "kind", Message: "loại thư không hợp lệ", Err: err}
	}
	var problems []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var pe *letter.ParseError
		switch {
		case errors.As(e, &pe) && errors.Is(pe, letter.ErrUnknownPlaceholder):
			problems = append(problems, fmt.Sprintf("dòng %d: trường %s không tồn tại", pe.Line, pe.Placeholder))
		case errors.As(e, &pe):
			problems = append(problems, fmt.Sprintf("dòng %d, cột %d: %s viết sai (trường viết dạng {{ten_truong}})", pe.Line, pe.Column, pe.Placeholder))
		case errors.Is(e, letter.ErrStructure):
			problems = append(problems, "mẫu thư cần tiêu đề, lời chào và ít nhất một đoạn nội dung, cách nhau bằng một dòng trống")
		default:
			problems = append(problems, "nội dung không hợp lệ")
		}
	}
	walk(err)
	return &apperr.Error{Kind: apperr.Invalid, Field: "body", Message: "Mẫu thư chưa hợp lệ: " + strings.Join(problems, "; "), Err: err}
}

// SaveLetterTemplate validates body as a template of kind and stores it as
// the unit's next version, which is then in force; by is recorded in the
// settings audit. Saving the text of the version in force changes nothing
// and returns it.
//
// Errors: Invalid with field "body" naming each unknown or malformed
// placeholder (or field "kind" for an unknown kind); NotFound (unit).
func (db *DB) SaveLetterTemplate(ctx context.Context, unitID string, kind letter.Kind, body, by string) (*LetterTemplate, error) {
	body = strings.TrimSpace(textfold.NFC(strings.ReplaceAll(body, "\r\n", "\n")))
	if _, err := letter.ParseTemplate(kind, body); err != nil {
		return nil, templateError(err)
	}
	if len(body) > 20000 {
		return nil, apperr.Invalidf("body", "mẫu thư dài quá 20.000 ký tự")
	}
	var out *LetterTemplate
	err := db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.unitByID(ctx, unitID); err != nil {
			return err
		}
		cur, err := tx.letterTemplate(ctx, unitID, kind)
		if err != nil {
			return err
		}
		if !cur.Default() && cur.Body == body {
			out = cur
			return nil
		}
		t := &LetterTemplate{UnitID: unitID, Kind: kind, Version: cur.Version + 1, Body: body, CreatedAt: tx.now, CreatedBy: by}
		if _, err := tx.exec(ctx, `INSERT INTO letter_templates (unit_id, kind, version, body, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6)`, unitID, string(kind), t.Version, body, tx.now.UnixMilli(), by); err != nil {
			if isUniqueViolation(err) {
				return apperr.Wrap(apperr.Conflict, err, "mẫu thư vừa được người khác lưu, vui lòng tải lại")
			}
			return fmt.Errorf("save letter template: %w", err)
		}
		out = t
		return tx.audit(ctx, by, "letter_template", unitID, "save", fmt.Sprintf("%s v%d", kind, t.Version))
	})
	return out, err
}

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

func (tx *Tx) letterTemplate(ctx context.Context, unitID string, kind letter.Kind) (*LetterTemplate, error) {
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

// ProduceLetterRequest asks for the letter a decision calls for.
type ProduceLetterRequest struct {
	DossierID string
	// UnitID is the sending unit, whose template in force is filled.
	UnitID string
	// Decision is a due decision from letter.Decide.
	Decision letter.Decision
	// Sender signs the letter; its values (unit, place, date, signer) are
	// merged over the decision's.
	Sender letter.Sender
}

// SenderOf returns the letter sender of a unit: its name, and the place and
// signer of its letterhead.
func SenderOf(u *unit.Unit) letter.Sender {
	return letter.Sender{Unit: u.Name, Place: u.Letterhead.Place,
		SignerTitle: u.Letterhead.SignerTitle, SignerName: u.Letterhead.SignerName}
}

// ProduceLetter records the letter of req.Decision for the dossier, dated
// now: the unit's template in force is filled with the decision's and the
// sender's values. It is idempotent: when the register already holds a
// letter of that kind for the dossier, that letter is returned with created
// false and nothing is written, also when two producers race.
//
// Errors: Invalid when the decision is not due, the sender has no signer, or
// the template lacks a value (the message names it); NotFound (dossier).
func (db *DB) ProduceLetter(ctx context.Context, req ProduceLetterRequest) (l *Letter, created bool, err error) {
	kind := req.Decision.Kind
	if !req.Decision.Due {
		return nil, false, apperr.New(apperr.Invalid, "hồ sơ không thuộc trường hợp gửi thư (%s)", req.Decision.Reason)
	}
	if strings.TrimSpace(req.Sender.SignerName) == "" || strings.TrimSpace(req.Sender.SignerTitle) == "" {
		return nil, false, apperr.Invalidf("letterhead", "đơn vị chưa khai báo chức vụ và họ tên người ký thư trong tiêu đề văn bản")
	}
	err = db.Transact(ctx, func(tx *Tx) error {
		l, created = nil, false
		existing, err := tx.letterWhere(ctx, `l.dossier_id = $1 AND l.kind = $2`, req.DossierID, string(kind))
		if err == nil {
			l = existing
			return nil
		}
		if apperr.KindOf(err) != apperr.NotFound {
			return err
		}
		d, err := tx.dossierWhere(ctx, `id = $1`, req.DossierID)
		if err != nil {
			return err
		}
		tmpl, err := tx.letterTemplate(ctx, req.UnitID, kind)
		if err != nil {
			return err
		}
		content, err := fillTemplate(tmpl, letter.Merge(req.Decision.Values, req.Sender.Values(tx.now)))
		if err != nil {
			return err
		}
		recipients, _ := json.Marshal(req.Decision.Recipients)
		body, _ := json.Marshal(content)
		sender, _ := json.Marshal(req.Sender)
		id := NewID()
		if _, err := tx.exec(ctx, `INSERT INTO letters (id, dossier_id, kind, unit_id, template_version, recipients, content,
			sender, produced_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			id, req.DossierID, string(kind), req.UnitID, tmpl.Version, string(recipients), string(body), string(sender),
			tx.now.UnixMilli()); err != nil {
			return fmt.Errorf("insert letter: %w", err)
		}
		l, created = &Letter{ID: id}, true
		// The letter counts in the indicators on the day it is produced.
		return tx.countLetter(ctx, d, tx.now)
	})
	if err != nil && isUniqueViolation(err) {
		// Another producer recorded it first: theirs is the letter.
		l, err = db.letterWhere(ctx, db.read, `l.dossier_id = $1 AND l.kind = $2`, req.DossierID, string(kind))
		return l, false, err
	}
	if err != nil {
		return nil, false, err
	}
	if created {
		l, err = db.Letter(ctx, l.ID)
	}
	return l, created, err
}

// placeholderRe finds the placeholders an error message names.
var placeholderRe = regexp.MustCompile(`\{\{[a-z][a-z0-9_]*\}\}`)

// fillTemplate parses a stored template and fills it; a value it lacks is an
// Invalid error naming the placeholder.
func fillTemplate(t *LetterTemplate, v letter.Values) (letter.Content, error) {
	parsed, err := letter.ParseTemplate(t.Kind, t.Body)
	if err != nil {
		return letter.Content{}, fmt.Errorf("stored %s template v%d: %w", t.Kind, t.Version, err)
	}
	c, err := parsed.Fill(v)
	if errors.Is(err, letter.ErrMissingValue) {
		names := placeholderRe.FindAllString(err.Error(), -1)
		return letter.Content{}, apperr.Wrap(apperr.Invalid, err, "thiếu dữ liệu để điền mẫu thư: %s", strings.Join(names, ", "))
	}
	return c, err
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
}

// Letters lists the register, oldest first.
func (db *DB) Letters(ctx context.Context, f LetterFilter) ([]*Letter, error) {
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
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT ` + letterColumns + ` FROM letters l JOIN dossiers d ON d.id = l.dossier_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY l.produced_at, l.id LIMIT %d OFFSET %d", min(limit, 1000), max(f.Offset, 0))
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

// LetterFacts returns what letter.Decide needs to know about d, from its
// applicant and its Declaration: resolved (status resolved or returned) at
// EndedAt; the child, parents, couple or deceased by name, dates parsed as
// days in UTC+7; everyone's address the applicant's. letterSent is passed
// through as Facts.LetterSent.
func LetterFacts(d *dossier.Dossier, letterSent bool) letter.Facts {
	decl := d.Declaration
	day := func(key string) time.Time {
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(decl[key]), Zone)
		if err != nil {
			return time.Time{}
		}
		return t
	}
	addr := d.Applicant.Address
	person := func(key string) letter.Person { return letter.Person{Name: decl[key], Address: addr} }
	f := letter.Facts{
		Resolved:   d.Status == dossier.Resolved || d.Status == dossier.Returned,
		ResolvedAt: d.EndedAt,
		LetterSent: letterSent,
		Applicant:  letter.Person{Name: d.Applicant.FullName, Address: addr},
		Child:      letter.Person{Name: decl["child_name"], BirthDate: day("child_birth_date"), Sex: sexOf(decl["child_sex"])},
		Father:     person("father_name"),
		Mother:     person("mother_name"),
		Husband:    person("husband_name"),
		Wife:       person("wife_name"),
		Deceased:   letter.Person{Name: decl["deceased_name"], DeathDate: day("death_date")},
	}
	f.Father.Sex, f.Mother.Sex, f.Husband.Sex, f.Wife.Sex = letter.Male, letter.Female, letter.Male, letter.Female
	return f
}

// sexOf reads a declared sex, in English or Vietnamese.
func sexOf(s string) letter.Sex {
	switch textfold.Fold(s) {
	case "male", "nam", "m":
		return letter.Male
	case "female", "nu", "f":
		return letter.Female
	}
	return ""
}

// LetterRule returns the letter rule of a procedure's letter kind: the
// kind's default rule (letter.DefaultRule), or no rule for none or empty.
// An unknown kind gives an error wrapping letter.ErrUnknownKind.
func LetterRule(kind catalogue.LetterKind) (letter.Rule, error) {
	if kind == "" || kind == catalogue.LetterNone {
		return letter.Rule{}, nil
	}
	return letter.DefaultRule(letter.Kind(kind))
}

// PreviewRequest asks how a template reads filled in.
type PreviewRequest struct {
	UnitID string
	Kind   letter.Kind
	// Body is the template text to try; empty uses the unit's template in force.
	Body string
	// DossierCode fills the letter with that dossier's values, as if it were
	// resolved now when it is not; empty uses sample values.
	DossierCode string
}

// PreviewLetter fills a template without storing anything, for the template
// editor: the unit's sender values dated now (a value its letterhead lacks
// shows as "[chưa khai báo: {{name}}]"), and a dossier's values or samples.
// Errors: Invalid (field "body" for a bad template, naming the placeholder;
// a dossier whose data cannot fill it), NotFound (unit, dossier).
func (db *DB) PreviewLetter(ctx context.Context, req PreviewRequest) (letter.Content, error) {
	u, err := db.Unit(ctx, req.UnitID)
	if err != nil {
		return letter.Content{}, err
	}
	body := req.Body
	if strings.TrimSpace(body) == "" {
		t, err := db.LetterTemplate(ctx, req.UnitID, req.Kind)
		if err != nil {
			return letter.Content{}, err
		}
		body = t.Body
	}
	tmpl, err := letter.ParseTemplate(req.Kind, body)
	if err != nil {
		return letter.Content{}, templateError(err)
	}
	now := db.now().In(Zone)
	values := sampleValues(req.Kind)
	if req.DossierCode != "" {
		d, err := db.Dossier(ctx, req.DossierCode)
		if err != nil {
			return letter.Content{}, err
		}
		f := LetterFacts(d, false)
		if !f.Resolved || f.ResolvedAt.IsZero() {
			f.Resolved, f.ResolvedAt = true, now
		}
		dec, err := letter.Decide(letter.Rule{Kind: req.Kind}, f)
		if err != nil {
			return letter.Content{}, apperr.Wrap(apperr.Invalid, err, "hồ sơ %s thiếu thông tin để lập %s", d.Code, strings.ToLower(req.Kind.Label()))
		}
		values = dec.Values
	}
	sender := SenderOf(u).Values(now)
	for name, v := range sender {
		if strings.TrimSpace(v) == "" {
			// The letterhead is incomplete: show where its value will go.
			sender[name] = "[chưa khai báo: {{" + name + "}}]"
		}
	}
	c, err := tmpl.Fill(letter.Merge(values, sender))
	if err != nil {
		return letter.Content{}, apperr.Wrap(apperr.Invalid, err, "thiếu dữ liệu để điền mẫu thư")
	}
	return c, nil
}

// sampleValues fill a kind's own placeholders for previews.
func sampleValues(k letter.Kind) letter.Values {
	switch k {
	case letter.CongratulationBirth:
		return letter.Values{letter.PRecipients: "Ông Nguyễn Văn An và Bà Trần Thị Bình", letter.PChild: "Nguyễn Minh Khang",
			letter.PBirthDate: "20/02/2025", letter.PFather: "Nguyễn Văn An", letter.PMother: "Trần Thị Bình"}
	case letter.CongratulationMarriage:
		return letter.Values{letter.PRecipients: "Ông Lê Văn Cường và Bà Phạm Thị Dung", letter.PHusband: "Lê Văn Cường",
			letter.PWife: "Phạm Thị Dung", letter.PMarriageDate: "03/03/2025"}
	case letter.Condolence:
		return letter.Values{letter.PRecipients: "Bà Hoàng Thị Em và gia đình", letter.PDeceased: "Hoàng Văn Phúc",
			letter.PDeceasedHonorific: "Ông", letter.PDeathDate: "28/02/2025", letter.PBirthYear: "1940"}
	}
	return letter.Values{}
}
