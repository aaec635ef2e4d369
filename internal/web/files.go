package web

// Digitised papers and signed results (docs/files.md): reception scans a
// component into the file store with its record and QR label; a leader or
// reception asks for a result to be signed (a job signs it); anyone can
// check a signed result on the public page /xac-thuc.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/skip2/go-qrcode"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

func init() {
	uploadForms["POST /can-bo/ho-so/{code}/digitise"] = 1 // the scan of one component
	uploadForms["POST /xac-thuc"] = 1                     // a signed result to check
}

func (s *Server) filesDefaults() {
	if s.opt.Files == nil {
		s.opt.Files = s.db.Blobs()
	}
	if s.opt.Verify == nil {
		s.opt.Verify = func(pdf []byte) (*signing.Verified, error) { return signing.Verify(pdf, nil, nil) }
	}
}

// filesRoutes are the routes of this area.
func (s *Server) filesRoutes() []route {
	return []route{
		{"POST /can-bo/ho-so/{code}/digitise", anyOfficer, s.digitise}, // the rules decide who, as for every action
		{"GET /can-bo/ho-so/{code}/so-hoa/{id}", anyOfficer, s.paperFile},
		{"GET /can-bo/ho-so/{code}/so-hoa/{id}/qr.png", anyOfficer, s.paperQR},
		{"POST /can-bo/ho-so/{code}/ky-so", roles(staff.Reception, staff.Leader), s.requestSignature},
		{"GET /can-bo/ho-so/{code}/ky-so/{id}", anyOfficer, s.signedFile},
		{"GET /xac-thuc", anyone, s.verifyForm},
		{"POST /xac-thuc", anyone, s.verifyUpload},
		{"GET /xac-thuc/{id}", anyone, s.verifyCode},
		{"GET /xac-thuc/{id}/tep", anyone, s.verifiedFile},
	}
}

// digitise: with "digitised" and a file, the scan is kept with its record
// (store.DB.Digitise); the reuse choices go to the plain action.
func (s *Server) digitise(w http.ResponseWriter, r *http.Request) error {
	if dossier.Digitisation(r.PostFormValue("digitisation")) != dossier.Digitised {
		r.SetPathValue("action", string(dossier.ActDigitise))
		return s.dossierAction(w, r)
	}
	ctx := r.Context()
	o := officerOf(r)
	d, err := s.dossierFor(ctx, o, r.PathValue("code"))
	if err != nil {
		return err
	}
	fail := func(err error) error {
		errs := map[string]string{}
		switch apperr.KindOf(err) {
		case apperr.Invalid:
			errs = fieldErrors(err)
			if len(errs) == 0 {
				errs["file"] = apperr.PublicMessage(err)
			}
		case apperr.Conflict:
			errs[""] = apperr.PublicMessage(err)
		default:
			return err
		}
		status := http.StatusBadRequest
		if apperr.KindOf(err) == apperr.Conflict {
			status = http.StatusConflict
		}
		if d, err = s.dossierFor(ctx, o, d.Code); err != nil {
			return err
		}
		return s.renderDossier(w, r, o, d, status, &dossierData{Failed: "digitise", FailedForm: r.PostForm, Errors: errs})
	}
	component, err := strconv.Atoi(r.PostFormValue("component"))
	if err != nil {
		return fail(apperr.Invalidf("component", "chọn thành phần hồ sơ"))
	}
	f, err := s.uploadedDocument(r, "file")
	if err != nil {
		return fail(err)
	}
	if _, err := s.db.Digitise(ctx, d.Code, component, f, s.opt.Files, o); err != nil {
		return fail(err)
	}
	lang := languageOf(w, r)
	s.flash(w, translate(lang, "files.digitised", component+1, d.Code))
	if r.PostFormValue("back") == "intake" && o.Has(staff.Reception) {
		// Scanned from the page after the intake: back there for the next paper.
		http.Redirect(w, r, "/can-bo/tiep-nhan/"+d.Code+"#scans-h", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/can-bo/ho-so/"+d.Code+"#papers-h", http.StatusSeeOther)
	return nil
}

// uploadedDocument reads and checks the one file of a form field; the
// multipart temporary files are removed by guard whatever happens.
func (s *Server) uploadedDocument(r *http.Request, field string) (*filestore.File, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) != 1 {
		return nil, apperr.Invalidf(field, "chưa chọn tệp (PDF, JPG hoặc PNG)")
	}
	fh := r.MultipartForm.File[field][0]
	if fh.Size > s.opt.MaxUpload {
		return nil, apperr.Invalidf(field, "tệp lớn quá %d MB", s.opt.MaxUpload>>20)
	}
	fr, err := fh.Open()
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "không đọc được tệp tải lên")
	}
	defer fr.Close()
	return filestore.Prepare(fr, filestore.Limits{MaxBytes: s.opt.MaxUpload}, field)
}

