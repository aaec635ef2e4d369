package letter

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

func mustParse(t *testing.T, k Kind, text string) Template {
	t.Helper()
	tpl, err := ParseTemplate(k, text)
	if err != nil {
		t.Fatalf("ParseTemplate(%s): %v", k, err)
	}
	return tpl
}

func TestParseTemplateStructure(t *testing.T) {
	text := "THƯ CHÚC MỪNG\n\n  Kính gửi: {{ nguoi_nhan }}  \n\n\nChúc mừng cháu {{ten_tre}},\nsinh ngày {{ngay_sinh}}.\r\n\r\nTrân trọng!\n"
	tpl := mustParse(t, CongratulationBirth, text)
	want := "THƯ CHÚC MỪNG\n\nKính gửi: {{nguoi_nhan}}\n\nChúc mừng cháu {{ten_tre}}, sinh ngày {{ngay_sinh}}.\n\nTrân trọng!"
	if diff := cmp.Diff(want, tpl.String()); diff != "" {
		t.Errorf("String() (-want +got):\n%s", diff)
	}
	if got, want := len(tpl.Paragraphs), 2; got != want {
		t.Errorf("paragraphs = %d, want %d", got, want)
	}
	if diff := cmp.Diff([]string{"nguoi_nhan", "ten_tre", "ngay_sinh"}, tpl.Placeholders()); diff != "" {
		t.Errorf("Placeholders() (-want +got):\n%s", diff)
	}
}

func TestParseTemplateRoundTrip(t *testing.T) {
	for _, k := range Kinds() {
		text, err := DefaultText(k)
		if err != nil {
			t.Fatal(err)
		}
		first := mustParse(t, k, text)
		second := mustParse(t, k, first.String())
		if diff := cmp.Diff(first, second, cmp.AllowUnexported(Text{}, segment{})); diff != "" {
			t.Errorf("%s: parse(String()) differs (-first +second):\n%s", k, diff)
		}
		if first.String() != second.String() {
			t.Errorf("%s: String() not stable", k)
		}
	}
}

func TestParseTemplateUnknownPlaceholderNamed(t *testing.T) {
	text := "THƯ\n\nKính gửi: {{nguoi_nhan}}\n\nChúc mừng cháu {{ten_con}} và {{ten_chong}}."
	_, err := ParseTemplate(CongratulationBirth, text)
	if !errors.Is(err, ErrUnknownPlaceholder) {
		t.Fatalf("err = %v, want ErrUnknownPlaceholder", err)
	}
	// Both are reported, each named with its position; ten_chong is known
	// only to marriage letters.
	for _, want := range []string{"{{ten_con}}", "line 5, column 16", "{{ten_chong}}", "line 5, column 31"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Placeholder != "{{ten_con}}" || pe.Line != 5 || pe.Column != 16 {
		t.Errorf("first ParseError = %+v, want {{ten_con}} at 5:16", pe)
	}
}

func TestParseTemplateMalformed(t *testing.T) {
	tests := []struct {
		name        string
		line        string // the body paragraph, on line 5
		placeholder string
		column      int
	}{
		{"unclosed", "Chúc mừng cháu {{ten_tre nhé", "{{ten_tre nhé", 16},
		{"unclosed before another", "Cháu {{ten_tre và {{ngay_sinh}}", "{{ten_tre và", 6},
		{"stray closing", "Cháu ten_tre}} nhé", "}}", 13},
		{"bad name", "Cháu {{Tên trẻ}}", "{{Tên trẻ}}", 6},
		{"empty name", "Cháu {{}}", "{{}}", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTemplate(CongratulationBirth, "THƯ\n\nKính gửi: {{nguoi_nhan}}\n\n"+tt.line)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, not a *ParseError", err)
			}
			if pe.Line != 5 || pe.Column != tt.column || pe.Placeholder != tt.placeholder {
				t.Errorf("ParseError at %d:%d %q, want 5:%d %q", pe.Line, pe.Column, pe.Placeholder, tt.column, tt.placeholder)
			}
		})
	}
}

func TestParseTemplateErrors(t *testing.T) {
	if _, err := ParseTemplate("birthday", "a\n\nb\n\nc"); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("unknown kind: err = %v", err)
	}
	if _, err := ParseTemplate(Condolence, "THƯ CHIA BUỒN\n\nKính gửi: {{nguoi_nhan}}"); !errors.Is(err, ErrStructure) {
		t.Errorf("two blocks: err = %v, want ErrStructure", err)
	}
	if _, err := ParseTemplate(Condolence, "   \n\n"); !errors.Is(err, ErrStructure) {
		t.Errorf("empty: err = %v, want ErrStructure", err)
	}
}

