package pdf

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func sampleSubmissionAck() SubmissionAck {
	at := time.Date(2025, 3, 3, 20, 15, 0, 0, vnZoneForTest())
	return SubmissionAck{
		Letterhead:    sampleLetterhead(),
		DossierCode:   "000.21.37.H56-250303-0007",
		LookupURL:     "https://dichvucong.dateh.gov.vn/tra-cuu?ma=000.21.37.H56-250303-0007",
		Applicant:     Applicant{Name: "Nguyễn Thị Lan", IDNumber: "********1234"},
		ProcedureName: "Thủ tục đăng ký khai sinh",
		Submitted:     at,
		Components:    []Component{{Name: "Tờ khai đăng ký khai sinh", Form: Electronic, Count: 1}},
		TimeLimit:     "Trong ngày (tiếp nhận sau 15:00 trả trong ngày làm việc tiếp theo)",
		Expected:      time.Date(2025, 3, 4, 17, 0, 0, 0, vnZoneForTest()),
		Next:          []string{"Bộ phận Một cửa kiểm tra hồ sơ trong giờ làm việc."},
	}
}

func vnZoneForTest() *time.Location { return time.FixedZone("ICT", 7*3600) }

// The acknowledgement reads as a person would read it: the code, the masked
// ID, the procedure, the expected date marked as expected, the next steps.
func TestSubmissionAckText(t *testing.T) {
	text := pdftotext(t, mustRender(t, func(w io.Writer) error { return RenderSubmissionAck(w, sampleSubmissionAck()) }))
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"GIẤY XÁC NHẬN ĐÃ NỘP HỒ SƠ TRỰC TUYẾN",
		"Mã hồ sơ: 000.21.37.H56-250303-0007",
		"Người nộp: Nguyễn Thị Lan",
		"Số định danh cá nhân: ********1234",
		"Thời gian nộp: 20 giờ 15 phút, ngày 03/03/2025",
		"Nội dung yêu cầu giải quyết: Thủ tục đăng ký khai sinh",
		"Ngày hẹn trả dự kiến (nếu hồ sơ được tiếp nhận ngay): 04/03/2025",
		"1. Bộ phận Một cửa kiểm tra hồ sơ trong giờ làm việc.",
		"Tờ khai đăng ký khai sinh",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("acknowledgement lacks %q:\n%s", want, text)
		}
	}
	s := sampleSubmissionAck()
	s.Received = true
	flat = strings.Join(strings.Fields(pdftotext(t, mustRender(t, func(w io.Writer) error { return RenderSubmissionAck(w, s) }))), " ")
	if !strings.Contains(flat, "Ngày hẹn trả kết quả: 04/03/2025") || strings.Contains(flat, "dự kiến") {
		t.Errorf("a received dossier's date is not the appointment:\n%s", flat)
	}
}

func TestSubmissionAckRequiredFields(t *testing.T) {
	for name, change := range map[string]func(*SubmissionAck){
		"dossier code":   func(s *SubmissionAck) { s.DossierCode = " " },
		"lookup URL":     func(s *SubmissionAck) { s.LookupURL = "" },
		"applicant name": func(s *SubmissionAck) { s.Applicant.Name = "" },
		"procedure name": func(s *SubmissionAck) { s.ProcedureName = "" },
		"time submitted": func(s *SubmissionAck) { s.Submitted = time.Time{} },
	} {
		s := sampleSubmissionAck()
		change(&s)
		var b bytes.Buffer
		err := RenderSubmissionAck(&b, s)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), name) {
			t.Errorf("without %s: %v", name, err)
		}
		if b.Len() != 0 {
			t.Errorf("without %s: %d bytes written", name, b.Len())
		}
	}
}

// The QR code scans back to the status lookup, as a phone would read it
// (at 200 dpi: the address is longer than the receipt sample's).
func TestSubmissionAckQRScan(t *testing.T) {
	pdftoppm := requireTool(t, "pdftoppm", "poppler-utils")
	zbarimg := requireTool(t, "zbarimg", "zbar-tools")
	s := sampleSubmissionAck()
	dir := t.TempDir()
	in := filepath.Join(dir, "ack.pdf")
	if err := os.WriteFile(in, mustRender(t, func(w io.Writer) error { return RenderSubmissionAck(w, s) }), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	out, err := exec.Command(zbarimg, "-q", "--raw", filepath.Join(dir, "page.png")).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != s.LookupURL {
		t.Errorf("scanned %q, want %q", got, s.LookupURL)
	}
}
