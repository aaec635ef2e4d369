package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/store"
)

// These tests drive the real server through headless Chromium: what a
// citizen and an officer do, and axe-core's WCAG 2.1 A/AA check of every
// page they see. Screenshots go to artifacts/screenshots (or MOTCUA_ARTIFACTS).

const (
	birthRegistration = "1.001193" // Thủ tục đăng ký khai sinh
	searchBox         = "#q"
	searchButton      = "form.search button[type=submit]"
	resultLinks       = "ul.procedures li > a"
	resultCodes       = "ul.procedures .code"
)

// facts reads a procedure page's <dl class="facts"> as label -> value.
func facts(b *browsertest.Browser) map[string]string {
	return browsertest.Eval[map[string]string](b, `Object.fromEntries(Array.from(
		document.querySelectorAll('dl.facts > div'),
		d => [d.querySelector('dt').innerText.trim(), d.querySelector('dd').innerText.trim()]))`)
}

func procedureCodes(t *testing.T, db *store.DB, f store.ProcedureFilter) []string {
	t.Helper()
	ps, err := db.Procedures(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, p := range ps {
		codes = append(codes, p.Code)
	}
	return codes
}

func TestBrowserCitizenFindsBirthRegistrationWithoutDiacritics(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)

	if got := b.Navigate(srv.URL + "/"); got != http.StatusOK {
		t.Fatalf("GET / = %d", got)
	}
	b.ExpectAccessible("the catalogue")
	b.Screenshot("catalogue")

	b.Fill(searchBox, "dang ky khai sinh")
	if got := b.PressEnterAndWait(searchBox); got != http.StatusOK {
		t.Fatalf("search = %d", got)
	}
	if q := mustParse(t, b.Location()).Query().Get("q"); q != "dang ky khai sinh" {
		t.Errorf("the URL carries q=%q, want the query typed", q)
	}
	if got := b.Value(searchBox); got != "dang ky khai sinh" {
		t.Errorf("search box shows %q after the search", got)
	}
	names := b.Texts(resultLinks)
	if !slices.Contains(names, "Thủ tục đăng ký khai sinh") {
		t.Fatalf("results %q lack Thủ tục đăng ký khai sinh", names)
	}
	for _, n := range names {
		if low := strings.ToLower(n); !strings.Contains(low, "đăng ký") || !strings.Contains(low, "khai sinh") {
			t.Errorf("result %q does not match dang ky khai sinh", n)
		}
	}
	if count := b.Text(`main p[role="status"]`); count != strconv.Itoa(len(names))+" thủ tục" {
		t.Errorf("count line %q for %d results", count, len(names))
	}
	b.Screenshot("catalogue-search-dang-ky-khai-sinh")

	if got := b.ClickAndWait(`a[href="/thu-tuc/` + birthRegistration + `"]`); got != http.StatusOK {
		t.Fatalf("procedure page = %d", got)
	}
	v, err := srv.DB.ProcedureByCode(context.Background(), birthRegistration)
	if err != nil {
		t.Fatal(err)
	}
	p := v.Procedure
	if h1 := b.Text("h1"); h1 != p.Name {
		t.Errorf("h1 = %q, want %q", h1, p.Name)
	}
	f := facts(b)
	if f["Mã thủ tục"] != birthRegistration {
		t.Errorf("code = %q", f["Mã thủ tục"])
	}
	if want := p.TimeLimit.String(); want == "" || f["Thời hạn giải quyết"] != want {
		t.Errorf("time limit = %q, want %q", f["Thời hạn giải quyết"], want)
	}
	if fee := f["Phí, lệ phí"]; !strings.Contains(fee, "Không thu phí, lệ phí") || !strings.Contains(fee, p.Fee.Note) {
		t.Errorf("fee = %q, want free of charge and the note %q", fee, p.Fee.Note)
	}
	var wantComponents []string
	for _, c := range p.Components {
		wantComponents = append(wantComponents, c.Name)
	}
	if diff := cmp.Diff(wantComponents, b.Texts("table tbody tr td:first-child")); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
	if kinds := b.Texts("table tbody tr td:nth-child(2)"); !slices.Contains(kinds, "Bản chính") || !slices.Contains(kinds, "Bản sao chứng thực") {
		t.Errorf("component kinds %q are not in words", kinds)
	}
	var wantLegal []string
	for _, l := range p.LegalBases {
		wantLegal = append(wantLegal, l.Number)
	}
	if diff := cmp.Diff(wantLegal, b.Texts("ul.legal li strong")); diff != "" {
		t.Errorf("legal bases (-want +got):\n%s", diff)
	}
	b.ExpectAccessible("a procedure page")
	b.Screenshot("procedure-" + birthRegistration)
}

