package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// ResultHandover is the record of handing a dossier's result to the applicant
// (biên bản bàn giao kết quả giải quyết hồ sơ): which result documents went
// to whom, and when.
type ResultHandover struct {
	Letterhead Letterhead
	Number     string
	// At is when the result was handed over; it is also the record's date.
	// Required.
	At            time.Time
	DossierCode   string // required
	ProcedureName string // required
	// Place is where the hand-over happened, e.g. the one-stop counter.
	Place string
	// Giver is the officer handing over the result. Name required.
	Giver Officer
	// Recipient is who took the result: the applicant or someone they
	// authorised. Name required.
	Recipient Recipient
	// Documents are the result documents handed over; at least one.
	Documents []ResultDocument
	Notes     string
}

// Recipient is the person who receives a result.
type Recipient struct {
	Name     string
	IDNumber string // printed as given (masked or not)
	// Relation says in what capacity they receive, e.g. "Người nộp hồ sơ",
	// "Người được ủy quyền theo giấy ủy quyền số 12/UQ".
	Relation string
}

// ResultDocument is one document of a dossier's result.
type ResultDocument struct {
	Name      string // e.g. "Giấy khai sinh"; required
	Reference string // number and symbol, e.g. "125/2025/KS"; may be empty
	Copies    int    // at least 1
}

const formHandover = "result hand-over record"

// RenderResultHandover writes the result hand-over record as a PDF to w. Errors wrap
// ErrInvalid for a missing required field, no documents, or a document with
// fewer than one copy.
func RenderResultHandover(w io.Writer, s ResultHandover) error {
	if err := firstErr(
		s.Letterhead.validate(formHandover),
		requiredTime(formHandover, "time of hand-over", s.At),
		required(formHandover, "dossier code", s.DossierCode),
		required(formHandover, "procedure name", s.ProcedureName),
		required(formHandover, "giver name", s.Giver.Name),
		required(formHandover, "recipient name", s.Recipient.Name),
	); err != nil {
		return err
	}
	if len(s.Documents) == 0 {
		return invalid(formHandover, "list of result documents")
	}
	rows := make([][]string, 0, len(s.Documents))
	for i, doc := range s.Documents {
		if strings.TrimSpace(doc.Name) == "" {
			return invalid(formHandover, fmt.Sprintf("document %d name", i+1))
		}
		if doc.Copies < 1 {
			return fmt.Errorf("%s: document %d copies %d: must be at least 1: %w", formHandover, i+1, doc.Copies, ErrInvalid)
		}
		rows = append(rows, []string{fmt.Sprintf("%d", i+1), doc.Name, doc.Reference, fmt.Sprintf("%02d", doc.Copies)})
	}
	return render(w, formHandover, false, s.At, func(d *document) error {
		d.letterhead(s.Letterhead, s.Number, true, s.At)
		d.title("Biên bản bàn giao kết quả giải quyết hồ sơ", "")
		place := cleanLine(s.Place)
		if place == "" {
			place = cleanLine(s.Letterhead.IssuingBody)
		}
		d.paragraph("Hôm nay, vào hồi "+formatDateTime(s.At)+", tại "+place+", chúng tôi gồm:", regular, sizeBody, 10)
		giver := cleanLine(s.Giver.Name)
		if t := cleanLine(s.Giver.Title); t != "" {
			giver += ", " + t
		}
		d.field("Bên giao: Ông/Bà", giver, bold)
		recipient := cleanLine(s.Recipient.Name)
		if id := cleanLine(s.Recipient.IDNumber); id != "" {
			recipient += ", số định danh cá nhân " + id
		}
		if r := cleanLine(s.Recipient.Relation); r != "" {
			recipient += " (" + r + ")"
		}
		d.field("Bên nhận: Ông/Bà", recipient, bold)
		d.paragraph("Bên giao đã giao cho bên nhận kết quả giải quyết hồ sơ mã "+cleanLine(s.DossierCode)+
			", nội dung: "+cleanLine(s.ProcedureName)+", gồm:", regular, sizeBody, 10)
		d.table([]column{
			{header: "STT", width: 11, align: "C"},
			{header: "Tên giấy tờ", align: "L"},
			{header: "Số, ký hiệu", width: 40, align: "C"},
			{header: "Số bản", width: 18, align: "C"},
		}, rows)
		d.space(2)
		if n := cleanLine(s.Notes); n != "" {
			d.field("Ghi chú:", n, regular)
		}
		d.paragraph("Bên nhận đã kiểm tra và nhận đủ các giấy tờ nêu trên. Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản./.", regular, sizeBody, 10)
		d.signatures(
			signature{title: "Bên nhận", note: noteSign, name: s.Recipient.Name},
			signature{title: "Bên giao", note: noteSign, name: s.Giver.Name},
		)
		return nil
	})
}
