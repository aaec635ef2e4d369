package docgen

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/store"
)

// DefaultCircular03From is when motcua starts printing the forms of
// Circular 03/2025/TT-VPCP (guiding Decree 118/2025/NĐ-CP) instead of those
// of Circular 01/2018/TT-VPCP: 15 September 2025, the date the circular was
// signed and, by secondary sources, the date its forms apply from
// [unverified: the official gazette text was not available; set
// Options.Circular03From to correct it].
var DefaultCircular03From = time.Date(2025, time.September, 15, 0, 0, 0, 0, store.Zone)

func (o Options) circular03From() time.Time {
	if o.Circular03From.IsZero() {
		return DefaultCircular03From
	}
	return o.Circular03From
}

// BuildStop maps the last stop event onto the notice that processing is
// stopped (form 05 of Circular 03/2025/TT-VPCP): dated when stopped, with
// its reason, signed by the resolving unit's leader, the lead specialist as
// contact. Errors: Conflict when processing was never stopped.
func BuildStop(ctx context.Context, db *store.DB, code string, opt Options) (pdf.StopNotice, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.StopNotice{}, err
	}
	d := dd.d
	ev := dd.last(dossier.ActStop)
	if ev == nil {
		return pdf.StopNotice{}, notApplicable("hồ sơ %s chưa từng bị dừng giải quyết nên không có thông báo dừng", d.Code)
	}
	contact, err := dd.pdfOfficer(ctx, db, d.LeadID)
	if err != nil {
		return pdf.StopNotice{}, err
	}
	reason := ""
	if ev.Detail != nil {
		reason = ev.Detail.Reason
	}
	return pdf.StopNotice{
		Letterhead:    letterhead(dd.resolving),
		Issued:        ev.At,
		DossierCode:   d.Code,
		Applicant:     applicant(d, false),
		ProcedureName: d.ProcedureName,
		Received:      d.ReceivedAt,
		Reason:        reason,
		Contact:       contact,
	}, nil
}
