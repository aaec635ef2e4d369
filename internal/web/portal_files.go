package web

import (
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
)

// portalDossierFile serves a dossier's uploaded file to an officer of its
// receiving or resolving unit, as a download that the browser never sniffs
// or runs. To anyone else, and for files that belong to no dossier, it is
// not found: file ids of other units are not confirmed.
//
// The officer workspace links to it as /can-bo/tep/{id}, with the ids from
// store.DB.DossierFiles.
func (s *Server) portalDossierFile(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := middleware.PrincipalFrom(ctx).Officer
	notFound := apperr.New(apperr.NotFound, "không tìm thấy tệp")
	f, data, err := s.db.FileData(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if f.DossierID == "" {
		return notFound
	}
	d, err := s.db.DossierByID(ctx, f.DossierID)
	if err != nil {
		return err
	}
	if o.UnitID != d.ReceivingUnitID && o.UnitID != d.ResolvingUnitID {
		return notFound
	}
	if err := s.db.LogPersonalAccess(ctx, d.ID, o, "web", "file"); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "dossier file read", "officer_id", o.ID, "dossier", d.Code, "file_id", f.ID)
	// A dossier's documents hold personal data: sandboxed, never cached by proxies.
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	portalServeFile(w, r, f, data, "attachment", "private, no-store")
	return nil
}
