package dossier

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/staff"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/textfold"
)

// ApplicantKind says whether the applicant is a person or an organisation.
type ApplicantKind string

const (
	Person       ApplicantKind = "person"
	Organisation ApplicantKind = "organisation"
)

// Applicant is who a dossier is for (or, as a submitter, who handed it in).
type Applicant struct {
	Kind     ApplicantKind
	FullName string // a person's name, or an organisation's representative
	// IDNumber is the 12-digit personal identification number, or a 9-digit old ID card number.
	IDNumber  string
	BirthDate string // YYYY-MM-DD
	Phone     string
	Email     string
	Address   string
	// OrgName and TaxCode describe an organisation; FullName is then its representative.
	OrgName string
	TaxCode string
}

// DisplayName is the organisation's name, or the person's.
func (a *Applicant) DisplayName() string {
	if a.Kind == Organisation && a.OrgName != "" {
		return a.OrgName
	}
	return a.FullName
}

var (
	digits    = regexp.MustCompile(`^[0-9]+$`)
	phoneRe   = regexp.MustCompile(`^(0|\+84)[0-9]{9,10}$`)
	taxCodeRe = regexp.MustCompile(`^[0-9]{10}(-[0-9]{3})?$`)
)

// Normalize NFC-normalises every text and strips spaces and dots from numbers.
func (a *Applicant) Normalize() {
	for _, p := range []*string{&a.FullName, &a.IDNumber, &a.BirthDate, &a.Phone, &a.Email, &a.Address, &a.OrgName, &a.TaxCode} {
		*p = textfold.NFC(*p)
	}
	a.IDNumber = strings.NewReplacer(" ", "", ".", "").Replace(a.IDNumber)
	a.Phone = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(a.Phone)
	a.TaxCode = strings.ReplaceAll(a.TaxCode, " ", "")
	a.Email = strings.ToLower(a.Email)
	if a.Kind == "" {
		a.Kind = Person
	}
}

// Contact says whether Validate requires a way to reach the applicant.
type Contact bool

const (
	// ContactOptional: phone and address may be left out (at the counter the
	// applicant stands in front of the officer; over the API the caller decides).
	ContactOptional Contact = false
	// ContactRequired: phone and address are required, as on the online form,
	// where officers must be able to reach an applicant they have never met.
	ContactRequired Contact = true
)

