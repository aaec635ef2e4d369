// Package identity holds who a citizen is once the national e-ID (VNeID,
// through the national portal's single sign-on) has vouched for them: the
// claims the provider sends, mapped by configuration to a Profile, with the
// assurance level of the sign-in. It is pure: the OpenID Connect exchange
// lives in identity/vneid, the fake provider in identity/idpfake.
package identity

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/textfold"
)

// Level is an e-ID account's assurance level (Decree 69/2024): level 1 was
// registered online, level 2 was checked in person against the ID card.
type Level int

const (
	Level1 Level = 1
	Level2 Level = 2
)

// Valid reports whether l is level 1 or 2.
func (l Level) Valid() bool { return l == Level1 || l == Level2 }

// Profile is who signed in, as the provider's claims say.
type Profile struct {
	Subject string // the provider's stable identifier (TechID)
	Kind    dossier.ApplicantKind
	// IDNumber is a person's 12-digit personal identification number
	// (SoDinhDanh); an organisation's representative's, when sent.
	IDNumber string
	FullName string // a person's name, or an organisation's name
	Sex      string
	Address  string
	Phone    string
	Email    string
	// TaxCode and OrgCode identify an organisation (MaSoThue, MaSoDoanhNghiep).
	TaxCode string
	OrgCode string
	Level   Level
}

// Applicant is the profile as a dossier's applicant, for prefilling a form.
func (p Profile) Applicant() dossier.Applicant {
	a := dossier.Applicant{Kind: p.Kind, FullName: p.FullName, IDNumber: p.IDNumber, Phone: p.Phone, Email: p.Email, Address: p.Address}
	if p.Kind == dossier.Organisation {
		a.OrgName, a.TaxCode, a.FullName = p.FullName, p.TaxCode, ""
	}
	return a
}

// ClaimNames says which claim carries each item of a Profile. The names the
// national portal used in 2021 are the defaults (DefaultClaimNames); each can
// be renamed by configuration, since they are not confirmed.
type ClaimNames struct {
	Subject, AccountKind, IDNumber, FullName, Sex, Address, Phone, Email, TaxCode, OrgCode, Level string
	// PersonKind is the AccountKind value of a citizen's account; any other
	// value is an organisation's.
	PersonKind string
}

// DefaultClaimNames are the claims seen in the national portal's single
// sign-on (LoaiTaiKhoan 1 for a citizen; TechID the stable subject; loAs the
// assurance level).
func DefaultClaimNames() ClaimNames {
	return ClaimNames{Subject: "TechID", AccountKind: "LoaiTaiKhoan", IDNumber: "SoDinhDanh", FullName: "HoVaTen",
		Sex: "GioiTinh", Address: "DiaChi", Phone: "SoDienThoai", Email: "ThuDienTu", TaxCode: "MaSoThue",
		OrgCode: "MaSoDoanhNghiep", Level: "loAs", PersonKind: "1"}
}

// claimKeys lists the configuration keys of ParseClaimNames.
func (n *ClaimNames) fields() map[string]*string {
	return map[string]*string{"subject": &n.Subject, "account_kind": &n.AccountKind, "id_number": &n.IDNumber,
		"full_name": &n.FullName, "sex": &n.Sex, "address": &n.Address, "phone": &n.Phone, "email": &n.Email,
		"tax_code": &n.TaxCode, "org_code": &n.OrgCode, "level": &n.Level, "person_kind": &n.PersonKind}
}

// ParseClaimNames reads overrides of the default names, written
// "key=Claim,key=Claim" (keys: subject, account_kind, id_number, full_name,
// sex, address, phone, email, tax_code, org_code, level, person_kind).
func ParseClaimNames(s string) (ClaimNames, error) {
	n := DefaultClaimNames()
	f := n.fields()
	for _, pair := range strings.Split(s, ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		p, known := f[k]
		if !ok || !known || v == "" {
			return n, fmt.Errorf("%q: want key=ClaimName with key one of subject, account_kind, id_number, full_name, sex, address, phone, email, tax_code, org_code, level, person_kind", pair)
		}
		*p = v
	}
	return n, nil
}

