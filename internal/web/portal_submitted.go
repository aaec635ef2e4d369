package web

// The confirmation after an online submission.

import (
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
)

type portalSubmittedData struct {
	Code      string
	Procedure string
	At        time.Time
	Bring     []string
	UX        uxSubmitted // expected date, contact, next steps (ux_submitted.go)
	Pay       *payButton  // online payment (payment.go)
	// Declaration says the declaration was generated from the answers: it
	// can be downloaded (ux_declaration.go).
	Declaration bool
}

// portalSubmitted is the confirmation after an online submission. Its address
// carries the form's idempotency key, a secret of the submitter's browser:
// nobody else can open it, and it shows no personal data.
func (s *Server) portalSubmitted(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key := r.URL.Query().Get("k")
	if !portalIdemKey.MatchString(key) {
		return apperr.New(apperr.NotFound, "không tìm thấy hồ sơ")
	}
	dos, err := s.db.DossierByIdempotencyKey(ctx, key)
	if err != nil {
		return err
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("portal.submitted.title")
	p.Nav = "catalogue"
	d := portalSubmittedData{Code: dos.Code, Procedure: dos.ProcedureName, At: dos.SubmittedAt, Declaration: uxGenerated(dos)}
	if d.UX, err = s.uxSubmittedFacts(ctx, p, dos, key); err != nil {
		return err
	}
	if !d.UX.FullOnline {
		d.Bring = portalBring(p, dos)
	}
	d.Pay = s.payButtonFor(r, dos, key, "")
	p.Data = d
	return s.render(w, http.StatusOK, "portal_submitted", p)
}

// portalBring says what to bring when collecting the result: the receipt or
// dossier code, an identity document, the originals of what was uploaded
// (for comparison), and the fee when one is due and unpaid.
func portalBring(p *Page, d *dossier.Dossier) []string {
	out := []string{p.T("portal.bring.code"), p.T("portal.bring.id")}
	if d.Channel == dossier.Online {
		var originals []string
		for _, c := range d.Components {
			if !c.Generated && (c.Kind == catalogue.ComponentOriginal || c.Kind == catalogue.ComponentOriginalOrCopy) {
				originals = append(originals, c.Name)
			}
		}
		if len(originals) > 0 {
			out = append(out, p.T("portal.bring.originals", strings.Join(originals, "; ")))
		}
	}
	if d.Payment.FeeBearing() && d.Payment.State != dossier.Paid {
		out = append(out, p.T("portal.bring.fee", formatVND(d.Payment.Due)))
	}
	return out
}
