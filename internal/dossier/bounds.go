package dossier

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
)

// Bounds on every number, string and list a request can carry, declared once
// here: Create and Apply refuse anything beyond them before changing anything,
// naming the field, so the web forms and the API share them. Lengths count
// characters (runes) after NFC normalisation.
const (
	MaxNameLen        = 100                    // a person's full name
	MaxOrgNameLen     = 300                    // an organisation's name
	MaxAddressLen     = 300                    // an address
	MaxEmailLen       = 254                    // an e-mail address (RFC 5321)
	MaxRequestLen     = 2000                   // what the applicant asks for, in their words
	MaxDeclarationLen = catalogue.MaxAnswerLen // one declaration item, the bound of a form's answers
	MaxSets           = 50                     // sets of documents in one dossier
	MaxComponents     = 100                    // components in one intake
	MaxComponentName  = 300                    // a component's name
	MaxComponentCount = 100                    // copies of one component
	MaxExemptionLen   = 300                    // the category an exemption names
	MaxKeyLen         = 200                    // an idempotency key, an officer or consultation id
	MaxTextLen        = 2000                   // a reason, a note, a complaint
	MaxItems          = 50                     // items a supplement request lists
	MaxItemLen        = 300                    // one such item
	MaxReceiptLen     = 100                    // a payment's receipt or transaction number
	MaxExtendDays     = 30                     // working days an apology may add to the appointment
	MaxDueDays        = 30                     // working days a consulted colleague has to answer
	// MaxAmount bounds a fee asked for by hand, in VND: a billion, far above
	// any fee of a commune and far below overflow.
	MaxAmount = 1_000_000_000
	// MaxPages and MaxCopies size a certification fee (catalogue.Charge).
	MaxPages  = catalogue.MaxPages
	MaxCopies = catalogue.MaxCopies
)

// MaxPostponement bounds how far after the current appointment an apology
// may promise the new one: a year.
const MaxPostponement = 366 * 24 * time.Hour

// tooLong reports whether s has more than n characters.
func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// clip shortens a value quoted back in a message, so that an absurd input is
// never echoed whole.
func clip(s string) string {
	const n = 40
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// checkLen adds a problem when s is longer than n characters.
func checkLen(p *apperr.Problems, field, label, s string, n int) {
	if tooLong(s, n) {
		p.Add(field, "val.too_long", "%s dài %d ký tự; tối đa %d ký tự", label, utf8.RuneCountInString(s), n)
	}
}

// checkRange adds a problem when v is outside lo..hi.
func checkRange(p *apperr.Problems, field, label string, v, lo, hi int64) {
	if v < lo || v > hi {
		p.Add(field, "val.out_of_range", "%s phải từ %d đến %d, không phải %d", label, lo, hi, v)
	}
}

// checkBounds refuses an intake that is beyond the bounds anywhere; the
// finer rules (formats, required items) are in Create.
func (in *Intake) checkBounds(p *apperr.Problems) {
	checkLen(p, "request", "Nội dung đề nghị", in.Request, MaxRequestLen)
	checkLen(p, "exemption", "Lý do miễn phí", in.Exemption, MaxExemptionLen)
	checkLen(p, "idempotency_key", "Khoá chống gửi trùng", in.IdempotencyKey, MaxKeyLen)
	checkLen(p, "resolving_unit_id", "Đơn vị giải quyết", in.ResolvingUnitID, MaxKeyLen)
	checkRange(p, "sets", "Số bộ hồ sơ", int64(in.Sets), 0, MaxSets)
	checkRange(p, "pages", "Số trang", int64(in.Pages), 0, MaxPages)
	checkRange(p, "copies", "Số bản", int64(in.Copies), 0, MaxCopies)
	if len(in.Components) > MaxComponents {
		p.Add("components", "val.too_many", "có %d giấy tờ; tối đa %d", len(in.Components), MaxComponents)
	}
	for i, c := range in.Components[:min(len(in.Components), MaxComponents)] {
		checkLen(p, fmt.Sprintf("components.%d.name", i), "Tên giấy tờ", c.Name, MaxComponentName)
		checkLen(p, fmt.Sprintf("components.%d.file_id", i), "Mã tệp", c.FileID, MaxKeyLen)
	}
}

// checkBounds refuses an action that is beyond the bounds in any field,
// whatever its kind: nothing that long or that large is ever stored.
func (a *Action) checkBounds() error {
	var p apperr.Problems
	checkLen(&p, "reason", "Lý do", a.Reason, MaxTextLen)
	checkLen(&p, "note", "Ghi chú", a.Note, MaxTextLen)
	checkLen(&p, "complaint", "Ý kiến", a.Complaint, MaxTextLen)
	checkLen(&p, "receipt", "Mã giao dịch", a.Receipt, MaxReceiptLen)
	checkLen(&p, "officer_id", "Cán bộ", a.OfficerID, MaxKeyLen)
	checkLen(&p, "consultation_id", "Yêu cầu xin ý kiến", a.ConsultationID, MaxKeyLen)
	if len(a.Items) > MaxItems {
		p.Add("items", "val.too_many", "có %d giấy tờ cần bổ sung; tối đa %d", len(a.Items), MaxItems)
	}
	for _, it := range a.Items {
		if tooLong(it, MaxItemLen) {
			p.Add("items", "val.item_too_long", "mỗi giấy tờ cần bổ sung dài tối đa %d ký tự", MaxItemLen)
			break
		}
	}
	checkRange(&p, "amount", "Số tiền", a.Amount, 0, MaxAmount)
	checkRange(&p, "extend_days", "Số ngày làm việc gia hạn", int64(a.ExtendDays), 0, MaxExtendDays)
	checkRange(&p, "due_days", "Thời hạn trả lời", int64(a.DueDays), 0, MaxDueDays)
	checkRange(&p, "component", "Thành phần hồ sơ", int64(a.Component), 0, MaxComponents)
	return p.Err()
}