var (
	personalNumber = regexp.MustCompile(`^[0-9]{12}$`)
	taxCode        = regexp.MustCompile(`^[0-9]{10}(-[0-9]{3})?$`)
)

// Map turns the provider's claims into a Profile. Missing or malformed
// claims the sign-in cannot do without are an Invalid error naming the
// claim, with a sentence a citizen can read: no subject; for a citizen, no
// 12-digit personal number or no name; for an organisation, no valid tax
// code; an assurance level other than 1 or 2. Texts are NFC-normalised.
func (n ClaimNames) Map(claims map[string]any) (Profile, error) {
	get := func(name string) string { return textfold.NFC(strings.TrimSpace(claimString(claims[name]))) }
	p := Profile{Subject: get(n.Subject), IDNumber: strings.NewReplacer(" ", "", ".", "").Replace(get(n.IDNumber)),
		FullName: get(n.FullName), Sex: get(n.Sex), Address: get(n.Address), Phone: strings.NewReplacer(" ", "", ".", "", "-", "").Replace(get(n.Phone)),
		Email: strings.ToLower(get(n.Email)), TaxCode: strings.ReplaceAll(get(n.TaxCode), " ", ""), OrgCode: get(n.OrgCode)}
	p.Kind = dossier.Person
	if k := get(n.AccountKind); k != "" && k != n.PersonKind {
		p.Kind = dossier.Organisation
	}
	switch lv := get(n.Level); lv {
	case "", "1":
		p.Level = Level1 // a provider that does not say vouches for level 1 only
	case "2":
		p.Level = Level2
	default:
		return Profile{}, apperr.Invalidf(n.Level, "Cổng dịch vụ công gửi mức độ xác thực %q, không phải mức 1 hay mức 2.", clip(lv))
	}
	switch {
	case p.Subject == "":
		return Profile{}, apperr.Invalidf(n.Subject, "Cổng dịch vụ công không gửi mã định danh tài khoản (%s), nên chưa thể đăng nhập.", n.Subject)
	case len(p.Subject) > 200:
		return Profile{}, apperr.Invalidf(n.Subject, "Mã định danh tài khoản (%s) dài quá 200 ký tự.", n.Subject)
	case p.FullName == "":
		return Profile{}, apperr.Invalidf(n.FullName, "Cổng dịch vụ công không gửi họ và tên (%s), nên chưa thể đăng nhập.", n.FullName)
	case len([]rune(p.FullName)) > dossier.MaxNameLen && p.Kind == dossier.Person:
		return Profile{}, apperr.Invalidf(n.FullName, "Họ và tên (%s) dài quá %d ký tự.", n.FullName, dossier.MaxNameLen)
	case p.Kind == dossier.Person && !personalNumber.MatchString(p.IDNumber):
		return Profile{}, apperr.Invalidf(n.IDNumber, "Số định danh cá nhân (%s) Cổng dịch vụ công gửi không phải 12 chữ số, nên chưa thể đăng nhập.", n.IDNumber)
	case p.Kind == dossier.Organisation && !taxCode.MatchString(p.TaxCode):
		return Profile{}, apperr.Invalidf(n.TaxCode, "Mã số thuế (%s) của tổ chức không đúng dạng 10 chữ số (hoặc 10 chữ số, gạch và 3 chữ số).", n.TaxCode)
	case p.Kind == dossier.Organisation && p.IDNumber != "" && !personalNumber.MatchString(p.IDNumber):
		p.IDNumber = "" // a representative's malformed number is dropped, not trusted
	}
	if len([]rune(p.Address)) > dossier.MaxAddressLen {
		p.Address = string([]rune(p.Address)[:dossier.MaxAddressLen])
	}
	return p, nil
}

// claimString reads a claim as text: a string, a number (JSON numbers
// arrive as float64) or a one-element list.
func claimString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case []any:
		if len(x) == 1 {
			return claimString(x[0])
		}
	}
	return ""
}

func clip(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}
