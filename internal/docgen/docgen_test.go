package docgen_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/docgen/docgentest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/pdf/pdftext"
	"github.com/motcua/motcua/internal/store/storetest"
)

const base = "https://motcua.example.vn"

func opts(tw *docgentest.Town) docgen.Options {
	return docgen.Options{BaseURL: base, Now: tw.Clock.Now}
}

// render renders a dossier document and returns its PDF and its text.
func render(t *testing.T, tw *docgentest.Town, kind docgen.Kind, code string) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	if err := docgen.Render(context.Background(), tw.DB, kind, code, opts(tw), &b); err != nil {
		t.Fatalf("render %s of %s: %v", kind, code, err)
	}
	text, err := pdftext.Text(b.Bytes())
	if err != nil {
		t.Fatalf("extract text of %s: %v", kind, err)
	}
	return b.Bytes(), text
}

// wantLines reports each wanted line missing from text.
func wantLines(t *testing.T, what, text string, want ...string) {
	t.Helper()
	lines := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, w := range want {
		if !lines[w] {
			t.Errorf("%s lacks the line %q\n--- text ---\n%s", what, w, text)
		}
	}
}

// counterDossier takes in a marital-status certificate (3 working days)
// on Mon 3 Mar 2025 09:00: due Thu 6 Mar 09:00, routed to Hotich.
func counterDossier(t *testing.T, tw *docgentest.Town, edit func(*dossier.Intake)) *dossier.Dossier {
	t.Helper()
	tw.Clock.Set("2025-03-03 09:00")
	return tw.Intake(t, "1.004873", dossier.Counter, nil, edit)
}

// TestReceiptOfAssistedOnline: the slip of a dossier the officer helped
// submit online says how it was handed in, read back by pdftotext.
func TestReceiptOfAssistedOnline(t *testing.T) {
	tw := docgentest.New(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	tw.Clock.Set("2025-03-03 09:00")
	d := tw.Intake(t, "1.004873", dossier.Online, nil, func(in *dossier.Intake) { in.Assisted = true })
	_, text := render(t, tw, docgen.KindReceipt, d.Code)
	wantLines(t, "receipt", text, "Hình thức nộp hồ sơ: Trực tuyến qua Cổng Dịch vụ công, có cán bộ hướng dẫn")
	c := counterDossier(t, tw, nil)
	_, text = render(t, tw, docgen.KindReceipt, c.Code)
	wantLines(t, "receipt", text, "Hình thức nộp hồ sơ: Trực tiếp tại Bộ phận Một cửa")
}

func TestReceipt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		d := counterDossier(t, tw, nil)
		if d.Code != "000.21.37.H56-250303-0001" {
			t.Fatalf("code %s", d.Code)
		}
		first, text := render(t, tw, docgen.KindReceipt, d.Code)
		wantLines(t, "receipt", text,
			"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
			"Mã hồ sơ: 000.21.37.H56-250303-0001",
			"Ông/Bà: Trần Văn Ễnh",
			"Số định danh cá nhân: 068190001234", // the applicant's own slip: in full
			"Nội dung yêu cầu giải quyết: Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
			"1. Thành phần hồ sơ nộp gồm: 2 thành phần",
			"1 Tờ khai cấp Giấy xác nhận tình trạng hôn nhân Bản chính 01",
			"2. Số lượng hồ sơ: 01 bộ",
			"3. Thời gian giải quyết hồ sơ theo quy định là: 3 ngày làm việc",
			"4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 03/03/2025",
			"5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 06/03/2025",
			"Trần Văn Ễnh Lê Thị Đặng Ựa", // the applicant's and the receiving officer's signatures
		)
		// Same data, same document.
		again, _ := render(t, tw, docgen.KindReceipt, d.Code)
		if !bytes.Equal(first, again) {
			t.Error("two renderings of the same receipt differ")
		}
		slip, err := docgen.BuildReceipt(context.Background(), tw.DB, d.Code, opts(tw))
		if err != nil {
			t.Fatal(err)
		}
		if want := base + "/tra-cuu?ma=000.21.37.H56-250303-0001"; slip.LookupURL != want {
			t.Errorf("QR URL %q, want %q", slip.LookupURL, want)
		}
		// A supplement pause moves the appointment; a reprint keeps the one
		// the slip promised (the control slip shows both).
		tw.Clock.Set("2025-03-04 10:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Thiếu giấy tờ chứng minh đã ly hôn",
			Items: []string{"Bản sao trích lục ghi chú ly hôn"}}, tw.Hotich)
		tw.Clock.Set("2025-03-06 14:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActSupplement}, tw.Reception)
		_, text = render(t, tw, docgen.KindReceipt, d.Code)
		wantLines(t, "receipt after a pause", text, "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 06/03/2025")
		_, text = render(t, tw, docgen.KindControl, d.Code)
		wantLines(t, "control slip after a pause", text,
			"Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 06/03/2025",
			"Thời gian hẹn trả kết quả mới: 11 giờ 00 phút, ngày 10/03/2025")
	})
}