func TestBrowserCatalogueSearchAndFieldFilterAreShareable(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.Navigate(srv.URL + "/")

	// "chung thuc" finds the certification procedures, đ and tones folded.
	b.Fill(searchBox, "chung thuc")
	b.ClickAndWait(searchButton)
	want := procedureCodes(t, srv.DB, store.ProcedureFilter{Field: "CT"})
	if len(want) == 0 {
		t.Fatal("the demo catalogue has no certification (CT) procedures")
	}
	if diff := cmp.Diff(want, b.Texts(resultCodes)); diff != "" {
		t.Errorf("chung thuc: results (-want +got):\n%s", diff)
	}

	// The field filter narrows a broad search.
	b.Fill(searchBox, "dang ky")
	b.ClickAndWait(searchButton)
	broad := b.Texts(resultCodes)
	b.Select("#field", "CTRU")
	b.ClickAndWait(searchButton)
	narrow := b.Texts(resultCodes)
	wantNarrow := procedureCodes(t, srv.DB, store.ProcedureFilter{Field: "CTRU", Query: "dang ky"})
	if len(wantNarrow) == 0 || len(wantNarrow) >= len(broad) {
		t.Fatalf("bad fixture: %d residence results of %d", len(wantNarrow), len(broad))
	}
	if diff := cmp.Diff(wantNarrow, narrow); diff != "" {
		t.Errorf("dang ky in CTRU (-want +got):\n%s", diff)
	}
	for _, m := range b.Texts("ul.procedures .meta") {
		if !strings.Contains(m, "Đăng ký và quản lý cư trú") {
			t.Errorf("result outside the chosen field: %q", m)
		}
	}

	// The URL holds the whole search: reloading it, or opening it afresh,
	// shows the same results with the form filled in.
	shared := b.Location()
	q := mustParse(t, shared).Query()
	if q.Get("q") != "dang ky" || q.Get("field") != "CTRU" {
		t.Errorf("URL %s does not carry the search", shared)
	}
	if got := b.Reload(); got != http.StatusOK {
		t.Fatalf("reload = %d", got)
	}
	if diff := cmp.Diff(narrow, b.Texts(resultCodes)); diff != "" {
		t.Errorf("after reload (-before +after):\n%s", diff)
	}
	b.Navigate(srv.URL + "/")
	b.Navigate(shared)
	if diff := cmp.Diff(narrow, b.Texts(resultCodes)); diff != "" {
		t.Errorf("opening the shared URL (-before +after):\n%s", diff)
	}
	if got, field := b.Value(searchBox), b.Value("#field"); got != "dang ky" || field != "CTRU" {
		t.Errorf("form shows q=%q field=%q, want the shared search", got, field)
	}
	b.ExpectAccessible("the catalogue filtered by field")
	b.Screenshot("catalogue-dang-ky-in-residence")

	// "All fields" again gives the broad results back.
	b.Select("#field", "")
	b.ClickAndWait(searchButton)
	if diff := cmp.Diff(broad, b.Texts(resultCodes)); diff != "" {
		t.Errorf("all fields again (-want +got):\n%s", diff)
	}
}

func TestBrowserCatalogueOnAPhone(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.SetViewport(390, 844)
	b.Navigate(srv.URL + "/")
	if w := browsertest.Eval[int](b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the catalogue is %d px wide on a 390 px phone: it scrolls sideways", w)
	}
	b.ExpectAccessible("the catalogue at 390 px")
	b.Screenshot("catalogue-mobile-390")

	b.Navigate(srv.URL + "/thu-tuc/" + birthRegistration)
	if w := browsertest.Eval[int](b, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the procedure page is %d px wide on a 390 px phone", w)
	}
	b.Screenshot("procedure-mobile-390")
}

