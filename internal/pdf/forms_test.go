package pdf

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

// form is one document under test: how to render it and lines its text must
// hold exactly, on one line each.
type form struct {
	name   string
	render func(io.Writer) error
	want   []string
}

// letterheadLines are on every document with the sample letterhead.
var letterheadLines = []string{
	"UBND TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"UBND XÃ ĐẠ TẺH Độc lập - Tự do - Hạnh phúc",
}

func forms() []form {
	return []form{
		{"receipt", func(w io.Writer) error { return RenderReceiptSlip(w, sampleReceipt()) }, []string{
			"Số: 7/GTN-BPMC Đạ Tẻh, ngày 05 tháng 02 năm 2025",
			"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
			"Mã hồ sơ: 000.00.06.H56-250205-0007",
			"Ông/Bà: Trần Văn Ễnh",
			"Số định danh cá nhân: 068******123",
			"Địa chỉ: Xóm Gỗ, thôn Mỹ Đức, xã Đạ Tẻh, tỉnh Lâm Đồng",
			"Hình thức nộp hồ sơ: Trực tiếp tại Bộ phận Một cửa",
			"3 Giấy chứng nhận kết hôn của cha, mẹ trẻ (nếu có) Bản sao có chứng thực 01",
			"2. Số lượng hồ sơ: 01 bộ",
			"4. Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 05/02/2025",
			"5. Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 05/02/2025",
			"NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ",
			"Trần Văn Ễnh Lê Thị Đặng Ựa",
		}},
		{"supplement", func(w io.Writer) error { return RenderSupplementRequest(w, sampleSupplement()) }, []string{
			"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
			"Mã hồ sơ: 000.00.06.H56-250205-0007",
			"2 Tờ khai đăng ký khai sinh Thiếu chữ ký của người đi khai sinh.",
			"NGƯỜI HƯỚNG DẪN",
			"Lê Thị Đặng Ựa",
		}},
		{"refusal", func(w io.Writer) error { return RenderRefusal(w, sampleRefusal()) }, []string{
			"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
			"Mã hồ sơ: 000.00.06.H56-250205-0007",
			"Xin thông báo để Ông/Bà được biết và thực hiện./.",
		}},
		{"apology", func(w io.Writer) error { return RenderApology(w, sampleApology()) }, []string{
			"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
			"Kính gửi: Ông/Bà Trần Văn Ễnh",
			"14 giờ 00 phút, ngày 07/02/2025",
			"TM. ỦY BAN NHÂN DÂN",
			"CHỦ TỊCH",
			"Nguyễn Thị Thặng",
		}},
		{"control", func(w io.Writer) error { return RenderControlSlip(w, sampleControlSlip(4)) }, []string{
			"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
			"Mã hồ sơ: 000.00.06.H56-250205-0007",
			"Thời gian trả kết quả giải quyết hồ sơ: 10 giờ 00 phút, ngày 05/02/2025",
			"Hạn: 12:30",
			"Đúng hạn",
			"Quá hạn",
			"Ựa (bước 1)",
			"Đỗ",
		}},
		{"handover", func(w io.Writer) error { return RenderResultHandover(w, sampleHandover()) }, []string{
			"BIÊN BẢN BÀN GIAO KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
			"Hôm nay, vào hồi 10 giờ 05 phút, ngày 05/02/2025, tại Bộ phận Tiếp nhận và Trả",
			"2 Trích lục khai sinh (bản sao) Số 25/2025/TLKS-BS 02",
			"BÊN NHẬN BÊN GIAO",
		}},
		{"tracking", func(w io.Writer) error { return RenderTrackingBook(w, sampleTrackingBook(5)) }, []string{
			"SỔ THEO DÕI HỒ SƠ",
			"Từ ngày 01/02/2025 đến ngày 28/02/2025",
		}},
		{"letter", func(w io.Writer) error { return RenderLetter(w, sampleLetter()) }, []string{
			"THƯ CHÚC MỪNG",
			"Kính gửi: Ông Nguyễn Văn Đức và Bà Trần Thị Ngọc Ánh",
			"Đạ Tẻh, ngày 06 tháng 02 năm 2025",
			"Nguyễn Thị Thặng",
		}},
		{"lawsheet", func(w io.Writer) error { return RenderLawSheet(w, sampleLawSheet()) }, []string{
			"NHỮNG VIỆC CÔNG DÂN CẦN LÀM TIẾP THEO",
			"Thủ tục: Đăng ký khai sinh",
			"1. Đăng ký thường trú cho trẻ tại nơi cư trú của cha, mẹ.",
			"Căn cứ: Điều 20 Luật Cư trú số 68/2020/QH14",
		}},
	}
}