// Validate adds a problem per bad field to p, each field name prefixed with
// prefix (e.g. "applicant."), with a message key and a Vietnamese sentence.
// today bounds the date of birth; contact says whether phone and address
// are required. The bounds are those of bounds.go.
func (a *Applicant) Validate(p *apperr.Problems, prefix string, today time.Time, contact Contact) {
	switch a.Kind {
	case Person, Organisation:
	default:
		p.Add(prefix+"kind", "val.applicant.kind", "vui lòng chọn người nộp là cá nhân hay tổ chức")
	}
	switch n := utf8.RuneCountInString(a.FullName); {
	case n == 0 && a.Kind == Organisation:
		p.Add(prefix+"full_name", "val.applicant.representative", "vui lòng nhập họ và tên người đại diện của tổ chức")
	case n == 0:
		p.Add(prefix+"full_name", "val.applicant.full_name", "vui lòng nhập họ và tên")
	case n > MaxNameLen:
		p.Add(prefix+"full_name", "val.applicant.full_name_long", "họ và tên dài %d ký tự; tối đa %d ký tự", n, MaxNameLen)
	}
	if a.IDNumber != "" || a.Kind == Person {
		checkIDNumber(p, prefix+"id_number", a.IDNumber)
	}
	if a.BirthDate != "" {
		b, err := calendar.ParseDate(a.BirthDate) // a Vietnam calendar date
		switch {
		case err != nil:
			p.Add(prefix+"birth_date", "val.applicant.birth_date", "ngày sinh chưa đúng; vui lòng chọn ngày theo dạng ngày/tháng/năm")
		case b.Compare(calendar.DateOf(today)) > 0:
			p.Add(prefix+"birth_date", "val.applicant.birth_future", "ngày sinh không thể ở tương lai")
		case b.Year < 1900:
			p.Add(prefix+"birth_date", "val.applicant.birth_old", "ngày sinh trước năm 1900; vui lòng kiểm tra lại năm sinh")
		}
	}
	switch {
	case a.Phone == "" && contact == ContactRequired:
		p.Add(prefix+"phone", "val.applicant.phone_required", "vui lòng nhập số điện thoại để cán bộ liên hệ khi cần")
	case a.Phone != "" && !ValidPhone(a.Phone):
		p.Add(prefix+"phone", "val.applicant.phone", "số điện thoại chưa đúng: cần 10 chữ số bắt đầu bằng 0, ví dụ 0912345678")
	}
	if a.Email != "" {
		if !ValidEmail(a.Email) {
			p.Add(prefix+"email", "val.applicant.email", "địa chỉ thư điện tử chưa đúng, ví dụ: ten@example.com. Có thể để trống")
		}
	}
	switch n := utf8.RuneCountInString(a.Address); {
	case n == 0 && contact == ContactRequired:
		p.Add(prefix+"address", "val.applicant.address_required", "vui lòng nhập địa chỉ nơi ở (thôn, xã, tỉnh)")
	case n > MaxAddressLen:
		p.Add(prefix+"address", "val.applicant.address_long", "địa chỉ dài %d ký tự; tối đa %d ký tự", n, MaxAddressLen)
	}
	if a.Kind == Organisation {
		switch n := utf8.RuneCountInString(a.OrgName); {
		case n == 0:
			p.Add(prefix+"org_name", "val.applicant.org_name", "vui lòng nhập tên tổ chức")
		case n > MaxOrgNameLen:
			p.Add(prefix+"org_name", "val.applicant.org_name_long", "tên tổ chức dài %d ký tự; tối đa %d ký tự", n, MaxOrgNameLen)
		}
		if !taxCodeRe.MatchString(a.TaxCode) {
			p.Add(prefix+"tax_code", "val.applicant.tax_code", "mã số thuế gồm 10 chữ số (hoặc 10 chữ số, dấu gạch và 3 chữ số)")
		}
	} else {
		checkLen(p, prefix+"org_name", "Tên tổ chức", a.OrgName, MaxOrgNameLen)
		checkLen(p, prefix+"tax_code", "Mã số thuế", a.TaxCode, 20)
	}
}

// checkIDNumber accepts a 12-digit personal identification number or a
// 9-digit old identity card number.
func checkIDNumber(p *apperr.Problems, field, id string) {
	switch {
	case id == "":
		p.Add(field, "val.id_number.required", "vui lòng nhập số định danh cá nhân (12 chữ số trên thẻ căn cước)")
	case !digits.MatchString(id):
		p.Add(field, "val.id_number.digits", "số định danh chỉ gồm chữ số (0–9), không có chữ cái")
	case len(id) != 12 && len(id) != 9:
		p.Add(field, "val.id_number.length", "số định danh phải có 12 chữ số (hoặc 9 chữ số nếu là CMND cũ); bạn đã nhập %d chữ số", len(id))
	}
}

// CheckIDNumber accepts a 12-digit personal identification number or a
// 9-digit old identity card number; otherwise it returns an Invalid error on
// field "id_number".
func CheckIDNumber(id string) error {
	var p apperr.Problems
	checkIDNumber(&p, "id_number", id)
	if err := p.Err(); err != nil {
		var fe *apperr.FieldsError
		errors.As(err, &fe)
		return apperr.Invalidf("id_number", "%s", fe.Fields["id_number"])
	}
	return nil
}

// SeesFullID reports whether officer o may read the applicant's whole
// identification number: only reception of the receiving unit, who checks it
// against the ID card at the counter. Everyone else sees MaskID's form, on
// pages, over the API and on documents alike.
func (d *Dossier) SeesFullID(o *staff.Officer) bool {
	return o != nil && o.Has(staff.Reception) && o.UnitID == d.ReceivingUnitID
}

// MaskID hides all but the last four digits: 0012****5678 becomes ********5678.
func MaskID(id string) string {
	if len(id) <= 4 {
		return id
	}
	return strings.Repeat("*", len(id)-4) + id[len(id)-4:]
}
