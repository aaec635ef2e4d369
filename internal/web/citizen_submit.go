package web

// Online submission with the national e-ID: the form is prefilled from the
// signed-in citizen's claims, the personal number (or tax code) is the
// account's and cannot be changed, and the dossier records the level of the
// sign-in. A procedure configured to need level 2 refuses anyone else.

import (
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/store"
)

// eidSubmit is what the submission form shows about the e-ID.
type eidSubmit struct {
	Enabled bool
	SignIn  string // the sign-in address that comes back to this form
	Level   int    // the signed-in citizen's level, 0 when not signed in
	// Locked names the field the account fixes ("id_number" or "tax_code").
	Locked string
}

// eidPrefill fills the form from the citizen's claims. It returns false,
// having answered, when the procedure needs a level the visitor lacks.
func (s *Server) eidPrefill(w http.ResponseWriter, r *http.Request, p *Page, d *portalSubmitData, proc *catalogue.Procedure) (bool, error) {
	d.EID = s.eidState(r, proc)
	if cs := citizenOf(r); cs != nil {
		a := cs.Citizen.Profile.Applicant()
		p.Form = url.Values{"kind": {string(a.Kind)}, "full_name": {a.FullName}, "id_number": {a.IDNumber}, "phone": {a.Phone},
			"email": {a.Email}, "address": {a.Address}, "org_name": {a.OrgName}, "tax_code": {a.TaxCode}}
	}
	if s.level2Required(proc.Code) && levelOf(r) < identity.Level2 {
		return false, s.level2Needed(w, r, http.StatusOK, d.EID.SignIn)
	}
	return true, s.eidReuseOptions(r, d)
}

func (s *Server) eidState(r *http.Request, proc *catalogue.Procedure) eidSubmit {
	st := eidSubmit{Enabled: s.opt.EID != nil, SignIn: citizenSignIn + "?next=" + url.QueryEscape("/nop-ho-so/"+proc.Code)}
	if cs := citizenOf(r); cs != nil {
		st.Level = int(cs.Level)
		st.Locked = "id_number"
		if cs.Citizen.Kind == dossier.Organisation {
			st.Locked = "tax_code"
		}
	}
	return st
}

func (s *Server) level2Needed(w http.ResponseWriter, r *http.Request, status int, signIn string) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("eid.title")
	p.Data = citizenProblem{Message: p.T("eid.level2_needed"), RetryURL: signIn, RetryLabel: p.T("eid.level2_signin")}
	return s.render(w, status, "citizen_problem", p)
}

// eidApply binds a submitted applicant to the signed-in account: the
// account's number (or tax code) replaces whatever came, and the level is
// returned for the dossier; 0 when nobody is signed in or the applicant is
// not the account holder (someone filing for another). It returns false,
// having answered, when the procedure needs level 2 and the sign-in lacks it.
func (s *Server) eidApply(w http.ResponseWriter, r *http.Request, a *dossier.Applicant, proc *catalogue.Procedure) (int, bool, error) {
	level := 0
	if cs := citizenOf(r); cs != nil {
		switch c := cs.Citizen; {
		case c.Kind == dossier.Person && a.Kind == dossier.Person:
			a.IDNumber, level = c.IDNumber, int(cs.Level)
		case c.Kind == dossier.Organisation && a.Kind == dossier.Organisation:
			a.TaxCode, level = c.TaxCode, int(cs.Level)
		}
	}
	if s.level2Required(proc.Code) && level < int(identity.Level2) {
		return 0, false, s.level2Needed(w, r, http.StatusForbidden, s.eidState(r, proc).SignIn)
	}
	return level, true, nil
}

// eidReuseField names the choice of a reused paper for a component's field.
func eidReuseField(component string) string { return component + "-reuse" }

// eidReuseOptions offers, for each component, the signed-in citizen's
// earlier papers that may stand for it (store.Paper.StandsFor): uploads and
// scans of the same component for a copy, signed results naming it for
// any component.
func (s *Server) eidReuseOptions(r *http.Request, d *portalSubmitData) error {
	cs := citizenOf(r)
	if cs == nil {
		return nil
	}
	papers, err := s.db.CitizenPapers(r.Context(), cs.Citizen)
	if err != nil {
		return err
	}
	for i := range d.Components {
		c := &d.Components[i]
		for _, p := range papers {
			if p.StandsFor(c.Label, c.Kind) && len(c.Reuse) < 3 {
				c.Reuse = append(c.Reuse, p)
			}
		}
		c.ReuseField = eidReuseField(c.Name)
	}
	return nil
}

// eidReusedPaper returns the earlier paper chosen for component c instead of
// an upload, if any. The paper must be the signed-in citizen's and one that
// may stand for c; anything else is refused as a field error (false, msg).
func (s *Server) eidReusedPaper(r *http.Request, proc int, c *portalComponentInput) (*portalUpload, string, error) {
	key := r.FormValue(eidReuseField(c.Name))
	if key == "" {
		return nil, "", nil
	}
	cs := citizenOf(r)
	if cs == nil {
		return nil, "portal.reuse.not_allowed", nil
	}
	p, data, err := s.db.CitizenPaper(r.Context(), cs.Citizen, key, s.opt.Files)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, "portal.reuse.not_yours", nil
	}
	if err != nil {
		return nil, "", err
	}
	if !p.StandsFor(c.Label, c.Kind) {
		return nil, "portal.reuse.not_allowed", nil
	}
	return &portalUpload{proc: proc, name: p.FileName, data: data, origin: p.DossierCode, result: p.Source == store.PaperResult}, "", nil
}
