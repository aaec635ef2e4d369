package pdf

import (
	"fmt"
	"io"
	"time"
)

// ResultNotice is the electronic result of a dossier (kết quả giải quyết
// thủ tục hành chính điện tử), made to be signed digitally: it carries the
// visible signature block of Decree 30/2020 for a digital signature (the
// signer, their title, the unit and the time of signing) and a QR code of
// the public page that verifies it.
type ResultNotice struct {
	Letterhead    Letterhead
	Number        string // may be empty
	DossierCode   string // required
	ProcedureName string // required
	Applicant     string // the applicant's name, required
	Results       []string
	// VerifyURL is encoded in the QR code: the public verification page of
	// this document. Required.
	VerifyURL string
	// Signer and SignerTitle are who signs (the certificate's holder);
	// SignedAt the time printed in the signature block, the signature's own.
	Signer      string
	SignerTitle string
	SignedAt    time.Time
	// Unsigned marks a copy without a digital signature (a preview, or a
	// unit where no signing is configured): its title says so.
	Unsigned bool
}

// SignatureRect is where the visible signature block of a ResultNotice is,
// in PDF points from the lower left corner of its last page: the rectangle
// of the signature field that covers it.
type SignatureRect [4]float64

const formResult = "result notice"

// RenderResultNotice writes the notice as PDF and returns the rectangle of
// its signature block.
func RenderResultNotice(w io.Writer, r ResultNotice) (SignatureRect, error) {
	var rect SignatureRect
	for _, f := range []struct{ name, v string }{{"dossier code", r.DossierCode}, {"procedure name", r.ProcedureName},
		{"applicant", r.Applicant}, {"verification URL", r.VerifyURL}, {"signer", r.Signer}} {
		if err := required(formResult, f.name, f.v); err != nil {
			return rect, err
		}
	}
	if err := r.Letterhead.validate(formResult); err != nil {
		return rect, err
	}
	err := render(w, formResult, false, r.SignedAt, func(d *document) error {
		d.letterhead(r.Letterhead, r.Number, r.Number != "", r.SignedAt)
		sub := "(bản điện tử có chữ ký số)"
		if r.Unsigned {
			sub = "(bản điện tử chưa có chữ ký số)"
		}
		d.title("Kết quả giải quyết thủ tục hành chính", sub)
		d.fields(field{"Mã hồ sơ", r.DossierCode}, field{"Thủ tục", r.ProcedureName}, field{"Người yêu cầu", r.Applicant})
		for i, res := range r.Results {
			d.fields(field{fmt.Sprintf("Kết quả %d", i+1), res})
		}
		d.space(6)
		// The QR code on the left, the signature block on the right, side by side.
		d.ensure(40)
		top := d.f.GetY()
		if err := d.qr("verify", r.VerifyURL, marginLeft, top, 30); err != nil {
			return err
		}
		d.f.SetXY(marginLeft, top+31)
		d.paragraphAt(marginLeft, 60, "Quét mã để xác thực văn bản", italic, sizeBody-3, 0, "L")
		boxW, boxX := 90.0, d.right()-90.0
		d.f.SetY(top)
		d.space(2)
		for _, line := range []struct{ text, style string }{
			{"Ký bởi: " + r.Signer, bold},
			{"Chức vụ: " + r.SignerTitle, regular},
			{"Cơ quan: " + r.Letterhead.IssuingBody, regular},
			{"Thời gian ký: " + formatDateTime(r.SignedAt), regular},
		} {
			d.paragraphAt(boxX+2, boxW-4, line.text, line.style, sizeBody-2, 0, "L")
		}
		bottom := d.f.GetY() + 2
		d.f.SetDrawColor(200, 0, 0)
		d.f.Rect(boxX, top, boxW, bottom-top, "D")
		d.f.SetDrawColor(0, 0, 0)
		_, lhPt := d.f.GetPageSize()
		pt := 72 / 25.4
		rect = SignatureRect{boxX * pt, (lhPt - bottom) * pt, (boxX + boxW) * pt, (lhPt - top) * pt}
		d.f.SetY(max(bottom, top+36))
		return nil
	})
	return rect, err
}
