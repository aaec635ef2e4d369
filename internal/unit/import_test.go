package unit

import (
	"errors"
	"strings"
	"testing"
)

func TestProvinceKey(t *testing.T) {
	for _, s := range []string{"Tỉnh Lâm Đồng", "lam_dong", "Lâm Đồng", " LÂM ĐỒNG "} {
		if got := ProvinceKey(s); got != "lam_dong" {
			t.Errorf("ProvinceKey(%q) = %q", s, got)
		}
	}
	if got := ProvinceKey("Thành phố Hồ Chí Minh"); got != "ho_chi_minh" {
		t.Errorf("ProvinceKey(HCMC) = %q", got)
	}
}

func TestWholeNote(t *testing.T) {
	for note, whole := range map[string]bool{
		"Nhập toàn bộ": true, "Giữ nguyên": true, "Đổi tên": true, "Nhập một phần": false,
		"Nhập một  phần": false, "Nhâp một phần diện tích": false, "Nhập một phần diện tích, toàn bộ dân số": false,
		"Phần còn lại sau khi tách một phần vào xã Canh Vinh": false,
		"Sắp xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo": true,
	} {
		if got := wholeNote(cleanName(note)); got != whole {
			t.Errorf("wholeNote(%q) = %v, want %v", note, got, whole)
		}
	}
}

func TestPlanLamDong(t *testing.T) {
	communes, conversion := ShippedLamDong()
	p, err := PlanImport(communes, conversion, "Lâm Đồng")
	if err != nil {
		t.Fatal(err)
	}
	if p.ProvinceCode != "68" || p.ProvinceName != "Tỉnh Lâm Đồng" || len(p.New) != 124 || len(p.Links) != 330 || len(p.Former) != 329 {
		t.Fatalf("plan: %s %s, %d new, %d former, %d links", p.ProvinceCode, p.ProvinceName, len(p.New), len(p.Former), len(p.Links))
	}
	var parts int
	for _, l := range p.Links {
		if !l.Whole {
			parts++
		}
	}
	if parts != 2 {
		t.Errorf("%d links in part, want 2 (Xã Phong Phú)", parts)
	}
	if _, err := PlanImport(communes, conversion, "Atlantis"); err == nil {
		t.Error("a province with no row was accepted")
	}
	bad := strings.Replace(string(communes), `"code": 25126,`, `"code": "x",`, 1)
	_, err = PlanImport([]byte(bad), conversion, "lam_dong")
	var ie *ImportError
	if !errors.As(err, &ie) || ie.Problems[0].File != "communes" || ie.Problems[0].Line == 0 {
		t.Errorf("a malformed commune: %v", err)
	}
}
