package web_test

import (
	"context"
	"fmt"
	"github.com/motcua/motcua/internal/testenv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/pdf/pdftext"
)

// tabTo presses Tab until the element with id has the focus, at most limit
// times, and fails the test if it never does: the keyboard alone reaches it.
func tabTo(t *testing.T, b *browsertest.Browser, id string, limit int) {
	t.Helper()
	for range limit {
		b.Press("\t")
		if browsertest.Eval[string](b, `document.activeElement ? document.activeElement.id : ''`) == id {
			return
		}
	}
	t.Fatalf("#%s is not reached by %d presses of Tab (focus is on %q)", id, limit,
		browsertest.Eval[string](b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ''`))
}

// TestBrowserKeyboardOnlySubmission submits a birth registration with the
// keyboard alone, on a desktop and on a 390 px phone: Tab from field to
// field, typing, Space to tick, Enter to send. A first try with mistakes
// comes back with a title starting "Lỗi:" and the focus on the error
// summary, whose first link leads to the field. (A file is chosen through
// the system's dialog, which a test cannot drive: the files are set on the
// inputs the keyboard reached.)
func TestBrowserKeyboardOnlySubmission(t *testing.T) {
	testenv.Long(t, "a second browser flow of what the quick suite covers; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "to-khai.pdf")
	if err := os.WriteFile(pdf, []byte(portalMinimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			b := browsertest.Start(t)
			b.SetViewport(size.w, size.h)
			b.Navigate(srv.URL + "/nop-ho-so/" + birthRegistration)
			if title := browsertest.Eval[string](b, `document.title`); strings.HasPrefix(title, "Lỗi") {
				t.Errorf("a fresh form's title is %q", title)
			}

			// First try: only the name, then Enter on the send button.
			tabTo(t, b, "full_name", 40)
			b.Press("Nguyễn Thị Lan")
			tabTo(t, b, "agree", 80)
			b.Press(" ")
			if !browsertest.Eval[bool](b, `document.getElementById('agree').checked`) {
				t.Fatal("Space did not tick the pledge")
			}
			b.Press("\t")
			if got := browsertest.Eval[string](b, `document.activeElement.className`); !strings.Contains(got, "portal-submit") {
				t.Fatalf("after the pledge Tab goes to %q, not the send button", got)
			}
			if got := b.PressEnterAndWait("button.portal-submit"); got != http.StatusBadRequest {
				t.Fatalf("an incomplete form = %d, want 400", got)
			}
			if title := browsertest.Eval[string](b, `document.title`); !strings.HasPrefix(title, "Lỗi: ") {
				t.Errorf("the title with errors is %q, want it to start with \"Lỗi: \"", title)
			}
			if got := focusedID(b); got != "error-summary" {
				t.Errorf("focus after errors is on #%s, want the error summary", got)
			}
			if got := b.Value("#full_name"); got != "Nguyễn Thị Lan" {
				t.Errorf("the name typed is %q after the errors", got)
			}
			b.ExpectAccessible("the form with errors, " + size.name)
			b.Screenshot("keyboard-errors-" + size.name)
			// The summary's first link is one Tab away and names a field.
			b.Press("\t")
			if href := browsertest.Eval[string](b, `document.activeElement.getAttribute('href') || ''`); !strings.HasPrefix(href, "#") {
				t.Errorf("Tab from the summary reaches %q, not a link to a field", href)
			}

			// Second try, by keyboard from the top of the form.
			for _, f := range []struct{ id, text string }{{"id_number", "068190001234"}, {"phone", "0912345678"},
				{"address", "Thôn 3, xã Đạ Tẻh"}, {"declaration-child_name", "Nguyễn Văn An"}} {
				tabTo(t, b, f.id, 60)
				b.Press(f.text)
			}
			// A date is typed in the order of the browser's locale: set as a picker would.
			portalSetValue(t, b, "#declaration-child_birth_date", "2025-02-20")
			portalFillBirthDeclaration(b)
			for _, id := range []string{"component-1", "component-2"} {
				tabTo(t, b, id, 60)
				portalUpload(t, b, "#"+id, pdf)
			}
			if !browsertest.Eval[bool](b, `document.getElementById('agree').checked`) {
				tabTo(t, b, "agree", 60)
				b.Press(" ")
			}
			if got := b.PressEnterAndWait("button.portal-submit"); got != http.StatusOK {
				t.Fatalf("the corrected form = %d, want 200 (errors: %v)", got, b.Texts(".field-error"))
			}
			// The check of answers, sent by Tab to "Gửi hồ sơ" and Enter.
			tabTo(t, b, "send", 80)
			if got := b.PressEnterAndWait("#send"); got != http.StatusOK {
				t.Fatalf("Gửi hồ sơ by Enter = %d", got)
			}
			code := b.Text("#dossier-code")
			if _, err := srv.DB.Dossier(context.Background(), code); err != nil {
				t.Fatalf("the code shown, %q: %v", code, err)
			}
			b.ExpectAccessible("the confirmation, " + size.name)
			b.Screenshot("keyboard-submitted-" + size.name)
		})
	}
}

// uxSubmitBirth submits a birth registration through the form (mouse and
// typing; the keyboard test covers the keyboard) and returns the code shown.
// review, when not nil, runs on the check of answers before it is sent.
func uxSubmitBirth(t *testing.T, b *browsertest.Browser, srv *browsertest.Server, review func()) string {
	t.Helper()
	pdf := filepath.Join(t.TempDir(), "to-khai.pdf")
	if err := os.WriteFile(pdf, []byte(portalMinimalPDF), 0o600); err != nil {
		t.Fatal(err)
	}
	b.Navigate(srv.URL + "/nop-ho-so/" + birthRegistration)
	b.Fill("#full_name", "Nguyễn Thị Lan")
	b.Fill("#id_number", "068190001234")
	b.Fill("#phone", "0912345678")
	b.Fill("#address", "Thôn 3, xã Đạ Tẻh")
	b.Fill("#declaration-child_name", "Nguyễn Văn An")
	portalSetValue(t, b, "#declaration-child_birth_date", "2025-02-20")
	portalFillBirthDeclaration(b)
	for _, id := range []string{"component-1", "component-2"} {
		portalUpload(t, b, "#"+id, pdf)
	}
	b.Click("#agree")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("submission = %d (errors: %v)", got, b.Texts(".field-error"))
	}
	if review != nil {
		review()
	}
	if got := portalSend(t, b); got != http.StatusOK {
		t.Fatalf("Gửi hồ sơ = %d", got)
	}
	return b.Text("#dossier-code")
}

// TestBrowserConfirmationOnAPhone: after sending, on a 390 px phone, the code
// stays on one line and is selected whole by a tap; the page gives the time
// limit and the expected date, says how the department will reach the
// citizen, never sends them to the counter for a fully online procedure, and
// offers an acknowledgement PDF whose text and QR code name the dossier.
func TestBrowserConfirmationOnAPhone(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.SetViewport(390, 844)
	code := uxSubmitBirth(t, b, srv, func() {
		// The check of answers on a phone: one column, nothing sideways.
		if portalScrollsSideways(b, 390) {
			t.Error("the check of answers scrolls sideways at 390 px")
		}
		if right := browsertest.Eval[float64](b, `Math.max(...[...document.querySelectorAll('.review-section button')].map(e => e.getBoundingClientRect().right))`); right > 390 {
			t.Errorf("a “Sửa” button ends at %.0f px, past the 390 px screen", right)
		}
		// Compact: one "Sửa" per group, an answer beside its label (about
		// 3,300 px when each answer had its own lines and button; 2,000 now).
		h := browsertest.Eval[float64](b, `document.documentElement.scrollHeight`)
		t.Logf("the check of answers at 390 × 844 is %.0f px tall", h)
		if h > 2400 {
			t.Errorf("the check of answers is %.0f px tall on a phone, want it compact (under 2,400 px)", h)
		}
		b.ExpectAccessible("the check of answers at 390 px")
		b.Screenshot("submit-review-390")
	})

	if portalScrollsSideways(b, 390) {
		t.Error("the confirmation scrolls sideways at 390 px")
	}
	lines := browsertest.Eval[float64](b, `(() => { const e = document.getElementById('dossier-code');
		return e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight || '30'); })()`)
	if lines > 1.5 {
		t.Errorf("the code takes %.1f lines on a phone, want one", lines)
	}
	if right := browsertest.Eval[float64](b, `document.getElementById('dossier-code').getBoundingClientRect().right`); right > 390 {
		t.Errorf("the code ends at %.0f px, past the 390 px screen", right)
	}
	if sel := browsertest.Eval[string](b, `getComputedStyle(document.getElementById('dossier-code')).userSelect`); sel != "all" {
		t.Errorf("a tap selects %q of the code, want all", sel)
	}
	if exp := b.Text("#expected"); len(exp) != len("02/01/2006") || exp[2] != '/' {
		t.Errorf("expected date %q, want dd/mm/yyyy", exp)
	}
	next := strings.Join(b.Texts("#next-steps li"), "\n")
	for _, want := range []string{"số điện thoại đã khai (******5678)", "không cần đến Bộ phận Một cửa"} {
		if !strings.Contains(next, want) {
			t.Errorf("next steps lack %q:\n%s", want, next)
		}
	}
	if strings.Contains(next, "mời bạn đến") || b.Count(".portal-bring") != 0 {
		t.Errorf("a fully online procedure sends the citizen to the counter:\n%s", next)
	}
	if got := b.Text("#bookmark"); got != "/tra-cuu?ma="+code {
		t.Errorf("bookmark address %q", got)
	}
	b.ExpectAccessible("the confirmation at 390 px")
	b.Screenshot("confirmation-390")

	// The acknowledgement, fetched as the link would.
	href, _ := b.Attr("#ack-pdf", "href")
	resp, err := http.Get(srv.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("acknowledgement = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text, err := pdftext.Text(body)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"GIẤY XÁC NHẬN ĐÃ NỘP HỒ SƠ TRỰC TUYẾN", "Mã hồ sơ: " + code, "********1234", "không cần đến Bộ phận Một cửa"} {
		if !strings.Contains(flat, want) {
			t.Errorf("acknowledgement lacks %q:\n%s", want, flat)
		}
	}
	if strings.Contains(flat, "068190001234") {
		t.Error("the acknowledgement prints the whole ID number")
	}
	// Without the submission's key there is nothing to download.
	for _, q := range []string{"", "?k=" + strings.Repeat("a", 32), "?k=../x"} {
		r, err := http.Get(srv.URL + "/nop-ho-so/da-nop/xac-nhan.pdf" + q)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("acknowledgement with %q = %d, want 404", q, r.StatusCode)
		}
	}
}

// TestBrowserCitizenChoosesToReceiveByPost: on the status page, behind the
// code and four digits, a citizen on a phone chooses to receive the result
// by post; a missing address is a Vietnamese error at the field with a "Lỗi:"
// title, and changes nothing; the reception officer sees the choice on the
// dossier page.
func TestBrowserCitizenChoosesToReceiveByPost(t *testing.T) {
	testenv.Long(t, "a browser flow whose pages the quick suite tests over HTTP; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.SetViewport(390, 844)
	ctx := context.Background()
	code := uxSubmitBirth(t, b, srv, nil)

	// The bookmarkable address still asks for the four digits.
	b.Navigate(srv.URL + "/tra-cuu?ma=" + code)
	if got := b.Value("#ma"); got != code {
		t.Fatalf("the bookmark's code = %q", got)
	}
	if b.Count("#return") != 0 {
		t.Fatal("the return choice shows before the second factor")
	}
	b.Fill("#so", "5678")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("lookup = %d", got)
	}
	if got := b.Text("#return-current"); !strings.HasPrefix(got, "Bạn chưa chọn") {
		t.Errorf("before a choice: %q", got)
	}
	b.Click("#return-post")
	if got := b.ClickAndWait(`#return button[type=submit]`); got != http.StatusBadRequest {
		t.Fatalf("post without an address = %d, want 400", got)
	}
	if title := browsertest.Eval[string](b, `document.title`); !strings.HasPrefix(title, "Lỗi: ") {
		t.Errorf("title %q", title)
	}
	if msg := b.Text("#return_address-error"); msg != "Vui lòng nhập địa chỉ nhận qua bưu chính (tối đa 300 ký tự)." {
		t.Errorf("address error %q", msg)
	}
	if inv, _ := b.Attr("#return_address", "aria-invalid"); inv != "true" {
		t.Error("the address is not marked invalid")
	}
	d, err := srv.DB.Dossier(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := srv.DB.ReturnChoice(ctx, d.ID); c != nil {
		t.Fatalf("a refused choice was stored: %+v", c)
	}
	b.ExpectAccessible("the return choice with an error at 390 px")
	b.Screenshot("return-error-390")

	b.Fill("#return_address", "Số 12, thôn 3, xã Đạ Tẻh, tỉnh Lâm Đồng")
	if got := b.ClickAndWait(`#return button[type=submit]`); got != http.StatusOK {
		t.Fatalf("post with an address = %d", got)
	}
	if got := b.Text("#return-current"); got != "Bạn đã chọn: Qua bưu chính, đến: Số 12, thôn 3, xã Đạ Tẻh, tỉnh Lâm Đồng" {
		t.Errorf("after the choice: %q", got)
	}
	if b.Count("#return-saved") != 1 {
		t.Error("no word that the choice was saved")
	}
	if portalScrollsSideways(b, 390) {
		t.Error("the status page scrolls sideways at 390 px")
	}
	b.ExpectAccessible("the return choice saved at 390 px")
	b.Screenshot("return-saved-390")
	c, err := srv.DB.ReturnChoice(ctx, d.ID)
	if err != nil || c == nil || c.Address != "Số 12, thôn 3, xã Đạ Tẻh, tỉnh Lâm Đồng" {
		t.Fatalf("stored choice %+v, %v", c, err)
	}

	// The officer's dossier page says it.
	ob := browsertest.Start(t)
	officeLogin(t, ob, srv, "tiepnhan1")
	ob.Navigate(srv.URL + "/can-bo/ho-so/" + code)
	facts := strings.Join(ob.Texts(".facts div"), "\n")
	if !strings.Contains(facts, "Qua bưu chính, đến: Số 12, thôn 3, xã Đạ Tẻh, tỉnh Lâm Đồng") {
		t.Errorf("the officer's page lacks the choice:\n%s", facts)
	}
}

// TestBrowserLookupAfterAnAttackAsksForTheWholeNumber: someone guessed a
// code's four digits ten times; the owner, on a phone, is not locked out:
// the page asks for the whole phone number, which opens the status page.
func TestBrowserLookupAfterAnAttackAsksForTheWholeNumber(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.SetViewport(390, 844)
	code := uxSubmitBirth(t, b, srv, nil)
	for i := range 10 {
		if _, _, err := srv.DB.LookupGuarded(context.Background(), code, fmt.Sprintf("%04d", i), fmt.Sprintf("10.0.0.%d", i)); err == nil {
			t.Fatal("a wrong guess opened the dossier")
		}
	}
	b.Navigate(srv.URL + "/tra-cuu?ma=" + code)
	b.Fill("#so", "5678")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusTooManyRequests {
		t.Fatalf("four digits after the attack = %d, want 429", got)
	}
	if msg := b.Text("#so-error"); !strings.Contains(msg, "nhập đầy đủ số điện thoại hoặc số định danh") {
		t.Errorf("the field says %q", msg)
	}
	if title := browsertest.Eval[string](b, `document.title`); !strings.HasPrefix(title, "Lỗi: ") {
		t.Errorf("title %q", title)
	}
	if got := focusedID(b); got != "lookup-error" {
		t.Errorf("focus on %q, want the error", got)
	}
	b.ExpectAccessible("the lookup asking for the whole number at 390 px")
	b.Screenshot("lookup-whole-number-390")
	b.Fill("#so", "0912345678")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("the whole phone number = %d, want 200", got)
	}
	if got := b.Text("#dossier-code"); got != code {
		t.Errorf("status page of %q", got)
	}
}

