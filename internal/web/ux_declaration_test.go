package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/pdf/pdftext"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// The online form from the declaration and the check of answers over real
// HTTP, on both engines: the form's typed controls; the check lists the
// answers and stores nothing; "Sửa" brings the form back with everything;
// "Gửi hồ sơ" makes one dossier, twice pressed too; the declaration is
// generated, not uploaded, and reads with pdftotext for the citizen and the
// officer; an organisation is asked its own fields.

func TestOnlineFormCheckSendAndGeneratedDeclaration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		s := newTestServerOn(t, e, Options{})
		ctx := context.Background()

		// The form: a select for the sex, a date input up to today, a year
		// within its bounds, no file input for the declaration.
		_, page := s.get(t, "/nop-ho-so/"+portalBirth)
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`<select id="declaration-child_sex" name="declaration.child_sex" required[^>]*>\s*<option value="">— Chọn —</option>\s*<option value="Nam">Nam</option><option value="Nữ">Nữ</option>`),
			regexp.MustCompile(`<input id="declaration-child_birth_date" name="declaration.child_birth_date" type="date" value="" min="1900-01-01" max="\d{4}-\d{2}-\d{2}" required`),
			regexp.MustCompile(`<input id="declaration-father_birth_year" name="declaration.father_birth_year" type="number" value="" inputmode="numeric" min="1900" max="\d{4}"`),
			regexp.MustCompile(`<input id="declaration-child_name" name="declaration.child_name" type="text" value="" maxlength="100" required`),
			regexp.MustCompile(`<div class="control portal-control" data-applies="organisation">\s*<label for="declaration-org_care_decision">`),
			regexp.MustCompile(`<h2>Người được khai sinh</h2>`),
		} {
			if !want.MatchString(page) {
				t.Errorf("the form lacks %s", want)
			}
		}
		if strings.Contains(page, `name="component-0"`) {
			t.Error("the form asks for the declaration as a file")
		}

		// "Tiếp tục": the check of answers; nothing stored, the file kept.
		csrf, key := s.submitForm(t, portalBirth)
		fields, files := goodSubmission()
		fields.Del(uxConfirmField)
		fields.Set("idem", key)
		fields.Set("declaration.child_sex", "nam") // folded to the choice
		before := stored(t, s.DB)
		resp, review := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
		if resp.StatusCode != http.StatusOK || !strings.Contains(review, "<h1 id=\"review-title\">Kiểm tra lại thông tin</h1>") {
			t.Fatalf("the form's first POST = %d, want the check of answers", resp.StatusCode)
		}
		if after := stored(t, s.DB); after != before {
			t.Errorf("the check of answers stored %v -> %v", before, after)
		}
		text := html.UnescapeString(review)
		for _, want := range []string{"Trạm y tế xã Đạ Tẻh", "20/02/2025", "giay-chung-sinh.png", "can-cuoc.jpg", "Tạo từ thông tin bạn đã khai",
			`<button type="submit" class="link-button" name="edit" value="declaration.child_name" formaction="/nop-ho-so/` + portalBirth + `#declaration-child_name" formnovalidate>Sửa<span class="visually-hidden"> Người được khai sinh</span></button>`,
			`<input type="hidden" name="declaration.child_sex" value="Nam">`, `<button type="submit" class="portal-submit" id="send" name="confirm" value="1">Gửi hồ sơ</button>`} {
			if !strings.Contains(text, want) {
				t.Errorf("the check of answers lacks %q", want)
			}
		}
		if kept, err := s.DB.DraftFiles(ctx, key); err != nil || len(kept) != 2 {
			t.Errorf("files kept for the check: %d (%v), want 2", len(kept), err)
		}

		// "Sửa": the form again with every answer, the files named as kept.
		back := hiddenFields(review)
		back.Set("edit", "declaration.child_home_town")
		resp, form := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrfFrom(t, review), back, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(form, `value="xã Đạ Tẻh, tỉnh Lâm Đồng"`) || !strings.Contains(form, `<option value="Mẹ" selected>`) ||
			!strings.Contains(html.UnescapeString(form), "Đã giữ tệp “giay-chung-sinh.png”") || strings.Contains(form, `class="field-error"`) {
			t.Errorf("Sửa = %d; the form does not keep the answers and files, or shows errors", resp.StatusCode)
		}

		// "Gửi hồ sơ", twice: one dossier, whose declaration is generated.
		send := hiddenFields(review)
		send.Set(uxConfirmField, "1")
		var where [2]string
		for i := range where {
			resp, _ := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrfFrom(t, review), send, nil)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("Gửi hồ sơ %d = %d, want 303", i+1, resp.StatusCode)
			}
			where[i] = resp.Header.Get("Location")
		}
		if where[0] != where[1] || stored(t, s.DB)[0] != before[0]+1 {
			t.Errorf("two “Gửi hồ sơ”: %v, dossiers %d -> %d; want one", where, before[0], stored(t, s.DB)[0])
		}
		d, err := s.DB.DossierByIdempotencyKey(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Components[0].Generated || d.Declaration["child_sex"] != "Nam" || d.Declaration["declarant_relation"] != "Mẹ" {
			t.Errorf("components %+v, declaration %v", d.Components, d.Declaration)
		}
		if left, _ := s.DB.DraftFiles(ctx, key); len(left) != 0 {
			t.Errorf("%d draft files left after sending", len(left))
		}

		// The citizen downloads it from the confirmation (the ID masked) ...
		_, confirm := s.get(t, where[0])
		if !strings.Contains(confirm, `href="/nop-ho-so/da-nop/to-khai.pdf?k=`+key+`"`) {
			t.Error("the confirmation does not offer the declaration")
		}
		citizen := fetchPDFText(t, s, "/nop-ho-so/da-nop/to-khai.pdf?k="+key, http.StatusOK)
		for _, want := range []string{"TỜ KHAI ĐĂNG KÝ KHAI SINH", "Kính gửi: UBND xã Đạ Tẻh", "Giấy tờ tùy thân (số định danh cá nhân): ********1234",
			"Quan hệ với người được khai sinh: Mẹ", "Họ, chữ đệm, tên: Nguyễn Văn An", "Ngày, tháng, năm sinh: 20/02/2025", "Giới tính: Nam",
			"Dân tộc: Kinh", "Quốc tịch: Việt Nam", "Quê quán: xã Đạ Tẻh, tỉnh Lâm Đồng", "Năm sinh: 1990", "hồ sơ số " + d.Code} {
			if !strings.Contains(citizen, want) {
				t.Errorf("the citizen's declaration lacks %q:\n%s", want, citizen)
			}
		}
		if strings.Contains(citizen, "068190001234") || strings.Contains(citizen, "Văn bản tiếp nhận trẻ") {
			t.Error("the citizen's declaration prints the whole ID, or the organisation's line")
		}
		fetchPDFText(t, s, "/nop-ho-so/da-nop/to-khai.pdf?k="+randomToken(), http.StatusNotFound)

		// ... and the receiving unit's officer from the dossier page, whole.
		s.login(t, "tiepnhan1", demo.Password)
		_, office := s.get(t, "/can-bo/ho-so/"+d.Code)
		if !strings.Contains(office, "/can-bo/ho-so/"+d.Code+"/giay-to/declaration.pdf") || !strings.Contains(office, "Người được khai sinh — Quê quán") {
			t.Error("the dossier page lacks the declaration's link or its answers")
		}
		if officer := fetchPDFText(t, s, "/can-bo/ho-so/"+d.Code+"/giay-to/declaration.pdf", http.StatusOK); !strings.Contains(officer, "Nơi sinh: Trạm y tế xã Đạ Tẻh") {
			t.Errorf("the officer's declaration:\n%s", officer)
		}
	})
}

