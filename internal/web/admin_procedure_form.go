package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
)

// The procedure edited as a form (issue 19, point 10): the common changes
// (time limit, fee, components, legal bases) without YAML. The form starts
// from the current version; what it does not show is kept as it is. Saving
// goes through the same path as the YAML editor (admin_procedures.go): a
// new version, recorded in the audit, in force for dossiers received from
// then on.

// procFormMaxRows bounds each list of the form (a procedure has a handful).
const procFormMaxRows = 60

// procFormCounts are the hidden fields that say how many rows each list has.
var procFormCounts = []string{"components", "legal", "tiers"}

type adminProcFormData struct {
	Code, Name string
	Current    int
	// Rows of each list, as indices for the templates.
	Components, Legal, Tiers                      []int
	LimitKinds, FeeKinds, ComponentKinds, Refunds []adminOption
	// Problems are the errors no single field carries.
	Problems []string
}

// procFormValues is a procedure as the form's values, with one blank row
// more in each list for a new entry.
func procFormValues(p *catalogue.Procedure) url.Values {
	f := url.Values{}
	f.Set("limit-kind", string(p.TimeLimit.Kind))
	if p.TimeLimit.N > 0 {
		f.Set("limit-n", strconv.Itoa(p.TimeLimit.N))
	}
	if p.TimeLimit.Cutoff > 0 {
		f.Set("limit-cutoff", fmt.Sprintf("%02d:%02d", p.TimeLimit.Cutoff/60, p.TimeLimit.Cutoff%60))
	}
	f.Set("fee-kind", string(p.Fee.Kind))
	if p.Fee.Amount > 0 {
		f.Set("fee-amount", strconv.FormatInt(p.Fee.Amount, 10))
	}
	if p.Fee.Cap > 0 {
		f.Set("fee-cap", strconv.FormatInt(p.Fee.Cap, 10))
	}
	f.Set("fee-exemptions", strings.Join(p.Fee.Exemptions, "\n"))
	f.Set("fee-note", p.Fee.Note)
	for _, c := range p.Fee.Refund {
		f.Add("fee-refund", string(c))
	}
	for i, t := range p.Fee.Tiers {
		f.Set(fmt.Sprintf("tier-%d-from", i), strconv.Itoa(t.FromPage))
		f.Set(fmt.Sprintf("tier-%d-rate", i), strconv.FormatInt(t.PerPage, 10))
	}
	f.Set("tiers", strconv.Itoa(len(p.Fee.Tiers)+1))
	for i, c := range p.Components {
		k := fmt.Sprintf("component-%d-", i)
		f.Set(k+"name", c.Name)
		f.Set(k+"kind", string(c.Kind))
		f.Set(k+"count", strconv.Itoa(c.Count))
		f.Set(k+"form", c.Form)
		if c.Required {
			f.Set(k+"required", "1")
		}
		if c.MustDigitise {
			f.Set(k+"digitise", "1")
		}
	}
	f.Set("components", strconv.Itoa(len(p.Components)+1))
	for i, b := range p.LegalBases {
		k := fmt.Sprintf("legal-%d-", i)
		f.Set(k+"number", b.Number)
		f.Set(k+"title", b.Title)
		f.Set(k+"article", b.Article)
		f.Set(k+"url", b.URL)
	}
	f.Set("legal", strconv.Itoa(len(p.LegalBases)+1))
	return f
}

// procFormRows is how many rows list name has in the form, 1 to procFormMaxRows.
func procFormRows(f url.Values, name string) int {
	n, err := strconv.Atoi(f.Get(name))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, procFormMaxRows)
}

