package docgen

import (
	"context"
	"io"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/store"
)

// BuildSubmissionAck maps an online dossier onto the acknowledgement its
// applicant downloads after submitting: the code and its QR code, the
// applicant with the ID number masked (the file leaves the service), the
// components sent, the time limit, the date the result would be due were
// the dossier received now (opt.Now) in the receiving unit's calendar (once
// received, the appointment it was given), and
// next, the steps that follow as the caller words them.
// Errors: Conflict for a dossier not submitted online; Invalid without
// opt.BaseURL.
func BuildSubmissionAck(ctx context.Context, db *store.DB, code string, next []string, opt Options) (pdf.SubmissionAck, error) {
	if opt.BaseURL == "" {
		return pdf.SubmissionAck{}, apperr.Invalidf("base_url", "cần địa chỉ công khai của hệ thống (base URL) để in mã QR tra cứu")
	}
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.SubmissionAck{}, err
	}
	d := dd.d
	if d.Channel != dossier.Online || d.SubmittedAt.IsZero() {
		return pdf.SubmissionAck{}, notApplicable("hồ sơ %s không nộp trực tuyến nên không có giấy xác nhận nộp trực tuyến", d.Code)
	}
	expected, received := d.Appointment(), !d.ReceivedAt.IsZero()
	if !received {
		cal, err := db.Calendar(ctx, d.ReceivingUnitID)
		if err != nil {
			return pdf.SubmissionAck{}, err
		}
		if expected, err = cal.Due(opt.now(), d.Limit); err != nil {
			return pdf.SubmissionAck{}, apperr.Wrap(apperr.Internal, err, "không tính được ngày hẹn trả dự kiến")
		}
	}
	return pdf.SubmissionAck{
		Letterhead:    letterhead(dd.receiving),
		DossierCode:   d.Code,
		LookupURL:     LookupURL(opt.BaseURL, d.Code),
		Applicant:     applicant(d, false),
		ProcedureName: d.ProcedureName,
		Submitted:     d.SubmittedAt,
		Components:    components(d),
		TimeLimit:     d.Limit.String(),
		Expected:      expected,
		Received:      received,
		Next:          next,
	}, nil
}

// RenderSubmissionAck writes the acknowledgement of BuildSubmissionAck to w
// as a PDF; nothing is written when an error is returned.
func RenderSubmissionAck(ctx context.Context, db *store.DB, code string, next []string, opt Options, w io.Writer) error {
	doc, err := BuildSubmissionAck(ctx, db, code, next, opt)
	if err != nil {
		return err
	}
	return renderTo(w, doc, pdf.RenderSubmissionAck)
}
