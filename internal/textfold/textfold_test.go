package textfold

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đăng ký khai sinh", "dang ky khai sinh"},
		{"ĐỐNG ĐA", "dong da"},
		{"Hoà", "hoa"},
		{"Hòa", "hoa"},
		{"Thuỷ  /  thủy", "thuy thuy"},
		{"Cấp bản sao trích lục (hộ tịch)", "cap ban sao trich luc ho tich"},
		{"  1.001193 ", "1 001193"},
		// NFD input folds the same as NFC.
		{"Nguye\u0302\u0303n", "nguyen"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNFC(t *testing.T) {
	decomposed := "Nguye\u0302\u0303n Va\u0306n A"
	if got, want := NFC(" "+decomposed+" "), "Nguyễn Văn A"; got != want {
		t.Errorf("NFC = %q (% x), want %q", got, got, want)
	}
}

func TestMatch(t *testing.T) {
	doc := Fold("Đăng ký kết hôn; hoà giải")
	for _, q := range []string{"dang ky", "KET HON", "hòa", "hoà", "đăng"} {
		if !Match(doc, Terms(q)) {
			t.Errorf("query %q does not match %q", q, doc)
		}
	}
	if Match(doc, Terms("khai sinh")) {
		t.Errorf("query khai sinh matches %q", doc)
	}
	if got := Terms("hoa Hoà hòa"); !slices.Equal(got, []string{"hoa"}) {
		t.Errorf("Terms = %q", got)
	}
}
