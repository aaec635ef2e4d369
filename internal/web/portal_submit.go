package web

import (
	"errors"
	"fmt"
	"github.com/motcua/motcua/internal/middleware"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
	"github.com/motcua/motcua/internal/unit"
)

// The online submission form: one page, posted as multipart/form-data, the
// CSRF token first. Everything is checked before anything is stored; on any
// problem the form comes back with a message beside each bad field and what
// was typed kept (files cannot be kept by a browser: the page asks for them
// again). A good submission makes the dossier and its files in one
// transaction (store.IntakeWithFiles) and redirects to the confirmation.

// portalIdemField carries the form's random idempotency key: a double click or a
// retried POST of the same form makes one dossier.
const portalIdemField = "idem"

// portalIdemKey matches the keys the form hands out (randomToken: 24 bytes, base64url).
var portalIdemKey = regexp.MustCompile(`^[A-Za-z0-9_-]{32}$`)

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
	Components   []portalComponentInput
	Key          string // the idempotency key
	MaxUpload    int64
	// FilesLost says the form comes back after an error: files must be chosen again.
	FilesLost bool
	// ErrorList is every field's error in form order, for the summary above the form.
	ErrorList []portalErrorLink
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
	for _, k := range dossier.DeclarationFor(v.Procedure.Letter) {
		dk := dossier.DeclarationKeys[k]
		label := dk.Label
		if p.Lang == "en" && dk.LabelEN != "" {
			label = dk.LabelEN
		}
		d.Declarations = append(d.Declarations, portalDeclItem{Name: portalDeclField(k), Label: label, Date: dk.Date, Required: dk.Required})
	}
	for i, c := range v.Procedure.Components {
		d.Components = append(d.Components, portalComponentInput{Name: portalComponentField(i), Label: c.Name, Kind: c.Kind, Required: c.Required, Form: c.Form})
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

// portalSubmitForm shows the online submission form of a procedure, or, for a
// procedure offered at the counter only, where to go instead.
func (s *Server) portalSubmitForm(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.ProcedureByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p, d, err := s.portalSubmitPage(w, r, v)
	if err != nil {
		return err
	}
	if v.Procedure.Online == catalogue.OnlineCounter {
		return s.render(w, http.StatusOK, "portal_counter", p)
	}
	d.Key = randomToken()
	p.Form = url.Values{"kind": {string(dossier.Person)}}
	return s.render(w, http.StatusOK, "portal_submit", p)
}

// portalUpload is one accepted file, read and checked.
type portalUpload struct {
	proc int // index in the procedure's components
	name string
	data []byte
}

// portalSubmit checks the whole form, then creates the dossier with its files.
func (s *Server) portalSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.db.ProcedureByCode(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	p, d, err := s.portalSubmitPage(w, r, v)
	if err != nil {
		return err
	}
	if v.Procedure.Online == catalogue.OnlineCounter {
		return s.render(w, http.StatusConflict, "portal_counter", p)
	}
	if r.MultipartForm == nil {
		// guard read the token from elsewhere and left the body: bound it here.
		r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload*int64(len(v.Procedure.Components)+1)+1<<20)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return apperr.Wrap(apperr.Invalid, err, "Không đọc được biểu mẫu. Tệp gửi lên có thể quá lớn (tối đa %s mỗi tệp); vui lòng thử lại.", portalMB(s.opt.MaxUpload))
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}

	// What was typed, normalised, kept for the form if it comes back.
	form := url.Values{}
	for _, k := range portalApplicantFields {
		form.Set(k, textfold.NFC(r.FormValue(k)))
	}
	for _, di := range d.Declarations {
		form.Set(di.Name, textfold.NFC(r.FormValue(di.Name)))
	}
	form.Set("request", textfold.NFC(r.FormValue("request")))
	form.Set("unit", r.FormValue("unit"))
	if r.FormValue("agree") != "" {
		form.Set("agree", "1")
	}
	p.Form = form
	d.Key = r.FormValue(portalIdemField)
	if !portalIdemKey.MatchString(d.Key) {
		d.Key = randomToken()
	}

	en := p.Lang == "en"
	errs := map[string]string{}
	add := func(field, vi, enMsg string, args ...any) {
		if _, ok := errs[field]; ok {
			return
		}
		msg := vi
		if en {
			msg = enMsg
		}
		errs[field] = fmt.Sprintf(msg, args...)
	}

	// The receiving unit.
	u := d.Unit
	if u == nil {
		for _, x := range d.Units {
			if x.ID == form.Get("unit") {
				u = x
			}
		}
		if u == nil {
			add("unit", "Vui lòng chọn nơi nộp hồ sơ.", "Choose where to submit.")
		}
	}

	// The applicant, the declaration and the request: the domain's rules
	// (dossier.Intake.Validate), which the API applies too; the online form
	// asks for a phone and an address.
	a := dossier.Applicant{Kind: dossier.ApplicantKind(form.Get("kind")), FullName: form.Get("full_name"), IDNumber: form.Get("id_number"),
		BirthDate: form.Get("birth_date"), Phone: form.Get("phone"), Email: form.Get("email"), Address: form.Get("address"),
		OrgName: form.Get("org_name"), TaxCode: form.Get("tax_code")}
	decl := map[string]string{}
	for _, di := range d.Declarations {
		if val := form.Get(di.Name); val != "" {
			decl[strings.TrimPrefix(di.Name, "declaration.")] = val
		}
	}
	in := dossier.Intake{Channel: dossier.Online, Applicant: a, Request: form.Get("request"), Declaration: decl, IdempotencyKey: d.Key}
	in.Normalize()

	// The uploads: each within the size limit and a PDF, JPEG or PNG by its bytes.
	var uploads []portalUpload
	var chosen []int // the procedure's components a file was chosen for
	for i := range d.Components {
		c := &d.Components[i]
		fh := portalChosenFile(r.MultipartForm, c.Name)
		if fh == nil {
			if c.Required {
				add(c.Name, "Vui lòng tải lên giấy tờ bắt buộc “%s”.", "Upload the required document “%s”.", c.Label)
			}
			continue
		}
		chosen = append(chosen, i)
		data, err := s.portalReadUpload(fh)
		switch {
		case errors.Is(err, errPortalTooLarge):
			add(c.Name, "Tệp “%s” của giấy tờ “%s” nặng %s, vượt quá giới hạn %s. Vui lòng chụp hoặc quét lại với dung lượng nhỏ hơn.",
				"The file “%s” for “%s” is %s, over the %s limit. Scan or photograph it again at a smaller size.",
				fh.Filename, c.Label, portalMB(fh.Size), portalMB(s.opt.MaxUpload))
			continue
		case err != nil:
			return err
		}
		if _, ok := store.DetectFileType(data); !ok {
			add(c.Name, "Tệp “%s” của giấy tờ “%s” không phải tệp PDF, JPG hoặc PNG. Vui lòng chọn ảnh chụp hoặc bản quét dạng PDF, JPG hoặc PNG.",
				"The file “%s” for “%s” is not a PDF, JPG or PNG file. Choose a photo or a scan in PDF, JPG or PNG.",
				fh.Filename, c.Label)
			continue
		}
		uploads = append(uploads, portalUpload{proc: i, name: fh.Filename, data: data})
	}
	if form.Get("agree") == "" {
		add("agree", "Vui lòng đánh dấu ô cam đoan trước khi nộp.", "Tick the declaration box before submitting.")
	}
	// The domain sees every component a file was chosen for: a missing
	// required one is the upload check's to explain (above).
	check := in
	for _, c := range chosen {
		pc := v.Procedure.Components[c]
		check.Components = append(check.Components, dossier.Component{Name: pc.Name, Kind: pc.Kind, Count: pc.Count})
	}
	var probs apperr.Problems
	check.Validate(&probs, &v.Procedure, s.db.Now(), dossier.ContactRequired)
	for field, msg := range s.portalFormErrors(p.Lang, probs.Err(), nil) {
		if _, ok := errs[field]; !ok {
			errs[field] = msg
		}
	}

	fail := func(errs map[string]string) error {
		p.Errors = errs
		p.FormError = p.T("form.has_errors")
		for i := range d.Components {
			d.Components[i].Error = errs[d.Components[i].Name]
		}
		d.FilesLost = len(chosen) > 0
		order := append([]string{"unit"}, portalApplicantFields...)
		for _, di := range d.Declarations {
			order = append(order, di.Name)
		}
		for _, c := range d.Components {
			order = append(order, c.Name)
		}
		d.ErrorList = portalErrorList(errs, append(order, "request", "agree"))
		return s.render(w, http.StatusBadRequest, "portal_submit", p)
	}
	if len(errs) > 0 {
		return fail(errs)
	}

	// Everything is right: the dossier and its files, in one transaction.
	var files []store.NewFile
	procOf := map[int]int{} // intake component -> procedure component
	for _, up := range uploads {
		pc := v.Procedure.Components[up.proc]
		procOf[len(in.Components)] = up.proc
		files = append(files, store.NewFile{Component: len(in.Components), Name: up.name, Data: up.data})
		in.Components = append(in.Components, dossier.Component{Name: pc.Name, Kind: pc.Kind, Count: pc.Count, Digitisation: dossier.Digitised})
	}
	dos, err := s.db.IntakeWithFiles(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: v.Procedure.Code, Intake: in, ClientKey: middleware.ClientIP(r)}, files)
	if err != nil {
		if mapped := s.portalFormErrors(p.Lang, err, procOf); mapped != nil {
			return fail(mapped)
		}
		return err
	}
	s.log.InfoContext(ctx, "online submission", "dossier", dos.Code, "files", len(files))
	http.Redirect(w, r, "/nop-ho-so/da-nop?k="+url.QueryEscape(d.Key), http.StatusSeeOther)
	return nil
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

