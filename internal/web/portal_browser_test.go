package web_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore/filestoretest"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf/pdftext"
	"github.com/motcua/motcua/internal/store"
)

// The citizen portal driven through Chromium: a citizen finds a procedure
// without diacritics, submits it online with uploads, gets a code, tracks
// the dossier and rates the service; the news pages. Every page they see
// passes axe-core and is kept as a screenshot.

// portalMinimalPDF is a small, valid one-page PDF (uploads are parsed:
// filestore.Check), and portalOtherPDF another.
var (
	portalMinimalPDF = string(filestoretest.MustPDF(1, "to khai"))
	portalOtherPDF   = string(filestoretest.MustPDF(1, "can cuoc"))
)

// portalPNG is a valid 1×1 PNG.
var portalPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
	0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
	0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}

// portalUpload chooses the file at path in the file input matched by sel.
func portalUpload(t *testing.T, b *browsertest.Browser, sel, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Context(), 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path})); err != nil {
		t.Fatalf("choose %s in %s: %v", path, sel, err)
	}
}

// portalSetValue sets a control's value as a date picker would (typing into
// a date input depends on the browser's locale).
func portalSetValue(t *testing.T, b *browsertest.Browser, sel, value string) {
	t.Helper()
	if !browsertest.Eval[bool](b, `((s, v) => { const e = document.querySelector(s); if (!e) return false; e.value = v; return e.value === v; })(`+
		jsQuote(sel)+`, `+jsQuote(value)+`)`) {
		t.Fatalf("cannot set %s to %q", sel, value)
	}
}

func jsQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// portalScrollsSideways reports whether the page is wider than the viewport.
func portalScrollsSideways(b *browsertest.Browser, width int) bool {
	return browsertest.Eval[int](b, `document.documentElement.scrollWidth`) > width
}

