package web

// Dossiers between the units of a province (Decree 118/2025/NĐ-CP): reception
// at one commune for a procedure another commune resolves, and the transfer
// of a dossier received for the wrong unit. docs/units-2025.md.

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/unit"
)

// provinceUnits lists the active units of the officer's province: the
// province (its centre) and every unit below it, the officer's own first,
// then by name. A unit with no province above it has only itself.
func (s *Server) provinceUnits(ctx context.Context, o *staff.Officer) ([]*unit.Unit, error) {
	own, err := s.db.Unit(ctx, o.UnitID)
	if err != nil {
		return nil, err
	}
	root := own
	for root.ParentID != "" && root.Kind != unit.Province {
		if root, err = s.db.Unit(ctx, root.ParentID); err != nil {
			return nil, err
		}
	}
	if root.Kind != unit.Province {
		return []*unit.Unit{own}, nil
	}
	ids, err := s.db.UnitTree(ctx, root.ID)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, id := range ids {
		in[id] = true
	}
	all, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	out := []*unit.Unit{own}
	for _, u := range all {
		if in[u.ID] && u.Active() && u.ID != own.ID {
			out = append(out, u)
		}
	}
	slices.SortStableFunc(out[1:], func(a, b *unit.Unit) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// provinceChoices are provinceUnits as the options of a select (by
// identifier); none when the officer's unit is alone.
func (s *Server) provinceChoices(ctx context.Context, o *staff.Officer) ([]choice, error) {
	units, err := s.provinceUnits(ctx, o)
	if err != nil || len(units) < 2 {
		return nil, err
	}
	out := make([]choice, len(units))
	for i, u := range units {
		out[i] = choice{Value: u.Code, Label: u.Name}
	}
	return out, nil
}

// competentUnit turns the chosen identifier into the competent unit's id:
// "" (or the first choice, the officer's own unit) resolves at home; a code
// outside the choices is refused.
func (s *Server) competentUnit(ctx context.Context, choices []choice, code string) (string, error) {
	if code == "" || len(choices) == 0 || code == choices[0].Value {
		return "", nil
	}
	if !slices.ContainsFunc(choices, func(c choice) bool { return c.Value == code }) {
		return "", apperr.Invalidf("competent_unit", "chọn đơn vị có thẩm quyền trong danh sách các đơn vị của tỉnh")
	}
	u, err := s.db.UnitByCode(ctx, code)
	if err != nil {
		return "", err
	}
	return u.ID, nil
}

// transferChoices are the units a dossier may be transferred to by this
// officer now (dossier.TransferTo decides; this only hides a form that would
// be refused): the province's units but the current competent one.
func (s *Server) transferChoices(ctx context.Context, o *staff.Officer, d *dossier.Dossier) ([]choice, error) {
	leader := o.Has(staff.Leader) && o.UnitID == d.ResolvingUnitID
	reception := o.Has(staff.Reception) && o.UnitID == d.ReceivingUnitID && d.Status == dossier.Received
	if !(leader || reception) || (d.Status != dossier.Received && d.Status != dossier.Processing) {
		return nil, nil
	}
	units, err := s.provinceUnits(ctx, o)
	if err != nil || len(units) < 2 {
		return nil, err
	}
	var out []choice
	for _, u := range units {
		if u.ID != d.ResolvingUnitID {
			out = append(out, choice{Value: u.Code, Label: u.Name})
		}
	}
	return out, nil
}

// dossierTransfer sends a dossier to another competent unit (the form of the
// dossier page, action "transfer").
func (s *Server) dossierTransfer(w http.ResponseWriter, r *http.Request, o *staff.Officer, d *dossier.Dossier) error {
	ctx := r.Context()
	f := r.PostForm
	choices, err := s.transferChoices(ctx, o, d)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	code := f.Get("unit")
	if !slices.ContainsFunc(choices, func(c choice) bool { return c.Value == code }) {
		errs["unit"] = "Chọn đơn vị có thẩm quyền trong danh sách."
	}
	if len(choices) == 0 {
		return apperr.New(apperr.Forbidden, "bạn không chuyển được hồ sơ này sang đơn vị khác")
	}
	if len(errs) == 0 {
		to, err := s.db.UnitByCode(ctx, code)
		if err != nil {
			return err
		}
		_, err = s.db.TransferDossier(ctx, d.Code, to.ID, f.Get("reason"), o)
		if err == nil {
			lang := languageOf(w, r)
			s.flash(w, translate(lang, "office.transfer.done", d.Code, to.Name))
			target := "/can-bo/ho-so/" + d.Code
			if o.UnitID != d.ReceivingUnitID {
				target = "/can-bo" // the dossier has left this officer's unit
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return nil
		}
		switch apperr.KindOf(err) {
		case apperr.Invalid:
			errs = fieldErrors(err)
		case apperr.Conflict:
			errs = map[string]string{"": apperr.PublicMessage(err)}
		default:
			return err
		}
	}
	return s.renderDossier(w, r, o, d, http.StatusBadRequest, &dossierData{Failed: string(dossier.EvTransfer), FailedForm: f, Errors: errs})
}