// TestDecomposedInput: an applicant name typed decomposed (NFD) prints
// exactly as the composed one.
func TestDecomposedInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		nfc := counterDossier(t, tw, nil)
		nfd := counterDossier(t, tw, func(in *dossier.Intake) {
			in.Applicant.FullName = norm.NFD.String("Trần Văn Ễnh")
			in.Applicant.Address = norm.NFD.String(in.Applicant.Address)
		})
		if in := norm.NFD.String("Trần Văn Ễnh"); in == "Trần Văn Ễnh" {
			t.Fatal("the test input is not decomposed")
		}
		for _, k := range []docgen.Kind{docgen.KindReceipt, docgen.KindControl} {
			_, a := render(t, tw, k, nfc.Code)
			_, b := render(t, tw, k, nfd.Code)
			// The second dossier is the second in the tracking book.
			b = strings.ReplaceAll(b, "Số thứ tự: 2", "Số thứ tự: 1")
			if strings.ReplaceAll(b, nfd.Code, nfc.Code) != a {
				t.Errorf("%s: NFD input prints differently:\n%s\n---\n%s", k, a, b)
			}
		}
	})
}

func TestSupplementRefusalApology(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		ctx := context.Background()
		d := counterDossier(t, tw, nil)
		for _, k := range []docgen.Kind{docgen.KindSupplement, docgen.KindRefusal, docgen.KindApology, docgen.KindHandover, docgen.KindLetter} {
			err := docgen.Render(ctx, tw.DB, k, d.Code, opts(tw), io.Discard)
			if apperr.KindOf(err) != apperr.Conflict || !strings.Contains(apperr.PublicMessage(err), d.Code) {
				t.Errorf("%s of a dossier in processing: %v, want a Conflict naming the dossier", k, err)
			}
		}
		if err := docgen.Render(ctx, tw.DB, "giay-khen", d.Code, opts(tw), io.Discard); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("unknown kind: %v", err)
		}
		if err := docgen.Render(ctx, tw.DB, docgen.KindReceipt, "000.21.37.H56-250303-9999", opts(tw), io.Discard); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("unknown dossier: %v", err)
		}

		tw.Clock.Set("2025-03-04 10:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Bản sao chưa chứng thực",
			Items: []string{"Trích lục ghi chú ly hôn"}}, tw.Hotich)
		_, text := render(t, tw, docgen.KindSupplement, d.Code)
		wantLines(t, "supplement request", text, "Số: ……/…… Đạ Tẻh, ngày 04 tháng 3 năm 2025") // dated by the request
		wantLines(t, "supplement request", text,
			"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
			"Mã hồ sơ: 000.21.37.H56-250303-0001",
			"1 Trích lục ghi chú ly hôn Bản sao chưa chứng thực",
			"Phạm Thị Hoa",
		)

		tw.Clock.Set("2025-03-04 14:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActSupplement}, tw.Reception)
		tw.Clock.Set("2025-03-05 16:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActDraftApology, Reason: "Cần xác minh thêm tại nơi cư trú trước đây", ExtendDays: 2}, tw.Hotich)
		if err := docgen.Render(ctx, tw.DB, docgen.KindApology, d.Code, opts(tw), io.Discard); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("apology drafted, not approved: %v", err)
		}
		tw.Clock.Set("2025-03-05 16:30")
		ap := tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActApproveApology}, tw.Leader)
		_, text = render(t, tw, docgen.KindApology, d.Code)
		wantLines(t, "apology", text, "Số: ……/…… Đạ Tẻh, ngày 05 tháng 3 năm 2025")
		wantLines(t, "apology", text,
			"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
			"Kính gửi: Ông/Bà Trần Văn Ễnh",
			"Lý do: Cần xác minh thêm tại nơi cư trú trước đây",
			"Nguyễn Văn Minh",
		)
		wantLines(t, "apology", text, docTime(ap.NewAppointmentAt))
		if !strings.Contains(strings.Join(strings.Fields(text), " "), docTime(ap.AppointmentAt)) {
			t.Errorf("apology lacks the original appointment %s:\n%s", docTime(ap.AppointmentAt), text)
		}

		// Refused online dossier: the refusal, and no receipt.
		tw.Clock.Set("2025-03-05 09:00")
		online := tw.Intake(t, "1.004873", dossier.Online, nil, nil)
		if err := docgen.Render(ctx, tw.DB, docgen.KindReceipt, online.Code, opts(tw), io.Discard); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("receipt of an online dossier not yet received: %v", err)
		}
		tw.Act(t, online.Code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Không thuộc thẩm quyền của xã"}, tw.Reception)
		_, text = render(t, tw, docgen.KindRefusal, online.Code)
		wantLines(t, "refusal", text,
			"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
			"Mã hồ sơ: "+online.Code,
			"Không thuộc thẩm quyền của xã",
			"Lê Thị Đặng Ựa",
		)
	})
}

