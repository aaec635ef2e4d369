package web

// "Check your answers" (Kiểm tra lại thông tin, issue 19): a form that
// passes every check is not sent at once. The page lists every answer and
// each file chosen, each with a "Sửa" button back to its field, and sends
// on "Gửi hồ sơ". The answers travel in hidden fields; the files chosen are
// kept server-side under the form's key (ux_drafts.go), so "Sửa" loses
// nothing. The form's idempotency key makes a double "Gửi hồ sơ" one
// dossier: the second finds it (uxAlreadySent).

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
)

// The review form's fields: confirm sends; edit names the field to change.
const (
	uxConfirmField = "confirm"
	uxEditField    = "edit"
)

// uxReviewData is the check page: its sections and the answers to post back.
type uxReviewData struct {
	Sections []uxReviewSection
	Hidden   []uxHidden
}

// uxReviewSection is one group of answers with one "Sửa": Edit is the form
// field it goes back to (the group's first), EditID the id of its control;
// empty when there is nothing to change there.
type uxReviewSection struct {
	Heading      string
	Rows         []uxReviewRow
	Edit, EditID string
}

// uxReviewRow is one answer, printed on one line with its label when both fit.
type uxReviewRow struct {
	Label, Value string
	Empty        bool // nothing given: Value says so
	VI           bool // the value is Vietnamese data whatever the page's language
}

type uxHidden struct{ Name, Value string }

// uxAlreadySent answers with the confirmation when the form's key already
// made a dossier (done true).
func (s *Server) uxAlreadySent(w http.ResponseWriter, r *http.Request, key string) (bool, error) {
	_, err := s.db.DossierByIdempotencyKey(r.Context(), key)
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		return false, nil
	case err != nil:
		return false, err
	}
	http.Redirect(w, r, "/nop-ho-so/da-nop?k="+url.QueryEscape(key), http.StatusSeeOther)
	return true, nil
}

// uxEdit shows the form again from the check page, nothing lost: the
// answers from the hidden fields, the files kept.
func (s *Server) uxEdit(w http.ResponseWriter, p *Page, d *portalSubmitData, uploads []portalUpload) error {
	for _, up := range uploads {
		if up.origin == "" {
			d.Components[up.proc].Kept = up.name
		}
	}
	return s.render(w, http.StatusOK, "portal_submit", p)
}

// uxReview keeps the new files and shows the check page. It returns the
// errors to show on the form instead when a file could not be kept (the
// address kept too many, or the store failed): the citizen chooses it again.
func (s *Server) uxReview(w http.ResponseWriter, r *http.Request, p *Page, d *portalSubmitData, uploads []portalUpload) (map[string]string, error) {
	var fresh []portalUpload
	for _, up := range uploads {
		switch {
		case up.kept:
			d.Components[up.proc].Kept = up.name
		case up.origin == "":
			fresh = append(fresh, up)
		}
	}
	s.uxKeepDrafts(r, d, fresh)
	notKept := map[string]string{}
	for _, up := range fresh {
		if c := d.Components[up.proc]; c.Kept == "" {
			notKept[c.Name] = p.T("ux.review.not_kept", up.name)
		}
	}
	if len(notKept) > 0 {
		return notKept, nil
	}
	d.Review = uxReview(p, d, uploads)
	p.Title = p.T("ux.review.title")
	return nil, s.render(w, http.StatusOK, "portal_review", p)
}

