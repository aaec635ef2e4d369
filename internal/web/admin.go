package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
	"github.com/motcua/motcua/internal/unit"
)

// adminRoutes are the administrators' pages: units, staff, procedures,
// holidays. Every route needs the admin role; each handler also checks that
// the administrator governs the unit concerned (their own unit or one below
// it), and only an administrator of a top-level unit changes the catalogue.
func (s *Server) adminRoutes() []route {
	admin := roles(staff.Admin)
	return []route{
		{"GET /quan-tri", admin, s.adminOverview},

		{"GET /quan-tri/don-vi", admin, s.adminUnits},
		{"GET /quan-tri/don-vi/moi", admin, s.adminUnitNew},
		{"POST /quan-tri/don-vi/moi", admin, s.adminUnitCreate},
		{"GET /quan-tri/don-vi/{code}", admin, s.adminUnitEdit},
		{"POST /quan-tri/don-vi/{code}", admin, s.adminUnitUpdate},
		{"GET /quan-tri/don-vi/{code}/sap-nhap", admin, s.adminUnitMergeForm},
		{"POST /quan-tri/don-vi/{code}/sap-nhap", admin, s.adminUnitMerge},

		{"GET /quan-tri/can-bo", admin, s.adminStaff},
		{"GET /quan-tri/can-bo/moi", admin, s.adminOfficerNew},
		{"POST /quan-tri/can-bo/moi", admin, s.adminOfficerCreate},
		{"GET /quan-tri/can-bo/{id}", admin, s.adminOfficerEdit},
		{"POST /quan-tri/can-bo/{id}", admin, s.adminOfficerUpdate},
		{"POST /quan-tri/can-bo/{id}/mat-khau", admin, s.adminOfficerPassword},
		{"POST /quan-tri/can-bo/{id}/ma-api", admin, s.adminOfficerToken},

		{"GET /quan-tri/thu-tuc", admin, s.adminProcedures},
		{"GET /quan-tri/thu-tuc/{code}", admin, s.adminProcedure},
		{"GET /quan-tri/thu-tuc/{code}/sua", admin, s.adminProcedureEdit},
		{"POST /quan-tri/thu-tuc/{code}/sua", admin, s.adminProcedureSave},
		{"GET /quan-tri/thu-tuc/{code}/bieu-mau", admin, s.adminProcedureFormEdit},
		{"POST /quan-tri/thu-tuc/{code}/bieu-mau", admin, s.adminProcedureFormSave},

		{"GET /quan-tri/ngay-nghi", admin, s.adminHolidays},
		{"POST /quan-tri/ngay-nghi", admin, s.adminHolidayAdd},
		{"POST /quan-tri/ngay-nghi/xoa", admin, s.adminHolidayRemove},
	}
}

// adminFuncs are the template functions of the admin area: form controls
// that carry their label, hint, the typed value and the error beside them.
func adminFuncs() template.FuncMap {
	return template.FuncMap{
		"adminField":   adminFieldControl,
		"adminChoice":  adminChoiceControl,
		"adminChecks":  adminChecksControl,
		"adminWeekday": adminWeekday,
	}
}

// adminOfficer returns the calling administrator. The route table guarantees one.
func adminOfficer(r *http.Request) *staff.Officer {
	return middleware.PrincipalFrom(r.Context()).Officer
}

// adminPage prepares a page of the admin area titled by message key.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, titleKey string, args ...any) *Page {
	p := s.newPage(w, r, "")
	p.Title = p.T(titleKey, args...)
	p.Nav = "admin"
	return p
}

// adminForm returns the request's form with every value NFC-normalised and
// trimmed, as all input is stored. Passwords are left exactly as typed, and
// a YAML text is not trimmed.
func adminForm(r *http.Request) url.Values {
	r.Body = http.MaxBytesReader(nil, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return url.Values{}
	}
	out := url.Values{}
	for k, vs := range r.PostForm {
		for _, v := range vs {
			switch k {
			case "password":
			case "yaml": // trimmed, it would shift the lines errors name
				v = norm.NFC.String(v)
			default:
				v = textfold.NFC(v)
			}
			out.Add(k, v)
		}
	}
	out.Del(csrfField)
	return out
}