// docTime prints an instant as the forms do.
func docTime(t interface{ Format(string) string }) string {
	return t.Format("15 giờ 04 phút, ngày 02/01/2006")
}

func TestControlAndHandover(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		d := counterDossier(t, tw, nil)
		tw.Clock.Set("2025-03-03 10:00")
		tw.Resolve(t, d.Code)
		_, text := render(t, tw, docgen.KindControl, d.Code)
		wantLines(t, "control slip", text,
			"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
			"Mã hồ sơ: 000.21.37.H56-250303-0001",
			"Quá trình giải quyết hồ sơ: 4 lần giao, nhận",
		)
		flat := strings.Join(strings.Fields(text), " ")
		for _, w := range []string{"Trần Văn Ễnh", "Lê Thị Đặng", "Phạm Thị", "Nguyễn Văn", "Đúng hạn", "Lãnh đạo đơn"} {
			if !strings.Contains(flat, w) {
				t.Errorf("control slip lacks %q:\n%s", w, text)
			}
		}
		if strings.Contains(flat, "Quá hạn") {
			t.Errorf("control slip shows a late step in a one-hour dossier:\n%s", text)
		}

		tw.Clock.Set("2025-03-03 15:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActReturn}, tw.Reception)
		_, text = render(t, tw, docgen.KindHandover, d.Code)
		wantLines(t, "hand-over record", text,
			"BIÊN BẢN BÀN GIAO KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
			"Bên giao: Ông/Bà Lê Thị Đặng Ựa, Công chức Văn phòng - Thống kê",
			"1 Giấy xác nhận tình trạng hôn nhân 01",
		)
		if !strings.Contains(text, "********1234") || strings.Contains(text, "068190001234") {
			t.Errorf("hand-over record does not mask the ID number:\n%s", text)
		}
		_, text = render(t, tw, docgen.KindControl, d.Code)
		wantLines(t, "control slip after return", text, "Quá trình giải quyết hồ sơ: 5 lần giao, nhận")
	})
}