func TestBrowserCitizenSubmitsOnlineTracksAndRates(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
	dir := t.TempDir()
	pdf := filepath.Join(dir, "to-khai.pdf")
	png := filepath.Join(dir, "giay-chung-sinh.png")
	fake := filepath.Join(dir, "can-cuoc.pdf") // HTML bytes named .pdf
	for p, data := range map[string][]byte{pdf: []byte(portalMinimalPDF), png: portalPNG, fake: []byte("<!doctype html><p>not a scan</p>")} {
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	// (a) Search without diacritics, open the procedure.
	b.Navigate(srv.URL + "/")
	b.Fill(searchBox, "dang ky khai sinh")
	b.ClickAndWait(searchButton)
	if got := b.ClickAndWait(`ul.procedures a[href="/thu-tuc/` + birthRegistration + `"]`); got != http.StatusOK {
		t.Fatalf("procedure page = %d", got)
	}
	// The procedure page links to the online form once the lead adds the
	// link (see the report); until then the citizen's next page is opened directly.
	submitLink := `a[href="/nop-ho-so/` + birthRegistration + `"]`
	if b.Count(submitLink) > 0 {
		b.ClickAndWait(submitLink)
	} else {
		b.Navigate(srv.URL + "/nop-ho-so/" + birthRegistration)
	}
	if h1 := b.Text("h1"); h1 != "Nộp hồ sơ trực tuyến" {
		t.Fatalf("submission form h1 = %q", h1)
	}
	// The declaration is generated from the form's answers: a file input
	// for each other component, none for it.
	if got := b.Count(`input[type=file]`); got != 4 {
		t.Errorf("%d file inputs, want one per component but the declaration (4)", got)
	}
	if got := b.Text("#component-0"); !strings.Contains(got, "được tạo từ các thông tin bạn khai") {
		t.Errorf("the declaration component reads %q", got)
	}
	// The form's groups and typed fields, from the catalogue.
	if diff := cmp.Diff([]string{"Người đi khai", "Người được khai sinh", "Cha", "Mẹ"}, b.Texts("fieldset.portal-section > legend h2")[1:5]); diff != "" {
		t.Errorf("form groups (-want +got):\n%s", diff)
	}
	if tag := browsertest.Eval[string](b, `document.getElementById('declaration-child_sex').tagName`); tag != "SELECT" {
		t.Errorf("the child's sex is a %s, want a select", tag)
	}
	if ty, _ := b.Attr("#declaration-child_birth_date", "type"); ty != "date" {
		t.Errorf("the child's date of birth is an input of type %q", ty)
	}
	if lo, _ := b.Attr("#declaration-father_birth_year", "min"); lo != "1900" {
		t.Errorf("the father's year of birth has min %q", lo)
	}
	// Fields for organisations only when the applicant is one.
	if portalVisible(b, "#declaration-org_care_decision") || !portalVisible(b, "#declaration-declarant_relation") {
		t.Error("a person is shown the organisation's field, or not their relationship to the child")
	}
	b.Click("#kind-organisation")
	if !portalVisible(b, "#declaration-org_care_decision") || portalVisible(b, "#declaration-declarant_relation") {
		t.Error("an organisation is not shown its field, or is shown the relationship to the child")
	}
	b.Click("#kind-person")
	b.ExpectAccessible("the submission form")
	b.Screenshot("submit-form")

	// A first try with mistakes: messages beside the fields, what was typed kept.
	b.Fill("#full_name", "Nguyễn Thị Lan")
	b.Fill("#id_number", "06819000123")
	b.Fill("#phone", "0912345678")
	b.Fill("#address", "Thôn 3, xã Đạ Tẻh")
	portalUpload(t, b, "#component-2", fake)
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusBadRequest {
		t.Fatalf("submission with mistakes = %d, want 400", got)
	}
	errs := map[string]string{}
	for _, id := range []string{"id_number", "declaration-child_name", "declaration-child_sex", "component-1", "component-2", "agree"} {
		errs[id] = b.Text("#" + id + "-error")
	}
	want := map[string]string{
		"id_number":              "Số định danh phải có 12 chữ số (hoặc 9 chữ số nếu là CMND cũ); bạn đã nhập 11 chữ số.",
		"declaration-child_name": "Vui lòng nhập “Họ, chữ đệm, tên (Người được khai sinh)”.",
		"declaration-child_sex":  "Vui lòng chọn “Giới tính (Người được khai sinh)”.",
		"component-1":            "Vui lòng tải lên giấy tờ bắt buộc “Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh”.",
		"component-2":            "Tệp “can-cuoc.pdf” của giấy tờ “Giấy tờ tùy thân của người đi đăng ký (xuất trình: căn cước, hộ chiếu)” không phải tệp PDF, JPG hoặc PNG. Vui lòng chọn ảnh chụp hoặc bản quét dạng PDF, JPG hoặc PNG.",
		"agree":                  "Vui lòng đánh dấu ô cam đoan trước khi nộp.",
	}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("field errors (-want +got):\n%s", diff)
	}
	if inv, _ := b.Attr("#id_number", "aria-invalid"); inv != "true" {
		t.Error("the ID field is not marked invalid")
	}
	if d, _ := b.Attr("#id_number", "aria-describedby"); !strings.Contains(d, "id_number-error") {
		t.Errorf("the ID field is described by %q", d)
	}
	if got := b.Value("#full_name"); got != "Nguyễn Thị Lan" {
		t.Errorf("name after the error = %q, want it kept", got)
	}
	if n, _ := srv.DB.CountDossiers(ctx); n != 0 {
		t.Errorf("%d dossiers after a refused submission", n)
	}
	b.ExpectAccessible("the submission form with errors")
	b.Screenshot("submit-errors")

	// Corrected: the files chosen again, the declaration filled in.
	b.Fill("#id_number", "068190001234")
	b.Fill("#declaration-child_name", "Nguyễn Văn An")
	portalSetValue(t, b, "#declaration-child_birth_date", "2025-02-20")
	portalFillBirthDeclaration(b)
	portalUpload(t, b, "#component-1", png)
	portalUpload(t, b, "#component-2", pdf)
	b.Click("#agree")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("submission = %d (errors: %v)", got, b.Texts(".field-error"))
	}

	// Check your answers: every answer and file, one "Sửa" per group; nothing sent yet.
	if h1 := b.Text("h1"); h1 != "Kiểm tra lại thông tin" {
		t.Fatalf("after the form: h1 %q, want the check of answers", h1)
	}
	review := strings.Join(b.Texts(".review-list > div"), "\n")
	for _, want := range []string{"Nguyễn Thị Lan", "Quan hệ với người được khai sinh\nMẹ", "Ngày, tháng, năm sinh\n20/02/2025",
		"Giới tính\nNam", "Năm sinh\n1990", "giay-chung-sinh.png", "Tạo từ thông tin bạn đã khai", "Cha\nKhông khai"} {
		if !strings.Contains(review, want) {
			t.Errorf("the check of answers lacks %q:\n%s", want, review)
		}
	}
	if n, groups := b.Count(`.review-section button[name=edit]`), b.Count(`.review-section`); n != groups || b.Count(`.review-list button`) != 0 {
		t.Errorf("%d “Sửa” buttons for %d groups, want one per group and none per answer", n, groups)
	}
	if n, _ := srv.DB.CountDossiers(ctx); n != 0 {
		t.Errorf("%d dossiers before “Gửi hồ sơ”", n)
	}
	b.ExpectAccessible("the check of answers")
	b.Screenshot("submit-review")
	// "Sửa" on the child's name: back to the form at that field, all kept.
	if got := b.ClickAndWait(`button[name=edit][value="declaration.child_name"]`); got != http.StatusOK {
		t.Fatalf("Sửa = %d", got)
	}
	if frag := mustParse(t, b.Location()).Fragment; frag != "declaration-child_name" {
		t.Errorf("Sửa opened the form at #%s", frag)
	}
	if b.Value("#declaration-child_name") != "Nguyễn Văn An" || b.Value("#declaration-child_sex") != "Nam" || b.Value("#declaration-mother_birth_year") != "1990" {
		t.Error("Sửa lost answers")
	}
	if hint := b.Text("#component-1-hint"); !strings.Contains(hint, "giay-chung-sinh.png") {
		t.Errorf("Sửa lost the file chosen: hint %q", hint)
	}
	b.Fill("#declaration-child_name", "Nguyễn Văn Bình")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK || !strings.Contains(strings.Join(b.Texts(".review-list dd"), " "), "Nguyễn Văn Bình") {
		t.Fatalf("back to the check after Sửa = %d", got)
	}
	if got := b.ClickAndWait("#send"); got != http.StatusOK {
		t.Fatalf("Gửi hồ sơ = %d", got)
	}
	if p := mustParse(t, b.Location()).Path; p != "/nop-ho-so/da-nop" {
		t.Fatalf("after submitting the browser is at %s", p)
	}
	code := b.Text("#dossier-code")
	d, err := srv.DB.Dossier(ctx, code)
	if err != nil {
		t.Fatalf("the code shown, %q, is no dossier: %v", code, err)
	}
	files, err := srv.DB.DossierFiles(ctx, d.ID)
	if err != nil || len(files) != 2 {
		t.Errorf("the dossier has %d files (%v), want 2 (the declaration is generated)", len(files), err)
	}
	if d.Declaration["child_name"] != "Nguyễn Văn Bình" || !d.Components[0].Generated {
		t.Errorf("declaration %v, component 0 %+v", d.Declaration, d.Components[0])
	}
	// The declaration generated from the answers, downloaded from the
	// confirmation: the form's items with the answers, read by pdftotext.
	decl := portalDownload(t, b, "#declaration-pdf")
	for _, want := range []string{"TỜ KHAI ĐĂNG KÝ KHAI SINH", "Kính gửi: UBND xã Đạ Tẻh", "Họ, chữ đệm, tên: Nguyễn Văn Bình", "Ngày, tháng, năm sinh: 20/02/2025",
		"Giới tính: Nam", "Nơi sinh: Trạm y tế xã Đạ Tẻh", "Quê quán: xã Đạ Tẻh, tỉnh Lâm Đồng", "Quan hệ với người được khai sinh: Mẹ",
		"Năm sinh: 1990", "Nguyễn Thị Lan", "hồ sơ số " + code} {
		if !strings.Contains(decl, want) {
			t.Errorf("the generated declaration lacks %q:\n%s", want, decl)
		}
	}
	if d.Status != dossier.New || d.Applicant.IDNumber != "068190001234" {
		t.Errorf("dossier status %v, ID %q", d.Status, d.Applicant.IDNumber)
	}
	b.ExpectAccessible("the confirmation")
	b.Screenshot("submitted")

	// (c) Track it: the code is prefilled from the confirmation's link.
	b.ClickAndWait(`a[href^="/tra-cuu?ma="]`)
	if got := b.Value("#ma"); got != code {
		t.Errorf("lookup code = %q, want %q prefilled", got, code)
	}
	b.ExpectAccessible("the lookup form")
	b.Screenshot("lookup-form")
	b.Fill("#so", "0000")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusNotFound {
		t.Errorf("a wrong pair = %d, want 404", got)
	}
	if msg := b.Text("#lookup-error"); !strings.HasPrefix(msg, "Không tìm thấy hồ sơ với mã và 4 số cuối đã nhập.") {
		t.Errorf("wrong pair message = %q", msg)
	}
	b.ExpectAccessible("the lookup with a wrong pair")
	b.Screenshot("lookup-error")
	b.Fill("#so", "5678")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("lookup = %d", got)
	}
	if st := b.Text("#status-label"); st != "Mới nộp trực tuyến" {
		t.Errorf("status = %q", st)
	}
	b.ExpectAccessible("the lookup result")
	b.Screenshot("lookup-result")

	// The one-stop department works the dossier to the end.
	returnDossierAsDemoOfficers(t, srv.DB, code)
	b.Navigate(srv.URL + "/tra-cuu?ma=" + code)
	b.Fill("#so", "1234") // the ID's last digits work as well
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("lookup of the returned dossier = %d", got)
	}
	if st := b.Text("#status-label"); st != "Đã trả kết quả" {
		t.Errorf("status = %q", st)
	}
	timeline := b.Texts(".portal-timeline .portal-what")
	if diff := cmp.Diff([]string{"Đã nộp hồ sơ", "Đã tiếp nhận", "Đã có kết quả", "Đã trả kết quả"}, timeline); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
	b.ExpectAccessible("the rating form")
	b.Screenshot("rating-form")

	b.Click("#rating-very")
	b.Fill("#complaint", "Cán bộ hướng dẫn tận tình.")
	if got := b.ClickAndWait(`.portal-rating button[type=submit]`); got != http.StatusOK {
		t.Fatalf("rating = %d", got)
	}
	if msg := b.Text("#rating-done"); !strings.HasPrefix(msg, "Cảm ơn bạn đã đánh giá") {
		t.Errorf("after rating: %q", msg)
	}
	rated, err := srv.DB.Dossier(ctx, code)
	if err != nil || rated.Rating != dossier.VerySatisfied || rated.Complaint != "Cán bộ hướng dẫn tận tình." {
		t.Errorf("stored rating %q %q (%v)", rated.Rating, rated.Complaint, err)
	}
	b.ExpectAccessible("the rating recorded")
	b.Screenshot("rated")
	// Sending the form again (back, then submit): already rated.
	b.Navigate(srv.URL + "/tra-cuu?ma=" + code)
	b.Fill("#so", "5678")
	b.ClickAndWait(`button.portal-submit`)
	if b.Count("#rating-very") != 0 {
		t.Error("a rated dossier offers the rating again")
	}
}

