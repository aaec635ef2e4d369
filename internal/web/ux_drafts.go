package web

// An error never drops the files already chosen (issue 19): the valid files
// of an online form that comes back with errors are kept server-side under
// the form's secret key (store.SaveDraftFiles) and used when it is sent
// again, unless the citizen chooses another file for that component.

import (
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
)

// Draft files kept per address and hour: a bound on what errors can store.
const (
	maxDraftSavesPerClient = 60
	draftSaveWindow        = time.Hour
)

// uxKeepDrafts keeps the valid uploads of a form that came back with
// errors and marks their components kept. Nothing kept (the address saved
// too many drafts, or the store failed, which is logged) leaves the
// components unmarked: the page then asks for the files again.
func (s *Server) uxKeepDrafts(r *http.Request, d *portalSubmitData, uploads []portalUpload) {
	if len(uploads) == 0 {
		return
	}
	ctx := r.Context()
	files := make([]store.NewFile, len(uploads))
	for i, up := range uploads {
		files[i] = store.NewFile{Component: up.proc, Name: up.name, Data: up.data}
	}
	_, err := s.db.ReserveAttempt(ctx, "Quá nhiều lần nộp lỗi; vui lòng chọn lại tệp.",
		store.Allowance{Key: "draft:" + middleware.ClientIP(r), Max: maxDraftSavesPerClient, Window: draftSaveWindow})
	if err == nil {
		err = s.db.SaveDraftFiles(ctx, d.Key, files)
	}
	if err != nil {
		if apperr.KindOf(err) == apperr.Internal {
			s.log.ErrorContext(ctx, "keep draft files", "err", err)
		}
		return
	}
	for _, up := range uploads {
		d.Components[up.proc].Kept = up.name
	}
}
