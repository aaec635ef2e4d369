package pdf

import (
	"bytes"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestFormFieldsPdftotext: every field the Circular 01/2018/TT-VPCP
// templates ask of forms 01, 02, 03, 05 and 06 is in the text poppler reads.
func TestFormFieldsPdftotext(t *testing.T) {
	requireTool(t, "pdftotext", "poppler-utils")
	contact := []string{
		"Địa chỉ: Xóm Gỗ, thôn Mỹ Đức, xã Đạ Tẻh, tỉnh Lâm Đồng",
		"Số điện thoại: 0912 345 678",
		"Thư điện tử: tranvanenh@example.vn",
	}
	for _, tc := range []struct {
		name   string
		render func(io.Writer) error
		want   []string
	}{
		{"receipt (01)", func(w io.Writer) error { return RenderReceiptSlip(w, sampleReceipt()) }, append([]string{
			"Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 7",
			"2. Số lượng hồ sơ: 01 bộ",
			"Thư điện tử: tranvanenh@example.vn",
			"được lập thành 02 liên; 01 liên giao cho người nộp hồ",
		}, contact[:2]...)},
		{"supplement (02)", func(w io.Writer) error { return RenderSupplementRequest(w, sampleSupplement()) }, contact},
		{"refusal (03)", func(w io.Writer) error { return RenderRefusal(w, sampleRefusal()) }, contact},
		{"control (05)", func(w io.Writer) error { return RenderControlSlip(w, sampleControlSlip(4)) }, []string{
			"Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 05/02/2025",
			"Thời gian hẹn trả kết quả mới: 14 giờ 00 phút, ngày 07/02/2025",
			"Cơ quan chủ trì giải quyết: UBND xã Đạ Tẻh",
			"Cơ quan phối hợp giải quyết: Công an xã Đạ Tẻh",
			"Người giao Người nhận",
			"(ký, ghi rõ họ (ký, ghi rõ họ",
			"Kết quả giải 09:00 Quá hạn", // the last row: the dossier's result
		}},
		{"tracking book (06)", func(w io.Writer) error { return RenderTrackingBook(w, sampleTrackingBook(3)) }, []string{
			"lượng", "(bộ)", "Tên cá nhân,", "Địa chỉ, số điện", "Cơ quan chủ", "Nhận hồ", "Hẹn trả",
			"Chuyển hồ", "Nhận kết", "Trả kết", "Hình thức", "Ghi chú", "Ký",
			"ĐT: 0912 345 678", "UBND xã Đạ", "Tại Bộ", "Đã trả kết",
			"08:30 10:00 08:40 09:30 10:00", // received, appointment, sent, back, returned
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkContains(t, "pdftotext", pdftotext(t, mustRender(t, tc.render)), tc.want)
		})
	}
}

// TestControlSlipResultRow: the last row is blank while processing goes
// on, and says on time or late once it ended.
func TestControlSlipResultRow(t *testing.T) {
	s := sampleControlSlip(2)
	s.Result, s.ResultAt, s.NewAppointment = "", time.Time{}, time.Time{}
	text := strings.Join(mustPages(t, mustRender(t, func(w io.Writer) error { return RenderControlSlip(w, s) })), "\n")
	if strings.Contains(text, "Thời gian hẹn trả kết quả mới") {
		t.Error("a slip whose appointment never moved prints a new one")
	}
	if !strings.Contains(text, "Kết quả giải") || strings.Contains(text, "Quá hạn") {
		t.Errorf("pending dossier: want the result row blank\n%s", text)
	}
	s.Result = OutcomeOnTime
	s.ResultAt = s.Appointment
	text = strings.Join(mustPages(t, mustRender(t, func(w io.Writer) error { return RenderControlSlip(w, s) })), "\n")
	if !regexp.MustCompile(`Kết quả giải 10:00 .*Đúng hạn`).MatchString(text) {
		t.Errorf("ended dossier: want the result row to say Đúng hạn\n%s", text)
	}
}

// TestLetterheadNamesNeverSplit: an agency's name too long for its column
// breaks before an administrative level, or shrinks; never inside the
// place's name ("…TỈNH LÂM / ĐỒNG").
func TestLetterheadNamesNeverSplit(t *testing.T) {
	requireTool(t, "pdftotext", "poppler-utils")
	for _, tc := range []struct {
		parent, issuing string
		want            []string // lines, whole
	}{
		{"Ủy ban nhân dân tỉnh Lâm Đồng", "Ủy ban nhân dân xã Đạ Tẻh",
			[]string{"ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN XÃ ĐẠ TẺH"}},
		{"Ủy ban nhân dân thành phố Hồ Chí Minh", "Ủy ban nhân dân phường Bến Thành",
			[]string{"THÀNH PHỐ HỒ CHÍ MINH", "PHƯỜNG BẾN THÀNH"}},
		{"Ủy ban nhân dân huyện Đạ Tẻh tỉnh Lâm Đồng", "UBND xã Quảng Trị",
			[]string{"ỦY BAN NHÂN DÂN HUYỆN ĐẠ TẺH", "TỈNH LÂM ĐỒNG", "UBND XÃ QUẢNG TRỊ"}},
	} {
		s := sampleReceipt()
		s.Letterhead.ParentBody, s.Letterhead.IssuingBody = tc.parent, tc.issuing
		text := pdftotext(t, mustRender(t, func(w io.Writer) error { return RenderReceiptSlip(w, s) }))
		for _, w := range tc.want {
			found := false
			for _, l := range strings.Split(text, "\n") {
				if strings.HasPrefix(l, w) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s / %s: no line starts with %q\n%s", tc.parent, tc.issuing, w, text)
			}
		}
	}
	// Every way of laying out a name keeps the place whole.
	d := newDocument(false, time.Time{})
	d.f.AddPage()
	for _, name := range []string{
		"ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
		"ỦY BAN NHÂN DÂN PHƯỜNG XÃ ĐÀN", "SỞ TƯ PHÁP TỈNH BÀ RỊA - VŨNG TÀU",
		"ỦY BAN NHÂN DÂN HUYỆN ĐẠ TẺH TỈNH LÂM ĐỒNG",
	} {
		for _, width := range []float64{40, 60, 77} {
			lines, size := d.bodyNameLines(name, bold, width)
			if len(lines) > 3 || size < 8 {
				t.Errorf("%q in %v mm: %q at %v pt", name, width, lines, size)
			}
			if strings.Join(lines, " ") != name {
				t.Errorf("%q in %v mm: lines %q lose words", name, width, lines)
			}
			for _, l := range lines[1:] {
				if !startsLevel(strings.Fields(l)) || strings.HasPrefix(l, "XÃ ĐÀN") {
					t.Errorf("%q in %v mm broke as %q", name, width, lines)
				}
			}
		}
	}
}

// TestNothingInBottomMargin: no word of any form, first page with its
// footer or following pages, reaches into the 20 mm bottom margin (Decree
// 30/2020). Positions come from poppler's pdftotext -bbox.
func TestNothingInBottomMargin(t *testing.T) {
	tool := requireTool(t, "pdftotext", "poppler-utils")
	all := append(forms(),
		form{"long control slip", func(w io.Writer) error { return RenderControlSlip(w, sampleControlSlip(40)) }, nil},
		form{"long tracking book", func(w io.Writer) error { return RenderTrackingBook(w, sampleTrackingBook(60)) }, nil},
	)
	pageRe := regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	wordRe := regexp.MustCompile(`<word xMin="[0-9.]+" yMin="[0-9.]+" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>`)
	const margin = 20 * 72 / 25.4 // points
	for _, f := range all {
		cmd := exec.Command(tool, "-bbox", "-enc", "UTF-8", "-", "-")
		cmd.Stdin = bytes.NewReader(mustRender(t, f.render))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: pdftotext -bbox: %v", f.name, err)
		}
		pages := strings.Split(string(out), "<page ")
		words := 0
		for i, p := range pages[1:] {
			m := pageRe.FindStringSubmatch("<page " + p)
			if m == nil {
				t.Fatalf("%s: page %d: no size", f.name, i+1)
			}
			height, _ := strconv.ParseFloat(m[2], 64)
			for _, w := range wordRe.FindAllStringSubmatch(p, -1) {
				words++
				y, _ := strconv.ParseFloat(w[1], 64)
				if y > height-margin {
					t.Errorf("%s: page %d: %q ends %.1f mm from the bottom edge, inside the 20 mm margin",
						f.name, i+1, w[2], (height-y)*25.4/72)
				}
			}
		}
		if words == 0 {
			t.Errorf("%s: no words read", f.name)
		}
	}
}

