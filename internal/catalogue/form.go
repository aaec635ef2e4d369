package catalogue

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/textfold"
)

// A procedure's online form is defined from its official declaration (tờ
// khai, e.g. the forms of Circular 04/2020/TT-BTP): groups of typed fields.
// The citizen's answers are checked here (Form.Check) and stored with the
// dossier; the declaration component is then generated from them, not
// uploaded (docs/forms.md).

// Bounds of a form and its answers, declared once: the schema's checks, the
// answers' checks and the web form's attributes all read them.
const (
	// MaxAnswerLen is the longest answer, in characters.
	MaxAnswerLen = 200
	// MaxFormFields is the most fields a form may have.
	MaxFormFields = 60
	// MinFormYear is the earliest year or date a form accepts unless a field
	// sets its own minimum.
	MinFormYear = 1900
	// maxFormNumber bounds a number field without a maximum of its own.
	maxFormNumber = 1_000_000
	// maxFormKeyLen is the longest key of a group or field.
	maxFormKeyLen = 40
)

// FieldType is the kind of answer a form field takes.
type FieldType string

// Field types.
const (
	FieldText     FieldType = "text"      // free text, at most Max (or MaxAnswerLen) characters
	FieldDate     FieldType = "date"      // a day YYYY-MM-DD, not in the future
	FieldYear     FieldType = "year"      // a year, Min to Max (default MinFormYear to this year)
	FieldChoice   FieldType = "choice"    // one of Choices
	FieldNumber   FieldType = "number"    // a whole number, Min to Max
	FieldIDNumber FieldType = "id_number" // a personal identification number: 12 digits, or 9 of an old card
)

// Applies says whom a group or field is for: everyone (empty), a person
// applying for themselves or a child, or an organisation.
type Applies string

// Applicant kinds a form distinguishes; the values are dossier.ApplicantKind's.
const (
	AppliesAll          Applies = ""
	AppliesPerson       Applies = "person"
	AppliesOrganisation Applies = "organisation"
)

// Form is a procedure's online form.
type Form struct {
	// Component is the name of the procedure's component the answers stand
	// for: the declaration, which is generated from them and not uploaded.
	Component string      `json:"component" yaml:"component"`
	Groups    []FormGroup `json:"groups" yaml:"groups"`
}

// FormGroup is a heading of the declaration and its fields, e.g. "Cha".
type FormGroup struct {
	Key     string      `json:"key" yaml:"key"`
	Label   string      `json:"label" yaml:"label"`
	LabelEN string      `json:"label_en,omitempty" yaml:"label_en,omitempty"`
	Applies Applies     `json:"applies,omitempty" yaml:"applies,omitempty"`
	Fields  []FormField `json:"fields" yaml:"fields"`
}

// FormField is one item of the declaration.
type FormField struct {
	// Key names the answer in the dossier's declaration; unique in the form.
	Key      string    `json:"key" yaml:"key"`
	Label    string    `json:"label" yaml:"label"`
	LabelEN  string    `json:"label_en,omitempty" yaml:"label_en,omitempty"`
	Type     FieldType `json:"type" yaml:"type"`
	Required bool      `json:"required,omitempty" yaml:"required,omitempty"`
	Applies  Applies   `json:"applies,omitempty" yaml:"applies,omitempty"`
	// Hint is a short help text shown under the label.
	Hint    string   `json:"hint,omitempty" yaml:"hint,omitempty"`
	HintEN  string   `json:"hint_en,omitempty" yaml:"hint_en,omitempty"`
	Choices []Choice `json:"choices,omitempty" yaml:"choices,omitempty"`
	// Min and Max bound a number or a year; Max is the longest text (in
	// characters). Zero means the type's default (FieldBounds).
	Min int `json:"min,omitempty" yaml:"min,omitempty"`
	Max int `json:"max,omitempty" yaml:"max,omitempty"`
}

// Choice is one answer of a choice field: the Vietnamese value, stored and
// printed as it is, and its English label.
type Choice struct {
	Value   string `json:"value" yaml:"value"`
	LabelEN string `json:"label_en,omitempty" yaml:"label_en,omitempty"`
}

// Label is a field's label in both languages. It prints as the Vietnamese
// (it is a message argument of Check's problems); the web reads LabelEN.
type Label struct{ VI, EN string }