// adminFormErrors turns a validation error into messages per field: every field
// of an *apperr.FieldsError, or the field of an Invalid or Conflict
// *apperr.Error (under fallback when it names none). ok is false for any
// other error, which the caller returns to the error page.
func adminFormErrors(err error, fallback string) (fields map[string]string, ok bool) {
	var fe *apperr.FieldsError
	if errors.As(err, &fe) {
		out := map[string]string{}
		for k, v := range fe.Fields {
			out[k] = adminSentence(v)
		}
		return out, true
	}
	switch apperr.KindOf(err) {
	case apperr.Invalid, apperr.Conflict:
		f := apperr.FieldOf(err)
		if f == "" {
			f = fallback
		}
		return map[string]string{f: adminSentence(apperr.PublicMessage(err))}, true
	}
	return nil, false
}

// adminSentence capitalises a message's first letter and ends it with a full stop.
func adminSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	s = string(r)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// renderAdminForm shows a form again with its errors, keeping what was typed.
func (s *Server) renderAdminForm(w http.ResponseWriter, p *Page, name string, status int, errs map[string]string) error {
	p.Errors = errs
	p.FormError = p.T("form.has_errors")
	return s.render(w, status, name, p)
}

// adminStatus is the status of a refused form: 409 for a conflict, else 400.
func adminStatus(err error) int {
	if apperr.KindOf(err) == apperr.Conflict {
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

// adminGovernedUnits returns the administrator's unit and every unit below it, in
// code order, with merged units included.
func (s *Server) adminGovernedUnits(r *http.Request) ([]*unit.Unit, error) {
	ctx := r.Context()
	tree, err := s.db.UnitTree(ctx, adminOfficer(r).UnitID)
	if err != nil {
		return nil, err
	}
	all, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	var out []*unit.Unit
	for _, u := range all {
		if slices.Contains(tree, u.ID) {
			out = append(out, u)
		}
	}
	return out, nil
}

// adminGovernedUnit returns the unit with code when the administrator governs
// it. Errors: NotFound, Forbidden.
func (s *Server) adminGovernedUnit(r *http.Request, code string) (*unit.Unit, error) {
	u, err := s.db.UnitByCode(r.Context(), code)
	if err != nil {
		return nil, err
	}
	if err := s.db.RequireGoverns(r.Context(), adminOfficer(r).UnitID, u.ID); err != nil {
		return nil, err
	}
	return u, nil
}

// adminUnitOptions lists units as choices, labelled "code – name".
func adminUnitOptions(units []*unit.Unit, activeOnly bool) []adminOption {
	var out []adminOption
	for _, u := range units {
		if activeOnly && !u.Active() {
			continue
		}
		out = append(out, adminOption{Value: u.Code, Label: u.Code + " – " + u.Name, VI: true})
	}
	return out
}

// adminDescribeEvent says what a settings change did, in the page's language.
func adminDescribeEvent(lang string, e store.AdminEvent) string {
	what := translate(lang, "admin.entity."+e.Entity)
	if what == "admin.entity."+e.Entity {
		what = e.Entity
	}
	act := translate(lang, "admin.action."+e.Action)
	if act == "admin.action."+e.Action {
		act = e.Action
	}
	return what + " · " + act
}

type adminOverviewData struct {
	Unit             *unit.Unit
	Events           []adminEventRow
	EditsCatalogue   bool
	UnitCount, Staff int
	Backup           *BackupStatus // nil: no scheduled backups (ops_backup.go)
	BackupStale      bool
}

type adminEventRow struct {
	At     time.Time
	Who    string
	WhoVI  bool // the name is a person's (Vietnamese), not a tool's
	What   string
	Detail string
}

// adminOverview links to the sections and lists the recent settings changes
// of the units the administrator governs.
func (s *Server) adminOverview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me := adminOfficer(r)
	u, err := s.db.Unit(ctx, me.UnitID)
	if err != nil {
		return err
	}
	units, err := s.adminGovernedUnits(r)
	if err != nil {
		return err
	}
	ids := make([]string, len(units))
	for i, x := range units {
		ids[i] = x.ID
	}
	events, err := s.db.AdminEvents(ctx, store.AdminEventFilter{UnitIDs: ids, Limit: 20})
	if err != nil {
		return err
	}
	officers, err := s.db.Officers(ctx, store.OfficerFilter{UnitID: me.UnitID})
	if err != nil {
		return err
	}
	edits, err := s.db.MaintainsCatalogue(ctx, me.UnitID)
	if err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.title")
	d := adminOverviewData{Unit: u, EditsCatalogue: edits, UnitCount: len(units), Staff: len(officers), Backup: s.backupStatus()}
	d.BackupStale = d.Backup != nil && d.Backup.Stale(s.db.Now())
	for _, e := range events {
		row := adminEventRow{At: e.At, Who: e.OfficerName, WhoVI: true, What: adminDescribeEvent(p.Lang, e), Detail: e.Detail}
		if row.Who == "" {
			row.Who, row.WhoVI = e.OfficerID, false
		}
		if e.Entity == "officer" && row.Detail == "" { // a password reset names no one
			if o, err := s.db.Officer(ctx, e.EntityID); err == nil {
				row.Detail = o.Username
			}
		}
		d.Events = append(d.Events, row)
	}
	p.Data = d
	return s.render(w, http.StatusOK, "admin_overview", p)
}

// adminOption is one choice of a select, radio or checkbox group.
type adminOption struct {
	Value string
	Label string
	VI    bool // the label is Vietnamese content (a name), marked lang="vi"
}

// adminControlOpts are the "key=value" or "flag" arguments of the form controls:
// type=, hint=, autocomplete=, inputmode=, rows= (a textarea), required,
// readonly, value= (overrides the typed value), id= (overrides "f-<name>").
func adminControlOpts(opts []string) map[string]string {
	m := map[string]string{}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		m[k] = v
	}
	return m
}

