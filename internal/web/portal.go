package web

import (
	"html/template"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/staff"
)

// portalRoutes are the citizen portal's pages beyond the catalogue: online
// submission, status lookup, rating, news; and the officers' side of them:
// publishing news, downloading a dossier's uploaded files.
func (s *Server) portalRoutes() []route {
	editors := roles(staff.Admin, staff.Leader)
	return []route{
		// Online submission (portal_submit.go).
		{"GET /nop-ho-so/{code}", anyone, s.portalSubmitForm},
		{"POST /nop-ho-so/{code}", anyone, s.portalSubmit},
		{"GET /nop-ho-so/da-nop", anyone, s.portalSubmitted},
		{"GET /nop-ho-so/da-nop/xac-nhan.pdf", anyone, s.portalSubmittedPDF},
		{"GET /nop-ho-so/da-nop/to-khai.pdf", anyone, s.portalSubmittedDeclaration},

		// Status lookup and rating (portal_lookup.go).
		{"GET /tra-cuu", anyone, s.portalLookupForm},
		{"POST /tra-cuu", anyone, s.portalLookup},
		{"POST /tra-cuu/danh-gia", anyone, s.portalRate},
		{"POST /tra-cuu/nhan-ket-qua", anyone, s.portalReturnChoice},

		// News (portal_news.go).
		{"GET /tin-tuc", anyone, s.portalNewsList},
		{"GET /tin-tuc/rss.xml", anyone, s.portalNewsFeed},
		{"GET /tin-tuc/anh/{id}", anyone, s.portalNewsImage},
		{"GET /tin-tuc/{slug}", anyone, s.portalNewsArticle},
		{"GET /can-bo/tin-tuc", editors, s.portalNewsAdmin},
		{"GET /can-bo/tin-tuc/moi", editors, s.portalNewsNewForm},
		{"POST /can-bo/tin-tuc", editors, s.portalNewsCreate},
		{"GET /can-bo/tin-tuc/{id}", editors, s.portalNewsEditForm},
		{"POST /can-bo/tin-tuc/{id}", editors, s.portalNewsUpdate},
		{"POST /can-bo/tin-tuc/{id}/xuat-ban", editors, s.portalNewsPublish},

		// Uploaded files, to the officers of the dossier's units (portal_files.go).
		{"GET /can-bo/tep/{id}", anyOfficer, s.portalDossierFile},
	}
}

// portalFuncs are the template functions of the portal area.
func portalFuncs() template.FuncMap {
	return template.FuncMap{
		// stamp prints dd/mm/yyyy HH:MM in Vietnam's time.
		"portalStamp": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(vnZone).Format("02/01/2006 15:04")
		},
		// portalParagraphs splits plain text into portalParagraphs (at blank lines), each
		// a list of lines, for templates to escape and lay out.
		"portalParagraphs": portalParagraphs,
		// errID is the id of a field's error message, for aria-describedby.
		"portalErrID": func(name string) string { return portalID(name) + "-error" },
		// portalID is the id of a form field from its name.
		"portalID": portalID,
		// portalMB prints a size in MB with one decimal, comma as decimal mark.
		"portalMB": portalMB,
		// portalExcerpt is the start of an article's body for the news list.
		"portalExcerpt": func(body string) string { return portalSummary(body, 240) },
		// portalField describes a form control for the "portal-field" template.
		"portalField": portalField,
		// portalFormField describes a field of the procedure's form (ux_declaration.go).
		"portalFormField": portalFormField,
		// portalFocus gives a field the focus when on (the counter's first error).
		"portalFocus": func(v portalFieldView, on bool) portalFieldView { v.Focus = on; return v },
	}
}

// portalFieldView is one labelled form control with its hint, its error and
// what was typed: the argument of the "portal-field" templates.
type portalFieldView struct {
	Name, ID, Label string
	// Type is an input type, or "textarea" or "file".
	Type                            string
	Required                        bool
	Hint, Error, Value              string
	Autocomplete, Inputmode, Accept string
	Describedby                     string // the ids of the hint and the error
	RequiredText, OptionalText      string
	LabelLang                       string // "vi" when the label is Vietnamese data on an English page
	Readonly                        bool   // fixed by the e-ID sign-in (citizen_submit.go)
	// A field of the procedure's form (ux_declaration.go): whom it is asked
	// of, its bounds, and a select's choices.
	Applies    string
	Min, Max   string
	MaxLength  int
	Choices    []portalChoiceView
	ChooseText string
	// Focus: the control has the focus when the page opens (autofocus).
	Focus bool
}

// portalField builds the view of the control name labelled label on page p.
// Options are "type=...", "auto=..." (autocomplete), "mode=..." (inputmode),
// "accept=...", "hint=...", "req" (required) and "vi" (the label is Vietnamese data).
func portalField(p *Page, name, label string, opts ...string) portalFieldView {
	f := portalFieldView{Name: name, ID: portalID(name), Label: label, Type: "text", Value: p.Value(name),
		RequiredText: p.T("form.required"), OptionalText: p.T("portal.optional")}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "type":
			f.Type = v
		case "auto":
			f.Autocomplete = v
		case "mode":
			f.Inputmode = v
		case "accept":
			f.Accept = v
		case "hint":
			f.Hint = v
		case "req":
			f.Required = true
		case "ro":
			f.Readonly = v == "true"
		case "vi":
			if p.Lang != "vi" {
				f.LabelLang = "vi"
			}
		}
	}
	f.Error = p.Errors[name]
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	f.Describedby = strings.Join(ids, " ")
	return f
}

// portalID makes an element id from a form field name: "declaration.child_name"
// becomes "declaration-child_name", so CSS and aria references need no escaping.
func portalID(name string) string {
	return strings.NewReplacer(".", "-", " ", "-").Replace(name)
}

// portalParagraphs splits text at blank lines into portalParagraphs of lines.
func portalParagraphs(text string) [][]string {
	var out [][]string
	var cur []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
