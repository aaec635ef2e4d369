package pdf

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func sampleBlankForm() BlankForm {
	return BlankForm{Title: "Tờ khai đăng ký khai sinh", Basis: "(Mẫu tờ khai đăng ký khai sinh (Thông tư 04/2020/TT-BTP))",
		To: "UBND xã Đạ Tẻh", Signer: "Người yêu cầu", Printed: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC),
		Sections: []FormSection{{Heading: "Cha", Lines: []string{"Họ, chữ đệm, tên:", "Năm sinh:"}}},
		Pledge:   "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật."}
}

func TestBlankFormText(t *testing.T) {
	text := pdftotext(t, mustRender(t, func(w io.Writer) error { return RenderBlankForm(w, sampleBlankForm()) }))
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TỜ KHAI ĐĂNG KÝ KHAI SINH",
		"Kính gửi: UBND xã Đạ Tẻh", "Cha", "Họ, chữ đệm, tên: ……", "Năm sinh: ……", "Tôi cam đoan", "NGƯỜI YÊU CẦU", "(Ký, ghi rõ họ tên)", "Làm tại: ……………, ngày …… tháng …… năm ……"} {
		if !strings.Contains(flat, want) {
			t.Errorf("blank form lacks %q:\n%s", want, text)
		}
	}
}

func TestBlankFormRequiredFields(t *testing.T) {
	for name, change := range map[string]func(*BlankForm){
		"title":      func(f *BlankForm) { f.Title = "" },
		"signer":     func(f *BlankForm) { f.Signer = " " },
		"print time": func(f *BlankForm) { f.Printed = time.Time{} },
		"sections":   func(f *BlankForm) { f.Sections = nil },
		"line label": func(f *BlankForm) { f.Sections[0].Lines = []string{""} },
	} {
		f := sampleBlankForm()
		change(&f)
		var b bytes.Buffer
		if err := RenderBlankForm(&b, f); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), name) || b.Len() != 0 {
			t.Errorf("without %s: %v (%d bytes)", name, err, b.Len())
		}
	}
}