func TestLetterTrackingLawSheet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		ctx := context.Background()
		tw.Clock.Set("2025-03-03 09:00")
		birth := tw.Intake(t, "1.001193", dossier.Counter, docgentest.Birth(), nil)
		tw.Clock.Set("2025-03-03 10:00")
		tw.Resolve(t, birth.Code)
		if _, _, err := jobs.ProduceLetter(ctx, tw.DB, birth.ID); err != nil {
			t.Fatal(err)
		}
		_, text := render(t, tw, docgen.KindLetter, birth.Code)
		if !strings.Contains(text, "Đạ Tẻh, ngày 03 tháng 3 năm 2025") {
			t.Errorf("letter not dated when produced:\n%s", text)
		}
		wantLines(t, "letter", text,
			"THƯ CHÚC MỪNG",
			"Kính gửi: Ông Trần Văn Ễnh và Bà Lê Thị Bình",
			"Nguyễn Văn Minh",
		)
		if flat := strings.Join(strings.Fields(text), " "); !strings.Contains(flat, "cháu Trần Minh Khang, sinh ngày 20/02/2025") {
			t.Errorf("letter lacks the child:\n%s", text)
		}

		_, text = render(t, tw, docgen.KindLawSheet, birth.Code)
		wantLines(t, "law sheet", text, "NHỮNG VIỆC CÔNG DÂN CẦN LÀM TIẾP THEO", "Mã hồ sơ: "+birth.Code)
		var b bytes.Buffer
		if err := docgen.LawSheet(ctx, tw.DB, tw.Unit.ID, "1.004873", opts(tw), &b); apperr.KindOf(err) != apperr.Conflict || b.Len() != 0 {
			t.Errorf("law sheet of a procedure without notes: %v (%d bytes written)", err, b.Len())
		}

		tw.Clock.Set("2025-03-04 09:00")
		other := tw.Intake(t, "1.004873", dossier.Counter, nil, nil)
		tw.Clock.Set("2025-03-05 09:00")
		for _, format := range []docgen.Format{docgen.PDF, docgen.XLSX} {
			b.Reset()
			if err := docgen.TrackingBook(ctx, tw.DB, tw.Unit.ID, docgentest.At("2025-03-03 00:00"), docgentest.At("2025-03-04 00:00"), format, opts(tw), &b); err != nil {
				t.Fatalf("tracking book %s: %v", format, err)
			}
			if format == docgen.PDF {
				text, err := pdftext.Text(b.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				wantLines(t, "tracking book", text, "SỔ THEO DÕI HỒ SƠ", "Từ ngày 03/03/2025 đến ngày 04/03/2025", "Số hồ sơ trong sổ: 2")
				// The narrow code column breaks a code after its unit's part.
				if i, j := strings.Index(text, birth.Code[14:]), strings.Index(text, other.Code[14:]); i < 0 || j < i {
					t.Errorf("tracking book lists %s then %s? positions %d, %d", birth.Code, other.Code, i, j)
				}
				continue
			}
			f, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows("Sổ theo dõi hồ sơ")
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 7 || rows[5][1] != birth.Code || rows[6][1] != other.Code || rows[6][13] != "Đang xử lý" {
				t.Errorf("tracking workbook rows: %q", rows)
			}
		}
		b.Reset()
		err := docgen.TrackingBook(ctx, tw.DB, tw.Unit.ID, docgentest.At("2025-03-04 00:00"), docgentest.At("2025-03-03 00:00"), docgen.PDF, opts(tw), &b)
		if apperr.KindOf(err) != apperr.Invalid || b.Len() != 0 {
			t.Errorf("inverted period: %v", err)
		}
	})
}

// BenchmarkReceipt measures one receipt slip from a stored dossier: the
// reads (dossier, events, procedure, unit, officer) and the rendering.
func BenchmarkReceipt(b *testing.B) {
	tw := docgentest.New(b, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	tw.Clock.Set("2025-03-03 09:00")
	d := tw.Intake(b, "1.004873", dossier.Counter, nil, nil)
	ctx := context.Background()
	for b.Loop() {
		if err := docgen.Render(ctx, tw.DB, docgen.KindReceipt, d.Code, opts(tw), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