// TestCircular03Forms: the stop notice Circular 03/2025/TT-VPCP added, and
// its apology that asks to extend the time.
func TestCircular03Forms(t *testing.T) {
	requireTool(t, "pdftotext", "poppler-utils")
	a := sampleApology()
	a.ExtensionRequest = true
	text := pdftotext(t, mustRender(t, func(w io.Writer) error { return RenderApology(w, a) }))
	checkContains(t, "extension request", text, []string{
		"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
		"đề nghị gia hạn thời gian giải quyết hồ sơ",
		"14 giờ 00 phút, ngày 07/02/2025",
	})
	r := sampleRefusal()
	s := StopNotice{Letterhead: r.Letterhead, Issued: at(2025, time.February, 6, 9, 0), DossierCode: r.DossierCode,
		Applicant: r.Applicant, ProcedureName: r.ProcedureName, Received: at(2025, time.February, 5, 8, 30),
		Reason: "Người nộp hồ sơ đề nghị dừng để bổ sung giấy tờ ở nước ngoài.", Contact: r.Officer}
	text = pdftotext(t, mustRender(t, func(w io.Writer) error { return RenderStopNotice(w, s) }))
	checkContains(t, "stop notice", text, []string{
		"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
		"Kính gửi: Ông/Bà Trần Văn Ễnh",
		"Địa chỉ: Xóm Gỗ, thôn Mỹ Đức, xã Đạ Tẻh, tỉnh Lâm Đồng",
		"Số điện thoại: 0912 345 678",
		"Thư điện tử: tranvanenh@example.vn",
		"Mã hồ sơ: " + sampleCode,
		"kể từ 09 giờ 00",
		"phút, ngày 06/02/2025 với lý do như sau:",
		"Người nộp hồ sơ đề nghị dừng",
		"CHỦ TỊCH",
	})
	s.Reason = " "
	if err := RenderStopNotice(io.Discard, s); err == nil || !strings.Contains(err.Error(), "reason") {
		t.Errorf("a stop notice without reason: %v", err)
	}
}