// adminEsc escapes text for an HTML attribute or element.
func adminEsc(s string) string { return template.HTMLEscapeString(s) }

// adminControlHead writes the label and returns the id, and the describedby
// attribute with the hint and the error.
func adminControlHead(b *strings.Builder, p *Page, name, label string, o map[string]string) (id, described string) {
	id = "f-" + name
	if v, ok := o["id"]; ok {
		id = v
	}
	fmt.Fprintf(b, `<label for="%s">%s`, adminEsc(id), adminEsc(label))
	if _, req := o["required"]; req {
		fmt.Fprintf(b, ` <span class="req">(%s)</span>`, adminEsc(p.T("form.required")))
	}
	b.WriteString(`</label>`)
	var ids []string
	if o["hint"] != "" {
		ids = append(ids, id+"-hint")
	}
	if p.Errors[name] != "" {
		ids = append(ids, id+"-error")
	}
	if len(ids) > 0 {
		described = fmt.Sprintf(` aria-describedby="%s"`, strings.Join(ids, " "))
	}
	if p.Errors[name] != "" {
		described += ` aria-invalid="true"`
	}
	return id, described
}

// adminControlTail writes the hint and the error (always Vietnamese, marked so).
func adminControlTail(b *strings.Builder, p *Page, name, id string, o map[string]string) {
	if o["hint"] != "" {
		fmt.Fprintf(b, `<p class="hint" id="%s-hint">%s</p>`, adminEsc(id), adminEsc(o["hint"]))
	}
	if msg := p.Errors[name]; msg != "" {
		fmt.Fprintf(b, `<p class="field-error" id="%s-error" lang="vi">%s</p>`, adminEsc(id), adminEsc(msg))
	}
}