// paperOf returns a digitised paper of a dossier the officer may see.
func (s *Server) paperOf(r *http.Request) (*store.DigitisedPaper, error) {
	ctx := r.Context()
	d, err := s.dossierFor(ctx, officerOf(r), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	p, err := s.db.PaperByID(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if p.DossierID != d.ID {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy bản số hoá")
	}
	return p, nil
}

func (s *Server) paperFile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.paperOf(r)
	if err != nil {
		return err
	}
	_, data, err := s.opt.Files.Get(r.Context(), p.SHA256)
	if err != nil {
		return fmt.Errorf("paper %s: %w", p.ID, err)
	}
	s.log.InfoContext(r.Context(), "digitised paper read", "officer_id", officerOf(r).ID, "dossier", p.DossierCode, "paper_id", p.ID)
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	serveStored(w, r, p.ComponentName, data, "attachment", "private, no-store")
	return nil
}

// paperQR is the QR label (TCVN 7322) to print on the paper copy.
func (s *Server) paperQR(w http.ResponseWriter, r *http.Request) error {
	p, err := s.paperOf(r)
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(p.QR, qrcode.Medium, 320)
	if err != nil {
		return fmt.Errorf("paper QR: %w", err)
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(png)
	return nil
}

// serveStored writes stored bytes with the type read from them and a safe
// download name made of name (a title, not a file name: the dots of a
// dossier code are kept as "_", not taken for an extension) and that
// type's extension.
func serveStored(w http.ResponseWriter, r *http.Request, name string, data []byte, disposition, cache string) {
	name += ".bin" // the extension SafeFileName replaces with the detected type's
	ct, ok := filestore.Detect(data)
	if !ok {
		ct, disposition = "application/octet-stream", "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": store.SafeFileName(name, ct)}))
	h.Set("Cache-Control", cache)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

func (s *Server) requestSignature(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	d, err := s.dossierFor(ctx, o, r.PathValue("code"))
	if err != nil {
		return err
	}
	if !s.opt.Signing {
		return apperr.New(apperr.Conflict, "chưa cấu hình chữ ký số cho đơn vị (MOTCUA_SIGN)")
	}
	doc, err := s.db.RequestSignature(ctx, d.Code, r.PostFormValue("kind"), o)
	if apperr.KindOf(err) == apperr.Conflict || apperr.KindOf(err) == apperr.Invalid {
		return s.renderDossier(w, r, o, d, http.StatusConflict, &dossierData{Failed: "sign", FailedForm: r.PostForm,
			Errors: map[string]string{"": apperr.PublicMessage(err)}})
	}
	if err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "files.sign.requested", doc.Title))
	http.Redirect(w, r, "/can-bo/ho-so/"+d.Code+"#signed-h", http.StatusSeeOther)
	return nil
}

func (s *Server) signedFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := s.dossierFor(ctx, officerOf(r), r.PathValue("code"))
	if err != nil {
		return err
	}
	doc, err := s.db.SignedDocByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if doc.DossierID != d.ID || doc.State != store.SignSigned {
		return apperr.New(apperr.NotFound, "không tìm thấy văn bản ký số")
	}
	return s.serveSigned(w, r, doc)
}

func (s *Server) serveSigned(w http.ResponseWriter, r *http.Request, doc *store.SignedDoc) error {
	_, data, err := s.opt.Files.Get(r.Context(), doc.SHA256)
	if err != nil {
		return fmt.Errorf("signed document %s: %w", doc.ID, err)
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	serveStored(w, r, doc.Title+" "+doc.DossierCode, data, "attachment", "private, no-store")
	return nil
}

// verifyView is what the public verification page shows.
type verifyView struct {
	Checked  bool
	OK       bool
	Problem  string
	Doc      *store.SignedDoc
	Verified *signing.Verified
}

func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("files.verify.title")
	p.Data = verifyView{}
	return s.render(w, http.StatusOK, "files_verify", p)
}