func (l Label) String() string { return l.VI }

// For says whether the group or field with applies is for an applicant of kind.
func (a Applies) For(kind string) bool { return a == AppliesAll || string(a) == kind }

// Field returns the field with key and whether there is one.
func (f *Form) Field(key string) (FormField, bool) {
	for _, g := range f.Groups {
		for _, fd := range g.Fields {
			if fd.Key == key {
				return fd, true
			}
		}
	}
	return FormField{}, false
}

// Required says whether the form's component is a required component of
// proc: a declaration every dossier has, rather than a request only the
// online channel asks.
func (f *Form) Required(proc *Procedure) bool {
	for _, c := range proc.Components {
		if c.Name == f.Component {
			return c.Required
		}
	}
	return false
}

// FieldFor returns the field with key and whether an applicant of kind is
// asked it (its group and itself apply).
func (f *Form) FieldFor(key, kind string) (FormField, bool) {
	for _, g := range f.Groups {
		for _, fd := range g.Fields {
			if fd.Key == key {
				return fd, g.Applies.For(kind) && fd.Applies.For(kind)
			}
		}
	}
	return FormField{}, false
}

// FieldBounds returns the bounds that apply to a field as of now: for text
// the longest answer (lo is 0), for a number or a year the range.
func (fd FormField) FieldBounds(now time.Time) (lo, hi int) {
	switch fd.Type {
	case FieldText:
		if fd.Max > 0 {
			return 0, fd.Max
		}
		return 0, MaxAnswerLen
	case FieldYear:
		lo, hi = MinFormYear, calendar.DateOf(now).Year
		if fd.Min != 0 {
			lo = fd.Min
		}
		if fd.Max != 0 && fd.Max < hi {
			hi = fd.Max
		}
		return lo, hi
	case FieldNumber:
		hi = maxFormNumber
		if fd.Max != 0 {
			hi = fd.Max
		}
		return fd.Min, hi
	}
	return 0, MaxAnswerLen
}

// Check adds a problem to p for every answer that breaks the form's rules
// for an applicant of kind ("person" or "organisation"), at field
// "declaration.<key>", with a message key and a Vietnamese sentence whose
// first argument is the field's Label: an answer to no field, or to a field
// not asked of kind; an answer too long, not of its type, out of its bounds
// or not one of its choices; a date in the future. With required, every
// required field asked of kind must be answered. Answers must be
// NFC-normalised and trimmed; empty ones count as not given.
func (f *Form) Check(p *apperr.Problems, answers map[string]string, kind string, now time.Time, required bool) {
	for key, v := range answers {
		field := "declaration." + key
		fd, g, _ := f.lookup(key)
		asked := fd.Key != "" && g.Applies.For(kind) && fd.Applies.For(kind)
		switch {
		case fd.Key == "" && len(key) > maxFormKeyLen:
			p.Add("declaration", "val.form.unknown", "mục khai %q không có trong tờ khai", key[:maxFormKeyLen]+"…")
			continue
		case fd.Key == "":
			p.Add(field, "val.form.unknown", "mục khai %q không có trong tờ khai", key)
			continue
		case !asked && v != "":
			p.Add(field, "val.form.not_asked", "mục “%s” không dành cho người nộp này", fd.label(g))
			continue
		}
		if v != "" {
			fd.checkAnswer(p, field, v, fd.label(g), now)
		}
	}
	if !required {
		return
	}
	for _, g := range f.Groups {
		for _, fd := range g.Fields {
			if !fd.Required || !g.Applies.For(kind) || !fd.Applies.For(kind) || answers[fd.Key] != "" {
				continue
			}
			if fd.Type == FieldChoice {
				p.Add("declaration."+fd.Key, "val.form.choose", "vui lòng chọn “%s”", fd.label(g))
			} else {
				p.Add("declaration."+fd.Key, "val.form.required", "vui lòng nhập “%s”", fd.label(g))
			}
		}
	}
}

// label names the field in a message, with its group: "Họ, chữ đệm, tên
// (Cha)", so that an error summary tells the father's name from the child's.
func (fd FormField) label(g FormGroup) Label {
	en, gen := fd.LabelEN, g.LabelEN
	if en == "" {
		en = fd.Label
	}
	if gen == "" {
		gen = g.Label
	}
	return Label{VI: fd.Label + " (" + g.Label + ")", EN: en + " (" + gen + ")"}
}

