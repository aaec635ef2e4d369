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
