package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store/storetest"
)

const intakeDeath = "1.000656" // Đăng ký khai tử: a form with an organisation's field

// intakeFormValues is a counter intake of a death registration by a person
// with the papers handed in but the declaration: ticked are the death
// notice and the ID paper (components 1 and 2), not the declaration (0).
func intakeFormValues(key string) url.Values {
	return url.Values{"procedure": {intakeDeath}, "key": {key}, "channel": {"1"}, "applicant.kind": {"person"},
		"applicant.full_name": {"Lê Thị Hoa"}, "applicant.id_number": {"079203001236"}, "applicant.address": {"Thôn 4, xã Đạ Tẻh"},
		"components.1.received": {"1"}, "components.2.received": {"1"}, "sets": {"1"},
		"declaration.relation":             {"Con gái"},
		"declaration.org_role":             {"not asked of a person"},
		"declaration.deceased_name":        {"Lê Văn Tư"},
		"declaration.deceased_birth_date":  {"1941-05-06"},
		"declaration.deceased_sex":         {"nam"},
		"declaration.deceased_ethnicity":   {"Kinh"},
		"declaration.deceased_nationality": {"Việt Nam"},
		"declaration.deceased_residence":   {"Thôn 4, xã Đạ Tẻh"},
		"declaration.death_date":           {"2025-01-02"},
		"declaration.death_place":          {"Tại nhà, thôn 4, xã Đạ Tẻh"},
		"declaration.death_notice":         {"Giấy báo tử số 12, ngày 02/01/2025, Trạm y tế xã Đạ Tẻh"},
	}
}

