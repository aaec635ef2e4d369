package web

// Counter intake like a counter (issue 19): the QR code of the citizen's
// chip ID card, read by a keyboard-wedge scanner into the form's first
// field, fills the applicant. The scanner ends with Enter, which sends the
// form: a form with a scan in it is filled and shown again, never taken in,
// so the same path works with and without script.

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
)

// uxIntakeScan handles a form sent with the ID card QR field filled: it
// fills the applicant's name, ID number, birth date and address from the
// card and shows the form again (200), or the scan's error beside the field
// (400). It reports whether it handled the request.
func (s *Server) uxIntakeScan(w http.ResponseWriter, p *Page, f url.Values, d intakeData) (bool, error) {
	text := f.Get("cccd_qr")
	if strings.TrimSpace(text) == "" {
		return false, nil
	}
	form := url.Values{}
	for k, v := range f {
		form[k] = append([]string(nil), v...)
	}
	form.Del("cccd_qr")
	p.Form = form
	card, err := dossier.ParseIDCardQR(text)
	if err != nil {
		if apperr.KindOf(err) != apperr.Invalid {
			return true, err
		}
		p.Errors = map[string]string{"cccd_qr": apperr.PublicMessage(err)}
		p.FormError = p.T("form.has_errors")
		d.Focus = "cccd_qr"
		p.Data = d
		return true, s.render(w, http.StatusBadRequest, "office_intake", p)
	}
	form.Set("applicant.kind", string(dossier.Person))
	form.Set("applicant.full_name", card.FullName)
	form.Set("applicant.id_number", card.IDNumber)
	form.Set("applicant.birth_date", card.BirthDate)
	form.Set("applicant.address", card.Address)
	p.Flash = p.T("ux.intake.scanned", card.FullName)
	d.Focus = "applicant.phone"
	p.Data = d
	return true, s.render(w, http.StatusOK, "office_intake", p)
}
