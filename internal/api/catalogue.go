package api

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
)

func (a *API) listFields(w http.ResponseWriter, r *http.Request) error {
	fields, err := a.db.Fields(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"fields": nonNil(fields)})
}

func (a *API) listProcedures(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := a.db.Procedures(r.Context(), store.ProcedureFilter{
		Field: q.Get("field"), Online: catalogue.OnlineMode(q.Get("online")), Query: q.Get("q"),
	})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"procedures": nonNil(list)})
}

func (a *API) getProcedure(w http.ResponseWriter, r *http.Request) error {
	pv, err := a.db.ProcedureByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return apperr.Invalidf("version", "phiên bản %q không hợp lệ", v)
		}
		if pv, err = a.db.ProcedureVersionOf(r.Context(), pv.ProcedureID, n); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, pv)
}

func (a *API) procedureVersions(w http.ResponseWriter, r *http.Request) error {
	h, err := a.db.ProcedureHistory(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"versions": h})
}

// saveProcedure creates a procedure (POST) or stores a new version of it
// (PUT, the code in the path must match the body). Only an administrator of a
// top-level unit maintains the catalogue.
func (a *API) saveProcedure(w http.ResponseWriter, r *http.Request) error {
	p := middleware.PrincipalFrom(r.Context())
	if err := a.requireTopAdmin(r, p); err != nil {
		return err
	}
	var proc catalogue.Procedure
	if err := decode(r, &proc); err != nil {
		return err
	}
	if code := r.PathValue("code"); code != "" && code != proc.Code {
		return apperr.Invalidf("code", "mã thủ tục trong nội dung (%s) khác mã trên đường dẫn (%s)", proc.Code, code)
	}
	if r.Method == http.MethodPost {
		if _, err := a.db.ProcedureByCode(r.Context(), proc.Code); err == nil {
			return apperr.New(apperr.Conflict, "thủ tục %s đã có; dùng PUT để tạo phiên bản mới", proc.Code)
		}
	} else if _, err := a.db.ProcedureByCode(r.Context(), proc.Code); err != nil {
		return err
	}
	pv, err := a.db.SaveProcedure(r.Context(), proc, p.Officer.ID)
	if err != nil {
		return err
	}
	code := http.StatusOK
	if r.Method == http.MethodPost {
		code = http.StatusCreated
	}
	return writeJSON(w, code, pv)
}

func (a *API) requireTopAdmin(r *http.Request, p *middleware.Principal) error {
	ok, err := a.db.MaintainsCatalogue(r.Context(), p.Officer.UnitID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "chỉ quản trị viên của đơn vị cấp trên cùng được sửa danh mục thủ tục")
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
