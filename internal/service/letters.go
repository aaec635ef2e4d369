// Package service holds motcua's use cases: each exported function is one
// thing an officer, a citizen or a worker does, called alike by the web
// pages, the API, the command line and the jobs runner. A use case asks the
// domain packages to decide (letter, dossier, ...), and owns the one store
// transaction (store.DB.Transact) in which what it reads and writes commits
// together; the store only runs SQL. See docs/design.md, "Use cases".
package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// ErrNoSuchDossier is wrapped in the NotFound error of a use case asked about
// a dossier that does not exist (a job for it will never succeed).
var ErrNoSuchDossier = errors.New("no such dossier")

// MaxTemplateLen bounds a letter template's text, in characters.
const MaxTemplateLen = 20000

// SaveLetterTemplate validates body as a template of kind and stores it as
// the unit's next version, which is then in force; by is recorded in the
// settings audit. Saving the text of the version in force changes nothing
// and returns it. One transaction reads the version in force and writes the
// next.
//
// Errors: Invalid with field "body" naming each unknown or malformed
// placeholder (or field "kind" for an unknown kind); NotFound (unit);
// Conflict when another officer saved meanwhile.
func SaveLetterTemplate(ctx context.Context, db *store.DB, unitID string, kind letter.Kind, body, by string) (*store.LetterTemplate, error) {
	body = strings.TrimSpace(textfold.NFC(strings.ReplaceAll(body, "\r\n", "\n")))
	if n := utf8.RuneCountInString(body); n > MaxTemplateLen {
		return nil, apperr.Invalidf("body", "mẫu thư dài %d ký tự; tối đa %d ký tự", n, MaxTemplateLen)
	}
	if _, err := letter.ParseTemplate(kind, body); err != nil {
		return nil, TemplateError(err)
	}
	var out *store.LetterTemplate
	err := db.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.Unit(ctx, unitID); err != nil {
			return err
		}
		cur, err := tx.LetterTemplate(ctx, unitID, kind)
		if err != nil {
			return err
		}
		if !cur.Default() && cur.Body == body {
			out = cur
			return nil
		}
		t := &store.LetterTemplate{UnitID: unitID, Kind: kind, Version: cur.Version + 1, Body: body, CreatedBy: by}
		if err := tx.InsertLetterTemplate(ctx, t); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// ProduceLetter produces the letter a resolved dossier calls for, if any,
// and returns it (nil when none is due) and whether this call created it.
// The procedure's letter kind under its default rule (dossier.LetterRule)
// and the dossier's facts (Dossier.LetterFacts) decide (letter.Decide);
// when a letter is due, the template in force of the resolving unit is
// filled with the decision's values and the unit's letterhead signer
// (letter.SenderOf), dated now. Everything from reading the register to
// recording the letter is one transaction; running it again, or twice at
// once, never makes a second letter.
//
// Errors: NotFound wrapping ErrNoSuchDossier; one wrapping letter.ErrIncompleteFacts or
// letter.ErrUnknownKind when the declaration or the procedure cannot make the
// letter; Invalid with field "letterhead" when the unit names no signer, or
// when the template lacks a value (the message names the placeholders).
func ProduceLetter(ctx context.Context, db *store.DB, dossierID string) (*store.Letter, bool, error) {
	d, err := db.DossierByID(ctx, dossierID)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, false, apperr.Wrap(apperr.NotFound, fmt.Errorf("%w: %w", ErrNoSuchDossier, err), "%s", apperr.PublicMessage(err))
	}
	if err != nil {
		return nil, false, err
	}
	// A dossier's pinned procedure version never changes once stored.
	pv, err := db.ProcedureVersionOf(ctx, d.ProcedureID, d.ProcedureVer)
	if err != nil {
		return nil, false, fmt.Errorf("letter for %s: %w", d.Code, err)
	}
	rule, err := dossier.LetterRule(pv.Procedure.Letter)
	if err != nil {
		return nil, false, fmt.Errorf("letter for %s: %w", d.Code, err)
	}
	if rule.Kind == "" {
		return nil, false, nil
	}
	var l *store.Letter
	created := false
	err = db.Transact(ctx, func(tx *store.Tx) error {
		l, created = nil, false
		existing, err := tx.LetterOf(ctx, dossierID, rule.Kind)
		if err == nil {
			l = existing
			return nil
		}
		if apperr.KindOf(err) != apperr.NotFound {
			return err
		}
		d, err := tx.DossierByID(ctx, dossierID)
		if err != nil {
			return err
		}
		dec, err := letter.Decide(rule, d.LetterFacts(false))
		if err != nil || !dec.Due {
			return err
		}
		u, err := tx.Unit(ctx, d.ResolvingUnitID)
		if err != nil {
			return err
		}
		sender := letter.SenderOf(u)
		if !sender.CanSign() {
			return apperr.Invalidf("letterhead", "đơn vị chưa khai báo chức vụ và họ tên người ký thư trong tiêu đề văn bản")
		}
		tmpl, err := tx.LetterTemplate(ctx, u.ID, rule.Kind)
		if err != nil {
			return err
		}
		content, err := fillStored(tmpl, letter.Merge(dec.Values, sender.Values(tx.Now())))
		if err != nil {
			return err
		}
		nl := &store.Letter{Kind: rule.Kind, UnitID: u.ID, TemplateVersion: tmpl.Version, Recipients: dec.Recipients,
			Content: content, Sender: sender}
		if err := tx.InsertLetter(ctx, nl, d); err != nil {
			return err
		}
		l, created = nl, true
		return nil
	})
	if errors.Is(err, store.ErrLetterExists) {
		// Another producer recorded it first: theirs is the letter.
		l, err = db.LetterOf(ctx, dossierID, rule.Kind)
		return l, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("letter for %s: %w", d.Code, err)
	}
	return l, created, nil
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
// It only reads, so it needs no transaction.
//
// Errors: Invalid (field "body" for a bad template, naming the placeholder;
// a dossier whose data cannot fill it), NotFound (unit, dossier).
func PreviewLetter(ctx context.Context, db *store.DB, req PreviewRequest) (letter.Content, error) {
	u, err := db.Unit(ctx, req.UnitID)
	if err != nil {
		return letter.Content{}, err
	}
	body := req.Body
	if n := utf8.RuneCountInString(body); n > MaxTemplateLen {
		return letter.Content{}, apperr.Invalidf("body", "mẫu thư dài %d ký tự; tối đa %d ký tự", n, MaxTemplateLen)
	}
	if strings.TrimSpace(body) == "" {
		t, err := db.LetterTemplate(ctx, req.UnitID, req.Kind)
		if err != nil {
			return letter.Content{}, err
		}
		body = t.Body
	}
	tmpl, err := letter.ParseTemplate(req.Kind, body)
	if err != nil {
		return letter.Content{}, TemplateError(err)
	}
	now := db.Now().In(calendar.Location())
	values := letter.SampleValues(req.Kind)
	if req.DossierCode != "" {
		d, err := db.Dossier(ctx, req.DossierCode)
		if err != nil {
			return letter.Content{}, err
		}
		f := d.LetterFacts(false)
		if !f.Resolved || f.ResolvedAt.IsZero() {
			f.Resolved, f.ResolvedAt = true, now
		}
		dec, err := letter.Decide(letter.Rule{Kind: req.Kind}, f)
		if err != nil {
			return letter.Content{}, apperr.Wrap(apperr.Invalid, err, "hồ sơ %s thiếu thông tin để lập %s", d.Code, strings.ToLower(req.Kind.Label()))
		}
		values = dec.Values
	}
	c, err := tmpl.Fill(letter.Merge(values, letter.SenderOf(u).PreviewValues(now)))
	if err != nil {
		return letter.Content{}, fillError(err)
	}
	return c, nil
}

// TemplateError turns a letter.ParseTemplate error into an Invalid error on
// field "body" whose message names every unknown placeholder and every
// malformed one with its line and column (or on field "kind" for an unknown
// kind).
func TemplateError(err error) error {
	if errors.Is(err, letter.ErrUnknownKind) {
		return &apperr.Error{Kind: apperr.Invalid, Field: "kind", Message: "loại thư không hợp lệ", Err: err}
	}
	var problems []string
	for _, pe := range letter.ParseErrors(err) {
		if errors.Is(pe, letter.ErrUnknownPlaceholder) {
			problems = append(problems, fmt.Sprintf("dòng %d: trường %s không tồn tại", pe.Line, pe.Placeholder))
		} else {
			problems = append(problems, fmt.Sprintf("dòng %d, cột %d: %s viết sai (trường viết dạng {{ten_truong}})", pe.Line, pe.Column, pe.Placeholder))
		}
	}
	if errors.Is(err, letter.ErrStructure) {
		problems = append(problems, "mẫu thư cần tiêu đề, lời chào và ít nhất một đoạn nội dung, cách nhau bằng một dòng trống")
	}
	if len(problems) == 0 {
		problems = append(problems, "nội dung không hợp lệ")
	}
	return &apperr.Error{Kind: apperr.Invalid, Field: "body", Message: "Mẫu thư chưa hợp lệ: " + strings.Join(problems, "; "), Err: err}
}

// fillStored parses a stored template and fills it.
func fillStored(t *store.LetterTemplate, v letter.Values) (letter.Content, error) {
	parsed, err := letter.ParseTemplate(t.Kind, t.Body)
	if err != nil {
		return letter.Content{}, fmt.Errorf("stored %s template v%d: %w", t.Kind, t.Version, err)
	}
	c, err := parsed.Fill(v)
	if err != nil {
		return letter.Content{}, fillError(err)
	}
	return c, nil
}

// fillError turns a Fill error into an Invalid error naming the
// placeholders that lack a value.
func fillError(err error) error {
	var mv *letter.MissingValuesError
	if errors.As(err, &mv) {
		return apperr.Wrap(apperr.Invalid, err, "thiếu dữ liệu để điền mẫu thư: %s", mv.Written())
	}
	return err
}
