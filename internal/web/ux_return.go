package web

// How the citizen receives the result (issue 19): at the one-stop
// department or by post, chosen on the status page after the second factor,
// shown to the officers on the dossier page.

import (
	"context"
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// uxReturnView is the status page's return section.
type uxReturnView struct {
	Open   bool // the dossier has not ended: the choice can still change
	Choice *dossier.ReturnChoice
	Label  string // the current choice in words, "" when none
	Saved  bool   // the choice was just recorded
	Failed bool   // the choice was refused: the page's form error is this section's
}

// uxReturnLabel words a choice for the page's language.
func uxReturnLabel(p *Page, c *dossier.ReturnChoice) string {
	switch {
	case c == nil:
		return ""
	case c.Channel == dossier.ReturnByPost:
		return p.T("ux.return.label.post", c.Address)
	}
	return p.T("ux.return.label.counter")
}

// uxReturnFor reads the dossier's choice for the status page.
func (s *Server) uxReturnFor(ctx context.Context, p *Page, d *dossier.Dossier) (*uxReturnView, error) {
	c, err := s.db.ReturnChoice(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	return &uxReturnView{Open: !d.Status.Final(), Choice: c, Label: uxReturnLabel(p, c)}, nil
}

// uxReturnFact adds the choice to the officer's dossier facts.
func (s *Server) uxReturnFact(ctx context.Context, p *Page, d *dossier.Dossier, sides store.DossierSides, facts *[]fact) error {
	if !sides.ReturnChoice {
		return nil
	}
	c, err := s.db.ReturnChoice(ctx, d.ID)
	if err != nil || c == nil {
		return err
	}
	*facts = append(*facts, fact{Label: p.T("ux.return.title"), Value: uxReturnLabel(p, c), VI: true})
	return nil
}

// portalReturnChoice records the citizen's choice, behind the same code and
// four digits as the status page (and the same throttle).
func (s *Server) portalReturnChoice(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lk, err := s.portalPostedLookup(w, r)
	if lk == nil || err != nil {
		return err
	}
	p, d, events, last4 := lk.p, lk.d, lk.events, lk.last4
	choice := dossier.ReturnChoice{Channel: dossier.ReturnChannel(r.PostFormValue("return_channel")), Address: r.PostFormValue("return_address")}
	_, serr := s.db.SetReturnChoice(ctx, d.ID, choice)
	if err := s.portalFillResult(r, p, d, events, last4); err != nil {
		return err
	}
	ld := p.Data.(*portalLookupData)
	p.Form.Set("return_channel", string(choice.Channel))
	p.Form.Set("return_address", textfold.NFC(choice.Address))
	switch kind := apperr.KindOf(serr); {
	case serr == nil:
		ld.Return.Saved = true
		return s.render(w, http.StatusOK, "portal_result", p)
	case kind == apperr.Invalid:
		p.Errors = map[string]string{apperr.FieldOf(serr): p.T("ux.return.error." + apperr.FieldOf(serr))}
		p.FormError, ld.Return.Failed = p.T("form.has_errors"), true
		return s.render(w, http.StatusBadRequest, "portal_result", p)
	case kind == apperr.Conflict:
		p.FormError, ld.Return.Failed = p.T("ux.return.ended"), true
		return s.render(w, http.StatusConflict, "portal_result", p)
	}
	return serr
}