func TestBrowserEnglishSwitch(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.Navigate(srv.URL + "/")
	if lang, _ := b.Attr("html", "lang"); lang != "vi" {
		t.Errorf("html lang = %q, want vi", lang)
	}
	if h1 := b.Text("h1"); h1 != "Danh mục thủ tục hành chính" {
		t.Errorf("Vietnamese h1 = %q", h1)
	}

	b.ClickAndWait(`a[hreflang="en"]`)
	if lang, _ := b.Attr("html", "lang"); lang != "en" {
		t.Errorf("html lang = %q after switching to English", lang)
	}
	got := []string{b.Text("h1"), b.Text(`label[for="q"]`), b.Text(searchButton), b.Text(`a[href="/dang-nhap"]`)}
	if diff := cmp.Diff([]string{"Administrative procedures", "Find a procedure", "Search", "Officer login"}, got); diff != "" {
		t.Errorf("English labels (-want +got):\n%s", diff)
	}
	b.ExpectAccessible("the catalogue in English")
	b.Screenshot("catalogue-english")

	// The choice is remembered on the next page.
	b.Navigate(srv.URL + "/thu-tuc/" + birthRegistration)
	f := facts(b)
	if _, ok := f["Time limit"]; !ok {
		t.Errorf("procedure page facts in English: %v", f)
	}
	b.ExpectAccessible("a procedure page in English")

	b.ClickAndWait(`a[hreflang="vi"]`)
	if !strings.HasSuffix(mustParse(t, b.Location()).Path, "/thu-tuc/"+birthRegistration) {
		t.Errorf("switching language left the page: %s", b.Location())
	}
	if _, ok := facts(b)["Thời hạn giải quyết"]; !ok {
		t.Errorf("Vietnamese did not come back: %v", facts(b))
	}
	if lang, _ := b.Attr("html", "lang"); lang != "vi" {
		t.Errorf("html lang = %q after switching back", lang)
	}
	b.Navigate(srv.URL + "/")
	if h1 := b.Text("h1"); h1 != "Danh mục thủ tục hành chính" {
		t.Errorf("h1 after switching back = %q", h1)
	}
}

