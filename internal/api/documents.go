package api

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
)

// dossierDocument renders one of a dossier's documents as PDF: receipt,
// supplement, refusal, apology, control, handover, letter.
func (a *API) dossierDocument(w http.ResponseWriter, r *http.Request) error {
	d, o, err := a.officerDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	kind, err := docgen.ParseKind(r.PathValue("kind"))
	if err != nil || kind == docgen.KindLawSheet {
		var names []string
		for _, k := range docgen.Kinds() {
			if k != docgen.KindLawSheet { // the law sheet is the procedure's: /thu-tuc/{code}/huong-dan.pdf
				names = append(names, string(k))
			}
		}
		return apperr.Invalidf("kind", "loại giấy tờ %q không tồn tại (%s)", r.PathValue("kind"), strings.Join(names, ", "))
	}
	var buf bytes.Buffer
	if err := docgen.Render(r.Context(), a.db, kind, d.Code, docgen.Options{BaseURL: a.opt.BaseURL(), MaskID: !d.SeesFullID(o)}, &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+string(kind)+"-"+d.Code+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store") // personal data
	_, err = buf.WriteTo(w)
	return err
}

// listLetters is the letter register of the caller's unit.
func (a *API) listLetters(w http.ResponseWriter, r *http.Request) error {
	o := middleware.PrincipalFrom(r.Context()).Officer
	f := store.LetterFilter{UnitID: o.UnitID, Unprinted: r.URL.Query().Get("unprinted") == "1"}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return apperr.Invalidf("limit", "limit phải từ 1 đến 1000")
		}
		f.Limit = n
	}
	list, err := a.db.Letters(r.Context(), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"letters": letterViews(list)})
}

// getReport returns the indicators of a period and scope, as the dashboard
// and `motcua report --format json` show them.
func (a *API) getReport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, err := report.ParsePeriod(q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	o := middleware.PrincipalFrom(r.Context()).Officer
	req := store.ReportRequest{Period: p, UnitCode: q.Get("unit"), Field: q.Get("field"), Procedure: q.Get("procedure"),
		Officer: q.Get("officer"), Config: report.DefaultConfig()}
	// An officer reads the indicators of their own unit (and those below it).
	own, err := a.db.Unit(r.Context(), o.UnitID)
	if err != nil {
		return err
	}
	if req.UnitCode == "" {
		req.UnitCode = own.Code
	} else if u, err := a.db.UnitByCode(r.Context(), req.UnitCode); err == nil {
		ok, err := a.db.Governs(r.Context(), o.UnitID, u.ID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Forbidden, "bạn chỉ xem được chỉ số của đơn vị mình và các đơn vị trực thuộc")
		}
	}
	if v := q.Get("channel"); v != "" {
		if req.Channel, err = strconv.Atoi(v); err != nil {
			return apperr.Invalidf("channel", "kênh %q không hợp lệ (1, 2 hoặc 3)", v)
		}
	}
	rep, err := a.db.Report(r.Context(), req)
	if apperr.KindOf(err) == apperr.NotFound {
		return apperr.Invalidf("unit", "không tìm thấy đơn vị %q", req.UnitCode)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}
