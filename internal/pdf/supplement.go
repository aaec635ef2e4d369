package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// SupplementRequest is the request to supplement or complete a dossier
// (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, form 02 of Circular
// 01/2018/TT-VPCP): what to complete, why, where the rules are, and whom to
// ask.
type SupplementRequest struct {
	Letterhead Letterhead
	Number     string
	// Issued is the request's date. Required.
	Issued        time.Time
	DossierCode   string // required
	ReceivingUnit string // required
	Applicant     Applicant
	ProcedureName string // required
	// Received is when the dossier was received; zero omits the line.
	Received time.Time
	// Items are the components to supplement or complete; at least one.
	Items []SupplementItem
	// Rules says where the rules on the dossier's components are published,
	// e.g. the decision announcing the procedure and the portal page.
	Rules string
	// Officer is the officer who guides the applicant (name and phone).
	Officer Officer
}

// SupplementItem is one thing to supplement or complete, and why.
type SupplementItem struct {
	Component string // required
	Reason    string // required
}

const formSupplement = "supplement request"

// RenderSupplementRequest writes the supplement request as a PDF to w. Errors
// wrap ErrInvalid for a missing required field or an empty item list.
func RenderSupplementRequest(w io.Writer, s SupplementRequest) error {
	if err := firstErr(
		s.Letterhead.validate(formSupplement),
		requiredTime(formSupplement, "date of issue", s.Issued),
		required(formSupplement, "dossier code", s.DossierCode),
		required(formSupplement, "receiving unit", s.ReceivingUnit),
		required(formSupplement, "applicant name", s.Applicant.Name),
		required(formSupplement, "procedure name", s.ProcedureName),
		required(formSupplement, "guiding officer name", s.Officer.Name),
	); err != nil {
		return err
	}
	if len(s.Items) == 0 {
		return invalid(formSupplement, "list of components to supplement")
	}
	rows := make([][]string, 0, len(s.Items))
	for i, it := range s.Items {
		if strings.TrimSpace(it.Component) == "" {
			return invalid(formSupplement, fmt.Sprintf("item %d component", i+1))
		}
		if strings.TrimSpace(it.Reason) == "" {
			return invalid(formSupplement, fmt.Sprintf("item %d reason", i+1))
		}
		rows = append(rows, []string{fmt.Sprintf("%d", i+1), it.Component, it.Reason})
	}
	return render(w, formSupplement, false, s.Issued, func(d *document) error {
		d.letterhead(s.Letterhead, s.Number, true, s.Issued)
		d.title("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "")
		d.paragraph(s.ReceivingUnit+" tiếp nhận hồ sơ của:", regular, sizeBody, 0)
		d.field("Ông/Bà:", s.Applicant.Name, bold)
		d.contact(s.Applicant)
		d.field("Mã hồ sơ:", s.DossierCode, bold)
		d.field("Nội dung yêu cầu giải quyết:", s.ProcedureName, regular)
		if !s.Received.IsZero() {
			d.field("Thời gian tiếp nhận:", formatDateTime(s.Received), regular)
		}
		d.space(1)
		d.paragraph("Sau khi xem xét, hồ sơ của Ông/Bà chưa đầy đủ, hợp lệ. Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", regular, sizeBody, 10)
		d.table([]column{
			{header: "STT", width: 11, align: "C"},
			{header: "Thành phần hồ sơ cần bổ sung, hoàn thiện", width: 70, align: "L"},
			{header: "Lý do", align: "L"},
		}, rows)
		d.space(2)
		if r := cleanLine(s.Rules); r != "" {
			d.field("Quy định về thành phần hồ sơ:", r, regular)
		}
		contact := cleanLine(s.Officer.Name)
		if p := cleanLine(s.Officer.Phone); p != "" {
			contact += ", số điện thoại " + p
		}
		d.paragraph("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ Ông/Bà "+contact+" để được hướng dẫn.", regular, sizeBody, 10)
		d.signatures(signature{title: "Người hướng dẫn", note: noteSign, name: s.Officer.Name})
		return nil
	})
}
