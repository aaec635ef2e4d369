package dossier

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
)

func TestParseIDCardQR(t *testing.T) {
	got, err := ParseIDCardQR("  079203009876|025123456|Võ Thị Hạnh|15081990|Nữ|12 Nguyễn Trãi, Phường 2, TP Hồ Chí Minh|20042021\r\n")
	if err != nil {
		t.Fatal(err)
	}
	want := IDCardQR{IDNumber: "079203009876", OldIDNumber: "025123456", FullName: "Võ Thị Hạnh", BirthDate: "1990-08-15",
		Sex: "Nữ", Address: "12 Nguyễn Trãi, Phường 2, TP Hồ Chí Minh", IssuedOn: "2021-04-20"}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// No old number; decomposed diacritics as some scanners send them.
	got, err = ParseIDCardQR("068190001234||Nguye\u0302\u0303n Văn An|01012000|Nam|Thôn 3, xã Đạ Tẻh|01072022")
	if err != nil || got.OldIDNumber != "" || got.FullName != "Nguyễn Văn An" {
		t.Errorf("no old number: %+v, %v", got, err)
	}
	for text, want := range map[string]string{
		"":                                    "cần 7 phần",
		"https://example.vn/some-other-qr":    "cần 7 phần",
		"07920300987|x|A|15081990|Nam|B|C":    "12 chữ số",
		"079203009876|x||15081990|Nam|B|C":    "không có họ tên",
		"079203009876|x|A|31021990|Nam|B|C":   "ngày sinh",
		"079203009876|x|A|1990-08-15|Nam|B|C": "ngày sinh",
	} {
		_, err := ParseIDCardQR(text)
		if apperr.KindOf(err) != apperr.Invalid || apperr.FieldOf(err) != "cccd_qr" || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want Invalid on cccd_qr saying %q", text, err, want)
		}
	}
}
