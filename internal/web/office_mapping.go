package web

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// The mapping page (/can-bo/dong-bo/anh-xa): the codes motcua sends the
// national portal for our procedures, statuses and unit, which an
// administrator may change (store.SetPortalMapping; the portal's worker
// reads them within 30 seconds), and the report of our procedures the
// national list does not have.

type mappingRow struct {
	Ours, Label, Theirs string
	Set                 bool // an administrator's entry, not the default
	// Unlisted: the national list (when fetched) does not have Theirs.
	Unlisted bool
}

type mappingData struct {
	CanEdit    bool
	UnitCode   string
	Unit       mappingRow
	Statuses   []mappingRow
	Procedures []mappingRow
	// Listed is false before the national list was first fetched.
	Listed    bool
	FetchedAt string
	National  int
	Unmapped  []portal.Unmapped
	Fetching  bool // a fetch is queued or running
}

// mappingPage shows the mapping and the unmapped procedures.
func (s *Server) mappingPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	entries, err := s.db.PortalMappings(ctx)
	if err != nil {
		return err
	}
	m := s.opt.PortalMapping.With(entries)
	set := map[string]bool{}
	for _, e := range entries {
		set[e.Kind+" "+e.Ours] = true
	}
	national, err := s.db.PortalProcedures(ctx)
	if err != nil {
		return err
	}
	u, err := s.db.Unit(ctx, o.UnitID)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("office.mapping.title")
	p.Nav = "workspace"
	d := mappingData{CanEdit: o.Has(staff.Admin), UnitCode: u.Code, National: len(national),
		Unit: mappingRow{Ours: u.Code, Label: u.Name, Theirs: m.Unit(u.Code), Set: set[store.MapUnit+" "+u.Code]}}
	for _, st := range dossier.Statuses {
		ours := strconv.Itoa(int(st))
		d.Statuses = append(d.Statuses, mappingRow{Ours: ours, Label: statusLabel(p.Lang, st), Theirs: m.Status(st),
			Set: set[store.MapStatus+" "+ours]})
	}
	procs, err := s.db.Procedures(ctx, store.ProcedureFilter{})
	if err != nil {
		return err
	}
	for _, pr := range procs {
		code := m.Procedure(pr.Code)
		_, known := national[code]
		d.Procedures = append(d.Procedures, mappingRow{Ours: pr.Code, Label: pr.Name, Theirs: code,
			Set: set[store.MapProcedure+" "+pr.Code], Unlisted: len(national) > 0 && !known})
	}
	if d.Unmapped, d.Listed, err = portal.UnmappedProcedures(ctx, s.db, m); err != nil {
		return err
	}
	for _, n := range national {
		d.FetchedAt = n.FetchedAt.Format("15:04 02/01/2006")
		break
	}
	jobs, err := s.db.Jobs(ctx, store.JobFilter{Kind: portal.KindFetchProcedures, States: []store.JobState{store.JobQueued, store.JobRunning}})
	if err != nil {
		return err
	}
	d.Fetching = len(jobs) > 0
	p.Data = d
	return s.render(w, http.StatusOK, "office_mapping", p)
}

// mappingSave sets or resets (an empty code) one entry (administrators).
func (s *Server) mappingSave(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	kind, ours := r.PostFormValue("kind"), r.PostFormValue("ours")
	if kind == store.MapUnit {
		// An administrator maps the code of their own unit only.
		u, err := s.db.Unit(r.Context(), o.UnitID)
		if err != nil {
			return err
		}
		ours = u.Code
	}
	if err := s.db.SetPortalMapping(r.Context(), kind, ours, r.PostFormValue("theirs"), o.ID); err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.mapping.saved", ours))
	http.Redirect(w, r, "/can-bo/dong-bo/anh-xa#"+kind+"-"+ours, http.StatusSeeOther)
	return nil
}

// mappingFetch asks for the national procedure list (administrators): a
// job of the portal's worker, never a call from this request.
func (s *Server) mappingFetch(w http.ResponseWriter, r *http.Request) error {
	o := officerOf(r)
	u, err := s.db.Unit(r.Context(), o.UnitID)
	if err != nil {
		return err
	}
	if _, err := portal.EnqueueFetchProcedures(r.Context(), s.db, u.Code); err != nil {
		return err
	}
	s.flash(w, translate(languageOf(w, r), "office.mapping.fetching"))
	http.Redirect(w, r, "/can-bo/dong-bo/anh-xa", http.StatusSeeOther)
	return nil
}
