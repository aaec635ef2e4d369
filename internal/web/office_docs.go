package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
)

// dossierDocument serves a document of a dossier as a PDF shown inline
// (/can-bo/ho-so/{code}/giay-to/{kind}.pdf), to officers of its units only.
// A document that does not apply yet (a handover record before the return)
// is the Conflict docgen reports.
func (s *Server) dossierDocument(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	d, err := s.dossierFor(ctx, o, r.PathValue("code"))
	if err != nil {
		return err
	}
	name, ok := strings.CutSuffix(r.PathValue("doc"), ".pdf")
	if !ok {
		return apperr.New(apperr.NotFound, "không tìm thấy giấy tờ")
	}
	kind, err := docgen.ParseKind(name)
	if err != nil {
		return apperr.New(apperr.NotFound, "không tìm thấy giấy tờ %q", name)
	}
	var buf bytes.Buffer
	if err := docgen.Render(ctx, s.db, kind, d.Code, docgen.Options{BaseURL: s.opt.BaseURL(), MaskID: !d.SeesFullID(o)}, &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="`+d.Code+"-"+string(kind)+`.pdf"`)
	h.Set("Cache-Control", "private, no-store")
	_, err = buf.WriteTo(w)
	return err
}
