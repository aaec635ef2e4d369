package api

import (
	"context"
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/staff"
)

func (a *API) listUnits(w http.ResponseWriter, r *http.Request) error {
	units, err := a.db.Units(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"units": unitViews(units)})
}

func (a *API) getUnit(w http.ResponseWriter, r *http.Request) error {
	u, err := a.db.UnitByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, unitView(u))
}

// governs reports whether officer o administers unit id: it is o's own unit
// or one below it (the same rule as the administration pages).
func (a *API) governs(ctx context.Context, o *staff.Officer, id string) (bool, error) {
	return a.db.Governs(ctx, o.UnitID, id)
}

func (a *API) createUnit(w http.ResponseWriter, r *http.Request) error {
	p := middleware.PrincipalFrom(r.Context())
	var in UnitView
	if err := decode(r, &in); err != nil {
		return err
	}
	u := in.unit()
	if u.ParentID == "" {
		return apperr.Invalidf("parent_id", "đơn vị mới phải thuộc một đơn vị cấp trên")
	}
	ok, err := a.governs(r.Context(), p.Officer, u.ParentID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "bạn không quản trị đơn vị cấp trên này")
	}
	if err := a.db.CreateUnit(r.Context(), &u, p.Officer.ID); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, unitView(&u))
}

func (a *API) updateUnit(w http.ResponseWriter, r *http.Request) error {
	p := middleware.PrincipalFrom(r.Context())
	cur, err := a.db.UnitByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	ok, err := a.governs(r.Context(), p.Officer, cur.ID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "bạn không quản trị đơn vị %s", cur.Code)
	}
	var in UnitView
	if err := decode(r, &in); err != nil {
		return err
	}
	u := in.unit()
	u.ID = cur.ID
	if u.Code == "" {
		u.Code = cur.Code
	}
	if u.ParentID != cur.ParentID {
		return apperr.Invalidf("parent_id", "không đổi đơn vị cấp trên qua API này")
	}
	if err := a.db.UpdateUnit(r.Context(), &u, p.Officer.ID); err != nil {
		return err
	}
	u.CreatedAt = cur.CreatedAt
	return writeJSON(w, http.StatusOK, unitView(&u))
}