// procFormAmount reads a whole number of VND or pages as people write it,
// with dots or spaces between thousands ("8.000").
func procFormAmount(s string) (int64, bool) {
	s = strings.NewReplacer(".", "", " ", "", "\u00a0", "").Replace(s)
	if s == "" || strings.TrimLeft(s, "0123456789") != "" || len(s) > 15 {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// readProcForm applies the form to base (a copy of the current version)
// and returns the edited procedure, or the errors by field name, in
// Vietnamese (lang en: English), each naming its field.
func readProcForm(lang string, f url.Values, base catalogue.Procedure) (catalogue.Procedure, map[string]string) {
	r := procFormReader{f: f, lang: lang, errs: map[string]string{}}
	p := base
	p.TimeLimit = r.limit(&p)
	p.Fee = r.fee()
	p.Components = r.components()
	p.LegalBases = r.legalBases()
	return p, r.errs
}

// procFormReader reads the parts of the form, collecting the errors.
type procFormReader struct {
	f    url.Values
	lang string
	errs map[string]string
}

func (r *procFormReader) bad(name, key string, args ...any) {
	r.errs[name] = translate(r.lang, key, args...)
}

// limit reads the time limit, which must still fit between the service
// norm and the extended limit of p, which the form does not show.
func (r *procFormReader) limit(p *catalogue.Procedure) calendar.Limit {
	f := r.f
	l := calendar.Limit{Kind: calendar.LimitKind(f.Get("limit-kind"))}
	switch l.Kind {
	case calendar.WorkingDays, calendar.WorkingHours:
		n, ok := procFormAmount(f.Get("limit-n"))
		switch {
		case f.Get("limit-n") == "":
			r.bad("limit-n", "procform.error.limit_n.missing")
			return l
		case !ok || n < 1 || n > 365:
			r.bad("limit-n", "procform.error.limit_n", f.Get("limit-n"))
			return l
		}
		l.N = int(n)
	case calendar.SameDay:
		h, m, ok := strings.Cut(f.Get("limit-cutoff"), ":")
		hh, e1 := strconv.Atoi(h)
		mm, e2 := strconv.Atoi(m)
		if !ok || e1 != nil || e2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || hh*60+mm == 0 {
			r.bad("limit-cutoff", "procform.error.cutoff", f.Get("limit-cutoff"))
			return l
		}
		l.Cutoff = hh*60 + mm
	default:
		r.bad("limit-kind", "procform.error.choose")
		return l
	}
	if n := p.ServiceNorm; n != nil && limitLonger(*n, l) {
		r.bad(limitField(l), "procform.error.norm", n.String())
	}
	if x := p.ExtendedLimit; x != nil && !limitLonger(*x, l) {
		r.bad(limitField(l), "procform.error.extended", x.String())
	}
	return l
}

// fee reads the fee schedule: its kind, amount or page tiers and cap, who
// is exempt, the note and when a paid fee is given back.
func (r *procFormReader) fee() catalogue.FeeSchedule {
	f := r.f
	fee := catalogue.FeeSchedule{Kind: catalogue.FeeKind(f.Get("fee-kind")), Note: f.Get("fee-note")}
	for _, line := range strings.Split(f.Get("fee-exemptions"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			fee.Exemptions = append(fee.Exemptions, line)
		}
	}
	switch fee.Kind {
	case catalogue.FeeFree:
	case catalogue.FeeFixed:
		if n, ok := procFormAmount(f.Get("fee-amount")); !ok || n < 1 {
			r.bad("fee-amount", "procform.error.amount", f.Get("fee-amount"))
		} else {
			fee.Amount = n
		}
	case catalogue.FeePerPage:
		if s := f.Get("fee-cap"); s != "" {
			if n, ok := procFormAmount(s); !ok {
				r.bad("fee-cap", "procform.error.money", s)
			} else {
				fee.Cap = n
			}
		}
		fee.Tiers = r.tiers()
	default:
		r.bad("fee-kind", "procform.error.choose")
	}
	for _, c := range f["fee-refund"] {
		rc := catalogue.RefundCase(c)
		if rc != catalogue.RefundRefused && rc != catalogue.RefundWithdrawnEarly && rc != catalogue.RefundWithdrawn {
			r.bad("fee-refund", "procform.error.choose")
			break
		}
		if fee.Kind == catalogue.FeeFree {
			r.bad("fee-refund", "procform.error.refund_free")
			break
		}
		fee.Refund = append(fee.Refund, rc)
	}
	return fee
}

// tiers reads the page tiers of a per-page fee, leaving out empty rows.
func (r *procFormReader) tiers() []catalogue.FeeTier {
	var tiers []catalogue.FeeTier
	for i := range procFormRows(r.f, "tiers") {
		fromName, rateName := fmt.Sprintf("tier-%d-from", i), fmt.Sprintf("tier-%d-rate", i)
		from, rate := r.f.Get(fromName), r.f.Get(rateName)
		if from == "" && rate == "" {
			continue
		}
		t := catalogue.FeeTier{}
		n, ok := procFormAmount(from)
		switch {
		case !ok || n < 1 || n > catalogue.MaxPages:
			r.bad(fromName, "procform.error.page", from)
		case len(tiers) == 0 && n != 1:
			r.bad(fromName, "procform.error.first_page")
		case len(tiers) > 0 && int(n) <= tiers[len(tiers)-1].FromPage:
			r.bad(fromName, "procform.error.page_order", tiers[len(tiers)-1].FromPage)
		default:
			t.FromPage = int(n)
		}
		if v, ok := procFormAmount(rate); !ok {
			r.bad(rateName, "procform.error.money", rate)
		} else {
			t.PerPage = v
		}
		tiers = append(tiers, t)
	}
	if len(tiers) == 0 {
		r.bad("tier-0-from", "procform.error.tiers")
	}
	return tiers
}

// components reads the components, leaving out the rows to remove and the
// empty ones.
func (r *procFormReader) components() []catalogue.Component {
	var out []catalogue.Component
	f := r.f
	for i := range procFormRows(f, "components") {
		k := fmt.Sprintf("component-%d-", i)
		if f.Get(k+"remove") == "1" || f.Get(k+"name") == "" && f.Get(k+"form") == "" {
			continue
		}
		c := catalogue.Component{Name: f.Get(k + "name"), Kind: catalogue.ComponentKind(f.Get(k + "kind")),
			Required: f.Get(k+"required") == "1", MustDigitise: f.Get(k+"digitise") == "1", Form: f.Get(k + "form")}
		if c.Name == "" {
			r.bad(k+"name", "procform.error.component_name")
		}
		if !slices.Contains([]catalogue.ComponentKind{catalogue.ComponentOriginal, catalogue.ComponentCertifiedCopy,
			catalogue.ComponentCopy, catalogue.ComponentOriginalOrCopy}, c.Kind) {
			r.bad(k+"kind", "procform.error.choose")
		}
		if n, ok := procFormAmount(f.Get(k + "count")); !ok || n < 1 || n > 100 {
			r.bad(k+"count", "procform.error.count", f.Get(k+"count"))
		} else {
			c.Count = int(n)
		}
		out = append(out, c)
	}
	return out
}

// legalBases reads the legal bases, leaving out the rows to remove and the
// empty ones; a procedure needs at least one.
func (r *procFormReader) legalBases() []catalogue.LegalBasis {
	var out []catalogue.LegalBasis
	f := r.f
	for i := range procFormRows(f, "legal") {
		k := fmt.Sprintf("legal-%d-", i)
		if f.Get(k+"remove") == "1" || f.Get(k+"number")+f.Get(k+"title")+f.Get(k+"article")+f.Get(k+"url") == "" {
			continue
		}
		b := catalogue.LegalBasis{Number: f.Get(k + "number"), Title: f.Get(k + "title"), Article: f.Get(k + "article"), URL: f.Get(k + "url")}
		if b.Number == "" {
			r.bad(k+"number", "procform.error.legal_number")
		}
		if b.URL != "" {
			if u, err := url.Parse(b.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				r.bad(k+"url", "procform.error.url", b.URL)
			}
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		r.bad("legal-0-number", "procform.error.legal_none")
	}
	return out
}

// adminProcForm renders the form with its values, errors and problems.
func (s *Server) adminProcForm(w http.ResponseWriter, p *Page, d *adminProcFormData, status int) error {
	for _, l := range []struct {
		name string
		rows *[]int
	}{{"components", &d.Components}, {"legal", &d.Legal}, {"tiers", &d.Tiers}} {
		n := procFormRows(p.Form, l.name)
		p.Form.Set(l.name, strconv.Itoa(n))
		*l.rows = make([]int, n)
		for i := range n {
			(*l.rows)[i] = i
		}
	}
	opt := func(value, key string) adminOption { return adminOption{Value: value, Label: p.T(key)} }
	d.LimitKinds = []adminOption{opt("days", "procform.limit.days"), opt("hours", "procform.limit.hours"), opt("same_day", "procform.limit.same_day")}
	d.FeeKinds = []adminOption{opt("free", "procform.fee.free"), opt("fixed", "procform.fee.fixed"), opt("per_page", "procform.fee.per_page")}
	for _, k := range []string{"original", "certified_copy", "copy", "original_or_copy"} {
		d.ComponentKinds = append(d.ComponentKinds, opt(k, "component."+k))
	}
	for _, k := range []string{"refused", "withdrawn_before_processing", "withdrawn"} {
		d.Refunds = append(d.Refunds, opt(k, "procform.refund."+k))
	}
	if len(p.Errors) > 0 || len(d.Problems) > 0 {
		p.FormError = p.T("form.has_errors")
	}
	p.Data = d
	return s.render(w, status, "admin_procedure_fields", p)
}

// adminProcedureFormEdit is the form for a new version of a procedure's
// time limit, fee, components and legal bases.
func (s *Server) adminProcedureFormEdit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.adminEditableProcedure(r)
	if err != nil {
		return err
	}
	p := s.adminPage(w, r, "procform.title", v.Procedure.Code)
	p.Form = procFormValues(&v.Procedure)
	p.Form.Set("base", strconv.Itoa(v.Version))
	return s.adminProcForm(w, p, &adminProcFormData{Code: v.Procedure.Code, Name: v.Procedure.Name, Current: v.Version}, http.StatusOK)
}

// adminProcedureFormSave adds a row (do=add-components, add-legal,
// add-tiers: nothing is stored) or stores the form as a new version. A bad
// field is named beside it and nothing is stored; so is a form opened on
// an older version, unless it says what the current version says (a
// repeated submission), which is then reported unchanged.
func (s *Server) adminProcedureFormSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.adminEditableProcedure(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	f := adminForm(r)
	p := s.adminPage(w, r, "procform.title", v.Procedure.Code)
	p.Form = f
	d := &adminProcFormData{Code: v.Procedure.Code, Name: v.Procedure.Name, Current: v.Version}
	if list, ok := strings.CutPrefix(f.Get("do"), "add-"); ok && slices.Contains(procFormCounts, list) {
		f.Set(list, strconv.Itoa(procFormRows(f, list)+1))
		return s.adminProcForm(w, p, d, http.StatusOK)
	}
	proc, errs := readProcForm(p.Lang, f, v.Procedure)
	if len(errs) > 0 {
		p.Errors = errs
		return s.adminProcForm(w, p, d, http.StatusBadRequest)
	}
	if f.Get("base") != strconv.Itoa(v.Version) {
		if same, err := adminChangedKeys(&proc, &v.Procedure); err == nil && len(same) == 0 {
			s.flash(w, p.T("admin.procedure.unchanged", v.Version))
			http.Redirect(w, r, "/quan-tri/thu-tuc/"+v.Procedure.Code, http.StatusSeeOther)
			return nil
		}
		d.Problems = []string{p.T("procform.error.stale", v.Version)}
		return s.adminProcForm(w, p, d, http.StatusConflict)
	}
	saved, err := s.db.SaveProcedure(ctx, proc, adminOfficer(r).ID)
	if err != nil {
		if apperr.KindOf(err) != apperr.Invalid {
			return err
		}
		d.Problems = []string{adminSentence(apperr.PublicMessage(err))}
		return s.adminProcForm(w, p, d, http.StatusBadRequest)
	}
	if saved.Version == v.Version {
		s.flash(w, p.T("admin.procedure.unchanged", v.Version))
	} else {
		s.flash(w, p.T("admin.procedure.saved", saved.Version))
	}
	http.Redirect(w, r, "/quan-tri/thu-tuc/"+v.Procedure.Code, http.StatusSeeOther)
	return nil
}

// limitLonger reports whether a is surely longer than b: same day is the
// shortest, and counts of one unit compare by count. Days against hours
// are left to the catalogue's validation.
func limitLonger(a, b calendar.Limit) bool {
	switch {
	case a.Kind == calendar.SameDay:
		return false
	case b.Kind == calendar.SameDay:
		return true
	case a.Kind == b.Kind:
		return a.N > b.N
	}
	return false
}

// limitField is the form field that states the count of l.
func limitField(l calendar.Limit) string {
	if l.Kind == calendar.SameDay {
		return "limit-kind"
	}
	return "limit-n"
}
