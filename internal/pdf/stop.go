package pdf

import (
	"io"
	"time"
)

// StopNotice is the notice that processing of a dossier is stopped
// (thông báo dừng giải quyết hồ sơ), a form Circular 03/2025/TT-VPCP added
// (its form 05); Circular 01/2018/TT-VPCP had none. The resolving unit's
// leader, who stopped it, signs. The layout follows the circular's other
// notices; the template's exact wording is unverified.
type StopNotice struct {
	Letterhead Letterhead
	Number     string
	// Issued is when processing was stopped: the notice's date. Required.
	Issued        time.Time
	DossierCode   string // required
	Applicant     Applicant
	ProcedureName string // required
	Received      time.Time
	// Reason is why processing stops. Required; line breaks are kept.
	Reason string
	// Contact is the officer who answers the applicant's questions.
	Contact Officer
}

const formStop = "stop notice"

// RenderStopNotice writes the notice as a PDF to w. Errors wrap ErrInvalid
// for a missing required field, including the letterhead's signer.
func RenderStopNotice(w io.Writer, s StopNotice) error {
	if err := firstErr(
		s.Letterhead.validate(formStop),
		s.Letterhead.validateSigner(formStop),
		requiredTime(formStop, "date of issue", s.Issued),
		required(formStop, "dossier code", s.DossierCode),
		required(formStop, "applicant name", s.Applicant.Name),
		required(formStop, "procedure name", s.ProcedureName),
		required(formStop, "reason", s.Reason),
	); err != nil {
		return err
	}
	unit := cleanLine(s.Letterhead.IssuingBody)
	return render(w, formStop, false, s.Issued, func(d *document) error {
		d.letterhead(s.Letterhead, s.Number, true, s.Issued)
		d.title("Thông báo dừng giải quyết hồ sơ", "")
		d.centred("Kính gửi: Ông/Bà "+cleanLine(s.Applicant.Name), regular, sizeBody)
		d.space(2)
		d.contact(s.Applicant)
		d.field("Mã hồ sơ:", s.DossierCode, bold)
		d.field("Nội dung yêu cầu giải quyết:", s.ProcedureName, regular)
		if !s.Received.IsZero() {
			d.field("Thời gian nhận hồ sơ:", formatDateTime(s.Received), regular)
		}
		d.space(1)
		d.paragraph(unit+" thông báo dừng giải quyết hồ sơ của Ông/Bà kể từ "+formatDateTime(s.Issued)+
			" với lý do như sau:", regular, sizeBody, 10)
		d.paragraph(s.Reason, italic, sizeBody, 10)
		if c := cleanLine(s.Contact.Name); c != "" {
			if t := cleanLine(s.Contact.Title); t != "" {
				c += ", " + t
			}
			if p := cleanLine(s.Contact.Phone); p != "" {
				c += ", số điện thoại " + p
			}
			d.paragraph("Mọi vướng mắc, Ông/Bà liên hệ "+c+".", regular, sizeBody, 10)
		}
		d.paragraph("Xin thông báo để Ông/Bà được biết./.", regular, sizeBody, 10)
		d.signatures(leaderSignature(s.Letterhead))
		return nil
	})
}