// returnDossierAsDemoOfficers receives, proposes, approves and returns a
// dossier as the demo's reception officer, civil-status specialist and chairman.
func returnDossierAsDemoOfficers(t *testing.T, db *store.DB, code string) {
	t.Helper()
	ctx := context.Background()
	for _, step := range []struct {
		kind dossier.ActionKind
		by   string
	}{{dossier.ActReceive, "tiepnhan1"}, {dossier.ActPropose, "hotich"}, {dossier.ActApprove, "chutich"}, {dossier.ActReturn, "tiepnhan1"}} {
		o, err := db.OfficerByUsername(ctx, step.by)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Act(ctx, code, dossier.Action{Kind: step.kind}, o); err != nil {
			t.Fatalf("%s by %s: %v", step.kind, step.by, err)
		}
	}
}

func TestBrowserSubmissionFormOnAPhone(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.SetViewport(390, 844)
	for _, page := range []string{"/nop-ho-so/" + birthRegistration, "/tra-cuu", "/nop-ho-so/2.000884"} {
		b.Navigate(srv.URL + page)
		if portalScrollsSideways(b, 390) {
			t.Errorf("%s scrolls sideways on a 390 px phone", page)
		}
		b.ExpectAccessible(page + " at 390 px")
	}
	b.Navigate(srv.URL + "/nop-ho-so/" + birthRegistration)
	// Big targets: the submit button and the choices are at least 44 px high.
	for _, sel := range []string{"button.portal-submit", "#full_name", ".portal-option"} {
		if h := browsertest.Eval[float64](b, `document.querySelector('`+sel+`').getBoundingClientRect().height`); h < 44 {
			t.Errorf("%s is %.0f px high, want at least 44", sel, h)
		}
	}
	b.Screenshot("submit-form-mobile-390")
	b.Navigate(srv.URL + "/nop-ho-so/2.000884")
	b.Screenshot("counter-only-mobile-390")
}

