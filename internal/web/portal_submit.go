package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
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
	if ok, err := s.eidPrefill(w, r, p, d, &v.Procedure); !ok {
		return err
	}
	return s.render(w, http.StatusOK, "portal_submit", p)
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
	for _, c := range d.Components {
		if v := r.FormValue(eidReuseField(c.Name)); v != "" {
			form.Set(eidReuseField(c.Name), v)
		}
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
	confirm := r.FormValue(uxConfirmField) != ""
	if confirm {
		// "Gửi hồ sơ" pressed again after the dossier was made: the dossier.
		if done, err := s.uxAlreadySent(w, r, d.Key); done || err != nil {
			return err
		}
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
	decl := portalReadAnswers(r.FormValue, v.Procedure.Form, string(dossier.ApplicantKind(form.Get("kind"))), form)
	for _, di := range d.Declarations {
		if val := form.Get(di.Name); val != "" {
			decl[strings.TrimPrefix(di.Name, "declaration.")] = val
		}
	}
	in := dossier.Intake{Channel: dossier.Online, Applicant: a, Request: form.Get("request"), Declaration: decl, IdempotencyKey: d.Key}
	in.Normalize()
	d.EID = s.eidState(r, &v.Procedure)
	if err := s.eidReuseOptions(r, d); err != nil {
		return err
	}
	if level, ok, err := s.eidApply(w, r, &in.Applicant, &v.Procedure); !ok {
		return err
	} else {
		in.EIDLevel = level
		form.Set("id_number", in.Applicant.IDNumber)
		form.Set("tax_code", in.Applicant.TaxCode)
	}

	// The uploads: each within the size limit and a PDF, JPEG or PNG by its bytes.
	var uploads []portalUpload
	var chosen []int // the procedure's components a file was chosen for
	// The files kept from an earlier try of this form (ux_drafts.go).
	kept, err := s.db.DraftFiles(ctx, d.Key)
	if err != nil {
		return err
	}
	for i := range d.Components {
		c := &d.Components[i]
		if c.Generated { // the declaration, generated from the answers: no file
			continue
		}
		fh := portalChosenFile(r.MultipartForm, c.Name)
		if fh == nil {
			up, problem, err := s.eidReusedPaper(r, i, c)
			if err != nil {
				return err
			}
			if problem != "" {
				add(c.Name, "%s", "%s", p.T(problem))
				continue
			}
			if up != nil {
				chosen = append(chosen, i)
				uploads = append(uploads, *up)
				continue
			}
			if k, ok := kept[i]; ok { // no new file and no paper reused: the one kept
				chosen = append(chosen, i)
				uploads = append(uploads, portalUpload{proc: i, name: k.Name, data: k.Data, kept: true})
				continue
			}
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
		if confirm { // a second "Gửi hồ sơ" that lost the race with the first
			if done, err := s.uxAlreadySent(w, r, d.Key); done || err != nil {
				return err
			}
		}
		p.Errors = errs
		p.FormError = p.T("form.has_errors")
		for i := range d.Components {
			d.Components[i].Error = errs[d.Components[i].Name]
		}
		s.uxKeepDrafts(r, d, uploads)
		for _, c := range chosen {
			d.FilesLost = d.FilesLost || d.Components[c].Kept == ""
			d.SomeKept = d.SomeKept || d.Components[c].Kept != ""
		}
		order := append([]string{"unit"}, portalApplicantFields...)
		for _, di := range d.Declarations {
			order = append(order, di.Name)
		}
		order = append(order, portalFormFieldNames(d.FormGroups)...)
		for _, c := range d.Components {
			order = append(order, c.Name)
		}
		d.ErrorList = portalErrorList(errs, append(order, "request", "agree"))
		return s.render(w, http.StatusBadRequest, "portal_submit", p)
	}
	switch {
	case r.FormValue(uxEditField) != "":
		// Back from checking the answers to change one: the form, all kept.
		return s.uxEdit(w, p, d, uploads)
	case len(errs) > 0:
		return fail(errs)
	case !confirm:
		// Everything is right: the citizen checks the answers before sending.
		notKept, err := s.uxReview(w, r, p, d, uploads)
		if notKept != nil {
			return fail(notKept)
		}
		return err
	}

	// Everything is right: the dossier and its files, in one transaction.
	var files []store.NewFile
	procOf := map[int]int{} // intake component -> procedure component
	for _, up := range uploads {
		pc := v.Procedure.Components[up.proc]
		procOf[len(in.Components)] = up.proc
		files = append(files, store.NewFile{Component: len(in.Components), Name: up.name, Data: up.data})
		comp := dossier.Component{Name: pc.Name, Kind: pc.Kind, Count: pc.Count, Digitisation: dossier.Digitised}
		switch {
		case up.result:
			comp.Digitisation, comp.Origin = dossier.ReusedResult, up.origin
		case up.origin != "":
			comp.Digitisation, comp.Origin = dossier.ReusedStore, up.origin
		}
		in.Components = append(in.Components, comp)
	}
	dos, err := s.db.IntakeWithFiles(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: v.Procedure.Code, Intake: in, ClientKey: middleware.ClientIP(r)}, files)
	if err != nil {
		if mapped := s.portalFormErrors(p.Lang, err, procOf); mapped != nil {
			return fail(mapped)
		}
		return err
	}
	s.log.InfoContext(ctx, "online submission", "dossier", dos.Code, "files", len(files))
	if err := s.db.DeleteDraftFiles(ctx, d.Key); err != nil {
		s.log.ErrorContext(ctx, "delete draft files", "dossier", dos.Code, "err", err) // they expire in a day
	}
	http.Redirect(w, r, "/nop-ho-so/da-nop?k="+url.QueryEscape(d.Key), http.StatusSeeOther)
	return nil
}