// TestFormsText checks each document's text, extracted in Go, against the
// expected lines and the golden file testdata/<name>.txt (go test -update
// rewrites it).
func TestFormsText(t *testing.T) {
	for _, f := range forms() {
		t.Run(f.name, func(t *testing.T) {
			data := mustRender(t, f.render)
			text := strings.Join(mustPages(t, data), "\n\f\n")
			if !norm.NFC.IsNormalString(text) {
				t.Errorf("extracted text is not NFC")
			}
			checkContains(t, "pdftext", text, append(letterheadLines, f.want...))
			golden := filepath.Join("testdata", f.name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(strings.TrimSuffix(string(want), "\n"), text); diff != "" {
				t.Errorf("%s (-golden +got):\n%s", golden, diff)
			}
		})
	}
}

// TestFormsPdftotext checks the same lines with poppler, an independent
// reader: what a citizen's viewer will show.
func TestFormsPdftotext(t *testing.T) {
	requireTool(t, "pdftotext", "poppler-utils")
	for _, f := range forms() {
		t.Run(f.name, func(t *testing.T) {
			text := pdftotext(t, mustRender(t, f.render))
			checkContains(t, "pdftotext", text, append(letterheadLines, f.want...))
		})
	}
}

// TestDeterministic renders each document twice: same input, same bytes.
func TestDeterministic(t *testing.T) {
	for _, f := range forms() {
		a, b := mustRender(t, f.render), mustRender(t, f.render)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", f.name)
		}
	}
}

// TestNFDInput feeds decomposed text everywhere and expects the same PDF.
func TestNFDInput(t *testing.T) {
	nfd := func(s string) string { return norm.NFD.String(s) }
	r := sampleReceipt()
	d := r
	d.Letterhead = Letterhead{
		ParentBody: nfd(r.Letterhead.ParentBody), IssuingBody: nfd(r.Letterhead.IssuingBody), Place: nfd(r.Letterhead.Place),
		SignerAuthority: nfd(r.Letterhead.SignerAuthority), SignerTitle: nfd(r.Letterhead.SignerTitle),
		SignerName: nfd(r.Letterhead.SignerName), Address: nfd(r.Letterhead.Address), Phone: r.Letterhead.Phone,
	}
	d.ReceivingUnit = nfd(r.ReceivingUnit)
	d.Applicant.Name, d.Applicant.Address = nfd(r.Applicant.Name), nfd(r.Applicant.Address)
	d.ProcedureName, d.TimeLimit, d.ResultPlace = nfd(r.ProcedureName), nfd(r.TimeLimit), nfd(r.ResultPlace)
	d.Officer.Name = nfd(r.Officer.Name)
	d.Components = nil
	for _, c := range r.Components {
		d.Components = append(d.Components, Component{Name: nfd(c.Name), Form: c.Form, Count: c.Count})
	}
	if d.Applicant.Name == r.Applicant.Name {
		t.Fatal("test is broken: NFD sample equals NFC sample")
	}
	composed := mustRender(t, func(w io.Writer) error { return RenderReceiptSlip(w, r) })
	decomposed := mustRender(t, func(w io.Writer) error { return RenderReceiptSlip(w, d) })
	if diff := cmp.Diff(strings.Join(mustPages(t, composed), "\f"), strings.Join(mustPages(t, decomposed), "\f")); diff != "" {
		t.Errorf("NFD input gives different text (-NFC +NFD):\n%s", diff)
	}
	if !bytes.Equal(composed, decomposed) {
		t.Errorf("NFD input gives different PDF bytes")
	}
}

