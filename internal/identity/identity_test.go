package identity_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
)

func TestMapClaims(t *testing.T) {
	n := identity.DefaultClaimNames()
	citizen := map[string]any{"TechID": "abc-123", "LoaiTaiKhoan": float64(1), "SoDinhDanh": "068 190 001 234",
		"HoVaTen": "Nguyễn Thị Lan", "DiaChi": "Thôn 3, xã Đạ Tẻh", "SoDienThoai": "0912.345.678", "ThuDienTu": "Lan@Example.VN", "loAs": "2"}
	got, err := n.Map(citizen)
	if err != nil {
		t.Fatal(err)
	}
	want := identity.Profile{Subject: "abc-123", Kind: dossier.Person, IDNumber: "068190001234", FullName: "Nguyễn Thị Lan",
		Address: "Thôn 3, xã Đạ Tẻh", Phone: "0912345678", Email: "lan@example.vn", Level: identity.Level2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("citizen (-want +got):\n%s", diff)
	}
	org := map[string]any{"TechID": "org-9", "LoaiTaiKhoan": "2", "HoVaTen": "Công ty TNHH Cà phê Đạ Tẻh", "MaSoThue": "5801234567", "loAs": float64(1)}
	got, err = n.Map(org)
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != dossier.Organisation || got.TaxCode != "5801234567" || got.Level != identity.Level1 {
		t.Errorf("organisation: %+v", got)
	}
	if a := got.Applicant(); a.OrgName != "Công ty TNHH Cà phê Đạ Tẻh" || a.TaxCode != "5801234567" {
		t.Errorf("organisation as applicant: %+v", a)
	}

	for _, tc := range []struct {
		name  string
		edit  func(map[string]any)
		field string
	}{
		{"no subject", func(c map[string]any) { delete(c, "TechID") }, "TechID"},
		{"blank subject", func(c map[string]any) { c["TechID"] = "  " }, "TechID"},
		{"short number", func(c map[string]any) { c["SoDinhDanh"] = "06819000123" }, "SoDinhDanh"},
		{"letters in number", func(c map[string]any) { c["SoDinhDanh"] = "06819000123A" }, "SoDinhDanh"},
		{"no number", func(c map[string]any) { delete(c, "SoDinhDanh") }, "SoDinhDanh"},
		{"no name", func(c map[string]any) { delete(c, "HoVaTen") }, "HoVaTen"},
		{"level 3", func(c map[string]any) { c["loAs"] = "3" }, "loAs"},
		{"organisation without tax code", func(c map[string]any) { c["LoaiTaiKhoan"] = "2"; delete(c, "MaSoThue") }, "MaSoThue"},
	} {
		c := map[string]any{}
		for k, v := range citizen {
			c[k] = v
		}
		tc.edit(c)
		_, err := n.Map(c)
		var e *apperr.Error
		if apperr.KindOf(err) != apperr.Invalid || !asError(err, &e) || e.Field != tc.field {
			t.Errorf("%s: %v, want Invalid on %s", tc.name, err, tc.field)
		}
	}
}

func asError(err error, e **apperr.Error) bool {
	x, ok := err.(*apperr.Error)
	*e = x
	return ok
}

func TestParseClaimNames(t *testing.T) {
	n, err := identity.ParseClaimNames("subject=sub, id_number=cccd")
	if err != nil {
		t.Fatal(err)
	}
	if n.Subject != "sub" || n.IDNumber != "cccd" || n.FullName != "HoVaTen" {
		t.Errorf("overrides: %+v", n)
	}
	for _, bad := range []string{"subject", "colour=red", "subject="} {
		if _, err := identity.ParseClaimNames(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
