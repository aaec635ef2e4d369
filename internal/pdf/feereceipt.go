package pdf

import (
	"fmt"
	"io"
	"time"
)

// FeeReceipt is the electronic receipt of fees (biên lai thu phí, lệ phí)
// for one payment, online or in cash, with the content a fee receipt must
// carry: the collecting unit, the receipt's series and number, the payer,
// what was paid for, each line, the amount in figures and in words, how and
// when it was paid, and a QR code to check it on the portal's lookup.
type FeeReceipt struct {
	// CollectingUnit is the unit that collects, e.g. "UBND xã Đạ Tẻh". Required.
	CollectingUnit string
	// Series and Number identify the receipt (ký hiệu, số): the payment's
	// order reference and its gateway transaction number. Number required.
	Series string
	Number string
	Payer  string // required
	// DossierCode and ProcedureName say what was paid for. Required.
	DossierCode   string
	ProcedureName string
	Lines         []FeeReceiptLine
	// Total is in VND; TotalInWords its reading ("Tám nghìn đồng"). Required.
	Total        string
	TotalInWords string
	// Method is how it was paid ("VNPay", "Tiền mặt").
	Method string
	// Transaction is the gateway's transaction number, empty for cash.
	Transaction string
	// Beneficiary is the receiving account and bank, as one line.
	Beneficiary string
	// PaidAt is when it was paid; required. It is the receipt's date.
	PaidAt time.Time
	// LookupURL is encoded in the QR code. Required.
	LookupURL string
	// Note, when set, is printed in italics under the table (a refund).
	Note string
}

// FeeReceiptLine is one fee line, its amount already formatted.
type FeeReceiptLine struct {
	Kind   string // "Phí" or "Lệ phí"
	Code   string
	Name   string
	Amount string
	Exempt string // the legal ground when exempt, else ""
}

const formFeeReceipt = "fee receipt"

// RenderFeeReceipt writes the receipt as a PDF to w.
func RenderFeeReceipt(w io.Writer, s FeeReceipt) error {
	if err := firstErr(
		required(formFeeReceipt, "collecting unit", s.CollectingUnit),
		required(formFeeReceipt, "number", s.Number),
		required(formFeeReceipt, "payer", s.Payer),
		required(formFeeReceipt, "dossier code", s.DossierCode),
		required(formFeeReceipt, "procedure name", s.ProcedureName),
		required(formFeeReceipt, "total", s.Total),
		required(formFeeReceipt, "total in words", s.TotalInWords),
		required(formFeeReceipt, "lookup URL", s.LookupURL),
		requiredTime(formFeeReceipt, "time paid", s.PaidAt),
	); err != nil {
		return err
	}
	return render(w, formFeeReceipt, false, s.PaidAt, func(d *document) error {
		d.paragraph(cleanLine(s.CollectingUnit), bold, sizeHeader, 0)
		d.space(2)
		d.title("Biên lai thu phí, lệ phí", "(Biên lai điện tử)")
		const qrSize = 28.0
		top := d.f.GetY()
		if err := d.qr("qr-receipt", cleanLine(s.LookupURL), d.right()-qrSize, top, qrSize); err != nil {
			return err
		}
		d.f.SetRightMargin(marginRight + qrSize + 4)
		if s.Series != "" {
			d.field("Ký hiệu:", s.Series, regular)
		}
		d.field("Số:", s.Number, bold)
		d.field("Tên người nộp:", s.Payer, bold)
		d.field("Mã hồ sơ:", s.DossierCode, regular)
		d.f.SetRightMargin(marginRight)
		d.f.SetXY(d.right()-qrSize, top+qrSize)
		d.font(italic, sizeFooter)
		d.f.CellFormat(qrSize, 4, "Quét mã để kiểm tra", "", 0, "C", false, 0, "")
		d.f.SetXY(marginLeft, max(d.f.GetY(), top+qrSize+5))
		d.field("Thủ tục:", s.ProcedureName, regular)
		rows := make([][]string, 0, len(s.Lines))
		for i, l := range s.Lines {
			name := l.Name
			if l.Exempt != "" {
				name += " (miễn: " + l.Exempt + ")"
			}
			rows = append(rows, []string{fmt.Sprint(i + 1), cleanLine(l.Kind), cleanLine(l.Code), cleanLine(name), cleanLine(l.Amount)})
		}
		d.table([]column{{"STT", 12, "C"}, {"Loại", 20, "L"}, {"Mã khoản thu", 32, "L"}, {"Nội dung", 0, "L"}, {"Số tiền (đồng)", 30, "R"}}, rows)
		d.space(2)
		d.field("Tổng số tiền:", s.Total+" đồng", bold)
		d.field("Bằng chữ:", s.TotalInWords, italic)
		if s.Method != "" {
			d.field("Hình thức thanh toán:", s.Method, regular)
		}
		if s.Transaction != "" {
			d.field("Mã giao dịch:", s.Transaction, regular)
		}
		if s.Beneficiary != "" {
			d.field("Tài khoản thụ hưởng:", s.Beneficiary, regular)
		}
		d.field("Thời gian thanh toán:", formatDateTime(s.PaidAt), regular)
		if s.Note != "" {
			d.space(1)
			d.paragraph(cleanLine(s.Note), italic, sizeBody, 0)
		}
		return nil
	})
}
