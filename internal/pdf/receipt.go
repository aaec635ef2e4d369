package pdf

import (
	"fmt"
	"io"
	"time"
)

// ReceiptSlip is the receipt and appointment slip (giấy tiếp nhận hồ sơ và
// hẹn trả kết quả, form 01 of Circular 01/2018/TT-VPCP) handed to the
// applicant when a dossier is received.
type ReceiptSlip struct {
	Letterhead Letterhead
	// Number is the slip's number, e.g. "125/GTN"; empty leaves a blank.
	Number string
	// DossierCode is the dossier code, e.g. "000.00.06.H56-231027-0361". Required.
	DossierCode string
	// LookupURL is encoded in the QR code printed beside the code; scanning it
	// opens the dossier's status page. Required.
	LookupURL string
	// ReceivingUnit names the desk that received the dossier, e.g. "Bộ phận
	// Tiếp nhận và Trả kết quả UBND xã Đạ Tẻh". Required.
	ReceivingUnit string
	Applicant     Applicant
	Channel       Channel
	// Assisted, with ChannelOnline, says the officer helped the applicant
	// submit online at the counter; the channel line says so.
	Assisted bool
	// ProcedureName is what the applicant asks for. Required.
	ProcedureName string
	Components    []Component
	// Sets is the number of sets of the dossier, at least 1.
	Sets int
	// TimeLimit is the statutory time limit as text, e.g. "03 ngày làm việc".
	TimeLimit string
	// Received is when the dossier was received; Appointment when the result
	// is due. Both required. Received is also the slip's date of issue.
	Received    time.Time
	Appointment time.Time
	// ResultPlace is where the result is collected (or how it is sent).
	ResultPlace string
	// Officer is the receiving officer who signs the slip.
	Officer Officer
	// BookVolume and BookNumber place the dossier in the unit's tracking
	// book: "Vào Sổ theo dõi hồ sơ, Quyển số …, Số thứ tự …". Empty prints
	// dots to fill by hand.
	BookVolume string
	BookNumber string
	// Copies is how many copies (liên) the slip is made in, printed in the
	// note at its foot; 0 means 2 (one for the applicant, one kept).
	Copies int
}

const formReceipt = "receipt slip"

func (s ReceiptSlip) validate() error {
	return firstErr(
		s.Letterhead.validate(formReceipt),
		required(formReceipt, "dossier code", s.DossierCode),
		required(formReceipt, "lookup URL", s.LookupURL),
		required(formReceipt, "receiving unit", s.ReceivingUnit),
		required(formReceipt, "applicant name", s.Applicant.Name),
		required(formReceipt, "procedure name", s.ProcedureName),
		requiredTime(formReceipt, "time received", s.Received),
		requiredTime(formReceipt, "appointment", s.Appointment),
	)
}

// RenderReceiptSlip writes the receipt and appointment slip as a PDF to w.
// It returns an error wrapping ErrInvalid when a required field is missing,
// the channel or a component form is unknown, or Sets is below 1.
func RenderReceiptSlip(w io.Writer, s ReceiptSlip) error {
	if err := s.validate(); err != nil {
		return err
	}
	channel, err := s.Channel.label()
	if err != nil {
		return fmt.Errorf("%s: %w", formReceipt, err)
	}
	if s.Assisted && s.Channel == ChannelOnline {
		channel += ", có cán bộ hướng dẫn"
	}
	if s.Sets < 1 {
		return fmt.Errorf("%s: number of sets %d: must be at least 1: %w", formReceipt, s.Sets, ErrInvalid)
	}
	rows, err := componentRows(formReceipt, s.Components)
	if err != nil {
		return err
	}
	return render(w, formReceipt, false, s.Received, func(d *document) error {
		d.letterhead(s.Letterhead, s.Number, true, s.Received)
		d.title("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "")

		// The code block shares its lines with the QR code on the right.
		const qrSize = 30.0
		top := d.f.GetY()
		if err := d.qr("qr-lookup", cleanLine(s.LookupURL), d.right()-qrSize, top, qrSize); err != nil {
			return err
		}
		d.f.SetRightMargin(marginRight + qrSize + 4)
		d.field("Mã hồ sơ:", s.DossierCode, bold)
		d.paragraphAt(marginLeft, d.width()-qrSize-4, s.ReceivingUnit+" tiếp nhận hồ sơ của:", regular, sizeBody, 0, "L")
		d.field("Ông/Bà:", s.Applicant.Name, bold)
		d.field("Số định danh cá nhân:", s.Applicant.IDNumber, regular)
		d.f.SetRightMargin(marginRight)
		d.f.SetXY(d.right()-qrSize, top+qrSize)
		d.font(italic, sizeFooter)
		d.f.CellFormat(qrSize, 4, "Quét mã để tra cứu hồ sơ", "", 0, "C", false, 0, "")
		d.f.SetXY(marginLeft, max(d.f.GetY(), top+qrSize+5))

		d.field("Địa chỉ:", s.Applicant.Address, regular)
		d.fields(field{"Số điện thoại:", s.Applicant.Phone}, field{"Thư điện tử:", s.Applicant.Email})
		d.field("Hình thức nộp hồ sơ:", channel, regular)
		d.field("Nội dung yêu cầu giải quyết:", s.ProcedureName, bold)
		d.field("1. Thành phần hồ sơ nộp gồm:", fmt.Sprintf("%d thành phần", len(rows)), regular)
		if len(rows) > 0 {
			d.table(componentColumns(), rows)
			d.space(1)
		}
		d.field("2. Số lượng hồ sơ:", fmt.Sprintf("%02d bộ", s.Sets), regular)
		d.field("3. Thời gian giải quyết hồ sơ theo quy định là:", s.TimeLimit, regular)
		d.field("4. Thời gian nhận hồ sơ:", formatDateTime(s.Received), regular)
		d.field("5. Thời gian trả kết quả giải quyết hồ sơ:", formatDateTime(s.Appointment), bold)
		d.field("6. Đăng ký nhận kết quả tại:", s.ResultPlace, regular)
		d.paragraph(fmt.Sprintf("Vào Sổ theo dõi hồ sơ, Quyển số: %s, Số thứ tự: %s",
			orDots(cleanLine(s.BookVolume)), orDots(cleanLine(s.BookNumber))), italic, sizeBody, 0)
		d.signatureGap = 16 // the slip stays on one page
		d.signatures(
			signature{title: "Người nộp hồ sơ", note: noteSign, name: s.Applicant.Name},
			signature{title: "Người tiếp nhận hồ sơ", note: noteSign, name: s.Officer.Name},
		)
		copies := s.Copies
		if copies < 1 {
			copies = 2
		}
		d.space(1)
		d.paragraph(fmt.Sprintf("Ghi chú: Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành %02d liên; "+
			"01 liên giao cho người nộp hồ sơ; %02d liên lưu tại Bộ phận Tiếp nhận và Trả kết quả.", copies, copies-1),
			italic, sizeSmall, 0)
		return nil
	})
}
