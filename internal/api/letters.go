package api

import (
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/service"
	"github.com/motcua/motcua/internal/staff"
)

func letterKind(r *http.Request) (letter.Kind, error) {
	k := letter.Kind(r.PathValue("kind"))
	if err := k.Validate(); err != nil {
		return "", apperr.Invalidf("kind", "loại thư %q không tồn tại (congratulation_birth, congratulation_marriage, condolence)", k)
	}
	return k, nil
}

// letterTemplates lists the versions of the caller's unit's template of a
// kind, newest first; version 0 is the shipped default.
func (a *API) letterTemplates(w http.ResponseWriter, r *http.Request) error {
	kind, err := letterKind(r)
	if err != nil {
		return err
	}
	o := middleware.PrincipalFrom(r.Context()).Officer
	versions, err := a.db.LetterTemplateVersions(r.Context(), o.UnitID, kind)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"versions": letterTemplateViews(versions)})
}

type templateBody struct {
	Body string `json:"body"`
}

// saveLetterTemplate stores a new version of the unit's template; an unknown
// placeholder is refused, named. Administrators and leaders only.
func (a *API) saveLetterTemplate(w http.ResponseWriter, r *http.Request) error {
	kind, err := letterKind(r)
	if err != nil {
		return err
	}
	o := middleware.PrincipalFrom(r.Context()).Officer
	if !o.HasAny(staff.Admin, staff.Leader) {
		return apperr.New(apperr.Forbidden, "chỉ quản trị viên hoặc lãnh đạo được sửa mẫu thư")
	}
	var in templateBody
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := service.SaveLetterTemplate(r.Context(), a.db, o.UnitID, kind, in.Body, o.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, letterTemplateView(t))
}

type previewBody struct {
	Body        string `json:"body,omitempty"`
	DossierCode string `json:"dossier_code,omitempty"`
}

// previewLetter fills a template (the one given, or the unit's in force) with
// a dossier's values or sample values, storing nothing.
func (a *API) previewLetter(w http.ResponseWriter, r *http.Request) error {
	kind, err := letterKind(r)
	if err != nil {
		return err
	}
	var in previewBody
	if err := decode(r, &in); err != nil {
		return err
	}
	o := middleware.PrincipalFrom(r.Context()).Officer
	if in.DossierCode != "" {
		if _, _, err := a.officerDossier(r.Context(), in.DossierCode); err != nil {
			return err
		}
	}
	c, err := service.PreviewLetter(r.Context(), a.db, service.PreviewRequest{UnitID: o.UnitID, Kind: kind, Body: in.Body, DossierCode: in.DossierCode})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, letterContentView(c))
}

// markLetter records that a letter of the caller's unit was printed or sent
// (the first time only).
func (a *API) markLetter(printed bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		o := middleware.PrincipalFrom(r.Context()).Officer
		l, err := a.db.Letter(r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		if l.UnitID != o.UnitID {
			return apperr.New(apperr.NotFound, "không tìm thấy thư %s", r.PathValue("id"))
		}
		if printed {
			l, err = a.db.MarkLetterPrinted(r.Context(), l.ID)
		} else {
			l, err = a.db.MarkLetterSent(r.Context(), l.ID)
		}
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, letterView(l))
	}
}