func TestBrowserNewsListAndArticle(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
	for _, in := range []store.ArticleInput{
		{Title: "Thông báo lịch tiếp công dân tháng 3/2025", Body: "Chủ tịch UBND xã tiếp công dân vào sáng thứ Năm hằng tuần.\n\nNgười dân đến Bộ phận Một cửa, mang theo căn cước."},
		{Title: "Xã Đạ Tẻh triển khai dịch vụ công trực tuyến toàn trình", Body: "Từ tháng 3, người dân có thể nộp hồ sơ đăng ký khai sinh trực tuyến.\nKhông cần đến trụ sở.\n\nKết quả trả tại Bộ phận Một cửa hoặc qua bưu chính.",
			Image: &store.NewFile{Name: "anh.png", Data: portalPNG}, ImageAlt: "Cán bộ hướng dẫn người dân nộp hồ sơ trực tuyến"},
	} {
		if _, err := srv.DB.CreateArticle(ctx, srv.Town.Unit.ID, in, true, "test"); err != nil {
			t.Fatal(err)
		}
	}
	b.Navigate(srv.URL + "/")
	if got := b.ClickAndWait(`header nav a[href="/tin-tuc"]`); got != http.StatusOK {
		t.Fatalf("news = %d", got)
	}
	titles := b.Texts(".portal-news h2")
	if diff := cmp.Diff([]string{"Xã Đạ Tẻh triển khai dịch vụ công trực tuyến toàn trình", "Thông báo lịch tiếp công dân tháng 3/2025"}, titles); diff != "" {
		t.Errorf("news titles, newest first (-want +got):\n%s", diff)
	}
	b.ExpectAccessible("the news list")
	b.Screenshot("news")

	b.ClickAndWait(`.portal-news h2 a`)
	if h1 := b.Text("h1"); h1 != titles[0] {
		t.Errorf("article h1 = %q", h1)
	}
	if n := b.Count(".portal-article > p:not(.meta)"); n != 2 {
		t.Errorf("%d paragraphs, want 2", n)
	}
	if !browsertest.Eval[bool](b, `document.querySelector('.portal-image').complete && document.querySelector('.portal-image').naturalWidth === 1`) {
		t.Error("the article's image did not load")
	}
	b.ExpectAccessible("an article")
	b.Screenshot("article")
}

