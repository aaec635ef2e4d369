package web

// What the citizen gets after submitting online (issue 19): the expected
// date, how they will hear, the next steps as the procedure's online level
// makes them true, and an acknowledgement to download with its QR code.

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/dossier"
)

// uxSubmitted is the part of the confirmation that depends on the procedure.
type uxSubmitted struct {
	Key      string    // the submission's idempotency key: the PDF's address
	Limit    string    // the statutory time limit in words
	Expected time.Time // the result's date were the dossier received now
	Contact  string    // how the department reaches the applicant
	Next     []string  // what happens next, in order
	// FullOnline: the procedure is done online from end to end, so nothing
	// asks the citizen to come to the counter.
	FullOnline bool
}

// uxSubmittedFacts computes the confirmation's facts for dos, submitted with key.
func (s *Server) uxSubmittedFacts(ctx context.Context, p *Page, dos *dossier.Dossier, key string) (uxSubmitted, error) {
	x := uxSubmitted{Key: key, Limit: dos.Limit.String()}
	pv, err := s.db.ProcedureVersionOf(ctx, dos.ProcedureID, dos.ProcedureVer)
	if err != nil {
		return x, err
	}
	x.FullOnline = pv.Procedure.Online == catalogue.OnlineFull
	if !dos.ReceivedAt.IsZero() {
		x.Expected = dos.Appointment()
	} else {
		cal, err := s.db.Calendar(ctx, dos.ReceivingUnitID)
		if err != nil {
			return x, err
		}
		if x.Expected, err = cal.Due(time.Now(), dos.Limit); err != nil {
			return x, apperr.Wrap(apperr.Internal, err, "không tính được ngày hẹn trả dự kiến")
		}
	}
	x.Contact = p.T("ux.submitted.contact.phone", dossier.MaskID(dos.Applicant.Phone))
	if dos.Applicant.Email != "" {
		x.Contact = p.T("ux.submitted.contact.both", dossier.MaskID(dos.Applicant.Phone))
	}
	x.Next = uxNextSteps(p, x.FullOnline, x.Contact)
	return x, nil
}

// uxNextSteps words what follows a submission: a fully online procedure
// never sends the citizen to the counter.
func uxNextSteps(p *Page, fullOnline bool, contact string) []string {
	out := []string{p.T("ux.submitted.next.check", contact), p.T("portal.submitted.next.appointment")}
	if fullOnline {
		return append(out, p.T("ux.submitted.next.result_online"))
	}
	return append(out, p.T("portal.submitted.next.collect"))
}

// portalSubmittedPDF is the acknowledgement of an online submission as a
// PDF, behind the same secret as the confirmation page: the submission's key.
func (s *Server) portalSubmittedPDF(w http.ResponseWriter, r *http.Request) error {
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
	p.Lang = "vi" // the document is Vietnamese whatever the page's language
	x, err := s.uxSubmittedFacts(ctx, p, dos, key)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docgen.RenderSubmissionAck(ctx, s.db, dos.Code, x.Next, docgen.Options{BaseURL: s.opt.BaseURL()}, &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+dos.Code+`-xac-nhan-nop.pdf"`)
	h.Set("Cache-Control", "private, no-store")
	_, err = buf.WriteTo(w)
	return err
}