func TestBrowserOfficerLogsInAndOut(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.Navigate(srv.URL + "/")
	b.ClickAndWait(`a[href="/dang-nhap"]`)
	if h1 := b.Text("h1"); h1 != "Đăng nhập cán bộ" {
		t.Fatalf("login page h1 = %q", h1)
	}
	b.ExpectAccessible("the login page")
	b.Screenshot("login")

	// Nothing typed: each field says what it needs.
	if got := b.ClickAndWait(`main form button[type=submit]`); got != http.StatusBadRequest {
		t.Errorf("empty login = %d, want 400", got)
	}
	if diff := cmp.Diff([]string{"Vui lòng nhập tên đăng nhập.", "Vui lòng nhập mật khẩu."}, b.Texts(".field-error")); diff != "" {
		t.Errorf("field errors (-want +got):\n%s", diff)
	}
	if d, _ := b.Attr("#username", "aria-describedby"); d != "username-error" {
		t.Errorf("username aria-describedby = %q", d)
	}
	b.ExpectAccessible("the login page with field errors")
	b.Screenshot("login-empty")

	// A wrong password: the error above the form, the username kept.
	b.Fill("#username", "tiepnhan1")
	b.Fill("#password", "not-the-password")
	if got := b.ClickAndWait(`main form button[type=submit]`); got != http.StatusUnauthorized {
		t.Errorf("wrong password = %d, want 401", got)
	}
	if msg := b.Text(".form-error"); msg != "Tên đăng nhập hoặc mật khẩu không đúng." {
		t.Errorf("error = %q", msg)
	}
	if role, _ := b.Attr(".form-error", "role"); role != "alert" {
		t.Errorf("the error is not announced: role=%q", role)
	}
	if !browsertest.Eval[bool](b, `!!(document.querySelector('.form-error').compareDocumentPosition(
			document.querySelector('form[action="/dang-nhap"]')) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("the error is not above the login form")
	}
	if got := b.Value("#username"); got != "tiepnhan1" {
		t.Errorf("username after a failed login = %q, want it kept", got)
	}
	if got := b.Value("#password"); got != "" {
		t.Error("the password was sent back to the page")
	}
	if p := mustParse(t, b.Location()).Path; p != "/dang-nhap" {
		t.Errorf("after a failed login the browser is at %s", p)
	}
	b.ExpectAccessible("the login page after a wrong password")
	b.Screenshot("login-wrong-password")

	// The right password (the username is still there).
	b.Fill("#password", demo.Password)
	if got := b.ClickAndWait(`main form button[type=submit]`); got != http.StatusOK {
		t.Fatalf("login = %d", got)
	}
	if p := mustParse(t, b.Location()).Path; p != "/can-bo" {
		t.Fatalf("after login the browser is at %s, want /can-bo", p)
	}
	if h1 := b.Text("h1"); h1 != "Xin chào, Đặng Thị Mỹ Duyên" {
		t.Errorf("workspace h1 = %q", h1)
	}
	if cur, _ := b.Attr(`header nav a[href="/can-bo"]`, "aria-current"); cur != "page" {
		t.Errorf("workspace link aria-current = %q", cur)
	}
	if roles := facts(b)["Vai trò"]; roles != "Tiếp nhận và trả kết quả" {
		t.Errorf("roles = %q", roles)
	}
	b.ExpectAccessible("the workspace")
	b.Screenshot("workspace")

	if got := b.ClickAndWait(`form[action="/dang-xuat"] button`); got != http.StatusOK {
		t.Fatalf("logout = %d", got)
	}
	if p := mustParse(t, b.Location()).Path; p != "/" {
		t.Errorf("after logout the browser is at %s", p)
	}
	if b.Count(`form[action="/dang-xuat"]`) != 0 || b.Count(`a[href="/dang-nhap"]`) != 1 {
		t.Error("the header still shows the officer as logged in")
	}
	b.Navigate(srv.URL + "/can-bo")
	if u := mustParse(t, b.Location()); u.Path != "/dang-nhap" || u.Query().Get("next") != "/can-bo" {
		t.Errorf("the workspace after logout led to %s, want the login page", u)
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// focusRing describes the focused element and whether its focus indicator
// is visible: an outline at least 2 px wide that is not transparent.
const focusRing = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const visible = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 &&
    !/rgba\(.*,\s*0\)$/.test(s.outlineColor) && r.width > 0 && r.height > 0 &&
    r.right > 0 && r.bottom > 0 && r.left < innerWidth + scrollX;
  const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.getAttribute('href') ? '[href="' + e.getAttribute('href') + '"]' : '') + ' ' +
    (e.innerText || e.value || '').trim().slice(0, 40);
  return {Name: name, Visible: visible};
})()`

type focused struct {
	Name    string
	Visible bool
}

// tabThrough tabs to the end of the page (past any autofocused field), then
// once more through the whole page, and returns every element focused on
// that full pass, in order.
func tabThrough(t *testing.T, b *browsertest.Browser) []focused {
	t.Helper()
	const most = 80
	for i := 0; ; i++ {
		if i == most {
			t.Fatal("tabbing never left the page")
		}
		b.Press("\t")
		if browsertest.Eval[*focused](b, focusRing) == nil {
			break
		}
	}
	var seen []focused
	for range most {
		b.Press("\t")
		f := browsertest.Eval[*focused](b, focusRing)
		if f == nil {
			return seen
		}
		seen = append(seen, *f)
	}
	t.Fatalf("tabbing never left the page: %v", seen)
	return nil
}

func TestBrowserKeyboardFocusIsAlwaysVisible(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	check := func(what string) {
		t.Helper()
		seen := tabThrough(t, b)
		if len(seen) < 3 {
			t.Fatalf("%s: only %d focusable elements: %v", what, len(seen), seen)
		}
		if !strings.HasPrefix(seen[0].Name, `a[href="#main"]`) {
			t.Errorf("%s: the first Tab reaches %q, want the skip link", what, seen[0].Name)
		}
		for _, f := range seen {
			if !f.Visible {
				t.Errorf("%s: focus on %q is not visible", what, f.Name)
			}
		}
	}
	b.Navigate(srv.URL + "/?q=khai+sinh")
	check("the catalogue")
	b.Navigate(srv.URL + "/dang-nhap")
	check("the login page")

	// The skip link is visible when focused and leads to the main content.
	b.Navigate(srv.URL + "/")
	b.Press("\t")
	if !browsertest.Eval[bool](b, `document.activeElement.getBoundingClientRect().left >= 0`) {
		t.Error("the focused skip link is off screen")
	}
	b.Press("\r")
	if id := browsertest.Eval[string](b, `location.hash`); id != "#main" {
		t.Errorf("the skip link led to %q", id)
	}
}

// untaggedVietnamese lists texts in Vietnamese (diacritics or đ, other than
// the currency sign and the proper names given) that are not inside an
// element marked lang="vi".
const untaggedVietnamese = `((names) => {
  const vi = s => {
    for (const n of names) s = s.split(n).join('');
    return /[\u0300-\u036f]|[đĐ]/.test(s.normalize('NFD').replace(/\d\s?đ(?!\p{L})/gu, ''));
  };
  const out = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = w.nextNode()); ) {
    const text = n.textContent.trim();
    if (!text || !vi(text)) continue;
    const tagged = n.parentElement.closest('[lang]');
    if (!tagged || !tagged.lang.startsWith('vi')) out.push(text.slice(0, 60));
  }
  return out;
})(%s)`

// In English, Vietnamese content (procedure names, fields, legal texts)
// must say it is Vietnamese, so that screen readers switch voice (WCAG 3.1.2).
func TestBrowserEnglishPagesMarkVietnameseContent(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	b.Navigate(srv.URL + "/?lang=en")
	login := func() {
		b.Navigate(srv.URL + "/dang-nhap")
		b.Fill("#username", "hotich")
		b.Fill("#password", demo.Password)
		b.ClickAndWait(`main form button[type=submit]`)
	}
	for _, page := range []string{"/", "/?q=chung+thuc", "/thu-tuc/" + birthRegistration, "/thu-tuc/2.000815", "/dang-nhap", "/thu-tuc/0.000000", "workspace"} {
		if page == "workspace" {
			login()
		} else {
			b.Navigate(srv.URL + page)
		}
		if lang, _ := b.Attr("html", "lang"); lang != "en" {
			t.Fatalf("%s: html lang = %q", page, lang)
		}
		// Proper names are exempt from WCAG 3.1.2.
		if texts := browsertest.Eval[[]string](b, fmt.Sprintf(untaggedVietnamese, `["Lê Thị Hoà"]`)); len(texts) > 0 {
			t.Errorf("%s in English: Vietnamese text without lang=\"vi\":\n  %s", page, strings.Join(texts, "\n  "))
		}
	}
}

// Every procedure page and the error page pass axe-core: procedures differ
// in fees (free, fixed, per page), limits, exemptions and notes. The quick
// suite checks the pages that show every variant; the long one, all.
func TestBrowserEveryProcedurePageIsAccessible(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	codes := procedureCodes(t, srv.DB, store.ProcedureFilter{})
	if len(codes) < 20 {
		t.Fatalf("only %d procedures in the demo catalogue", len(codes))
	}
	for _, code := range procedurePagesToCheck(t, codes) {
		if got := b.Navigate(srv.URL + "/thu-tuc/" + code); got != http.StatusOK {
			t.Errorf("%s: status %d", code, got)
			continue
		}
		b.ExpectAccessibleAlways("procedure " + code)
	}
	if got := b.Navigate(srv.URL + "/thu-tuc/0.000000"); got != http.StatusNotFound {
		t.Errorf("unknown procedure: status %d, want 404", got)
	}
	if msg := b.Text(".error-message"); msg == "" {
		t.Error("the error page shows no message")
	}
	b.ExpectAccessibleAlways("the not-found page")
	b.Screenshot("not-found")
}