// TestOnlineFormForAnOrganisation: an organisation caring for the child is
// asked its decision, not a relationship; a person's answer to the
// organisation's field is not taken.
func TestOnlineFormForAnOrganisation(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	ctx := context.Background()
	csrf, key := s.submitForm(t, portalBirth)
	fields, files := goodSubmission()
	fields.Set("idem", key)
	fields.Set("kind", "organisation")
	fields.Set("org_name", "Trung tâm Bảo trợ xã hội tỉnh")
	fields.Set("tax_code", "0101234567")
	resp, page := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
	if resp.StatusCode != http.StatusBadRequest || fieldError(page, "declaration.org_care_decision") != "Vui lòng nhập “Văn bản tiếp nhận trẻ (số, ngày) (Người đi khai)”." {
		t.Fatalf("an organisation without its decision = %d, %q", resp.StatusCode, fieldError(page, "declaration.org_care_decision"))
	}
	fields.Set("declaration.org_care_decision", "Quyết định số 12/QĐ-TTBTXH ngày 01/02/2025")
	if resp, page := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the organisation's submission = %d: %v", resp.StatusCode, regexp.MustCompile(`field-error[^>]*>[^<]*`).FindAllString(page, -1))
	}
	d, err := s.DB.DossierByIdempotencyKey(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, asked := d.Declaration["declarant_relation"]; asked || d.Declaration["org_care_decision"] == "" {
		t.Errorf("the organisation's declaration: %v", d.Declaration)
	}

	// A person's answer to the organisation's field is not kept.
	csrf, key = s.submitForm(t, portalBirth)
	fields, files = goodSubmission()
	fields.Set("idem", key)
	fields.Set("declaration.org_care_decision", "QĐ 1")
	if resp, _ := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a person's submission = %d", resp.StatusCode)
	}
	if d, err := s.DB.DossierByIdempotencyKey(ctx, key); err != nil || d.Declaration["org_care_decision"] != "" {
		t.Errorf("a person's dossier keeps the organisation's field: %v (%v)", d.Declaration, err)
	}
}

