package pdf

import (
	"io"
	"time"
)

// Refusal is the notice refusing to receive and resolve a dossier (phiếu từ
// chối tiếp nhận giải quyết hồ sơ, form 03 of Circular 01/2018/TT-VPCP).
type Refusal struct {
	Letterhead Letterhead
	Number     string
	// Issued is the notice's date. Required.
	Issued time.Time
	// DossierCode is the code of an online or postal dossier; may be empty for
	// a dossier refused at the counter before it got one.
	DossierCode   string
	ReceivingUnit string // required
	Applicant     Applicant
	ProcedureName string // required
	// Reason is the specific reason for the refusal. Required; line breaks
	// are kept.
	Reason string
	// Officer is the contact officer who signs the notice.
	Officer Officer
}

const formRefusal = "refusal"

// RenderRefusal writes the refusal notice as a PDF to w. Errors wrap
// ErrInvalid for a missing required field.
func RenderRefusal(w io.Writer, s Refusal) error {
	if err := firstErr(
		s.Letterhead.validate(formRefusal),
		requiredTime(formRefusal, "date of issue", s.Issued),
		required(formRefusal, "receiving unit", s.ReceivingUnit),
		required(formRefusal, "applicant name", s.Applicant.Name),
		required(formRefusal, "procedure name", s.ProcedureName),
		required(formRefusal, "reason", s.Reason),
		required(formRefusal, "contact officer name", s.Officer.Name),
	); err != nil {
		return err
	}
	return render(w, formRefusal, false, s.Issued, func(d *document) error {
		d.letterhead(s.Letterhead, s.Number, true, s.Issued)
		d.title("Phiếu từ chối tiếp nhận giải quyết hồ sơ", "")
		d.paragraph(s.ReceivingUnit+" tiếp nhận hồ sơ của:", regular, sizeBody, 0)
		d.field("Ông/Bà:", s.Applicant.Name, bold)
		if cleanLine(s.DossierCode) != "" {
			d.field("Mã hồ sơ:", s.DossierCode, bold)
		}
		d.contact(s.Applicant)
		d.field("Nội dung yêu cầu giải quyết:", s.ProcedureName, regular)
		d.space(1)
		d.paragraph("Qua xem xét, "+cleanLine(s.ReceivingUnit)+" thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", regular, sizeBody, 10)
		d.paragraph(s.Reason, italic, sizeBody, 10)
		d.space(1)
		contact := cleanLine(s.Officer.Name)
		if t := cleanLine(s.Officer.Title); t != "" {
			contact += ", " + t
		}
		if p := cleanLine(s.Officer.Phone); p != "" {
			contact += ", số điện thoại " + p
		}
		d.paragraph("Mọi vướng mắc, Ông/Bà liên hệ "+contact+".", regular, sizeBody, 10)
		d.paragraph("Xin thông báo để Ông/Bà được biết và thực hiện./.", regular, sizeBody, 10)
		d.signatures(signature{title: "Người tiếp nhận hồ sơ", note: noteSign, name: s.Officer.Name})
		return nil
	})
}
