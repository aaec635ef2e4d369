package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// intakeComponent is one row of the components checklist.
type intakeComponent struct {
	Index        int
	Name         string
	Kind         string // the procedure's kind, a catalogue.ComponentKind
	Count        int
	Required     bool
	MustDigitise bool
	// Generated says the component is the declaration of the procedure's
	// form: left unticked, it is generated from the answers typed.
	Generated bool
}

// intakeDeclaration is one declaration item the procedure's letter rule asks for.
type intakeDeclaration struct {
	Name     string // the form field, "declaration.<key>"
	Label    string
	Date     bool
	Required bool
}

type intakeData struct {
	Query      string
	Results    []store.ProcedureSummary
	Searched   bool
	Proc       *catalogue.Procedure
	Components []intakeComponent
	Decl       []intakeDeclaration
	// FormGroups is the procedure's form, typed and grouped as online
	// (ux_declaration.go), when the procedure defines one; Decl is then empty.
	FormGroups []portalFormGroup
	// Now is the server's clock, for the bounds of the form's dates and years.
	Now        time.Time
	PerPage    bool // the fee is by the page: ask for pages
	PerCopy    bool // the fee is per copy: ask for copies
	Exemptions []string
	Fee        []string
	// Other lists the errors that concern no field of the form.
	Other []string
	// Focus names the field that gets the focus: the first with an error,
	// or the applicant's name.
	Focus string
	// Kinds and Digitisations are the choices of every component row.
	Kinds         []string
	Digitisations []choice
	// Competent lists the units of the province that may resolve the dossier
	// (reception regardless of boundary, units_transfer.go); empty when the
	// deployment has only this unit.
	Competent []choice
	// Online says the procedure may be submitted online: the officer may
	// then help the citizen submit it online (assisted online).
	Online bool
}

// choice is an option of a select.
type choice struct{ Value, Label string }

func (s *Server) intakeData(p *Page, proc *catalogue.Procedure) intakeData {
	d := intakeData{Proc: proc, Fee: feeLines(p.Lang, proc.Fee), Focus: "applicant.full_name", Online: proc.Online != catalogue.OnlineCounter}
	for i, c := range proc.Components {
		d.Components = append(d.Components, intakeComponent{Index: i, Name: c.Name, Kind: string(c.Kind), Count: c.Count,
			Required: c.Required, MustDigitise: c.MustDigitise, Generated: proc.Form != nil && c.Name == proc.Form.Component})
	}
	d.Now = s.db.Now()
	d.FormGroups = portalFormGroups(p.Lang, proc.Form)
	for _, k := range dossier.DeclarationFor(proc.Letter) {
		if proc.Form != nil {
			break // the form asks them
		}
		dk := dossier.DeclarationKeys[k]
		label := dk.Label
		if p.Lang == "en" {
			label = dk.LabelEN
		}
		d.Decl = append(d.Decl, intakeDeclaration{Name: "declaration." + k, Label: label, Date: dk.Date, Required: dk.Required})
	}
	d.PerPage = proc.Fee.Kind == catalogue.FeePerPage
	d.PerCopy = proc.Fee.Kind == catalogue.FeePerPage || proc.Fee.Kind == catalogue.FeeFixed
	d.Exemptions = proc.Fee.Exemptions
	d.Kinds = []string{string(catalogue.ComponentOriginal), string(catalogue.ComponentCertifiedCopy),
		string(catalogue.ComponentCopy), string(catalogue.ComponentOriginalOrCopy)}
	for _, v := range []dossier.Digitisation{dossier.NotDigitised, dossier.Digitised, dossier.ReusedStore, dossier.ReusedResult} {
		d.Digitisations = append(d.Digitisations, choice{string(v), p.T("office.digitisation." + string(v))})
	}
	return d
}

