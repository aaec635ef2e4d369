package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/store"
)

type catalogueData struct {
	Query      string
	Field      string
	Fields     []catalogue.Field
	Procedures []store.ProcedureSummary
	// Closest are the procedures nearest to a query that found nothing.
	Closest []store.ProcedureSummary
}

// catalogue is the public procedure list: search without diacritics, ranked
// by relevance, filter by field; the URL carries both, so a search can be
// shared. A search that finds nothing suggests the closest procedures and
// the fields to browse.
func (s *Server) catalogue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	d := catalogueData{Query: strings.TrimSpace(q.Get("q")), Field: q.Get("field")}
	var err error
	if d.Fields, err = s.db.Fields(ctx); err != nil {
		return err
	}
	if d.Procedures, err = s.db.Procedures(ctx, store.ProcedureFilter{Field: d.Field, Query: d.Query}); err != nil {
		return err
	}
	if len(d.Procedures) == 0 && d.Query != "" {
		if d.Closest, err = s.db.ClosestProcedures(ctx, d.Query, 3); err != nil {
			return err
		}
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("catalogue.title")
	p.Nav = "catalogue"
	p.Data = d
	return s.render(w, http.StatusOK, "catalogue", p)
}

type procedureData struct {
	V         *store.ProcedureVersion
	P         *catalogue.Procedure
	FieldName string
	Fee       []string
	// Unverified names, in words, what is not yet checked against the law (ux_fields.go).
	Unverified []string
}

// procedure is the public page of one procedure: everything a citizen needs
// before coming to the counter or submitting online.
func (s *Server) procedure(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.db.PublicProcedureByCode(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	p := s.newPage(w, r, v.Procedure.Name)
	d := procedureData{V: v, P: &v.Procedure, Fee: feeLines(p.Lang, v.Procedure.Fee)}
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return err
	}
	for _, f := range fields {
		if f.Code == v.Procedure.FieldCode {
			d.FieldName = f.Name
		}
	}
	d.Unverified = uxUnverified(p, v.Procedure.Unverified)
	p.Nav = "catalogue"
	p.Data = d
	return s.render(w, http.StatusOK, "procedure", p)
}

// feeLines describes a fee schedule in words.
func feeLines(lang string, f catalogue.FeeSchedule) []string {
	en := lang == "en"
	var out []string
	switch f.Kind {
	case catalogue.FeeFree:
		if en {
			out = append(out, "Free of charge")
		} else {
			out = append(out, "Không thu phí, lệ phí")
		}
	case catalogue.FeeFixed:
		out = append(out, formatVND(f.Amount))
	case catalogue.FeePerPage:
		for i, t := range f.Tiers {
			var line string
			switch {
			case i+1 < len(f.Tiers) && en:
				line = fmt.Sprintf("pages %d–%d: %s per page", t.FromPage, f.Tiers[i+1].FromPage-1, formatVND(t.PerPage))
			case i+1 < len(f.Tiers):
				line = fmt.Sprintf("Trang %d–%d: %s/trang", t.FromPage, f.Tiers[i+1].FromPage-1, formatVND(t.PerPage))
			case en:
				line = fmt.Sprintf("from page %d: %s per page", t.FromPage, formatVND(t.PerPage))
			default:
				line = fmt.Sprintf("Từ trang %d: %s/trang", t.FromPage, formatVND(t.PerPage))
			}
			out = append(out, line)
		}
		if f.Cap > 0 {
			if en {
				out = append(out, "at most "+formatVND(f.Cap)+" per copy")
			} else {
				out = append(out, "Tối đa "+formatVND(f.Cap)+"/bản")
			}
		}
	}
	if f.Note != "" {
		out = append(out, f.Note)
	}
	return out
}

// lawSheet is the one-page "what the law asks of you" sheet of a procedure,
// as PDF, on the letterhead of the unit (?don-vi=CODE, default the top unit).
func (s *Server) lawSheet(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var unitID string
	if code := r.URL.Query().Get("don-vi"); code != "" {
		u, err := s.db.UnitByCode(ctx, code)
		if err != nil {
			return err
		}
		unitID = u.ID
	} else {
		units, err := s.db.Units(ctx)
		if err != nil {
			return err
		}
		for _, u := range units {
			if u.ParentID == "" && u.Active() {
				unitID = u.ID
				break
			}
		}
		if unitID == "" {
			return apperr.New(apperr.NotFound, "chưa có đơn vị nào")
		}
	}
	var buf bytes.Buffer
	if err := docgen.LawSheet(ctx, s.db, unitID, r.PathValue("code"), docgen.Options{BaseURL: s.opt.BaseURL()}, &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="huong-dan-`+r.PathValue("code")+`.pdf"`)
	_, err := buf.WriteTo(w)
	return err
}