// adminFieldControl renders a labelled input (or textarea with rows=) for form
// value name, with its hint and its error beside it.
func adminFieldControl(p *Page, name, label string, opts ...string) template.HTML {
	o := adminControlOpts(opts)
	var b strings.Builder
	cls := "control"
	if o["class"] != "" {
		cls += " " + o["class"]
	}
	fmt.Fprintf(&b, `<div class="%s">`, adminEsc(cls))
	id, described := adminControlHead(&b, p, name, label, o)
	value := p.Value(name)
	if v, ok := o["value"]; ok {
		value = v
	}
	attrs := described
	for _, flag := range []string{"required", "readonly"} {
		if _, ok := o[flag]; ok {
			attrs += " " + flag
		}
	}
	for _, k := range []string{"autocomplete", "inputmode", "min", "max", "pattern", "spellcheck", "lang"} {
		if v, ok := o[k]; ok {
			attrs += fmt.Sprintf(` %s="%s"`, k, adminEsc(v))
		}
	}
	if rows, ok := o["rows"]; ok {
		fmt.Fprintf(&b, `<textarea id="%s" name="%s" rows="%s"%s>%s</textarea>`, adminEsc(id), adminEsc(name), adminEsc(rows), attrs, adminEsc(value))
	} else {
		typ := o["type"]
		if typ == "" {
			typ = "text"
		}
		if typ == "password" {
			value = ""
		}
		fmt.Fprintf(&b, `<input id="%s" name="%s" type="%s" value="%s"%s>`, adminEsc(id), adminEsc(name), adminEsc(typ), adminEsc(value), attrs)
	}
	adminControlTail(&b, p, name, id, o)
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

// adminChoiceControl renders a labelled select of options for form value name.
func adminChoiceControl(p *Page, name, label string, options []adminOption, opts ...string) template.HTML {
	o := adminControlOpts(opts)
	var b strings.Builder
	b.WriteString(`<div class="control">`)
	id, described := adminControlHead(&b, p, name, label, o)
	fmt.Fprintf(&b, `<select id="%s" name="%s"%s>`, adminEsc(id), adminEsc(name), described)
	value := p.Value(name)
	for _, opt := range options {
		sel := ""
		if opt.Value == value {
			sel = " selected"
		}
		lang := ""
		if opt.VI {
			lang = ` lang="vi"`
		}
		fmt.Fprintf(&b, `<option value="%s"%s%s>%s</option>`, adminEsc(opt.Value), sel, lang, adminEsc(opt.Label))
	}
	b.WriteString(`</select>`)
	adminControlTail(&b, p, name, id, o)
	b.WriteString(`</div>`)
	return template.HTML(b.String())
}

// adminChecksControl renders a fieldset of checkboxes (or radios with
// type=radio) for the values of form key name.
func adminChecksControl(p *Page, name, legend string, options []adminOption, opts ...string) template.HTML {
	o := adminControlOpts(opts)
	typ := o["type"]
	if typ == "" {
		typ = "checkbox"
	}
	id := "f-" + name
	var b strings.Builder
	var described []string
	if o["hint"] != "" {
		described = append(described, id+"-hint")
	}
	if p.Errors[name] != "" {
		described = append(described, id+"-error")
	}
	fmt.Fprintf(&b, `<fieldset class="control checks" id="%s"`, adminEsc(id))
	if len(described) > 0 {
		fmt.Fprintf(&b, ` aria-describedby="%s"`, strings.Join(described, " "))
	}
	fmt.Fprintf(&b, `><legend>%s</legend><div class="options">`, adminEsc(legend))
	for i, opt := range options {
		checked := ""
		if p.Form != nil && slices.Contains(p.Form[name], opt.Value) {
			checked = " checked"
		}
		lang := ""
		if opt.VI {
			lang = ` lang="vi"`
		}
		fmt.Fprintf(&b, `<label class="check"><input type="%s" name="%s" value="%s" id="%s-%d"%s> <span%s>%s</span></label>`,
			adminEsc(typ), adminEsc(name), adminEsc(opt.Value), adminEsc(id), i, checked, lang, adminEsc(opt.Label))
	}
	b.WriteString(`</div>`)
	adminControlTail(&b, p, name, id, o)
	b.WriteString(`</fieldset>`)
	return template.HTML(b.String())
}

// adminWeekday is the name of a weekday in lang.
func adminWeekday(lang string, d time.Weekday) string {
	return translate(lang, fmt.Sprintf("admin.weekday.%d", int(d)))
}
