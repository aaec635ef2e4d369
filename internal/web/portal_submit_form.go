package web

// The online submission form's page: what it shows, its fields and its
// error summary.

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// portalDeclField is the form field of a declaration item.
func portalDeclField(key string) string { return "declaration." + key }

// portalComponentField is the file input of the procedure's component i.
func portalComponentField(i int) string { return "component-" + strconv.Itoa(i) }

// portalApplicantFields are the applicant's text fields, as named in the form.
var portalApplicantFields = []string{"kind", "full_name", "id_number", "birth_date", "phone", "email", "address", "org_name", "tax_code"}

type portalSubmitData struct {
	V *store.ProcedureVersion
	P *catalogue.Procedure
	// Units are the active receiving units, when there is a choice.
	Units []*unit.Unit
	// Unit is the receiving unit when there is only one.
	Unit         *unit.Unit
	Declarations []portalDeclItem
	// FormGroups is the procedure's form, when it defines one (ux_declaration.go).
	FormGroups []portalFormGroup
	// Now is the server's clock, for the bounds of dates and years.
	Now        time.Time
	Components []portalComponentInput
	// Review is the check of the answers before sending (ux_review.go).
	Review    *uxReviewData
	Key       string // the idempotency key
	MaxUpload int64
	// FilesLost says the form comes back after an error: files must be chosen again.
	FilesLost bool
	// SomeKept says some files were kept from the earlier try (ux_drafts.go).
	SomeKept bool
	// ErrorList is every field's error in form order, for the summary above the form.
	ErrorList []portalErrorLink
	// EID is the national e-ID's part of the form (citizen_submit.go).
	EID eidSubmit
}

// portalErrorLink is one entry of an error summary: a message and the id of
// the control it concerns.
type portalErrorLink struct {
	ID, Message string
}

// portalErrorList orders a form's errors as the fields come; messages for
// fields not in order come last.
func portalErrorList(errs map[string]string, order []string) []portalErrorLink {
	var out []portalErrorLink
	seen := map[string]bool{}
	for _, name := range order {
		if msg, ok := errs[name]; ok && !seen[name] {
			out = append(out, portalErrorLink{ID: portalID(name), Message: msg})
			seen[name] = true
		}
	}
	var rest []string
	for name := range errs {
		if !seen[name] {
			rest = append(rest, name)
		}
	}
	slices.Sort(rest)
	for _, name := range rest {
		out = append(out, portalErrorLink{ID: portalID(name), Message: errs[name]})
	}
	return out
}

type portalDeclItem struct {
	Name     string // form field
	Label    string
	Date     bool
	Required bool
}

type portalComponentInput struct {
	Name      string // form field
	Label     string // the component's (Vietnamese) name
	Kind      catalogue.ComponentKind
	Required  bool
	Form      string
	Error     string
	FileError bool
	Kept      string // the name of the file kept from an earlier try (ux_drafts.go)
	// Generated says the component is the declaration generated from the
	// answers to the procedure's form: no file is asked.
	Generated bool
	// Reuse are the signed-in citizen's earlier papers that may stand for
	// this one, chosen in ReuseField (citizen_submit.go).
	Reuse      []store.Paper
	ReuseField string
}

func (s *Server) portalSubmitPage(w http.ResponseWriter, r *http.Request, v *store.ProcedureVersion) (*Page, *portalSubmitData, error) {
	p := s.newPage(w, r, "")
	p.Nav = "catalogue"
	d := &portalSubmitData{V: v, P: &v.Procedure, MaxUpload: s.opt.MaxUpload}
	units, err := s.portalReceivingUnits(r)
	if err != nil {
		return nil, nil, err
	}
	if len(units) == 1 {
		d.Unit = units[0]
	} else {
		d.Units = units
	}
	d.Now = s.db.Now()
	d.FormGroups = portalFormGroups(p.Lang, v.Procedure.Form)
	for _, k := range dossier.DeclarationFor(v.Procedure.Letter) {
		if v.Procedure.Form != nil {
			break // the form asks them
		}
		dk := dossier.DeclarationKeys[k]
		label := dk.Label
		if p.Lang == "en" && dk.LabelEN != "" {
			label = dk.LabelEN
		}
		d.Declarations = append(d.Declarations, portalDeclItem{Name: portalDeclField(k), Label: label, Date: dk.Date, Required: dk.Required})
	}
	for i, c := range v.Procedure.Components {
		d.Components = append(d.Components, portalComponentInput{Name: portalComponentField(i), Label: c.Name, Kind: c.Kind, Required: c.Required, Form: c.Form,
			Generated: v.Procedure.Form != nil && v.Procedure.Form.Component == c.Name})
	}
	p.Data = d
	if v.Procedure.Online == catalogue.OnlineCounter {
		p.Title = p.T("portal.submit.counter.title")
	} else {
		p.Title = p.T("portal.submit.title")
	}
	return p, d, nil
}

// portalReceivingUnits are the units that receive dossiers: the active ones.
func (s *Server) portalReceivingUnits(r *http.Request) ([]*unit.Unit, error) {
	all, err := s.db.Units(r.Context())
	if err != nil {
		return nil, err
	}
	var out []*unit.Unit
	for _, u := range all {
		if u.Active() {
			out = append(out, u)
		}
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "chưa có đơn vị nào tiếp nhận hồ sơ")
	}
	return out, nil
}

// portalFormErrors maps a validation error's fields (applicant.x,
// declaration.x, components.N) to the form's fields, with messages in lang as
// sentences, or returns nil when err is not about fields. procOf maps an
// intake component to the procedure's (nil: they are the same); a
// "components.N" without an intake component is procedure component N.
func (s *Server) portalFormErrors(lang string, err error, procOf map[int]int) map[string]string {
	fields := problemMessages(lang, err)
	if fields == nil {
		return nil
	}
	out := map[string]string{}
	for k, msg := range fields {
		msg = portalSentence(msg)
		switch {
		case strings.HasPrefix(k, "applicant."):
			out[strings.TrimPrefix(k, "applicant.")] = msg
		case strings.HasPrefix(k, "declaration."), k == "request":
			out[k] = msg
		case strings.HasPrefix(k, "components."):
			n, _ := strconv.Atoi(strings.SplitN(strings.TrimPrefix(k, "components."), ".", 2)[0])
			if pi, ok := procOf[n]; ok {
				out[portalComponentField(pi)] = msg
			} else if procOf == nil {
				out[portalComponentField(n)] = msg
			} else {
				out["form"] = msg
			}
		default:
			out["form"] = msg
		}
	}
	return out
}

func portalSentence(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:]) + map[bool]string{true: "", false: "."}[strings.HasSuffix(s, ".")]
}

// portalDigits reports whether s is one or more ASCII digits.
func portalDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
