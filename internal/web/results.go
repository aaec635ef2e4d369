package web

// The result paper (issue 19 point 8, docs/files.md): the specialist
// uploads the result (a PDF) or generates the result notice on the dossier
// page; the leader sees it before approving, and cannot approve an
// electronic result without one; once approved (and signed, where signing
// is configured) the applicant downloads it from the status page, behind
// the second factor, or from "Hồ sơ của tôi".

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

func init() {
	uploadForms["POST /can-bo/ho-so/{code}/ket-qua"] = 1 // the result paper
}

// resultRoutes are the routes of this area.
func (s *Server) resultRoutes() []route {
	return []route{
		// The rules decide which specialist or leader (dossier.ActAttachResult).
		{"POST /can-bo/ho-so/{code}/ket-qua", roles(staff.Specialist, staff.Leader), s.attachResult},
		{"GET /can-bo/ho-so/{code}/ket-qua", anyOfficer, s.officerResult},
		// The applicant: the code and the second factor, or the e-ID owner.
		{"POST /tra-cuu/ket-qua", anyone, s.portalResultFile},
		{"GET /ca-nhan/ho-so/{code}/ket-qua", aCitizen, s.citizenResultFile},
	}
}

// resultView is the dossier page's section on the result paper.
type resultView struct {
	Paper   *store.ResultPaper // the current one; nil when none
	By      string             // who attached it
	Older   int                // how many it replaced
	CanEdit bool               // this officer may attach or replace it now
}

func (s *Server) dossierResult(ctx context.Context, o *staff.Officer, d *dossier.Dossier, sides store.DossierSides, env dossier.Env, names *officerNames) (*resultView, error) {
	v := &resultView{CanEdit: dossier.CanAttachResult(d, env)}
	if !sides.ResultPapers {
		return v, nil
	}
	papers, err := s.db.ResultPapers(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	if len(papers) > 0 && papers[0].ReplacedAt.IsZero() {
		v.Paper, v.Older = &papers[0], len(papers)-1
		v.By = names.name(ctx, v.Paper.OfficerID)
	}
	return v, nil
}

// attachResult keeps the uploaded PDF (source "upload") or the generated
// result notice (source "generate") as the dossier's result paper.
func (s *Server) attachResult(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	d, err := s.dossierFor(ctx, o, r.PathValue("code"))
	if err != nil {
		return err
	}
	var f *filestore.File
	switch r.PostFormValue("source") {
	case "upload":
		f, err = s.uploadedResult(r)
	case "generate":
	default:
		err = apperr.Invalidf("source", "chọn tải lên tệp PDF hoặc tạo văn bản kết quả từ hồ sơ")
	}
	if err == nil {
		_, err = s.db.AttachResult(ctx, d.Code, f, s.opt.Files, o)
	}
	if err == nil {
		s.flash(w, translate(languageOf(w, r), "result.attached", d.Code))
		http.Redirect(w, r, "/can-bo/ho-so/"+d.Code+"#result-h", http.StatusSeeOther)
		return nil
	}
	errs := map[string]string{}
	status := http.StatusBadRequest
	switch apperr.KindOf(err) {
	case apperr.Invalid:
		errs["result"] = apperr.PublicMessage(err)
	case apperr.Conflict:
		errs[""], status = apperr.PublicMessage(err), http.StatusConflict
	default:
		return err
	}
	if d, err = s.dossierFor(ctx, o, d.Code); err != nil {
		return err
	}
	return s.renderDossier(w, r, o, d, status, &dossierData{Failed: "result", FailedForm: r.PostForm, Errors: errs})
}

// uploadedResult reads the result PDF of the form, checked by its content
// and size (filestore.Prepare); the temporary files go with the request.
func (s *Server) uploadedResult(r *http.Request) (*filestore.File, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["result"]) != 1 {
		return nil, apperr.Invalidf("result", "chưa chọn tệp PDF của văn bản kết quả")
	}
	return s.uploadedDocument(r, "result")
}

// officerResult shows the result paper to an officer of the dossier's
// units (the leader's look before approving): in the browser, as PDF.
func (s *Server) officerResult(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := s.dossierFor(ctx, officerOf(r), r.PathValue("code"))
	if err != nil {
		return err
	}
	p, err := s.db.ResultPaperOf(ctx, d.ID)
	if err != nil {
		return err
	}
	data, err := s.resultPaperBytes(ctx, d, p)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	serveStored(w, r, "ket-qua-"+d.Code, data, "inline", "private, no-store")
	return nil
}