func TestDefaultsParseAndAreNFC(t *testing.T) {
	for _, k := range Kinds() {
		text, err := DefaultText(k)
		if err != nil {
			t.Fatal(err)
		}
		if !norm.NFC.IsNormalString(text) {
			t.Errorf("%s default text is not NFC", k)
		}
		tpl, err := DefaultTemplate(k)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if len(tpl.Paragraphs) < 2 {
			t.Errorf("%s: %d paragraphs, want a real letter", k, len(tpl.Paragraphs))
		}
		if !strings.Contains(tpl.Salutation.String(), "{{nguoi_nhan}}") {
			t.Errorf("%s: salutation %q does not address the recipients", k, tpl.Salutation)
		}
	}
	if _, err := DefaultText("x"); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("DefaultText(x) err = %v", err)
	}
}

func TestPlaceholdersDescribed(t *testing.T) {
	for _, k := range Kinds() {
		ps, err := Placeholders(k)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, p := range ps {
			if !validName(p.Name) || p.Description == "" || seen[p.Name] {
				t.Errorf("%s: bad placeholder %+v", k, p)
			}
			seen[p.Name] = true
		}
	}
}

func birthValues() Values {
	return Values{
		PRecipients: "Ông Nguyễn Văn Đức và Bà Trần Thị Ngọc Ánh",
		PUnit:       "Ủy ban nhân dân xã Đạ Tẻh",
		PChild:      "Nguyễn Trần Bảo Ngọc",
		PBirthDate:  "05/02/2025",
	}
}

func TestRenderBirthDefault(t *testing.T) {
	tpl := mustParse(t, CongratulationBirth, mustDefault(t, CongratulationBirth))
	got, err := tpl.Fill(birthValues())
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "THƯ CHÚC MỪNG" {
		t.Errorf("title = %q", got.Title)
	}
	if want := "Kính gửi: Ông Nguyễn Văn Đức và Bà Trần Thị Ngọc Ánh"; got.Salutation != want {
		t.Errorf("salutation = %q, want %q", got.Salutation, want)
	}
	body := strings.Join(got.Paragraphs, "\n")
	for _, want := range []string{"cháu Nguyễn Trần Bảo Ngọc, sinh ngày 05/02/2025", "Ủy ban nhân dân xã Đạ Tẻh"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "{{") {
		t.Errorf("unfilled placeholder in %q", body)
	}
	text, err := tpl.Render(birthValues())
	if err != nil || text != got.String() {
		t.Errorf("Render = %q, %v; want Fill().String()", text, err)
	}
}

func mustDefault(t *testing.T, k Kind) string {
	t.Helper()
	text, err := DefaultText(k)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestRenderMissingValueNamed(t *testing.T) {
	tpl := mustParse(t, CongratulationBirth, mustDefault(t, CongratulationBirth))
	v := birthValues()
	delete(v, PChild)
	v[PBirthDate] = "   "
	_, err := tpl.Render(v)
	if !errors.Is(err, ErrMissingValue) {
		t.Fatalf("err = %v, want ErrMissingValue", err)
	}
	for _, want := range []string{"{{ten_tre}}", "{{ngay_sinh}}"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestRenderOptionalMayBeEmpty(t *testing.T) {
	tpl := mustParse(t, CongratulationBirth, "THƯ\n\nKính gửi: Ông {{ten_cha}} và Bà {{ten_me}}\n\nChúc mừng cháu {{ten_tre}}.")
	got, err := tpl.Fill(Values{PChild: "An", PMother: "Lê Thị Hồng"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Kính gửi: Ông và Bà Lê Thị Hồng"; got.Salutation != want {
		t.Errorf("salutation = %q, want %q (spaces collapsed)", got.Salutation, want)
	}
}

func TestRenderNFDValuesGiveNFC(t *testing.T) {
	tpl := mustParse(t, Condolence, norm.NFD.String(mustDefault(t, Condolence)))
	nfc := Values{
		PRecipients:        "Bà Phạm Thị Ễ và gia đình",
		PUnit:              "Ủy ban nhân dân xã Đạ Tẻh",
		PDeceased:          "Hoàng Văn Ỗ Đặng",
		PDeceasedHonorific: "Ông",
		PDeathDate:         "01/02/2025",
	}
	nfd := Values{}
	for k, v := range nfc {
		nfd[k] = norm.NFD.String(v)
	}
	want, err := tpl.Render(nfc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tpl.Render(nfd)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("NFD values render differently:\n got %q\nwant %q", got, want)
	}
	if !norm.NFC.IsNormalString(got) {
		t.Errorf("output is not NFC")
	}
	if !strings.Contains(got, "vô cùng thương tiếc được tin Ông Hoàng Văn Ỗ Đặng đã từ trần ngày 01/02/2025") {
		t.Errorf("condolence text:\n%s", got)
	}
}

func TestLetterDate(t *testing.T) {
	z := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 2, 5, 0, 0, 0, 0, z), "ngày 05 tháng 02 năm 2025"},
		{time.Date(2025, 3, 15, 0, 0, 0, 0, z), "ngày 15 tháng 3 năm 2025"},
		{time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC), "ngày 01 tháng 01 năm 2026"}, // 01:00 in UTC+7
	}
	for _, tt := range tests {
		if got := LetterDate(tt.t); got != tt.want {
			t.Errorf("LetterDate(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}
