package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/service"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// The letter register (sổ thư) and the letter templates of the officer's
// unit. The register lists the congratulatory and condolence letters the
// unit produced; printing one records when it was first printed, and the
// desk records when it was sent. Templates are versioned per unit and kind:
// leaders and administrators save new versions, every officer reads them.

// lettersPerPage is how many letters a page of the register shows.
const lettersPerPage = 100

// canOpenRegister: reception, leaders and administrators open the
// register, print letters and mark them sent (officeRoutes says the same).
func canOpenRegister(o *staff.Officer) bool {
	return o.HasAny(staff.Reception, staff.Leader, staff.Admin)
}

// canEditTemplates: leaders and administrators save template versions.
func canEditTemplates(o *staff.Officer) bool { return o.HasAny(staff.Leader, staff.Admin) }

// letterFilter is what the register shows, as read from its query:
// loai (a letter kind), chua-in=1 (not printed yet), chua-gui=1 (not sent
// yet) and trang (the page, from 1).
type letterFilter struct {
	Kind      string
	Unprinted bool
	Unsent    bool
	Page      int
}

// parseLetterFilter reads the register's query; a bad value comes back as
// a message by field.
func parseLetterFilter(q url.Values) (letterFilter, map[string]string) {
	f := letterFilter{Kind: q.Get("loai"), Unprinted: q.Get("chua-in") == "1", Unsent: q.Get("chua-gui") == "1", Page: 1}
	errs := map[string]string{}
	if f.Kind != "" && letter.Kind(f.Kind).Validate() != nil {
		errs["loai"] = "loại thư \"" + f.Kind + "\" không tồn tại"
	}
	if v := q.Get("trang"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			errs["trang"] = "số trang \"" + v + "\" không hợp lệ"
		} else {
			f.Page = n
		}
	}
	return f, errs
}

// query is the filter as a query string, on page n (1 is left out).
func (f letterFilter) query(n int) string {
	q := url.Values{}
	if f.Kind != "" {
		q.Set("loai", f.Kind)
	}
	if f.Unprinted {
		q.Set("chua-in", "1")
	}
	if f.Unsent {
		q.Set("chua-gui", "1")
	}
	if n > 1 {
		q.Set("trang", strconv.Itoa(n))
	}
	return q.Encode()
}

// registerURL is the register's address with the filter, on page n.
func (f letterFilter) registerURL(n int) string {
	if q := f.query(n); q != "" {
		return "/can-bo/thu?" + q
	}
	return "/can-bo/thu"
}

// letterRow is one letter of the register as the page shows it.
type letterRow struct {
	ID          string
	DossierCode string
	Kind        string
	Recipients  string
	ProducedAt  time.Time
	PrintedAt   time.Time
	SentAt      time.Time
}

type lettersData struct {
	Filter letterFilter
	Kinds  []choice
	Rows   []letterRow
	// From is the 1-based position of the first row shown.
	From             int
	PrevURL, NextURL string
	// Return is the register's address as filtered, where the mark-as-sent
	// form comes back to.
	Return string
}

// letterKindLabel is a letter kind's name in lang.
func letterKindLabel(lang string, k letter.Kind) string {
	key := "office.letters.kind." + string(k)
	if _, ok := messages[key]; !ok {
		return k.Label()
	}
	return translate(lang, key)
}

// letterKindChoices are the letter kinds as options, named in lang.
func letterKindChoices(lang string) []choice {
	var out []choice
	for _, k := range letter.Kinds() {
		out = append(out, choice{Value: string(k), Label: letterKindLabel(lang, k)})
	}
	return out
}

