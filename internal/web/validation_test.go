package web

import (
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
)

// TestValidationMessagesInBothLanguages: the domain's validation gives each
// field a key the English page renders and a Vietnamese text the others
// show; every key the intake validation uses has its English.
func TestValidationMessagesInBothLanguages(t *testing.T) {
	proc := &catalogue.Procedure{Letter: catalogue.LetterCongratulationBirth,
		Components: []catalogue.Component{{Name: "Tờ khai", Required: true}}}
	in := dossier.Intake{Channel: dossier.Online, Copies: 5000, Request: string(make([]rune, 2001)),
		Applicant:   dossier.Applicant{Kind: "robot", IDNumber: "12ab", Phone: "12", Email: "a@", BirthDate: "2999-01-01"},
		Declaration: map[string]string{"child_birth_date": "hôm qua", "nonsense": "x"}}
	in.Normalize()
	var p apperr.Problems
	in.Validate(&p, proc, time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC), dossier.ContactRequired)
	err := p.Err()
	vi, en := problemMessages("vi", err), problemMessages("en", err)
	for field, want := range map[string][2]string{
		"applicant.kind":         {"vui lòng chọn người nộp là cá nhân hay tổ chức", "Choose whether you apply as a person or an organisation."},
		"applicant.phone":        {"số điện thoại chưa đúng: cần 10 chữ số bắt đầu bằng 0, ví dụ 0912345678", "The phone number needs 10 digits starting with 0, e.g. 0912345678."},
		"applicant.address":      {"vui lòng nhập địa chỉ nơi ở (thôn, xã, tỉnh)", "Enter your address (village, commune, province)."},
		"copies":                 {"Số bản phải từ 0 đến 1000, không phải 5000", "Số bản must be from 0 to 1000, not 5000."},
		"declaration.child_name": {"vui lòng nhập mục “Họ tên trẻ”", "Enter “Child's full name”."},
	} {
		if vi[field] != want[0] || en[field] != want[1] {
			t.Errorf("%s: vi %q en %q, want %q and %q", field, vi[field], en[field], want[0], want[1])
		}
	}
	var fe *apperr.FieldsError
	if !asFields(err, &fe) {
		t.Fatalf("not a FieldsError: %v", err)
	}
	for field, m := range fe.Keys {
		if _, ok := validationEN[m.Key]; !ok {
			t.Errorf("%s: key %q has no English", field, m.Key)
		}
	}
}

func asFields(err error, fe **apperr.FieldsError) bool {
	e, ok := err.(*apperr.FieldsError)
	*fe = e
	return ok
}

// TestAssistedValidationInBothLanguages: the two refusals of an assisted
// online intake name the channel, in Vietnamese and in English.
func TestAssistedValidationInBothLanguages(t *testing.T) {
	for _, tc := range []struct {
		in     dossier.Intake
		online catalogue.OnlineMode
		vi, en string
	}{
		{dossier.Intake{Channel: dossier.Counter, Assisted: true}, catalogue.OnlineFull,
			"chỉ hồ sơ nộp trực tuyến mới được ghi nhận là có cán bộ hướng dẫn nộp trực tuyến",
			"Only a dossier submitted online can be recorded as assisted online."},
		{dossier.Intake{Channel: dossier.Online, Assisted: true}, catalogue.OnlineCounter,
			"thủ tục “Chứng thực chữ ký” chưa được cung cấp trực tuyến, không thể hướng dẫn nộp trực tuyến; vui lòng tiếp nhận trực tiếp",
			"“Chứng thực chữ ký” is not offered online: it cannot be submitted online with help; receive it at the counter."},
	} {
		tc.in.Applicant = dossier.Applicant{FullName: "Lê Văn Hùng"}
		var p apperr.Problems
		tc.in.Validate(&p, &catalogue.Procedure{Name: "Chứng thực chữ ký", Online: tc.online}, time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC), dossier.ContactOptional)
		err := p.Err()
		if vi, en := problemMessages("vi", err)["channel"], problemMessages("en", err)["channel"]; vi != tc.vi || en != tc.en {
			t.Errorf("channel: vi %q en %q, want %q and %q", vi, en, tc.vi, tc.en)
		}
	}
}