// uxReview lists every answer in the form's order.
func uxReview(p *Page, d *portalSubmitData, uploads []portalUpload) *uxReviewData {
	rv := &uxReviewData{}
	row := func(sec *uxReviewSection, label, value, field string, vi bool) {
		r := uxReviewRow{Label: label, Value: value, VI: vi}
		if field != "" && sec.Edit == "" {
			sec.Edit, sec.EditID = field, portalID(field)
		}
		if value == "" {
			r.Value, r.Empty, r.VI = p.T("ux.review.empty"), true, false
		}
		sec.Rows = append(sec.Rows, r)
	}
	kind := p.Value("kind")
	if d.Units != nil {
		sec := uxReviewSection{Heading: p.T("portal.submit.unit")}
		for _, u := range d.Units {
			if u.ID == p.Value("unit") {
				row(&sec, p.T("portal.submit.unit"), u.Name, "unit", true)
			}
		}
		rv.Sections = append(rv.Sections, sec)
	}
	a := uxReviewSection{Heading: p.T("portal.submit.applicant")}
	kindLabel := p.T("portal.submit.kind.person")
	if kind == string(dossier.Organisation) {
		kindLabel = p.T("portal.submit.kind.organisation")
	}
	row(&a, p.T("portal.submit.kind"), kindLabel, "kind", false)
	for _, f := range []struct{ name, label string }{{"full_name", "portal.submit.full_name"}, {"id_number", "portal.submit.id_number"},
		{"birth_date", "portal.submit.birth_date"}, {"phone", "portal.submit.phone"}, {"email", "portal.submit.email"}, {"address", "portal.submit.address"}} {
		v := p.Value(f.name)
		if f.name == "birth_date" {
			v = uxDate(v)
		}
		row(&a, p.T(f.label), v, f.name, f.name == "full_name" || f.name == "address")
	}
	if kind == string(dossier.Organisation) {
		row(&a, p.T("portal.submit.org_name"), p.Value("org_name"), "org_name", true)
		row(&a, p.T("portal.submit.tax_code"), p.Value("tax_code"), "tax_code", false)
	}
	rv.Sections = append(rv.Sections, a)
	for _, g := range d.FormGroups {
		if !g.Applies.For(kind) {
			continue
		}
		sec := uxReviewSection{Heading: g.Label}
		first, answered := "", false
		for _, in := range g.Fields {
			if !in.Applies.For(kind) {
				continue
			}
			if first == "" {
				first = in.Name
			}
			v := p.Value(in.Name)
			answered = answered || v != ""
			if in.Field.Type == catalogue.FieldDate {
				v = uxDate(v)
			}
			row(&sec, uxLabel(p.Lang, in.Field.Label, in.Field.LabelEN), v, in.Name, in.Field.Type != catalogue.FieldDate)
		}
		if !answered { // a group left empty (the father unknown): one line
			sec.Rows = nil
			row(&sec, g.Label, "", first, false)
		}
		rv.Sections = append(rv.Sections, sec)
	}
	if len(d.Declarations) > 0 {
		sec := uxReviewSection{Heading: p.T("portal.submit.declaration")}
		for _, di := range d.Declarations {
			v := p.Value(di.Name)
			if di.Date {
				v = uxDate(v)
			}
			row(&sec, di.Label, v, di.Name, !di.Date)
		}
		rv.Sections = append(rv.Sections, sec)
	}
	files := uxReviewSection{Heading: p.T("portal.submit.components")}
	for i, c := range d.Components {
		name := ""
		if c.Generated {
			name = p.T("ux.review.generated")
		}
		for _, up := range uploads {
			if up.proc == i {
				name = up.name
				if up.origin != "" {
					name = p.T("ux.review.reused", up.name, up.origin)
				}
			}
		}
		field := c.Name
		if c.Generated {
			field = "" // nothing to change but the answers above
		}
		row(&files, c.Label, name, field, true)
		if name == "" && !c.Required {
			files.Rows[len(files.Rows)-1].Value = p.T("ux.review.no_file")
		}
	}
	rv.Sections = append(rv.Sections, files)
	req := uxReviewSection{Heading: p.T("portal.submit.request")}
	row(&req, p.T("portal.submit.request"), p.Value("request"), "request", true)
	rv.Sections = append(rv.Sections, req)

	names := make([]string, 0, len(p.Form))
	for k := range p.Form {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if v := p.Form.Get(k); v != "" {
			rv.Hidden = append(rv.Hidden, uxHidden{Name: k, Value: v})
		}
	}
	return rv
}

// uxDate prints a YYYY-MM-DD date as dd/mm/yyyy, anything else as it is.
func uxDate(v string) string {
	if d, err := calendar.ParseDate(v); err == nil {
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("02/01/2006")
	}
	return v
}