// intakeForm is the counter intake: first find the procedure (?q=, folded
// like the catalogue's search), then (?thu-tuc=code) the form of that
// procedure, its components checklist ticked where required.
func (s *Server) intakeForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := s.newPage(w, r, "")
	p.Title = p.T("office.intake.title")
	p.Nav = "workspace"
	code := strings.TrimSpace(q.Get("thu-tuc"))
	if code == "" {
		d := intakeData{Query: strings.TrimSpace(q.Get("q"))}
		if d.Query != "" {
			d.Searched = true
			var err error
			if d.Results, err = s.db.Procedures(ctx, store.ProcedureFilter{Query: d.Query}); err != nil {
				return err
			}
		}
		p.Data = d
		return s.render(w, http.StatusOK, "office_intake", p)
	}
	pv, err := s.db.ProcedureByCode(ctx, code)
	if err != nil {
		return err
	}
	d := s.intakeData(p, &pv.Procedure)
	if d.Competent, err = s.provinceChoices(ctx, officerOf(r)); err != nil {
		return err
	}
	p.Form = url.Values{"procedure": {code}, "key": {randomToken()}, "channel": {"1"}, "applicant.kind": {"person"}, "sets": {"1"}}
	if d.PerCopy {
		p.Form.Set("copies", "1")
	}
	if d.PerPage {
		p.Form.Set("pages", "1")
	}
	for _, c := range d.Components {
		pre := fmt.Sprintf("components.%d.", c.Index)
		// Nothing is ticked in advance: the officer ticks what was handed in.
		p.Form.Set(pre+"kind", c.Kind)
		p.Form.Set(pre+"count", strconv.Itoa(max(c.Count, 1)))
		p.Form.Set(pre+"digitisation", string(dossier.NotDigitised))
	}
	p.Data = d
	return s.render(w, http.StatusOK, "office_intake", p)
}

// intake receives a dossier at the counter (or by post) for the logged-in
// reception officer: db.Intake with the officer as actor. A retried submission
// (a double click) carries the same idempotency key and gets the same
// dossier. On bad input the form comes back with a message beside each field
// and what was typed; nothing is saved.
func (s *Server) intake(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	f := r.PostForm
	p := s.newPage(w, r, "")
	p.Title = p.T("office.intake.title")
	p.Nav = "workspace"
	pv, err := s.db.ProcedureByCode(ctx, f.Get("procedure"))
	if err != nil {
		return err
	}
	d := s.intakeData(p, &pv.Procedure)
	if d.Competent, err = s.provinceChoices(ctx, o); err != nil {
		return err
	}
	if handled, err := s.uxIntakeScan(w, p, f, d); handled {
		return err
	}
	in, index, errs := parseIntake(f, d)
	if in.ResolvingUnitID, err = s.competentUnit(ctx, d.Competent, f.Get("competent_unit")); err != nil {
		errs["competent_unit"] = apperr.PublicMessage(err)
	}
	consent := intakeConsent(f, in.Applicant, errs)
	if len(errs) == 0 {
		dos, err := s.db.Intake(ctx, store.IntakeRequest{UnitID: o.UnitID, ProcedureCode: pv.Procedure.Code, Intake: in, Actor: o, Consent: consent})
		switch {
		case err == nil:
			http.Redirect(w, r, "/can-bo/tiep-nhan/"+dos.Code, http.StatusSeeOther)
			return nil
		case apperr.KindOf(err) != apperr.Invalid:
			return err
		}
		errs = formErrors(err, index)
	} else if _, _, err := dossier.Create(in, &pv.Procedure, o, s.db.Now()); err != nil && apperr.KindOf(err) == apperr.Invalid {
		// The form has bad numbers: still report every other problem at
		// once, from the domain's pure validation (nothing is saved).
		for k, v := range formErrors(err, index) {
			if _, dup := errs[k]; !dup {
				errs[k] = v
			}
		}
	}
	known := map[string]bool{}
	for k := range f {
		known[k] = true
	}
	for _, c := range d.Components {
		known[fmt.Sprintf("components.%d", c.Index)] = true
	}
	for _, k := range []string{"applicant.full_name", "applicant.id_number", "applicant.org_name", "applicant.tax_code", "pages", "copies", "sets"} {
		known[k] = true
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !known[k] {
			d.Other = append(d.Other, errs[k])
		}
	}
	d.Focus = firstInvalid(errs, d)
	p.Errors = errs
	p.Form = f
	p.FormError = p.T("form.has_errors")
	p.Data = d
	return s.render(w, http.StatusBadRequest, "office_intake", p)
}

