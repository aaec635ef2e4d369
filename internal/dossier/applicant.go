package dossier

import (
	"net/mail"
	"regexp"
	"strings"
	"time"

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

// Validate adds a message per bad field to f, each field name prefixed with
// prefix (e.g. "applicant."). today bounds the date of birth.
func (a *Applicant) Validate(f apperr.Fields, prefix string, today time.Time) {
	switch a.Kind {
	case Person, Organisation:
	default:
		f.Add(prefix+"kind", "loại người nộp %q không hợp lệ (person hoặc organisation)", a.Kind)
	}
	if a.FullName == "" {
		if a.Kind == Organisation {
			f.Add(prefix+"full_name", "vui lòng nhập họ tên người đại diện")
		} else {
			f.Add(prefix+"full_name", "vui lòng nhập họ và tên")
		}
	} else if len([]rune(a.FullName)) > 100 {
		f.Add(prefix+"full_name", "họ và tên dài quá 100 ký tự")
	}
	if a.IDNumber != "" || a.Kind == Person {
		if err := CheckIDNumber(a.IDNumber); err != nil {
			f.Add(prefix+"id_number", "%s", apperr.PublicMessage(err))
		}
	}
	if a.BirthDate != "" {
		b, err := calendar.ParseDate(a.BirthDate) // a Vietnam calendar date
		switch {
		case err != nil:
			f.Add(prefix+"birth_date", "ngày sinh %q không hợp lệ (dạng YYYY-MM-DD)", a.BirthDate)
		case b.Compare(calendar.DateOf(today)) > 0:
			f.Add(prefix+"birth_date", "ngày sinh %s ở tương lai", a.BirthDate)
		case b.Year < 1900:
			f.Add(prefix+"birth_date", "ngày sinh %s quá xa", a.BirthDate)
		}
	}
	if a.Phone != "" && !phoneRe.MatchString(a.Phone) {
		f.Add(prefix+"phone", "số điện thoại %q không hợp lệ (10 chữ số bắt đầu bằng 0, hoặc +84)", a.Phone)
	}
	if a.Email != "" {
		if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email {
			f.Add(prefix+"email", "địa chỉ thư điện tử %q không hợp lệ", a.Email)
		}
	}
	if a.Kind == Organisation {
		if a.OrgName == "" {
			f.Add(prefix+"org_name", "vui lòng nhập tên tổ chức")
		}
		if !taxCodeRe.MatchString(a.TaxCode) {
			f.Add(prefix+"tax_code", "mã số thuế %q không hợp lệ (10 chữ số, hoặc 10 chữ số-3 chữ số)", a.TaxCode)
		}
	}
	if len([]rune(a.Address)) > 300 {
		f.Add(prefix+"address", "địa chỉ dài quá 300 ký tự")
	}
}

// CheckIDNumber accepts a 12-digit personal identification number or a
// 9-digit old identity card number.
func CheckIDNumber(id string) error {
	switch {
	case id == "":
		return apperr.Invalidf("id_number", "vui lòng nhập số định danh cá nhân")
	case !digits.MatchString(id):
		return apperr.Invalidf("id_number", "số định danh %q chỉ được gồm chữ số", id)
	case len(id) != 12 && len(id) != 9:
		return apperr.Invalidf("id_number", "số định danh phải có 12 chữ số (hoặc 9 chữ số với CMND cũ), đã nhập %d", len(id))
	}
	return nil
}

// MaskID hides all but the last four digits: 0012****5678 becomes ********5678.
func MaskID(id string) string {
	if len(id) <= 4 {
		return id
	}
	return strings.Repeat("*", len(id)-4) + id[len(id)-4:]
}
