package notify

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/textfold"
)

// Kinds of notification. The citizen's follow the dossier's statuses their
// procedure names (catalogue.Procedure.NotifyStatuses); the officers' are
// the routing notice and the daily digest.
const (
	KindReceived   = "received"   // status 2: code and appointment
	KindRefused    = "refused"    // status 3: the reason
	KindSupplement = "supplement" // status 5: what is missing
	KindPayment    = "payment"    // status 6: the amount
	KindResolved   = "resolved"   // status 9: the result is ready
	// KindResolvedElectronic: status 9 with an electronic result, which the
	// applicant downloads (nobody is asked to come to the counter).
	KindResolvedElectronic = "resolved_electronic"
	KindStatus             = "status"   // any other status the procedure names
	KindApology            = "apology"  // an approved apology: the new appointment
	KindAssigned           = "assigned" // to an officer: a dossier routed to them
	KindDigest             = "digest"   // to an officer: due within a working day, overdue
)

// Kinds lists every kind.
var Kinds = []string{KindReceived, KindRefused, KindSupplement, KindPayment, KindResolved, KindResolvedElectronic, KindStatus, KindApology,
	KindAssigned, KindDigest}

// KindLabel is a kind's Vietnamese name.
func KindLabel(k string) string {
	return map[string]string{KindReceived: "Tiếp nhận hồ sơ", KindRefused: "Từ chối tiếp nhận", KindSupplement: "Yêu cầu bổ sung",
		KindPayment: "Yêu cầu nộp phí, lệ phí", KindResolved: "Có kết quả", KindResolvedElectronic: "Có kết quả điện tử", KindStatus: "Thay đổi trạng thái",
		KindApology: "Thư xin lỗi, hẹn lại", KindAssigned: "Giao hồ sơ cho cán bộ", KindDigest: "Tổng hợp hằng ngày"}[k]
}

// Placeholder names.
const (
	PName        = "ten_nguoi_nhan"
	PCode        = "ma_ho_so"
	PProcedure   = "thu_tuc"
	PUnit        = "don_vi"
	PAppointment = "ngay_hen"
	PStatus      = "trang_thai"
	PReason      = "ly_do"
	PItems       = "giay_to_bo_sung"
	PAmount      = "so_tien"
	PNewAppt     = "ngay_hen_moi"
	PStepDue     = "han_xu_ly"
	PDueSoon     = "so_sap_den_han"
	POverdue     = "so_qua_han"
	PList        = "danh_sach"
)

// Placeholders returns the names a kind's templates may use.
func Placeholders(kind string) []string {
	common := []string{PName, PUnit}
	dossier := []string{PCode, PProcedure, PAppointment, PStatus}
	switch kind {
	case KindReceived, KindResolved, KindResolvedElectronic, KindStatus:
		return slices.Concat(common, dossier)
	case KindRefused:
		return slices.Concat(common, dossier, []string{PReason})
	case KindSupplement:
		return slices.Concat(common, dossier, []string{PItems, PReason})
	case KindPayment:
		return slices.Concat(common, dossier, []string{PAmount})
	case KindApology:
		return slices.Concat(common, dossier, []string{PNewAppt, PReason})
	case KindAssigned:
		return slices.Concat(common, dossier, []string{PStepDue})
	case KindDigest:
		return slices.Concat(common, []string{PDueSoon, POverdue, PList})
	}
	return nil
}

// Template is one version of a unit's text for a kind on a channel.
type Template struct {
	Kind    string
	Channel string
	Version int // 0: the built-in text
	Subject string
	Body    string
}

// Check parses t's subject and body, refusing an unknown kind or channel,
// an unknown placeholder (named), an empty body, and an SMS whose sample
// text is over 160 characters without diacritics. Errors: Invalid, with the
// field named (subject, body).
func (t Template) Check() error {
	if Placeholders(t.Kind) == nil {
		return apperr.Invalidf("kind", "không có loại thông báo %q", t.Kind)
	}
	if !slices.Contains(Channels, t.Channel) {
		return apperr.Invalidf("channel", "không có kênh %q", t.Channel)
	}
	if strings.TrimSpace(t.Body) == "" {
		return apperr.Invalidf("body", "nội dung không được để trống")
	}
	for _, f := range []struct{ field, text string }{{"subject", t.Subject}, {"body", t.Body}} {
		if _, err := letter.ParseMessage(t.Kind+"/"+t.Channel, f.text, Placeholders(t.Kind)); err != nil {
			return apperr.Invalidf(f.field, "%s", placeholderProblem(err))
		}
	}
	if t.Channel == SMS {
		_, body, _ := t.Render(SampleValues(t.Kind), SMSConfig{Unaccented: true})
		if n := len([]rune(body)); n > 160 {
			return apperr.Invalidf("body", "tin nhắn mẫu dài %d ký tự (không dấu), quá 160 ký tự của một tin SMS", n)
		}
	}
	return nil
}

// placeholderProblem says in Vietnamese which placeholders are wrong.
func placeholderProblem(err error) string {
	var unknown, malformed []string
	for _, pe := range letter.ParseErrors(err) {
		if errors.Is(pe, letter.ErrUnknownPlaceholder) {
			unknown = append(unknown, pe.Placeholder)
		} else {
			malformed = append(malformed, fmt.Sprintf("%s (dòng %d)", pe.Placeholder, pe.Line))
		}
	}
	var parts []string
	if len(unknown) > 0 {
		parts = append(parts, "trường không có: "+strings.Join(unknown, ", "))
	}
	if len(malformed) > 0 {
		parts = append(parts, "viết sai: "+strings.Join(malformed, ", "))
	}
	return strings.Join(parts, "; ")
}

// Render fills t with values. For SMS the body is made one line and, for an
// unaccented account, stripped of diacritics.
func (t Template) Render(values map[string]string, sms SMSConfig) (subject, body string, err error) {
	known := Placeholders(t.Kind)
	s, err := letter.ParseMessage(t.Kind+"/"+t.Channel, t.Subject, known)
	if err != nil {
		return "", "", err
	}
	b, err := letter.ParseMessage(t.Kind+"/"+t.Channel, t.Body, known)
	if err != nil {
		return "", "", err
	}
	subject, body = s.Fill(values), b.Fill(values)
	if t.Channel == SMS {
		body = strings.Join(strings.Fields(body), " ")
		if sms.Unaccented {
			body = textfold.Unaccent(body)
		}
	}
	return subject, body, nil
}

// SampleValues are plausible values of a kind's placeholders, for previews
// and the length check.
func SampleValues(kind string) map[string]string {
	v := map[string]string{PName: "Nguyễn Thị Minh Khai", PUnit: "UBND xã Đạ Tẻh", PCode: "000.21.37.H56-250304-0012",
		PProcedure: "Đăng ký khai sinh", PAppointment: "14:00 ngày 06/03/2025", PStatus: "Đã có kết quả",
		PReason: "Thiếu bản sao giấy chứng sinh", PItems: "Giấy chứng sinh (bản chính)", PAmount: "50.000 đồng",
		PNewAppt: "16:00 ngày 10/03/2025", PStepDue: "10:00 ngày 05/03/2025", PDueSoon: "3", POverdue: "1",
		PList: "- 000.21.37.H56-250304-0012 Đăng ký khai sinh, hạn 06/03/2025 14:00"}
	keep := map[string]string{}
	for _, n := range Placeholders(kind) {
		keep[n] = v[n]
	}
	return keep
}