// formErrors returns the field errors of an intake error, renaming a
// received component from its index among those sent (the domain's key) to
// its row in the procedure's checklist (the form's).
func formErrors(err error, index []int) map[string]string {
	out := map[string]string{}
	for k, v := range fieldErrors(err) {
		var i int
		var rest string
		if n, _ := fmt.Sscanf(k, "components.%d.%s", &i, &rest); n == 2 && i < len(index) {
			k = fmt.Sprintf("components.%d.%s", index[i], rest)
		}
		out[k] = v
	}
	return out
}

// fieldErrors returns the messages by field of an Invalid error: every field
// of an *apperr.FieldsError, or the one field of an *apperr.Error ("" when
// it names none).
func fieldErrors(err error) map[string]string {
	out := map[string]string{}
	var fe *apperr.FieldsError
	if errors.As(err, &fe) {
		for k, v := range fe.Fields {
			out[k] = v
		}
		return out
	}
	out[apperr.FieldOf(err)] = apperr.PublicMessage(err)
	return out
}

// parseIntake reads the counter form into an intake. index maps the
// position of each received component in in.Components to its row in the
// procedure's checklist. Numbers that are not numbers are reported here;
// every other rule is the domain's.
func parseIntake(f url.Values, d intakeData) (in dossier.Intake, index []int, errs map[string]string) {
	errs = map[string]string{}
	number := func(name string, def int) int {
		v := strings.TrimSpace(f.Get(name))
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs[name] = fmt.Sprintf("%q không phải là số", v)
		}
		return n
	}
	ch := number("channel", 1)
	switch dossier.Channel(ch) {
	case dossier.Counter, dossier.Post:
	case dossier.Online:
		// At the counter, online means the officer helps the citizen
		// submit online (assisted online); the domain checks the procedure.
		in.Assisted = true
	default:
		errs["channel"] = "tại quầy chỉ tiếp nhận hồ sơ trực tiếp, qua bưu chính hoặc hướng dẫn người dân nộp trực tuyến"
	}
	in.Channel = dossier.Channel(ch)
	in.Applicant = dossier.Applicant{
		Kind:      dossier.ApplicantKind(f.Get("applicant.kind")),
		FullName:  strings.TrimSpace(f.Get("applicant.full_name")),
		IDNumber:  strings.TrimSpace(f.Get("applicant.id_number")),
		BirthDate: strings.TrimSpace(f.Get("applicant.birth_date")),
		Phone:     strings.TrimSpace(f.Get("applicant.phone")),
		Email:     strings.TrimSpace(f.Get("applicant.email")),
		Address:   strings.TrimSpace(f.Get("applicant.address")),
	}
	if in.Applicant.Kind == dossier.Organisation {
		in.Applicant.OrgName = strings.TrimSpace(f.Get("applicant.org_name"))
		in.Applicant.TaxCode = strings.TrimSpace(f.Get("applicant.tax_code"))
	}
	in.Request = strings.TrimSpace(f.Get("request"))
	// The answers to the procedure's form, read as online (what was typed
	// is written back to f, normalised, for the form if it comes back).
	if d.Proc.Form != nil {
		in.Declaration = portalReadAnswers(f.Get, d.Proc.Form, string(in.Applicant.Kind), f)
	}
	for _, it := range d.Decl {
		if v := strings.TrimSpace(f.Get(it.Name)); v != "" {
			if in.Declaration == nil {
				in.Declaration = map[string]string{}
			}
			in.Declaration[strings.TrimPrefix(it.Name, "declaration.")] = v
		}
	}
	for _, c := range d.Components {
		pre := fmt.Sprintf("components.%d.", c.Index)
		if f.Get(pre+"received") == "" {
			continue
		}
		count := number(pre+"count", c.Count)
		index = append(index, c.Index)
		in.Components = append(in.Components, dossier.Component{Name: c.Name, Kind: catalogue.ComponentKind(f.Get(pre + "kind")),
			Count: count, Digitisation: dossier.Digitisation(f.Get(pre + "digitisation"))})
	}
	in.Sets = number("sets", 1)
	if d.PerPage {
		in.Pages = number("pages", 1)
		if in.Pages < 1 || in.Pages > catalogue.MaxPages {
			errs["pages"] = fmt.Sprintf("số trang phải từ 1 đến %d", catalogue.MaxPages)
		}
	}
	if d.PerCopy {
		in.Copies = number("copies", 1)
		if in.Copies < 1 || in.Copies > 1000 {
			errs["copies"] = "số bản phải từ 1 đến 1000"
		}
	}
	if e := f.Get("exemption"); e != "" {
		known := false
		for _, x := range d.Exemptions {
			known = known || x == e
		}
		if !known {
			errs["exemption"] = "trường hợp miễn phí, lệ phí không có trong thủ tục"
		}
		in.Exemption = e
	}
	in.IdempotencyKey = f.Get("key")
	return in, index, errs
}

