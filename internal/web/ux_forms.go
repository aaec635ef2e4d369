package web

// Forms to download (issue 19): each procedure whose component names a
// form offers the blank declaration as a PDF on its page.

import (
	"bytes"
	"net/http"

	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/pdf"
)

// blankForm serves a procedure's blank declaration, addressed to the
// commune (the first active top-level unit), or to dots when there is none.
func (s *Server) blankForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.db.ProcedureByCode(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	units, err := s.db.Units(ctx)
	if err != nil {
		return err
	}
	to := ""
	for _, u := range units {
		if u.ParentID == "" && u.Active() {
			to = u.Name
			break
		}
	}
	f, err := docgen.BlankForm(&v.Procedure, to, s.db.Now())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.RenderBlankForm(&buf, f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="to-khai-`+v.Procedure.Code+`.pdf"`)
	_, err = buf.WriteTo(w)
	return err
}
