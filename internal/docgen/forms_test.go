package docgen_test

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/docgen/docgentest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/testenv"
)

// popplerText renders a dossier document and reads it with poppler's
// pdftotext -layout, runs of spaces folded: what a citizen's viewer shows.
// Without pdftotext the test skips, except under CI.
func popplerText(t *testing.T, tw *docgentest.Town, kind docgen.Kind, code string) string {
	t.Helper()
	pdf, _ := render(t, tw, kind, code)
	return poppler(t, pdf)
}

func poppler(t *testing.T, pdf []byte) string {
	t.Helper()
	tool := testenv.Tool(t, "pdftotext", "poppler-utils")
	cmd := exec.Command(tool, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines = append(lines, strings.Join(f, " "))
		}
	}
	return strings.Join(lines, "\n")
}

func wantText(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q\n--- text ---\n%s", what, w, text)
		}
	}
}

// TestFormsFromData: a dossier whose appointment moved twice (a supplement
// pause and resume, then an approved apology with a new appointment), late
// in the end. Each form, read by pdftotext, holds every field the Circular
// 01/2018 templates ask, from the data; the reprinted receipt keeps the
// appointment it promised, the control slip shows it and the new one.
func TestFormsFromData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		ctx := context.Background()
		// Received Mon 3 Mar 2025 09:00, 3 working days: due Thu 6 Mar 09:00.
		d := counterDossier(t, tw, nil)
		receipt := popplerText(t, tw, docgen.KindReceipt, d.Code)
		promised := "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 06/03/2025"
		wantText(t, "receipt", receipt, promised,
			"Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 1",
			"2. Số lượng hồ sơ: 01 bộ",
			"Địa chỉ: Thôn 3, xã Đạ Tẻh",
			"Số điện thoại: 0912345678; Thư điện tử: tranvanenh@example.vn",
			"lập thành 02 liên",
		)

		// Paused Tue 4 Mar 10:00 for a supplement, resumed Thu 6 Mar 14:00:
		// the appointment moves to Mon 10 Mar 11:00.
		tw.Clock.Set("2025-03-04 10:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActRequestSupplement, Reason: "Bản sao chưa chứng thực",
			Items: []string{"Trích lục ghi chú ly hôn"}}, tw.Hotich)
		supplement := popplerText(t, tw, docgen.KindSupplement, d.Code)
		wantText(t, "supplement request (02)", supplement,
			"Địa chỉ: Thôn 3, xã Đạ Tẻh", "Số điện thoại: 0912345678", "Thư điện tử: tranvanenh@example.vn")
		tw.Clock.Set("2025-03-06 14:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActSupplement}, tw.Reception)
		// An apology on Mon 10 Mar promises two more working days.
		tw.Clock.Set("2025-03-10 09:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActDraftApology, Reason: "Cần xác minh thêm", ExtendDays: 2}, tw.Hotich)
		tw.Clock.Set("2025-03-10 09:30")
		moved := tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActApproveApology}, tw.Leader)
		if got := docTime(moved.Appointment()); got != "11 giờ 00 phút, ngày 12/03/2025" {
			t.Fatalf("new appointment %s, want 11:00 on 12 Mar", got)
		}
		// Resolved Tue 11 Mar: after the appointment (10 Mar), so late.
		tw.Clock.Set("2025-03-11 10:00")
		tw.Resolve(t, d.Code)

		reprint := popplerText(t, tw, docgen.KindReceipt, d.Code)
		wantText(t, "reprinted receipt", reprint, promised, "Vào Sổ theo dõi hồ sơ, Quyển số: 2025, Số thứ tự: 1")
		if strings.Contains(reprint, "12/03/2025") || strings.Contains(reprint, "10/03/2025") {
			t.Errorf("the reprinted receipt shows a moved appointment:\n%s", reprint)
		}

		control := popplerText(t, tw, docgen.KindControl, d.Code)
		wantText(t, "control slip (05)", control,
			"Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 06/03/2025",
			"Thời gian hẹn trả kết quả mới: 11 giờ 00 phút, ngày 12/03/2025",
			"Cơ quan chủ trì giải quyết: "+tw.Unit.Name,
			"Cơ quan phối hợp giải quyết: Không có",
			"Người giao Người nhận",
			"(ký, ghi rõ họ (ký, ghi rõ họ",
		)
		lastRow := ""
		for _, l := range strings.Split(control, "\n") {
			if strings.HasPrefix(l, "Kết quả giải") {
				lastRow = l
			}
		}
		if !strings.Contains(lastRow, "10:00") || !strings.HasSuffix(lastRow, "Quá hạn") {
			t.Errorf("control slip's last row %q: want the end (10:00 11/03) and Quá hạn\n%s", lastRow, control)
		}

		// Form 06.
		tw.Clock.Set("2025-03-11 15:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActReturn}, tw.Reception)
		var b bytes.Buffer
		if err := docgen.TrackingBook(ctx, tw.DB, tw.Unit.ID, docgentest.At("2025-03-01 00:00"), docgentest.At("2025-03-31 00:00"), docgen.PDF, opts(tw), &b); err != nil {
			t.Fatal(err)
		}
		book := poppler(t, b.Bytes())
		wantText(t, "tracking book (06)", book,
			"lượng", "(bộ)", "Địa chỉ, số điện", "Cơ quan chủ", "Chuyển", "Nhận kết", "Hình thức", "Ghi chú", "Ký",
			"Thôn 3, xã Đạ", "ĐT: 0912345678", "Tại Bộ",
			// received, appointment (moved by the pause), sent to the specialist,
			// back from the leader, returned
			"09:00 11:00 09:00 10:00 15:00",
			"03/03/2025 10/03/2025 03/03/2025 11/03/2025 11/03/2025",
			"Hẹn lại:", "12/03/2025",
		)

		// Refusal (03): an online dossier refused before reception.
		tw.Clock.Set("2025-03-12 09:00")
		online := tw.Intake(t, "1.004873", dossier.Online, nil, nil)
		tw.Act(t, online.Code, dossier.Action{Kind: dossier.ActRefuse, Reason: "Không thuộc thẩm quyền của xã"}, tw.Reception)
		refusal := popplerText(t, tw, docgen.KindRefusal, online.Code)
		wantText(t, "refusal (03)", refusal,
			"Địa chỉ: Thôn 3, xã Đạ Tẻh", "Số điện thoại: 0912345678", "Thư điện tử: tranvanenh@example.vn")
	})
}