// portalFillBirthDeclaration answers the birth registration's form beyond
// the child's name and date of birth.
func portalFillBirthDeclaration(b *browsertest.Browser) {
	b.Select("#declaration-declarant_relation", "Mẹ")
	b.Select("#declaration-child_sex", "Nam")
	b.Fill("#declaration-child_birth_place", "Trạm y tế xã Đạ Tẻh")
	b.Fill("#declaration-child_ethnicity", "Kinh")
	b.Fill("#declaration-child_nationality", "Việt Nam")
	b.Fill("#declaration-child_home_town", "xã Đạ Tẻh, tỉnh Lâm Đồng")
	b.Fill("#declaration-mother_name", "Nguyễn Thị Lan")
	b.Fill("#declaration-mother_birth_year", "1990")
}

// portalSend presses "Gửi hồ sơ" on the check of answers and returns the
// status of the page it leads to.
func portalSend(t *testing.T, b *browsertest.Browser) int {
	t.Helper()
	if h1 := b.Text("h1"); h1 != "Kiểm tra lại thông tin" && h1 != "Check your answers" {
		t.Fatalf("not on the check of answers: h1 %q (errors: %v)", h1, b.Texts(".field-error"))
	}
	return b.ClickAndWait("#send")
}

// portalDownload fetches the href of the link sel with the browser's
// address and returns the PDF's text, spaces collapsed.
func portalDownload(t *testing.T, b *browsertest.Browser, sel string) string {
	t.Helper()
	href, ok := b.Attr(sel, "href")
	if !ok {
		t.Fatalf("no link %s", sel)
	}
	u := mustParse(t, b.Location()).ResolveReference(mustParse(t, href))
	resp, err := http.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("%s = %d %s", href, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text, err := pdftext.Text(body)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(text), " ")
}

// portalVisible reports whether the element sel is shown.
func portalVisible(b *browsertest.Browser, sel string) bool {
	return browsertest.Eval[bool](b, `(() => { const e = document.querySelector(`+"`"+sel+"`"+`); return !!e && e.getClientRects().length > 0; })()`)
}