// TestCounterIntakeWithTheTypedForm: at the counter, a procedure with an
// online form shows the same groups and typed inputs; bad answers come back
// beside their fields in Vietnamese and nothing is saved; good ones are
// stored as online (a choice as the form lists it, the organisation's field
// not kept for a person) and, the paper declaration not ticked, the
// declaration is generated from them and reads right through pdftotext.
// Ticked, the paper is the declaration and the answers are only checked.
func TestCounterIntakeWithTheTypedForm(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		s := newTestServerOn(t, e, Options{})
		ctx := context.Background()
		rec := s.officeLogin(t, "tiepnhan1")
		count := func() int {
			n, err := s.DB.CountDossiers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		_, page := rec.get(t, "/can-bo/tiep-nhan?thu-tuc="+intakeDeath)
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`<legend>Người đã chết</legend>`),
			regexp.MustCompile(`<select id="declaration-deceased_sex" name="declaration.deceased_sex" required[^>]*>\s*<option value="">— Chọn —</option>\s*<option value="Nam">Nam</option><option value="Nữ">Nữ</option>`),
			regexp.MustCompile(`<input id="declaration-death_date" name="declaration.death_date" type="date" value="" min="1900-01-01" max="\d{4}-\d{2}-\d{2}" required`),
			regexp.MustCompile(`<input id="declaration-deceased_id_number" name="declaration.deceased_id_number" type="text" value="" autocomplete="off" inputmode="numeric" maxlength="12"`),
			regexp.MustCompile(`<div class="control portal-control" data-applies="organisation">\s*<label for="declaration-org_role">`),
			regexp.MustCompile(`Không đánh dấu nếu người dân không nộp tờ khai giấy`),
		} {
			if !want.MatchString(page) {
				t.Errorf("the intake form lacks %s", want)
			}
		}
		if strings.Contains(page, `id="f-declaration-deceased_name"`) {
			t.Error("the intake still asks the letter's items untyped")
		}
		key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(page)[1]

		// Bad answers: each beside its field, what was typed kept, nothing saved.
		n := count()
		bad := intakeFormValues(key)
		bad.Set("declaration.deceased_name", "")
		bad.Set("declaration.deceased_sex", "X")
		bad.Set("declaration.death_date", "2999-01-01")
		bad.Set("declaration.deceased_birth_date", "06/05/1941")
		resp, page := rec.act(t, "/can-bo/tiep-nhan", bad)
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("bad answers = %d, want 400", resp.StatusCode)
		}
		for id, want := range map[string]string{
			"declaration-deceased_name-error":       "vui lòng nhập “Họ, chữ đệm, tên (Người đã chết)”",
			"declaration-deceased_sex-error":        "vui lòng chọn “Giới tính (Người đã chết)” trong danh sách",
			"declaration-death_date-error":          "“Ngày, tháng, năm chết (Người đã chết)” không thể ở tương lai",
			"declaration-deceased_birth_date-error": "chưa phải một ngày",
		} {
			if got := officeFieldError(page, id); !strings.Contains(got, want) {
				t.Errorf("%s = %q, want it to say %q", id, got, want)
			}
		}
		if !strings.Contains(page, `value="Tại nhà, thôn 4, xã Đạ Tẻh"`) || !strings.Contains(page, `aria-invalid="true"`) {
			t.Error("the form lost what was typed, or marks no field invalid")
		}
		if count() != n {
			t.Fatal("a dossier was saved from bad answers")
		}

		// Good answers, the paper declaration not ticked: generated.
		resp, _ = rec.act(t, "/can-bo/tiep-nhan", intakeFormValues(key))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("good intake = %d, want 303", resp.StatusCode)
		}
		code := strings.TrimPrefix(resp.Header.Get("Location"), "/can-bo/tiep-nhan/")
		d := officeDossierOf(t, s.DB, code)
		if d.Declaration["deceased_sex"] != "Nam" || d.Declaration["deceased_name"] != "Lê Văn Tư" || d.Declaration["org_role"] != "" {
			t.Errorf("answers stored %v", d.Declaration)
		}
		if !uxGenerated(d) || d.Components[0].Name != "Tờ khai đăng ký khai tử" {
			t.Errorf("the declaration was not generated first: %+v", d.Components)
		}
		_, done := rec.get(t, resp.Header.Get("Location"))
		pdfPath := "/can-bo/ho-so/" + code + "/giay-to/declaration.pdf"
		if !strings.Contains(done, `href="`+pdfPath+`"`) {
			t.Error("the intake's result does not offer the generated declaration")
		}
		resp, pdf := rec.get(t, pdfPath)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("declaration = %d", resp.StatusCode)
		}
		text := pdfText(t, pdf)
		for _, want := range []string{"TỜ KHAI ĐĂNG KÝ KHAI TỬ", "Họ, chữ đệm, tên: Lê Thị Hoa", "Quan hệ với người đã chết: Con gái",
			"Họ, chữ đệm, tên: Lê Văn Tư", "Giới tính: Nam", "Ngày, tháng, năm chết: 02/01/2025", "khai tại Bộ phận Một cửa"} {
			if !strings.Contains(text, want) {
				t.Errorf("the declaration lacks %q:\n%s", want, text)
			}
		}

		// The paper declaration ticked: the answers given are checked, no more.
		_, page = rec.get(t, "/can-bo/tiep-nhan?thu-tuc="+intakeDeath)
		paper := url.Values{"procedure": {intakeDeath}, "key": {regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(page)[1]},
			"channel": {"1"}, "applicant.kind": {"person"}, "applicant.full_name": {"Lê Thị Hoa"}, "applicant.id_number": {"079203001236"}, "sets": {"1"},
			"components.0.received": {"1"}, "components.1.received": {"1"}, "components.2.received": {"1"},
			"declaration.deceased_name": {"Lê Văn Tư"}, "declaration.death_date": {"2025-01-02"}}
		resp, page = rec.act(t, "/can-bo/tiep-nhan", paper)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("intake with the paper declaration = %d: %s", resp.StatusCode, officeFieldError(page, "declaration-relation-error"))
		}
		if d := officeDossierOf(t, s.DB, strings.TrimPrefix(resp.Header.Get("Location"), "/can-bo/tiep-nhan/")); uxGenerated(d) {
			t.Error("a declaration handed in on paper was generated too")
		}
	})
}