// TestCircular03FromData: a stopped dossier has its stop notice; an
// apology approved from the date Circular 03/2025 applies is a request to
// extend the time, one approved before keeps the 2018 form.
func TestCircular03FromData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		ctx := context.Background()
		d := counterDossier(t, tw, nil)
		if err := docgen.Render(ctx, tw.DB, docgen.KindStop, d.Code, opts(tw), io.Discard); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("stop notice of a dossier never stopped: %v", err)
		}
		tw.Clock.Set("2025-03-04 09:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActDraftApology, Reason: "Cần xác minh thêm", ExtendDays: 2}, tw.Hotich)
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActApproveApology}, tw.Leader)
		text := popplerText(t, tw, docgen.KindApology, d.Code)
		wantText(t, "apology of March 2025", text, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
		o := opts(tw)
		o.Circular03From = docgentest.At("2025-03-01 00:00")
		var b bytes.Buffer
		if err := docgen.Render(ctx, tw.DB, docgen.KindApology, d.Code, o, &b); err != nil {
			t.Fatal(err)
		}
		wantText(t, "apology under Circular 03", poppler(t, b.Bytes()),
			"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT")

		tw.Clock.Set("2025-03-04 10:00")
		tw.Act(t, d.Code, dossier.Action{Kind: dossier.ActStop, Reason: "Chờ kết quả xác minh của Công an tỉnh"}, tw.Leader)
		text = popplerText(t, tw, docgen.KindStop, d.Code)
		wantText(t, "stop notice", text,
			"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
			"Mã hồ sơ: "+d.Code,
			"Số điện thoại: 0912345678",
			"Chờ kết quả xác minh của Công an tỉnh",
			"Phạm Thị Hoa", // the lead specialist, as contact
		)
	})
}
