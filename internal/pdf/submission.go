package pdf

import (
	"fmt"
	"io"
	"time"
)

// SubmissionAck is what a citizen downloads after submitting a dossier
// online (giấy xác nhận đã nộp hồ sơ trực tuyến): the dossier code with a QR
// code to its status page, what was asked for, when, what was sent, and
// what happens next. It is not the receipt and appointment slip, which the
// one-stop department issues when it receives the dossier.
type SubmissionAck struct {
	Letterhead Letterhead
	// DossierCode is the dossier code. Required.
	DossierCode string
	// LookupURL is encoded in the QR code; scanning it opens the status
	// lookup with the code filled in. Required.
	LookupURL string
	// Applicant: the caller masks the ID number (the file may be shared).
	Applicant     Applicant
	ProcedureName string // required
	// Submitted is when the dossier was submitted. Required.
	Submitted  time.Time
	Components []Component
	// TimeLimit is the statutory time limit, e.g. "03 ngày làm việc".
	TimeLimit string
	// Expected is the date the result is due if the dossier is received at
	// once; zero leaves the line out. Received says the dossier has been
	// received: Expected is then the appointment it was given.
	Expected time.Time
	Received bool
	// Next are the steps that follow, one sentence each.
	Next []string
}

const formSubmissionAck = "submission acknowledgement"

// RenderSubmissionAck writes the acknowledgement as a PDF to w. Errors wrap
// ErrInvalid for a missing code, lookup URL, applicant name, procedure or
// submission time, or a letterhead without its issuing body or place.
func RenderSubmissionAck(w io.Writer, s SubmissionAck) error {
	if err := firstErr(
		s.Letterhead.validate(formSubmissionAck),
		required(formSubmissionAck, "dossier code", s.DossierCode),
		required(formSubmissionAck, "lookup URL", s.LookupURL),
		required(formSubmissionAck, "applicant name", s.Applicant.Name),
		required(formSubmissionAck, "procedure name", s.ProcedureName),
		requiredTime(formSubmissionAck, "time submitted", s.Submitted),
	); err != nil {
		return err
	}
	rows, err := componentRows(formSubmissionAck, s.Components)
	if err != nil {
		return err
	}
	return render(w, formSubmissionAck, false, s.Submitted, func(d *document) error {
		d.letterhead(s.Letterhead, "", false, s.Submitted)
		d.title("Giấy xác nhận đã nộp hồ sơ trực tuyến", "")
		const qrSize = 30.0
		top := d.f.GetY()
		if err := d.qr("qr-lookup", cleanLine(s.LookupURL), d.right()-qrSize, top, qrSize); err != nil {
			return err
		}
		d.f.SetRightMargin(marginRight + qrSize + 4)
		d.field("Mã hồ sơ:", s.DossierCode, bold)
		d.field("Người nộp:", s.Applicant.Name, bold)
		d.field("Số định danh cá nhân:", s.Applicant.IDNumber, regular)
		d.field("Thời gian nộp:", formatDateTime(s.Submitted), regular)
		d.f.SetRightMargin(marginRight)
		d.f.SetXY(d.right()-qrSize, top+qrSize)
		d.font(italic, sizeFooter)
		d.f.CellFormat(qrSize, 4, "Quét mã để tra cứu hồ sơ", "", 0, "C", false, 0, "")
		d.f.SetXY(marginLeft, max(d.f.GetY(), top+qrSize+5))

		d.field("Nội dung yêu cầu giải quyết:", s.ProcedureName, bold)
		d.field("Hình thức nộp hồ sơ:", "Trực tuyến", regular)
		d.field("Thành phần hồ sơ đã gửi:", fmt.Sprintf("%d tệp", len(rows)), regular)
		if len(rows) > 0 {
			d.table(componentColumns(), rows)
			d.space(1)
		}
		if cleanLine(s.TimeLimit) != "" {
			d.field("Thời gian giải quyết theo quy định:", s.TimeLimit, regular)
		}
		if !s.Expected.IsZero() && s.Received {
			d.field("Ngày hẹn trả kết quả:", formatDate(s.Expected), bold)
		} else if !s.Expected.IsZero() {
			d.field("Ngày hẹn trả dự kiến (nếu hồ sơ được tiếp nhận ngay):", formatDate(s.Expected), bold)
		}
		if len(s.Next) > 0 {
			d.space(2)
			d.paragraph("Việc tiếp theo:", bold, sizeBody, 0)
			for i, n := range s.Next {
				d.paragraph(fmt.Sprintf("%d. %s", i+1, n), regular, sizeBody, 5)
			}
		}
		d.space(2)
		d.paragraph("Giấy này xác nhận hồ sơ đã được gửi đến Bộ phận Một cửa; ngày hẹn trả chính thức có trong giấy tiếp nhận "+
			"và hẹn trả kết quả khi hồ sơ được tiếp nhận. Tra cứu tình trạng hồ sơ bằng mã hồ sơ và 4 số cuối của số điện thoại "+
			"hoặc số định danh đã khai.", italic, sizeSmall, 0)
		return nil
	})
}