// portalChosenFile returns the file chosen in input name, or nil when none was
// (browsers send an empty part for an input left empty).
func portalChosenFile(f *multipart.Form, name string) *multipart.FileHeader {
	if f == nil {
		return nil
	}
	for _, fh := range f.File[name] {
		if fh.Filename != "" || fh.Size > 0 {
			return fh
		}
	}
	return nil
}

var errPortalTooLarge = errors.New("upload too large")

// portalReadUpload reads an uploaded file, refusing it (errPortalTooLarge) beyond
// Options.MaxUpload without reading further.
func (s *Server) portalReadUpload(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > s.opt.MaxUpload {
		return nil, errPortalTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, s.opt.MaxUpload+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(b)) > s.opt.MaxUpload {
		return nil, errPortalTooLarge
	}
	return b, nil
}

// portalMB prints a size for people: 10 MB, 2,5 MB (decimal comma), or
// in KB below a megabyte.
func portalMB(n int64) string {
	if n < 1<<20 {
		return strconv.FormatInt((n+1023)/1024, 10) + " KB"
	}
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + " MB"
}

type portalSubmittedData struct {
	Code      string
	Procedure string
	At        time.Time
	Bring     []string
}

// portalSubmitted is the confirmation after an online submission. Its address
// carries the form's idempotency key, a secret of the submitter's browser:
// nobody else can open it, and it shows no personal data.
func (s *Server) portalSubmitted(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key := r.URL.Query().Get("k")
	if !portalIdemKey.MatchString(key) {
		return apperr.New(apperr.NotFound, "không tìm thấy hồ sơ")
	}
	dos, err := s.db.DossierByIdempotencyKey(ctx, key)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.submitted.title")
	p.Nav = "catalogue"
	d := portalSubmittedData{Code: dos.Code, Procedure: dos.ProcedureName, At: dos.SubmittedAt}
	d.Bring = portalBring(p, dos)
	p.Data = d
	return s.render(w, http.StatusOK, "portal_submitted", p)
}

// portalBring says what to bring when collecting the result: the receipt or
// dossier code, an identity document, the originals of what was uploaded
// (for comparison), and the fee when one is due and unpaid.
func portalBring(p *Page, d *dossier.Dossier) []string {
	out := []string{p.T("portal.bring.code"), p.T("portal.bring.id")}
	if d.Channel == dossier.Online {
		var originals []string
		for _, c := range d.Components {
			if c.Kind == catalogue.ComponentOriginal || c.Kind == catalogue.ComponentOriginalOrCopy {
				originals = append(originals, c.Name)
			}
		}
		if len(originals) > 0 {
			out = append(out, p.T("portal.bring.originals", strings.Join(originals, "; ")))
		}
	}
	if d.Payment.FeeBearing() && d.Payment.State != dossier.Paid {
		out = append(out, p.T("portal.bring.fee", formatVND(d.Payment.Due)))
	}
	return out
}
