package api

import (
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
)

// listOfficers lists the officers of the caller's unit, or of ?unit=CODE
// when the caller administers it.
func (a *API) listOfficers(w http.ResponseWriter, r *http.Request) error {
	p := middleware.PrincipalFrom(r.Context())
	unitID := p.Officer.UnitID
	if code := r.URL.Query().Get("unit"); code != "" {
		u, err := a.db.UnitByCode(r.Context(), code)
		if err != nil {
			return err
		}
		ok, err := a.governs(r.Context(), p.Officer, u.ID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Forbidden, "bạn không quản trị đơn vị %s", u.Code)
		}
		unitID = u.ID
	}
	list, err := a.db.Officers(r.Context(), store.OfficerFilter{UnitID: unitID})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"officers": officerViews(list)})
}

func (a *API) createOfficer(w http.ResponseWriter, r *http.Request) error {
	p := middleware.PrincipalFrom(r.Context())
	var in newOfficer
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.UnitID == "" {
		in.UnitID = p.Officer.UnitID
	}
	ok, err := a.governs(r.Context(), p.Officer, in.UnitID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "bạn không quản trị đơn vị này")
	}
	o := in.officer()
	o.Active = true
	if err := a.db.CreateOfficer(r.Context(), &o, in.Password, p.Officer.ID); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, officerView(&o))
}