// TestBrowserProcedurePageOnAPhone: a procedure's page, with its documents
// table, fits a 390 px screen without scrolling sideways.
func TestBrowserProcedurePageOnAPhone(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.SetViewport(390, 844)
	for _, code := range []string{birthRegistration, "2.001035", "1.001776"} {
		b.Navigate(srv.URL + "/thu-tuc/" + code)
		if w := browsertest.Eval[int](b, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("/thu-tuc/%s is %d px wide on a 390 px phone", code, w)
		}
		wide := browsertest.Eval[[]string](b, `Array.from(document.querySelectorAll('main table'), e => e.getBoundingClientRect().right > 390 || e.scrollWidth > e.clientWidth + 1 ? (e.closest('section') || e).id || e.className : '').filter(Boolean)`)
		if len(wide) > 0 {
			t.Errorf("/thu-tuc/%s: tables wider than the screen: %v", code, wide)
		}
		if note := strings.Join(b.Texts("main .note"), " "); strings.Contains(note, "online") || strings.Contains(note, "time_limit") {
			t.Errorf("/thu-tuc/%s shows raw keys: %q", code, note)
		}
		// Each component row reads as a card: its cells are as wide as the row.
		if narrow := browsertest.Eval[bool](b, `(() => { const c = document.querySelector('table.stack tbody td'); return !!c && c.getBoundingClientRect().width < 300; })()`); narrow {
			t.Errorf("/thu-tuc/%s: the component names are squeezed into a narrow column", code)
		}
		b.ExpectAccessible("/thu-tuc/" + code + " at 390 px")
	}
	b.Navigate(srv.URL + "/thu-tuc/" + birthRegistration)
	b.Screenshot("procedure-390")

	// The blank declaration, from its link in the components.
	href, ok := b.Attr("a.form-download", "href")
	if !ok {
		t.Fatal("no form to download on the birth registration page")
	}
	resp, err := http.Get(srv.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("%s = %d %s", href, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text, err := pdftext.Text(body)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"TỜ KHAI ĐĂNG KÝ KHAI SINH", "Kính gửi: UBND xã Đạ Tẻh", "Quê quán:", "Quan hệ với người được khai sinh:", "Giới tính:"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the blank declaration lacks %q:\n%s", want, flat)
		}
	}
	// A procedure without a form has nothing to download.
	r, err := http.Get(srv.URL + "/thu-tuc/1.012812/to-khai.pdf")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusNotFound {
		t.Errorf("a procedure without a form: %d, want 404", r.StatusCode)
	}
}