type intakeDoneData struct {
	Code        string
	Procedure   string
	Applicant   string
	Received    string
	Appointment string
	Fee         string
	Channel     string
	// Declaration says the declaration was generated from the answers typed.
	Declaration bool
	// Scans lists the papers received that reception digitises and that
	// have no scan yet: each gets its own upload, one after another, while
	// the citizen is still at the counter (Circular 01/2023).
	Scans []intakeScan
	// Scanned counts the papers already digitised.
	Scanned int
}

// intakeScan is one received paper waiting for its scan.
type intakeScan struct {
	Component int
	Name      string
	Must      bool
}

// intakeDone is the page after a counter intake: the dossier's code and
// appointment, the receipt slip to print and the next intake.
func (s *Server) intakeDone(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dossierFor(r.Context(), officerOf(r), r.PathValue("code"))
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("office.intake.done.title")
	p.Nav = "workspace"
	data := intakeDoneData{Code: d.Code, Procedure: d.ProcedureName, Applicant: d.Applicant.DisplayName(),
		Channel: channelLabel(p.Lang, d.Channel), Declaration: uxGenerated(d)}
	if d.Assisted() {
		data.Channel = p.T("office.channel.assisted")
	}
	data.Received = formatDateTime(d.ReceivedAt)
	data.Appointment = formatDateTime(d.Appointment())
	data.Fee = formatVND(d.Payment.Due)
	if d.Payment.Exemption != "" {
		data.Fee = p.T("office.payment.exempt")
	}
	for i, c := range d.Components {
		switch {
		case c.PaperID != "":
			data.Scanned++
		case c.Generated || d.Status.Final():
		case c.MustDigitise || c.Digitisation == dossier.Digitised:
			data.Scans = append(data.Scans, intakeScan{Component: i, Name: c.Name, Must: c.MustDigitise})
		}
	}
	p.Data = data
	return s.render(w, http.StatusOK, "office_intake_done", p)
}

// firstInvalid returns the first field of the form, in tab order, that has
// an error; the applicant's name when none has.
func firstInvalid(errs map[string]string, d intakeData) string {
	order := []string{"applicant.full_name", "applicant.id_number", "applicant.birth_date", "applicant.phone",
		"applicant.email", "applicant.address", "applicant.org_name", "applicant.tax_code"}
	for _, it := range d.Decl {
		order = append(order, it.Name)
	}
	order = append(order, portalFormFieldNames(d.FormGroups)...)
	for _, c := range d.Components {
		order = append(order, fmt.Sprintf("components.%d", c.Index), fmt.Sprintf("components.%d.count", c.Index))
	}
	order = append(order, "sets", "pages", "copies")
	for _, k := range order {
		if _, bad := errs[k]; bad {
			return k
		}
	}
	return "applicant.full_name"
}