// recipientNames joins the names a letter is addressed to.
func recipientNames(rs []letter.Recipient) string {
	names := make([]string, 0, len(rs))
	for _, r := range rs {
		if n := strings.TrimSpace(r.Name); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// letters is the register of the officer's unit, oldest first, filtered by
// kind and by what remains to be done (printing, sending), 100 a page. Each
// letter can be printed (which records it) and marked as sent.
func (s *Server) letters(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	p := s.newPage(w, r, "")
	p.Title = p.T("office.letters.title")
	p.Nav = "workspace"
	f, errs := parseLetterFilter(r.URL.Query())
	d := &lettersData{Filter: f, Kinds: letterKindChoices(p.Lang)}
	p.Data = d
	if len(errs) > 0 {
		p.Errors, p.FormError = errs, p.T("form.has_errors")
		if msg, ok := errs["trang"]; ok {
			p.FormError = msg // the page number has no field of its own
		}
		return s.render(w, http.StatusBadRequest, "office_letters", p)
	}
	offset := (f.Page - 1) * lettersPerPage
	list, err := s.db.Letters(ctx, store.LetterFilter{UnitID: o.UnitID, Kind: letter.Kind(f.Kind), Unprinted: f.Unprinted,
		Unsent: f.Unsent, Limit: lettersPerPage + 1, Offset: offset, NewestFirst: true})
	if err != nil {
		return err
	}
	if len(list) > lettersPerPage {
		list = list[:lettersPerPage]
		d.NextURL = f.registerURL(f.Page + 1)
	}
	if f.Page > 1 {
		d.PrevURL = f.registerURL(f.Page - 1)
	}
	d.From = offset + 1
	d.Return = f.registerURL(f.Page)
	for _, l := range list {
		d.Rows = append(d.Rows, letterRow{ID: l.ID, DossierCode: l.DossierCode, Kind: letterKindLabel(p.Lang, l.Kind),
			Recipients: recipientNames(l.Recipients), ProducedAt: l.ProducedAt, PrintedAt: l.PrintedAt, SentAt: l.SentAt})
	}
	return s.render(w, http.StatusOK, "office_letters", p)
}

// letterOf loads a letter of the officer's unit. A letter of another unit
// gets the same NotFound as an unknown id.
func (s *Server) letterOf(ctx context.Context, o *staff.Officer, id string) (*store.Letter, error) {
	notFound := apperr.New(apperr.NotFound, "không tìm thấy thư trong sổ thư của đơn vị")
	l, err := s.db.Letter(ctx, id)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	if o == nil || l.UnitID != o.UnitID {
		return nil, notFound
	}
	return l, nil
}

// letterPrint records that a letter is printed, the first time only, and
// sends the browser to the letter's PDF. The PDF is rendered first, so a
// letter that cannot be printed is not recorded as printed.
func (s *Server) letterPrint(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.letterOf(ctx, officerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := docgen.Render(ctx, s.db, docgen.KindLetter, l.DossierCode, docgen.Options{BaseURL: s.opt.BaseURL()}, io.Discard); err != nil {
		return err
	}
	if _, err := s.db.MarkLetterPrinted(ctx, l.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/can-bo/ho-so/"+url.PathEscape(l.DossierCode)+"/giay-to/letter.pdf", http.StatusSeeOther)
	return nil
}

// letterSent records that a letter was sent, the first time only, and
// returns to the register as it was filtered.
func (s *Server) letterSent(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.letterOf(ctx, officerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.db.MarkLetterSent(ctx, l.ID); err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.letters.sent.done", l.DossierCode))
	back := "/can-bo/thu"
	if f, errs := parseLetterFilter(returnQuery(r.PostFormValue("return"))); len(errs) == 0 {
		back = f.registerURL(f.Page)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// returnQuery reads the query of a register address a form came from; any
// other address gives no query, so a form cannot redirect elsewhere.
func returnQuery(ret string) url.Values {
	u, err := url.Parse(ret)
	if err != nil || u.Path != "/can-bo/thu" || u.Host != "" || u.Scheme != "" {
		return url.Values{}
	}
	return u.Query()
}

// letterCounts are the register's outstanding letters, for the workspace.
type letterCounts struct {
	// Counted is false for officers who are shown the register's link only.
	Counted           bool
	Unprinted, Unsent int
	// More is true when a count reached countCap and stopped.
	MoreUnprinted, MoreUnsent bool
}

// UnprintedText is the count of letters not printed yet, as shown.
func (c *letterCounts) UnprintedText() string { return capped(c.Unprinted, c.MoreUnprinted) }

// UnsentText is the count of letters not sent yet, as shown.
func (c *letterCounts) UnsentText() string { return capped(c.Unsent, c.MoreUnsent) }

func capped(n int, more bool) string {
	if more {
		return strconv.Itoa(n) + "+"
	}
	return strconv.Itoa(n)
}

// countCap bounds the outstanding letters counted for the workspace.
const countCap = 1000

// workspaceLetters returns what the workspace shows of the register: nil
// for officers who cannot open it, the link only for administrators, and
// for reception and leaders how many letters wait to be printed and sent.
func (s *Server) workspaceLetters(ctx context.Context, o *staff.Officer) (*letterCounts, error) {
	if !canOpenRegister(o) {
		return nil, nil
	}
	c := &letterCounts{}
	if !o.HasAny(staff.Reception, staff.Leader) {
		return c, nil
	}
	count := func(f store.LetterFilter) (int, bool, error) {
		f.UnitID = o.UnitID
		return s.db.CountLetters(ctx, f, countCap)
	}
	var err error
	if c.Unprinted, c.MoreUnprinted, err = count(store.LetterFilter{Unprinted: true}); err != nil {
		return nil, err
	}
	if c.Unsent, c.MoreUnsent, err = count(store.LetterFilter{Unsent: true}); err != nil {
		return nil, err
	}
	c.Counted = true
	return c, nil
}

// placeholderRow is a placeholder of a letter kind with what it stands for.
type placeholderRow struct {
	Name string
	// Token is the placeholder as written in a template: {{name}}.
	Token       string
	Description string
	Optional    bool
}

// templateVersionRow is one saved version of a template (or the default).
type templateVersionRow struct {
	Version int
	Default bool
	InForce bool
	By      string
	At      time.Time
	Body    string
}

type letterTemplateData struct {
	Kind      string
	KindLabel string
	Kinds     []choice
	// InForce is the template in force (version 0: the shipped default).
	InForce      *store.LetterTemplate
	InForceBy    string
	Versions     []templateVersionRow
	Placeholders []placeholderRow
	// CanEdit: the viewer may save a new version (leaders, administrators);
	// CanRegister: the viewer may open the register.
	CanEdit, CanRegister bool
	// Body is the text in the editor: the one in force, or what was typed.
	Body        string
	DossierCode string
	// Preview is the filled letter, when one was asked for; PreviewOf says
	// with which values (sample ones, or a dossier's).
	Preview   *letter.Content
	PreviewOf string
}

// letterKindOf reads the {kind} of a template route: an unknown kind is 404.
func letterKindOf(r *http.Request) (letter.Kind, error) {
	k := letter.Kind(r.PathValue("kind"))
	if k.Validate() != nil {
		return "", apperr.New(apperr.NotFound, "không có mẫu thư %q", string(k))
	}
	return k, nil
}

// templatePage prepares the template page of kind for the officer: the
// template in force, its versions with who saved them and when, and the
// kind's placeholders described in the page's language.
func (s *Server) templatePage(w http.ResponseWriter, r *http.Request, kind letter.Kind) (*Page, *letterTemplateData, error) {
	ctx := r.Context()
	o := officerOf(r)
	p := s.newPage(w, r, "")
	label := letterKindLabel(p.Lang, kind)
	p.Title = p.T("office.letters.template.title", label)
	p.Nav = "workspace"
	d := &letterTemplateData{Kind: string(kind), KindLabel: label, Kinds: letterKindChoices(p.Lang), CanEdit: canEditTemplates(o),
		CanRegister: canOpenRegister(o)}
	p.Data = d
	var err error
	if d.InForce, err = s.db.LetterTemplate(ctx, o.UnitID, kind); err != nil {
		return nil, nil, err
	}
	versions, err := s.db.LetterTemplateVersions(ctx, o.UnitID, kind)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.officerNames(ctx, o.UnitID)
	if err != nil {
		return nil, nil, err
	}
	d.InForceBy = names.name(ctx, d.InForce.CreatedBy)
	for _, v := range versions {
		d.Versions = append(d.Versions, templateVersionRow{Version: v.Version, Default: v.Default(), InForce: v.Version == d.InForce.Version,
			By: names.name(ctx, v.CreatedBy), At: v.CreatedAt, Body: v.Body})
	}
	ps, err := letter.Placeholders(kind)
	if err != nil {
		return nil, nil, err
	}
	for _, ph := range ps {
		desc := ph.Description
		if key := "office.letters.ph." + ph.Name; messages[key] != [2]string{} {
			desc = translate(p.Lang, key)
		}
		d.Placeholders = append(d.Placeholders, placeholderRow{Name: ph.Name, Token: "{{" + ph.Name + "}}", Description: desc, Optional: ph.Optional})
	}
	d.Body = d.InForce.Body
	return p, d, nil
}

// letterTemplate shows the unit's template of a kind: the text in force
// with its version, the versions saved, the placeholders, and a form to
// preview it (and, for leaders and administrators, to edit and save it).
func (s *Server) letterTemplate(w http.ResponseWriter, r *http.Request) error {
	kind, err := letterKindOf(r)
	if err != nil {
		return err
	}
	p, _, err := s.templatePage(w, r, kind)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "office_letters_template", p)
}

// letterTemplatePreview fills the text typed (or, without one, the
// template in force) with sample values or with the values of a dossier of
// the unit and shows the letter on the page. It stores nothing. A bad
// template is refused beside the text, each unknown placeholder named, and
// the text is kept.
func (s *Server) letterTemplatePreview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	kind, err := letterKindOf(r)
	if err != nil {
		return err
	}
	p, d, err := s.templatePage(w, r, kind)
	if err != nil {
		return err
	}
	o := officerOf(r)
	if err := r.ParseForm(); err != nil {
		return apperr.Wrap(apperr.Invalid, err, "biểu mẫu không hợp lệ")
	}
	body, typed := r.PostForm["body"]
	if typed {
		d.Body = strings.Join(body, "")
	}
	d.DossierCode = strings.TrimSpace(r.PostFormValue("dossier_code"))
	errs := map[string]string{}
	if typed && strings.TrimSpace(d.Body) == "" {
		errs["body"] = "vui lòng nhập nội dung mẫu thư"
	}
	if d.DossierCode != "" {
		if _, err := s.dossierFor(ctx, o, d.DossierCode); apperr.KindOf(err) == apperr.NotFound {
			errs["dossier_code"] = apperr.PublicMessage(err)
		} else if err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		req := service.PreviewRequest{UnitID: o.UnitID, Kind: kind, DossierCode: d.DossierCode}
		if typed {
			req.Body = d.Body
		}
		c, err := service.PreviewLetter(ctx, s.db, req)
		switch {
		case err == nil:
			d.Preview = &c
			d.PreviewOf = p.T("office.letters.preview.sample")
			if d.DossierCode != "" {
				d.PreviewOf = p.T("office.letters.preview.dossier", d.DossierCode)
			}
		case apperr.KindOf(err) == apperr.Invalid && apperr.FieldOf(err) == "body":
			errs["body"] = apperr.PublicMessage(err)
		case apperr.KindOf(err) == apperr.Invalid && d.DossierCode != "":
			errs["dossier_code"] = apperr.PublicMessage(err)
		case apperr.KindOf(err) == apperr.Invalid:
			p.FormError = apperr.PublicMessage(err)
		default:
			return err
		}
	}
	status := http.StatusOK
	if len(errs) > 0 || p.FormError != "" {
		status = http.StatusBadRequest
		p.Errors = errs
		if p.FormError == "" {
			p.FormError = p.T("form.has_errors")
		}
	}
	return s.render(w, status, "office_letters_template", p)
}

// letterTemplateSave stores the text typed as the unit's next version of
// the template, in force from now on, and returns to the template page.
// Leaders and administrators only (the route says so). A bad template is
// refused beside the text, each unknown placeholder named; the text is kept
// and nothing is stored. Saving the text in force again stores nothing.
func (s *Server) letterTemplateSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	kind, err := letterKindOf(r)
	if err != nil {
		return err
	}
	o := officerOf(r)
	before, err := s.db.LetterTemplate(ctx, o.UnitID, kind)
	if err != nil {
		return err
	}
	body := r.PostFormValue("body")
	saved, err := service.SaveLetterTemplate(ctx, s.db, o.UnitID, kind, body, o.ID)
	if apperr.KindOf(err) == apperr.Invalid && apperr.FieldOf(err) == "body" {
		p, d, perr := s.templatePage(w, r, kind)
		if perr != nil {
			return perr
		}
		d.Body = body
		d.DossierCode = strings.TrimSpace(r.PostFormValue("dossier_code"))
		p.Errors = map[string]string{"body": apperr.PublicMessage(err)}
		p.FormError = p.T("form.has_errors")
		return s.render(w, http.StatusBadRequest, "office_letters_template", p)
	}
	if err != nil {
		return err
	}
	lang := languageOf(w, r)
	if saved.Version == before.Version {
		s.flash(w, translate(lang, "office.letters.template.unchanged", saved.Version))
	} else {
		s.flash(w, translate(lang, "office.letters.template.saved", saved.Version))
	}
	http.Redirect(w, r, "/can-bo/thu/mau/"+string(kind), http.StatusSeeOther)
	return nil
}