// TestBrowserAnErrorKeepsTheFilesChosen: a citizen on a phone sends the form
// with a mistake; the valid files chosen are kept (named beside their
// fields) and need not be chosen again; only the wrong file is. The dossier
// then has every file, with the bytes first sent, and the draft is gone.
func TestBrowserAnErrorKeepsTheFilesChosen(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.SetViewport(390, 844)
	ctx := context.Background()
	dir := t.TempDir()
	declaration := filepath.Join(dir, "to-khai.pdf")
	birth := filepath.Join(dir, "giay-chung-sinh.png")
	wrong := filepath.Join(dir, "can-cuoc.pdf")
	idCard := filepath.Join(dir, "can-cuoc-that.pdf")
	for p, data := range map[string][]byte{declaration: []byte(portalMinimalPDF), birth: portalPNG,
		wrong: []byte("<!doctype html><p>not a scan</p>"), idCard: []byte(portalOtherPDF)} {
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b.Navigate(srv.URL + "/nop-ho-so/" + birthRegistration)
	b.Fill("#full_name", "Nguyễn Thị Lan")
	b.Fill("#id_number", "068190001234")
	b.Fill("#phone", "0912345678")
	b.Fill("#address", "Thôn 3, xã Đạ Tẻh")
	portalUpload(t, b, "#component-3", declaration)
	portalUpload(t, b, "#component-1", birth)
	portalUpload(t, b, "#component-2", wrong)
	b.Click("#agree")
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusBadRequest {
		t.Fatalf("a form with mistakes = %d, want 400", got)
	}
	for id, want := range map[string]string{"component-3": "to-khai.pdf", "component-1": "giay-chung-sinh.png"} {
		if hint := b.Text("#" + id + "-hint"); !strings.Contains(hint, want) {
			t.Errorf("%s: %q, want the kept file %s named", id, hint, want)
		}
	}
	if b.Count("#component-2-hint") != 0 && strings.Contains(b.Text("#component-2-hint"), "can-cuoc") {
		t.Error("the wrong file is said to be kept")
	}
	if notice := b.Text("#files-notice"); !strings.HasPrefix(notice, "Các tệp hợp lệ bạn đã chọn được giữ lại") {
		t.Errorf("files notice %q", notice)
	}
	b.ExpectAccessible("the form with kept files at 390 px")
	b.Screenshot("kept-files-390")

	// Corrected: the child's name, and only the wrong file chosen again.
	b.Fill("#declaration-child_name", "Nguyễn Văn An")
	portalSetValue(t, b, "#declaration-child_birth_date", "2025-02-20")
	portalFillBirthDeclaration(b)
	portalUpload(t, b, "#component-2", idCard)
	if got := b.ClickAndWait(`button.portal-submit`); got != http.StatusOK {
		t.Fatalf("the corrected form = %d (errors: %v)", got, b.Texts(".field-error"))
	}
	if got := portalSend(t, b); got != http.StatusOK {
		t.Fatalf("Gửi hồ sơ = %d", got)
	}
	d, err := srv.DB.Dossier(ctx, b.Text("#dossier-code"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := srv.DB.DossierFiles(ctx, d.ID)
	if err != nil || len(files) != 3 {
		t.Fatalf("%d files (%v), want 3", len(files), err)
	}
	sizes := map[string]int64{}
	for _, f := range files {
		sizes[f.Name] = f.Size
	}
	if sizes["to-khai.pdf"] != int64(len(portalMinimalPDF)) || sizes["giay-chung-sinh.png"] != int64(len(portalPNG)) {
		t.Errorf("kept files stored as %v", sizes)
	}
	key := strings.TrimPrefix(mustParse(t, b.Location()).RawQuery, "k=")
	if left, err := srv.DB.DraftFiles(ctx, key); err != nil || len(left) != 0 {
		t.Errorf("draft files left after the submission: %d, %v", len(left), err)
	}
}
