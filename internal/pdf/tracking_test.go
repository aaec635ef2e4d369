package pdf

import (
	"bytes"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestTrackingBookXLSX(t *testing.T) {
	b := sampleTrackingBook(4)
	data := mustRender(t, func(w io.Writer) error { return WriteTrackingBookXLSX(w, b) })
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != "Sổ theo dõi hồ sơ" {
		t.Fatalf("sheets = %q", sheets)
	}
	sh := sheets[0]
	cell := func(ref string) string {
		t.Helper()
		v, err := f.GetCellValue(sh, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := map[string]string{
		"A1": "UBND XÃ ĐẠ TẺH", "A2": "SỔ THEO DÕI HỒ SƠ", "A3": "Từ ngày 01/02/2025 đến ngày 28/02/2025",
		"A5": "STT", "B5": "Mã hồ sơ", "C5": "Tên thủ tục hành chính", "D5": "Số lượng hồ sơ (bộ)",
		"E5": "Tên cá nhân, tổ chức", "F5": "Địa chỉ, số điện thoại", "G5": "Cơ quan chủ trì giải quyết",
		"H5": "Nhận hồ sơ", "I5": "Hẹn trả kết quả", "J5": "Chuyển hồ sơ đến cơ quan giải quyết",
		"K5": "Nhận kết quả từ cơ quan giải quyết", "L5": "Trả kết quả", "M5": "Hình thức nhận kết quả",
		"N5": "Ghi chú", "O5": "Ký nhận",
		"A6": "1", "B6": "000.00.06.H56-250201-0001", "C6": "Đăng ký khai sinh cho trẻ được sinh ra tại Việt Nam",
		"D6": "01", "E6": "Trần Văn Ễnh", "F6": "Xóm Gỗ, thôn Mỹ Đức\nĐT: 0912 345 678", "G6": "UBND xã Đạ Tẻh",
		"H6": "01/02/2025", "I6": "01/02/2025", "J6": "01/02/2025", "K6": "01/02/2025", "L6": "01/02/2025",
		"M6": "Tại Bộ phận Một cửa", "N6": "Đã trả kết quả. Trả đúng hạn", "O6": "",
		"K7": "", "L7": "", "N7": "Đang xử lý", "B9": "000.00.06.H56-250204-0004",
	}
	for ref, w := range want {
		if got := cell(ref); got != w {
			t.Errorf("%s = %q, want %q", ref, got, w)
		}
	}
	// H6 is a real date: a serial number holding the UTC+7 wall clock
	// (08:30 on 1 Feb 2025), formatted dd/mm/yyyy.
	raw, err := f.GetCellValue(sh, "H6", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("H6 raw value %q is not a number", raw)
	}
	wantSerial := time.Date(2025, 2, 1, 8, 30, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	if d := serial - wantSerial; d > 1e-6 || d < -1e-6 {
		t.Errorf("H6 serial = %v, want %v", serial, wantSerial)
	}
	styleID, err := f.GetCellStyle(sh, "H6")
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(styleID)
	if err != nil {
		t.Fatal(err)
	}
	if style.CustomNumFmt == nil || *style.CustomNumFmt != "dd/mm/yyyy" {
		t.Errorf("H6 number format = %v, want dd/mm/yyyy", style.CustomNumFmt)
	}
}

// TestTrackingBookLandscape checks the PDF is landscape A4 and that a long
// book continues with the header repeated.
func TestTrackingBookLandscape(t *testing.T) {
	b := sampleTrackingBook(60)
	data := mustRender(t, func(w io.Writer) error { return RenderTrackingBook(w, b) })
	if !bytes.Contains(data, []byte("/MediaBox [0 0 841.89 595.28]")) {
		t.Errorf("the book is not landscape A4 (841.89 x 595.28 pt)")
	}
	pages := mustPages(t, data)
	if len(pages) < 2 {
		t.Fatalf("%d pages for 60 dossiers", len(pages))
	}
	for i, p := range pages[1:] {
		if !bytes.Contains([]byte(p), []byte("STT Mã hồ sơ Tên thủ tục Số Tên cá nhân, Địa chỉ, số điện")) {
			t.Errorf("page %d lacks the header row", i+2)
		}
	}
}