// lookup returns the field with key and its group, and whether there is one.
func (f *Form) lookup(key string) (FormField, FormGroup, bool) {
	for _, g := range f.Groups {
		for _, fd := range g.Fields {
			if fd.Key == key {
				return fd, g, true
			}
		}
	}
	return FormField{}, FormGroup{}, false
}

// checkAnswer checks one non-empty answer against the field's type and
// bounds; l names it in the messages.
func (fd FormField) checkAnswer(p *apperr.Problems, field, v string, l Label, now time.Time) {
	if n := utf8.RuneCountInString(v); n > MaxAnswerLen {
		p.Add(field, "val.form.too_long", "“%s” dài %d ký tự; tối đa %d ký tự", l, n, MaxAnswerLen)
		return
	}
	lo, hi := fd.FieldBounds(now)
	switch fd.Type {
	case FieldText:
		if n := utf8.RuneCountInString(v); n > hi {
			p.Add(field, "val.form.too_long", "“%s” dài %d ký tự; tối đa %d ký tự", l, n, hi)
		}
	case FieldDate:
		d, err := calendar.ParseDate(v)
		switch {
		case err != nil:
			p.Add(field, "val.form.date", "“%s” chưa phải một ngày; vui lòng chọn ngày, tháng, năm", l)
		case d.Compare(calendar.DateOf(now)) > 0:
			p.Add(field, "val.form.future", "“%s” không thể ở tương lai", l)
		case d.Year < MinFormYear:
			p.Add(field, "val.form.too_early", "“%s” không thể trước năm %d; vui lòng kiểm tra lại năm", l, MinFormYear)
		}
	case FieldYear:
		y, err := strconv.Atoi(v)
		switch {
		case err != nil || len(v) != 4 || !digits(v):
			p.Add(field, "val.form.year", "“%s” là một năm gồm 4 chữ số, ví dụ 1990", l)
		case y < lo || y > hi:
			p.Add(field, "val.form.range", "“%s” phải từ %d đến %d, không phải %d", l, lo, hi, y)
		}
	case FieldNumber:
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || !digits(strings.TrimPrefix(v, "-")):
			p.Add(field, "val.form.number", "“%s” là một số nguyên, chỉ gồm chữ số", l)
		case n < lo || n > hi:
			p.Add(field, "val.form.range", "“%s” phải từ %d đến %d, không phải %d", l, lo, hi, n)
		}
	case FieldChoice:
		if _, ok := fd.Choice(v); ok {
			return
		}
		p.Add(field, "val.form.choice", "vui lòng chọn “%s” trong danh sách", l)
	case FieldIDNumber:
		if !digits(v) || (len(v) != 12 && len(v) != 9) {
			p.Add(field, "val.form.id_number", "“%s” gồm 12 chữ số (hoặc 9 chữ số của chứng minh nhân dân cũ)", l)
		}
	}
}

// Choice returns the choice v names: its value, or its value or English
// label without regard to case and diacritics ("nữ", "female" for "Nữ"),
// and whether there is one.
func (fd FormField) Choice(v string) (Choice, bool) {
	for _, c := range fd.Choices {
		if c.Value == v {
			return c, true
		}
	}
	f := textfold.Fold(v)
	for _, c := range fd.Choices {
		if f != "" && (textfold.Fold(c.Value) == f || textfold.Fold(c.LabelEN) == f) {
			return c, true
		}
	}
	return Choice{}, false
}

// Canonical rewrites, in place, each answer to a choice field as the
// choice's value ("nữ" becomes "Nữ"), so that the declaration prints it as
// the form lists it.
func (f *Form) Canonical(answers map[string]string) {
	for k, v := range answers {
		if fd, ok := f.Field(k); ok && fd.Type == FieldChoice {
			if c, ok := fd.Choice(v); ok {
				answers[k] = c.Value
			}
		}
	}
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// Display is an answer as the declaration prints it: a date as dd/mm/yyyy,
// anything else as given.
func (fd FormField) Display(v string) string {
	if fd.Type == FieldDate {
		if d, err := calendar.ParseDate(v); err == nil {
			return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
		}
	}
	return v
}
