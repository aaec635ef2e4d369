package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// LawSheet is the one-page sheet handed with a result: what the citizen must
// do next and what the law asks of them (những việc công dân cần làm tiếp
// theo), each note with its legal basis.
type LawSheet struct {
	Letterhead Letterhead
	// Issued is the sheet's date. Required.
	Issued        time.Time
	ProcedureName string // required
	// DossierCode and ApplicantName personalise the sheet; both may be empty
	// for a sheet printed in advance.
	DossierCode   string
	ApplicantName string
	// Notes are the things to do; at least one.
	Notes []LawNote
}

// LawNote is one thing the law asks, e.g. "Đăng ký thường trú cho trẻ trong
// thời hạn 60 ngày", with its basis, e.g. "Khoản 1 Điều 15 Luật Cư trú 2020".
type LawNote struct {
	Text  string // required
	Basis string // may be empty
}

const formLawSheet = "law sheet"

// RenderLawSheet writes the sheet as a PDF to w. It is laid out for one page;
// very long notes continue on a second. Errors wrap ErrInvalid for a missing
// procedure name or date, no notes, or a note without text.
func RenderLawSheet(w io.Writer, s LawSheet) error {
	if err := firstErr(
		s.Letterhead.validate(formLawSheet),
		requiredTime(formLawSheet, "date of issue", s.Issued),
		required(formLawSheet, "procedure name", s.ProcedureName),
	); err != nil {
		return err
	}
	if len(s.Notes) == 0 {
		return invalid(formLawSheet, "list of notes")
	}
	for i, n := range s.Notes {
		if strings.TrimSpace(n.Text) == "" {
			return invalid(formLawSheet, fmt.Sprintf("note %d text", i+1))
		}
	}
	return render(w, formLawSheet, false, s.Issued, func(d *document) error {
		d.letterhead(s.Letterhead, "", false, s.Issued)
		d.title("Những việc công dân cần làm tiếp theo", "(Những điều pháp luật yêu cầu Ông/Bà thực hiện)")
		d.field("Thủ tục:", s.ProcedureName, bold)
		if cleanLine(s.DossierCode) != "" {
			d.field("Mã hồ sơ:", s.DossierCode, regular)
		}
		if cleanLine(s.ApplicantName) != "" {
			d.field("Ông/Bà:", s.ApplicantName, regular)
		}
		d.space(2)
		for i, n := range s.Notes {
			d.paragraphAt(marginLeft, d.width(), fmt.Sprintf("%d. %s", i+1, cleanLine(n.Text)), regular, sizeBody, 0, "L")
			if b := cleanLine(n.Basis); b != "" {
				d.paragraphAt(marginLeft+6, d.width()-6, "Căn cứ: "+b, italic, sizeSmall, 0, "L")
			}
			d.space(1.5)
		}
		d.space(3)
		contact := "Mọi vướng mắc, Ông/Bà liên hệ Bộ phận Tiếp nhận và Trả kết quả " + cleanLine(s.Letterhead.IssuingBody)
		if p := cleanLine(s.Letterhead.Phone); p != "" {
			contact += ", điện thoại " + p
		}
		d.paragraph(contact+" để được hướng dẫn.", italic, sizeBody, 0)
		return nil
	})
}
