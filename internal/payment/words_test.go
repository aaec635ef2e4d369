package payment

import "testing"

// The expected texts are written by hand from the reading rules of
// Vietnamese numbers, not produced by InWords.
func TestInWords(t *testing.T) {
	for _, c := range []struct {
		vnd  int64
		want string
	}{
		{0, "Không đồng"},
		{5, "Năm đồng"},
		{10, "Mười đồng"},
		{15, "Mười lăm đồng"},
		{21, "Hai mươi mốt đồng"},
		{24, "Hai mươi tư đồng"},
		{105, "Một trăm linh năm đồng"},
		{8000, "Tám nghìn đồng"},
		{10000, "Mười nghìn đồng"},
		{25000, "Hai mươi lăm nghìn đồng"},
		{1005, "Một nghìn không trăm linh năm đồng"},
		{50500, "Năm mươi nghìn năm trăm đồng"},
		{1_000_000, "Một triệu đồng"},
		{1_200_050, "Một triệu hai trăm nghìn không trăm năm mươi đồng"},
		{1_000_000_000, "Một tỷ đồng"},
		{20_000_000_015, "Hai mươi tỷ không trăm mười lăm đồng"},
		{1_000_000_000_000, "Một nghìn tỷ đồng"},
		{-8000, "Âm tám nghìn đồng"},
	} {
		if got := InWords(c.vnd); got != c.want {
			t.Errorf("InWords(%d) = %q, want %q", c.vnd, got, c.want)
		}
	}
}
