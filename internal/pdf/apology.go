package pdf

import (
	"io"
	"time"
)

// Apology is the apology with a new appointment (phiếu xin lỗi và hẹn lại
// ngày trả kết quả, form 04 of Circular 01/2018/TT-VPCP), sent before a late
// dossier's appointment passes and signed by the unit's leader (the
// letterhead's signer).
type Apology struct {
	Letterhead Letterhead
	Number     string
	// Issued is the apology's date. Required.
	Issued        time.Time
	DossierCode   string // required
	Applicant     Applicant
	ProcedureName string // required
	Received      time.Time
	// OriginalAppointment is the appointment on the receipt slip;
	// NewAppointment the one promised now. Both required.
	OriginalAppointment time.Time
	NewAppointment      time.Time
	// Reason explains the delay. Required.
	Reason string
	// ExtensionRequest lays the letter out as form 04 of Circular
	// 03/2025/TT-VPCP, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải
	// quyết": the unit apologises and asks to extend the time to
	// NewAppointment. False keeps form 04 of Circular 01/2018/TT-VPCP.
	ExtensionRequest bool
}

const formApology = "apology"

// RenderApology writes the apology and new appointment as a PDF to w. Errors
// wrap ErrInvalid for a missing required field, including the letterhead's
// signer.
func RenderApology(w io.Writer, s Apology) error {
	if err := firstErr(
		s.Letterhead.validate(formApology),
		s.Letterhead.validateSigner(formApology),
		requiredTime(formApology, "date of issue", s.Issued),
		required(formApology, "dossier code", s.DossierCode),
		required(formApology, "applicant name", s.Applicant.Name),
		required(formApology, "procedure name", s.ProcedureName),
		requiredTime(formApology, "original appointment", s.OriginalAppointment),
		requiredTime(formApology, "new appointment", s.NewAppointment),
		required(formApology, "reason for the delay", s.Reason),
	); err != nil {
		return err
	}
	unit := cleanLine(s.Letterhead.IssuingBody)
	return render(w, formApology, false, s.Issued, func(d *document) error {
		d.letterhead(s.Letterhead, s.Number, true, s.Issued)
		title, promise := "Phiếu xin lỗi và hẹn lại ngày trả kết quả", " thành thật xin lỗi Ông/Bà và hẹn trả kết quả giải quyết hồ sơ vào:"
		if s.ExtensionRequest {
			title, promise = "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
				" thành thật xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết hồ sơ; thời gian trả kết quả mới là:"
		}
		d.title(title, "")
		d.f.SetX(marginLeft)
		d.centred("Kính gửi: Ông/Bà "+cleanLine(s.Applicant.Name), regular, sizeBody)
		d.space(2)
		received := ""
		if !s.Received.IsZero() {
			received = "Vào hồi " + formatDateTime(s.Received) + ", "
		}
		d.paragraph(received+unit+" đã tiếp nhận hồ sơ của Ông/Bà, mã hồ sơ "+cleanLine(s.DossierCode)+
			", nội dung yêu cầu giải quyết: "+cleanLine(s.ProcedureName)+".", regular, sizeBody, 10)
		d.paragraph("Thời hạn trả kết quả giải quyết hồ sơ ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả là "+
			formatDateTime(s.OriginalAppointment)+". Tuy nhiên, đến nay "+unit+
			" chưa trả kết quả giải quyết hồ sơ cho Ông/Bà.", regular, sizeBody, 10)
		d.paragraph("Lý do: "+cleanLine(s.Reason), italic, sizeBody, 10)
		d.paragraph("Sự chậm trễ này đã gây phiền hà, tốn kém thời gian và chi phí đi lại của Ông/Bà. "+unit+
			promise, regular, sizeBody, 10)
		d.centred(formatDateTime(s.NewAppointment), bold, sizeBody)
		d.paragraph("Kính mong Ông/Bà thông cảm./.", regular, sizeBody, 10)
		d.signatures(leaderSignature(s.Letterhead))
		return nil
	})
}