// resultPaperBytes returns the paper's bytes: an upload from the file
// store, the generated notice rendered now (unsigned).
func (s *Server) resultPaperBytes(ctx context.Context, d *dossier.Dossier, p *store.ResultPaper) ([]byte, error) {
	if p.Source == store.ResultUploaded {
		_, data, err := s.opt.Files.Get(ctx, p.SHA256)
		if err != nil {
			return nil, fmt.Errorf("result paper %s: %w", p.ID, err)
		}
		return data, nil
	}
	n, err := docgen.BuildResultUnsigned(ctx, s.db, d.Code, s.opt.BaseURL()+"/tra-cuu?ma="+d.Code, s.db.Now())
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := pdf.RenderResultNotice(&buf, n); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// What the applicant is offered of an electronic result.
const (
	resultNone    = ""        // no electronic result (yet): nothing is said
	resultSigning = "signing" // approved, the signature is still being made
	resultReady   = "ready"   // downloadable
)

// citizenResult says whether d's electronic result can be downloaded:
// approved with an electronic result, with a result paper, and signed
// where signing is configured (then the signed document is what is
// served). It returns the bytes only when withData.
func (s *Server) citizenResult(ctx context.Context, d *dossier.Dossier, withData bool) (string, []byte, error) {
	if !d.ElectronicResult || (d.Status != dossier.Resolved && d.Status != dossier.Returned) {
		return resultNone, nil, nil
	}
	paper, err := s.db.ResultPaperOf(ctx, d.ID)
	if apperr.KindOf(err) == apperr.NotFound {
		return resultNone, nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	if s.opt.Signing {
		docs, err := s.db.SignedDocs(ctx, d.ID)
		if err != nil {
			return "", nil, err
		}
		for _, doc := range docs {
			if doc.Kind != store.SignResult || doc.State != store.SignSigned {
				continue
			}
			if !withData {
				return resultReady, nil, nil
			}
			_, data, err := s.opt.Files.Get(ctx, doc.SHA256)
			if err != nil {
				return "", nil, fmt.Errorf("signed result %s: %w", doc.ID, err)
			}
			return resultReady, data, nil
		}
		return resultSigning, nil, nil
	}
	if !withData {
		return resultReady, nil, nil
	}
	data, err := s.resultPaperBytes(ctx, d, paper)
	return resultReady, data, err
}

// serveCitizenResult sends the result as a download named from the
// dossier code and the type read from the bytes.
func (s *Server) serveCitizenResult(w http.ResponseWriter, r *http.Request, d *dossier.Dossier, data []byte) {
	s.log.InfoContext(r.Context(), "electronic result downloaded", "dossier", d.Code)
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	serveStored(w, r, "ket-qua-"+d.Code, data, "attachment", "private, no-store")
}

// portalResultFile downloads the electronic result behind the status
// page's code and four digits (the same guarded, throttled lookup); a
// wrong pair gets the lookup form with its error, like the status page.
func (s *Server) portalResultFile(w http.ResponseWriter, r *http.Request) error {
	lk, err := s.portalPostedLookup(w, r)
	if lk == nil || err != nil {
		return err
	}
	p, d, events, last4 := lk.p, lk.d, lk.events, lk.last4
	state, data, err := s.citizenResult(r.Context(), d, true)
	if err != nil {
		return err
	}
	if state != resultReady {
		if err := s.portalFillResult(r, p, d, events, last4); err != nil {
			return err
		}
		p.FormError = p.T("result.not_ready")
		return s.render(w, http.StatusConflict, "portal_result", p)
	}
	s.serveCitizenResult(w, r, d, data)
	return nil
}

// citizenResultFile downloads the electronic result of the signed-in
// citizen's own dossier; another person's is 404, as an unknown one.
func (s *Server) citizenResultFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, _, err := s.db.CitizenDossier(ctx, citizenOf(r).Citizen, r.PathValue("code"))
	if err != nil {
		return err
	}
	state, data, err := s.citizenResult(ctx, d, true)
	if err != nil {
		return err
	}
	if state != resultReady {
		return apperr.New(apperr.NotFound, "kết quả điện tử của hồ sơ chưa sẵn sàng để tải về")
	}
	s.serveCitizenResult(w, r, d, data)
	return nil
}

// portalResultFacts sets what the status page says of the result: the
// download when there is an electronic result, and for a fully online
// dossier no list of what to bring to the counter (and the page leaves out
// the choice of collecting there once the result is electronic).
func (s *Server) portalResultFacts(ctx context.Context, p *Page, ld *portalLookupData) error {
	d := ld.D
	pv, err := s.db.ProcedureVersionOf(ctx, d.ProcedureID, d.ProcedureVer)
	if err != nil {
		return err
	}
	ld.FullOnline = pv.Procedure.Online == catalogue.OnlineFull && d.Channel == dossier.Online
	if ld.Result, _, err = s.citizenResult(ctx, d, false); err != nil {
		return err
	}
	ld.Signed = ld.Result == resultReady && s.opt.Signing
	if ld.Result == resultSigning {
		if ld.SigningNote, err = s.citizenSigningNote(ctx, p, d); err != nil {
			return err
		}
	}
	if ld.FullOnline {
		ld.Bring = nil
	}
	if d.Status != dossier.Resolved {
		return nil
	}
	if ld.Result == resultNone {
		if ld.FullOnline { // a result on paper only: sent as the citizen chooses below
			ld.Meaning = p.T("result.meaning.choose")
		}
		return nil
	}
	if ld.FullOnline {
		ld.Meaning = p.T("result.meaning")
		return nil
	}
	ld.Meaning = p.T("result.meaning.paper")
	return nil
}

// signApprovedResult asks for the electronic result just approved to be
// signed, where signing is configured, so that it reaches the applicant
// without another click. The approval stands whatever happens here: a
// request that fails is logged, and the signing button on the dossier page
// asks again.
func (s *Server) signApprovedResult(ctx context.Context, code string, o *staff.Officer) {
	if !s.opt.Signing {
		return
	}
	if _, err := s.db.RequestSignature(ctx, code, store.SignResult, o); err != nil {
		s.log.ErrorContext(ctx, "request signature of an approved result", "dossier", code, "err", err)
	}
}