// verifyUpload checks an uploaded PDF: its signature must be valid and
// cover it all, and it must be a document this unit signed (its SHA-256
// is on record). Nothing is kept.
func (s *Server) verifyUpload(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("files.verify.title")
	v := verifyView{Checked: true}
	f, err := s.uploadedDocument(r, "file")
	if err != nil {
		if apperr.KindOf(err) != apperr.Invalid {
			return err
		}
		p.Errors = map[string]string{"file": apperr.PublicMessage(err)}
		p.Data = verifyView{}
		return s.render(w, http.StatusBadRequest, "files_verify", p)
	}
	v.Verified, err = s.opt.Verify(f.Data)
	switch {
	case err != nil:
		v.Problem = verifyProblem(err)
	default:
		doc, err := s.db.SignedDocBySHA256(r.Context(), f.SHA256)
		if apperr.KindOf(err) == apperr.NotFound {
			v.Problem = apperr.PublicMessage(err)
			break
		}
		if err != nil {
			return err
		}
		v.OK, v.Doc = true, doc
	}
	p.Data = v
	return s.render(w, http.StatusOK, "files_verify", p)
}

func verifyProblem(err error) string {
	switch {
	case errors.Is(err, signing.ErrModified):
		return "Tài liệu đã bị thay đổi sau khi ký: không còn giá trị. (" + err.Error() + ")"
	case errors.Is(err, signing.ErrUnsigned):
		return "Tài liệu không có chữ ký số."
	case errors.Is(err, signing.ErrRevoked):
		return "Chứng thư số của người ký đã bị thu hồi trước thời điểm ký: văn bản không còn giá trị. (" + err.Error() + ")"
	}
	return "Chữ ký số không hợp lệ: " + err.Error()
}

// verifyCode is the page a signed result's QR code opens: what the unit
// signed under this code, and a way to compare a copy with it.
func (s *Server) verifyCode(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("files.verify.title")
	doc, err := s.db.SignedDocByID(r.Context(), r.PathValue("id"))
	if apperr.KindOf(err) == apperr.NotFound || err == nil && doc.State != store.SignSigned {
		p.Data = verifyView{Checked: true, Problem: "Không có văn bản ký số nào với mã này."}
		return s.render(w, http.StatusNotFound, "files_verify", p)
	}
	if err != nil {
		return err
	}
	p.Data = verifyView{Checked: true, OK: true, Doc: doc}
	return s.render(w, http.StatusOK, "files_verify", p)
}

// verifiedFile lets the holder of the QR code download the signed original
// to compare (the code is a random identifier, printed only on the result).
func (s *Server) verifiedFile(w http.ResponseWriter, r *http.Request) error {
	doc, err := s.db.SignedDocByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if doc.State != store.SignSigned {
		return apperr.New(apperr.NotFound, "không tìm thấy văn bản ký số")
	}
	return s.serveSigned(w, r, doc)
}

// papersView is the dossier page's section on digitised papers and signed
// documents.
type papersView struct {
	Papers  []store.DigitisedPaper
	Signed  []store.SignedDoc
	Signing bool // signing is configured
	CanSign bool // this officer may ask for a signature
	// Retry says, for a pending document whose signing failed for a
	// passing reason, when the job tries again and why (ux_signing.go).
	Retry map[string]*signRetry
}

func (s *Server) dossierPapers(ctx context.Context, o *staff.Officer, d *dossier.Dossier, sides store.DossierSides) (*papersView, error) {
	papers, signed := []store.DigitisedPaper{}, []store.SignedDoc{}
	var err error
	if sides.Papers {
		if papers, err = s.db.DossierPapers(ctx, d.ID); err != nil {
			return nil, err
		}
	}
	if sides.Signed {
		if signed, err = s.db.SignedDocs(ctx, d.ID); err != nil {
			return nil, err
		}
	}
	retry, err := s.signRetries(ctx, signed)
	if err != nil {
		return nil, err
	}
	return &papersView{Papers: papers, Signed: signed, Signing: s.opt.Signing, Retry: retry,
		CanSign: s.opt.Signing && o != nil && o.HasAny(staff.Reception, staff.Leader)}, nil
}