// TestUnprintableInput must not panic: fpdf indexes a 65536-entry table by
// rune, so characters outside the BMP would crash it if they got through.
func TestUnprintableInput(t *testing.T) {
	r := sampleReceipt()
	r.Applicant.Name = "Trần Văn Ễnh 😀 \x00\x07 \xff"
	r.Applicant.Address = strings.Repeat("Đườnggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg", 3)
	data := mustRender(t, func(w io.Writer) error { return RenderReceiptSlip(w, r) })
	checkContains(t, "pdftext", strings.Join(mustPages(t, data), "\n"), []string{"Ông/Bà: Trần Văn Ễnh ? ?? ?"})
}

func TestValidation(t *testing.T) {
	tests := []struct {
		name   string
		render func(io.Writer) error
		field  string
	}{
		{"receipt code", func(w io.Writer) error { s := sampleReceipt(); s.DossierCode = " "; return RenderReceiptSlip(w, s) }, "dossier code"},
		{"receipt url", func(w io.Writer) error { s := sampleReceipt(); s.LookupURL = ""; return RenderReceiptSlip(w, s) }, "lookup URL"},
		{"receipt appointment", func(w io.Writer) error {
			s := sampleReceipt()
			s.Appointment = time.Time{}
			return RenderReceiptSlip(w, s)
		}, "appointment"},
		{"receipt channel", func(w io.Writer) error { s := sampleReceipt(); s.Channel = 9; return RenderReceiptSlip(w, s) }, "unknown channel 9"},
		{"receipt sets", func(w io.Writer) error { s := sampleReceipt(); s.Sets = 0; return RenderReceiptSlip(w, s) }, "number of sets"},
		{"receipt component form", func(w io.Writer) error {
			s := sampleReceipt()
			s.Components[1].Form = "photo"
			return RenderReceiptSlip(w, s)
		}, "component 2: unknown component form \"photo\""},
		{"letterhead", func(w io.Writer) error {
			s := sampleReceipt()
			s.Letterhead.IssuingBody = ""
			return RenderReceiptSlip(w, s)
		}, "letterhead issuing body"},
		{"supplement items", func(w io.Writer) error { s := sampleSupplement(); s.Items = nil; return RenderSupplementRequest(w, s) }, "list of components to supplement"},
		{"supplement reason", func(w io.Writer) error {
			s := sampleSupplement()
			s.Items[1].Reason = ""
			return RenderSupplementRequest(w, s)
		}, "item 2 reason"},
		{"refusal reason", func(w io.Writer) error { s := sampleRefusal(); s.Reason = ""; return RenderRefusal(w, s) }, "reason"},
		{"apology signer", func(w io.Writer) error {
			s := sampleApology()
			s.Letterhead.SignerName = ""
			return RenderApology(w, s)
		}, "signer name"},
		{"control outcome", func(w io.Writer) error {
			s := sampleControlSlip(3)
			s.HandOvers[2].Outcome = "soon"
			return RenderControlSlip(w, s)
		}, "hand-over 3: unknown outcome"},
		{"handover copies", func(w io.Writer) error {
			s := sampleHandover()
			s.Documents[0].Copies = 0
			return RenderResultHandover(w, s)
		}, "document 1 copies"},
		{"tracking period", func(w io.Writer) error {
			b := sampleTrackingBook(1)
			b.From, b.To = b.To, b.From
			return RenderTrackingBook(w, b)
		}, "period ends"},
		{"tracking xlsx code", func(w io.Writer) error {
			b := sampleTrackingBook(2)
			b.Entries[1].Code = ""
			return WriteTrackingBookXLSX(w, b)
		}, "entry 2 dossier code"},
		{"letter body", func(w io.Writer) error { s := sampleLetter(); s.Paragraphs = []string{" "}; return RenderLetter(w, s) }, "body"},
		{"law sheet notes", func(w io.Writer) error { s := sampleLawSheet(); s.Notes = nil; return RenderLawSheet(w, s) }, "list of notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := tt.render(&b)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %q", err, tt.field)
			}
			if b.Len() != 0 {
				t.Errorf("%d bytes written on error", b.Len())
			}
		})
	}
}