// TestOnlineFormErrorsInEnglish: the form's messages name the field in the
// page's language.
func TestOnlineFormErrorsInEnglish(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	s.get(t, "/?lang=en")
	csrf, key := s.submitForm(t, portalBirth)
	fields, files := goodSubmission()
	fields.Set("idem", key)
	fields.Set("declaration.father_birth_year", "1850")
	fields.Del("declaration.child_ethnicity")
	_, page := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
	if got := fieldError(page, "declaration.father_birth_year"); !strings.HasPrefix(got, "“Year of birth (Father)” must be from 1900 to ") {
		t.Errorf("year message %q", got)
	}
	if got := fieldError(page, "declaration.child_ethnicity"); got != "Enter “Ethnicity (The child)”." {
		t.Errorf("required message %q", got)
	}
	if !strings.Contains(page, `<p class="hint" id="declaration-child_ethnicity-hint">For example: Kinh.</p>`) || !strings.Contains(page, "<h2>The child</h2>") {
		t.Error("the form's hints and group headings are not in English")
	}
}

var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// hiddenFields are the hidden fields of a page's form, but the CSRF token.
func hiddenFields(page string) url.Values {
	out := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(page, -1) {
		if m[1] != "csrf" {
			out[m[1]] = []string{html.UnescapeString(m[2])}
		}
	}
	return out
}

// fetchPDFText fetches a PDF at path, wants status, and returns its text with
// spaces collapsed ("" for another status).
func fetchPDFText(t *testing.T, s *testServer, path string, status int) string {
	t.Helper()
	resp, err := s.Client.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("GET %s = %d, want %d", path, resp.StatusCode, status)
	}
	if status != http.StatusOK {
		return ""
	}
	text, err := pdftext.Text(body)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(text), " ")
}

// TestCheckOfAnswersWhenFilesCannotBeKept: when the files chosen cannot be
// kept for the check (the address kept too many drafts this hour), the form
// comes back saying so beside each file, and nothing is stored.
func TestCheckOfAnswersWhenFilesCannotBeKept(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Options{})
	ctx := context.Background()
	for range maxDraftSavesPerClient {
		if _, err := s.DB.ReserveAttempt(ctx, "x", store.Allowance{Key: "draft:127.0.0.1", Max: maxDraftSavesPerClient, Window: draftSaveWindow}); err != nil {
			t.Fatal(err)
		}
	}
	csrf, key := s.submitForm(t, portalBirth)
	fields, files := goodSubmission()
	fields.Del(uxConfirmField)
	fields.Set("idem", key)
	before := stored(t, s.DB)
	resp, page := s.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	if got := fieldError(page, "component-1"); got != "Chưa lưu tạm được tệp “giay-chung-sinh.png”; vui lòng chọn lại tệp rồi bấm “Tiếp tục”." {
		t.Errorf("beside the file: %q", got)
	}
	if after := stored(t, s.DB); after != before {
		t.Errorf("stored %v -> %v", before, after)
	}
}
