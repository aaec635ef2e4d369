package web

// The electronic form is the legal form (issue 19): a procedure whose
// catalogue entry defines its online form from its declaration (catalogue.Form)
// asks those fields, typed and grouped as the declaration groups them; the
// answers are stored with the dossier and the declaration is generated from
// them (docgen.KindDeclaration), never uploaded. docs/forms.md.

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// portalFormGroup is one group of the procedure's form on the page.
type portalFormGroup struct {
	Label   string
	Applies catalogue.Applies // whom the group is asked of; "" for everyone
	Fields  []portalFormInput
}

// portalFormInput is one field of the form: its form field name and its
// definition; Applies is whom it is asked of, the group's or its own.
type portalFormInput struct {
	Name    string
	Field   catalogue.FormField
	Applies catalogue.Applies
}

// portalFormGroups lays out the procedure's form for the page.
func portalFormGroups(lang string, f *catalogue.Form) []portalFormGroup {
	if f == nil {
		return nil
	}
	out := make([]portalFormGroup, 0, len(f.Groups))
	for _, g := range f.Groups {
		pg := portalFormGroup{Label: uxLabel(lang, g.Label, g.LabelEN), Applies: g.Applies}
		for _, fd := range g.Fields {
			in := portalFormInput{Name: portalDeclField(fd.Key), Field: fd, Applies: g.Applies}
			if fd.Applies != catalogue.AppliesAll {
				in.Applies = fd.Applies
			}
			pg.Fields = append(pg.Fields, in)
		}
		out = append(out, pg)
	}
	return out
}

func uxLabel(lang, vi, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return vi
}

// portalChoiceView is one option of a select.
type portalChoiceView struct {
	Value, Label string
	Selected     bool
}

// portalFormField builds the control of a form field, its bounds from the
// field's definition (catalogue.FormField.FieldBounds) so that the page and
// the checks agree: a select for a choice, a date input (not after today),
// a number input within its range for a year or a number, a text input of
// at most its length.
func portalFormField(p *Page, in portalFormInput, now time.Time) portalFieldView {
	fd := in.Field
	opts := []string{"hint=" + uxLabel(p.Lang, fd.Hint, fd.HintEN)}
	if fd.Required {
		opts = append(opts, "req")
	}
	v := portalField(p, in.Name, uxLabel(p.Lang, fd.Label, fd.LabelEN), opts...)
	v.Applies = string(in.Applies)
	lo, hi := fd.FieldBounds(now)
	switch fd.Type {
	case catalogue.FieldText:
		v.MaxLength = hi
	case catalogue.FieldDate:
		v.Type, v.Max = "date", calendar.DateOf(now).String()
		v.Min = strconv.Itoa(catalogue.MinFormYear) + "-01-01"
	case catalogue.FieldYear, catalogue.FieldNumber:
		v.Type, v.Inputmode = "number", "numeric"
		v.Min, v.Max = strconv.Itoa(lo), strconv.Itoa(hi)
	case catalogue.FieldIDNumber:
		v.Inputmode, v.Autocomplete, v.MaxLength = "numeric", "off", 12
	case catalogue.FieldChoice:
		v.Type = "select"
		v.ChooseText = p.T("ux.form.choose")
		for _, c := range fd.Choices {
			v.Choices = append(v.Choices, portalChoiceView{Value: c.Value, Label: uxLabel(p.Lang, c.Value, c.LabelEN), Selected: c.Value == v.Value})
		}
	}
	return v
}

// portalReadAnswers copies the form's answers, read by get (a request's
// FormValue, or a posted form's Get), into form, NFC-normalised and trimmed,
// and returns those asked of an applicant of kind, for the dossier; a choice
// reads as the form lists it ("nam" is "Nam"). The online form and the
// counter intake both read the answers with it.
func portalReadAnswers(get func(string) string, f *catalogue.Form, kind string, form url.Values) map[string]string {
	decl := map[string]string{}
	if f == nil {
		return decl
	}
	for _, g := range f.Groups {
		for _, fd := range g.Fields {
			name := portalDeclField(fd.Key)
			v := strings.TrimSpace(textfold.NFC(get(name)))
			if c, ok := fd.Choice(v); ok && fd.Type == catalogue.FieldChoice {
				v = c.Value // as the form lists it, so the select shows it
			}
			form.Set(name, v)
			if _, asked := f.FieldFor(fd.Key, kind); asked && v != "" {
				decl[fd.Key] = v
			}
		}
	}
	return decl
}

// portalFormFieldNames are the form's field names in order, for the error summary.
func portalFormFieldNames(groups []portalFormGroup) []string {
	var out []string
	for _, g := range groups {
		for _, in := range g.Fields {
			out = append(out, in.Name)
		}
	}
	return out
}

// portalSubmittedDeclaration is the declaration generated from the answers,
// as a PDF, behind the submission's key like the acknowledgement.
func (s *Server) portalSubmittedDeclaration(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key := r.URL.Query().Get("k")
	if !portalIdemKey.MatchString(key) {
		return apperr.New(apperr.NotFound, "không tìm thấy hồ sơ")
	}
	dos, err := s.db.DossierByIdempotencyKey(ctx, key)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docgen.Render(ctx, s.db, docgen.KindDeclaration, dos.Code, docgen.Options{BaseURL: s.opt.BaseURL(), MaskID: true}, &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+dos.Code+`-to-khai.pdf"`)
	h.Set("Cache-Control", "private, no-store")
	_, err = buf.WriteTo(w)
	return err
}

// uxGenerated says whether d's declaration was generated from its answers.
func uxGenerated(d *dossier.Dossier) bool {
	for _, c := range d.Components {
		if c.Generated {
			return true
		}
	}
	return false
}

// uxDeclarationFacts are the answers to the procedure's form, each labelled
// with its group, for the officer's dossier page.
func uxDeclarationFacts(lang string, f *catalogue.Form, d *dossier.Dossier) []fact {
	var out []fact
	for _, g := range f.Groups {
		for _, fd := range g.Fields {
			v := d.Declaration[fd.Key]
			if v == "" {
				continue
			}
			out = append(out, fact{Label: uxLabel(lang, g.Label, g.LabelEN) + " — " + uxLabel(lang, fd.Label, fd.LabelEN),
				Value: fd.Display(v), VI: fd.Type != catalogue.FieldDate})
		}
	}
	return out
}
