package api

import (
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/store"
)

// ResultPaperView is a dossier's result paper as the API shows it.
type ResultPaperView struct {
	ID          string    `json:"id"`
	Source      string    `json:"source"` // "upload" or "generated"
	SHA256      string    `json:"sha256,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	Size        int64     `json:"size,omitempty"`
	Pages       int       `json:"pages,omitempty"`
	OfficerID   string    `json:"officer_id"`
	CreatedAt   time.Time `json:"created_at"`
}

func newResultPaperView(p *store.ResultPaper) ResultPaperView {
	return ResultPaperView{ID: p.ID, Source: p.Source, SHA256: p.SHA256, ContentType: p.ContentType, Size: p.Size,
		Pages: p.Pages, OfficerID: p.OfficerID, CreatedAt: p.CreatedAt}
}

// putResultPaper makes the request's body (a PDF, Content-Type
// application/pdf) the dossier's result paper, as the dossier page's upload
// does: the rules decide who may and when, the file is checked by its
// content, and sending the same bytes again changes nothing. An electronic
// result cannot be approved without a paper.
func (a *API) putResultPaper(w http.ResponseWriter, r *http.Request) error {
	d, o, err := a.officerDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if a.opt.Files == nil {
		return apperr.New(apperr.Conflict, "máy chủ chưa cấu hình kho tệp")
	}
	if ct := r.Header.Get("Content-Type"); ct != filestore.TypePDF {
		return apperr.Invalidf("result", "gửi tệp PDF của văn bản kết quả với Content-Type application/pdf (nhận được %q)", ct)
	}
	f, err := filestore.Prepare(http.MaxBytesReader(w, r.Body, a.maxUpload()), filestore.Limits{MaxBytes: a.maxUpload()}, "result")
	if err != nil {
		return err
	}
	p, err := a.db.AttachResult(r.Context(), d.Code, f, a.opt.Files, o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newResultPaperView(p))
}

// generateResultPaper makes the result notice, drawn from the dossier, its
// result paper.
func (a *API) generateResultPaper(w http.ResponseWriter, r *http.Request) error {
	d, o, err := a.officerDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p, err := a.db.AttachResult(r.Context(), d.Code, nil, a.opt.Files, o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newResultPaperView(p))
}

// getResultPaper describes the dossier's current result paper.
func (a *API) getResultPaper(w http.ResponseWriter, r *http.Request) error {
	d, _, err := a.officerDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	p, err := a.db.ResultPaperOf(r.Context(), d.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, newResultPaperView(p))
}

// maxUpload bounds an uploaded file (Options.MaxUpload, default 10 MB).
func (a *API) maxUpload() int64 {
	if a.opt.MaxUpload > 0 {
		return a.opt.MaxUpload
	}
	return 10 << 20
}
