package unit

import "testing"

func TestDraftLetterhead(t *testing.T) {
	for _, c := range []struct {
		name, parent string
		want         Letterhead
	}{
		{"Xã Đạ Tẻh", "Tỉnh Lâm Đồng", Letterhead{ParentBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
			IssuingBody: "ỦY BAN NHÂN DÂN XÃ ĐẠ TẺH", Place: "Đạ Tẻh", SignerTitle: "CHỦ TỊCH"}},
		{"Phường Xuân Hương - Đà Lạt", "Tỉnh Lâm Đồng", Letterhead{ParentBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
			IssuingBody: "ỦY BAN NHÂN DÂN PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT", Place: "Xuân Hương - Đà Lạt", SignerTitle: "CHỦ TỊCH"}},
		{"Thị trấn Đạ Tẻh", "Huyện Đạ Tẻh", Letterhead{ParentBody: "ỦY BAN NHÂN DÂN HUYỆN ĐẠ TẺH",
			IssuingBody: "ỦY BAN NHÂN DÂN THỊ TRẤN ĐẠ TẺH", Place: "Đạ Tẻh", SignerTitle: "CHỦ TỊCH"}},
		{"Tỉnh Lâm Đồng", "", Letterhead{IssuingBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", Place: "Lâm Đồng", SignerTitle: "CHỦ TỊCH"}},
		{"Đặc khu Phú Quý", "Tỉnh Lâm Đồng", Letterhead{ParentBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
			IssuingBody: "ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUÝ", Place: "Phú Quý", SignerTitle: "CHỦ TỊCH"}},
	} {
		if got := DraftLetterhead(c.name, c.parent); got != c.want {
			t.Errorf("DraftLetterhead(%q, %q)\n got %+v\nwant %+v", c.name, c.parent, got, c.want)
		}
	}
	if !(Letterhead{}).Empty() || DraftLetterhead("Xã A", "").Empty() {
		t.Error("Empty")
	}
}
