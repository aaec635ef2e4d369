package web

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// Plain HTTP tests of the pages' contracts: translations, CSRF, login
// throttling, cookie flags. The browser tests are in web_browser_test.go.

var (
	// literalKey matches {{.T "key"}} and {{$.T "key" ...}}.
	literalKey = regexp.MustCompile(`\.T\s+"([^"]+)"`)
	// printfKey matches {{.T (printf "prefix.%s" ...)}}.
	printfKey = regexp.MustCompile(`\.T\s+\(printf\s+"([^"%]*)%s"`)
	// anyT matches every call of T, to catch keys the two above cannot check.
	anyT = regexp.MustCompile(`\.T\s+(\S+)`)
)

// printfKeys lists, for each prefix a template builds a key from, every
// value the suffix can take. A template using a new prefix must add it here.
var printfKeys = map[string][]string{
	"online.": {string(catalogue.OnlineFull), string(catalogue.OnlinePartial), string(catalogue.OnlineCounter)},
	"level.":  {string(catalogue.LevelCommune), string(catalogue.LevelDistrict), string(catalogue.LevelProvince)},
	"component.": {string(catalogue.ComponentOriginal), string(catalogue.ComponentCertifiedCopy),
		string(catalogue.ComponentCopy), string(catalogue.ComponentOriginalOrCopy)},
	"role.":    {string(catalogue.RoleReception), string(catalogue.RoleSpecialist), string(catalogue.RoleLeader)},
	"consent.": store.ConsentChannels,
	// portal_submit.html: a reusable paper's source other than an upload.
	"portal.reuse.": {store.PaperScan, store.PaperResult},
	// ux_next.html: the primary actions and the confirmed ones.
	"office.action.": uxActionKeys(uxPrimaryOrder),
	"ux.confirm.":    {"refuse", "stop", "withdraw", "return"},
	// Notifications (office_notify.go).
	"office.notify.channel.": notify.Channels,
	"office.notify.kind.":    notify.Kinds,
	"office.notify.state.": {store.DeliverySending, store.DeliverySent, store.DeliveryDelivered, store.DeliveryFailed,
		store.DeliveryGivenUp},
}

func TestTemplateKeysHaveBothLanguages(t *testing.T) {
	used := map[string][]string{} // key -> templates using it
	err := fs.WalkDir(assets, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(b)
		for _, m := range literalKey.FindAllStringSubmatch(text, -1) {
			used[m[1]] = append(used[m[1]], p)
		}
		for _, m := range printfKey.FindAllStringSubmatch(text, -1) {
			suffixes, ok := printfKeys[m[1]]
			if !ok {
				t.Errorf("%s builds keys %q+%%s: add the values the suffix takes to printfKeys", p, m[1])
			}
			for _, s := range suffixes {
				used[m[1]+s] = append(used[m[1]+s], p)
			}
		}
		for _, m := range anyT.FindAllStringSubmatch(text, -1) {
			if !strings.HasPrefix(m[1], `"`) && m[1] != "(printf" {
				t.Errorf("%s: T %s takes a key this test cannot check; use a literal or printf", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The regexps must see the templates' keys, or the test checks nothing.
	for _, k := range []string{"site.name", "catalogue.title", "login.submit", "online.full", "component.copy", "role.leader"} {
		if _, ok := used[k]; !ok {
			t.Errorf("no template uses %q: the key patterns are out of date", k)
		}
	}
	for key, where := range used {
		m, ok := messages[key]
		switch {
		case !ok:
			t.Errorf("%s use message %q, which is not in messages", strings.Join(slices.Compact(where), ", "), key)
		case strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "":
			t.Errorf("message %q lacks a language: %q", key, m)
		}
	}
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for key, m := range messages {
		if vi, en := verb.FindAllString(m[0], -1), verb.FindAllString(m[1], -1); !slices.Equal(vi, en) {
			t.Errorf("message %q: Vietnamese takes %v, English %v", key, vi, en)
		}
	}
}

// testServer is the whole server (as motcua serve wires it) over a seeded
// SQLite database, with a cookie-keeping client that does not follow redirects.
type testServer struct {
	URL    string
	DB     *store.DB
	Client *http.Client
}

func newTestServer(t testing.TB, opt Options) *testServer {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db := storetest.OpenSQLiteSeeded(t, store.Options{Logger: log}, "web.demo", func(ctx context.Context, db *store.DB) error {
		_, err := demo.Seed(ctx, db)
		return err
	})
	return serveTestDB(t, db, log, opt)
}

// serveTestDB serves db's pages and API on a loopback server closed when the
// test ends, with a client that keeps cookies and does not follow redirects.
func serveTestDB(t testing.TB, db *store.DB, log *slog.Logger, opt Options) *testServer {
	t.Helper()
	// Every dossier page a test opens checks store.DossierSides against the
	// lists; a benchmark measures the page as served.
	_, opt.checkSides = t.(*testing.T)
	w, err := New(db, log, opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(db, log, metrics.New(), w, api.New(db, log, api.Options{})).Handler())
	t.Cleanup(ts.Close)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &testServer{URL: ts.URL, DB: db, Client: client}
}

// get fetches path and returns the response and its body.
func (s *testServer) get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	resp, err := s.Client.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(t, resp)
}

// post submits form to path and returns the response and its body.
func (s *testServer) post(t testing.TB, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := s.Client.PostForm(s.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(t, resp)
}

func readBody(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfFrom returns the CSRF token of the first form in page.
func csrfFrom(t testing.TB, page string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token in the page")
	}
	return m[1]
}

// login logs in as username through the login form and returns the
// response to the POST.
func (s *testServer) login(t testing.TB, username, password string) (*http.Response, string) {
	t.Helper()
	_, page := s.get(t, "/dang-nhap")
	return s.post(t, "/dang-nhap", url.Values{"csrf": {csrfFrom(t, page)}, "username": {username}, "password": {password}})
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

const csrfRefused = "Phiên làm việc của biểu mẫu đã hết hạn"

func TestPostWithoutCSRFTokenIsRefused(t *testing.T) {
	s := newTestServer(t, Options{})
	_, page := s.get(t, "/dang-nhap") // sets the anonymous CSRF cookie
	token := csrfFrom(t, page)

	// Right credentials, no or wrong token: refused, no session.
	for name, form := range map[string]url.Values{
		"no token":    {"username": {"tiepnhan1"}, "password": {demo.Password}},
		"wrong token": {"csrf": {token + "x"}, "username": {"tiepnhan1"}, "password": {demo.Password}},
		"empty token": {"csrf": {""}, "username": {"tiepnhan1"}, "password": {demo.Password}},
	} {
		resp, body := s.post(t, "/dang-nhap", form)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("login with %s: status %d, want 403", name, resp.StatusCode)
		}
		if !strings.Contains(body, csrfRefused) {
			t.Errorf("login with %s: the page does not say why", name)
		}
		if c := cookieNamed(resp, middleware.SessionCookie); c != nil {
			t.Errorf("login with %s set a session cookie", name)
		}
	}
	if resp, _ := s.get(t, "/can-bo"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the workspace answered %d after refused logins, want a redirect to the login page", resp.StatusCode)
	}
	// The refused attempts were not counted as failed logins either.
	if n, err := s.DB.Attempts(context.Background(), "user:tiepnhan1@127.0.0.1", time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("login failures recorded = %d, %v; want 0", n, err)
	}

	// Logged in, a logout without the token leaves the session alone.
	if resp, _ := s.login(t, "tiepnhan1", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d", resp.StatusCode)
	}
	resp, page := s.get(t, "/can-bo")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("workspace: status %d", resp.StatusCode)
	}
	sessionToken := csrfFrom(t, page)
	if sessionToken == token {
		t.Error("the session's CSRF token is the anonymous cookie's")
	}
	for name, form := range map[string]url.Values{
		"no token":             {},
		"the anonymous cookie": {"csrf": {token}},
	} {
		if resp, _ := s.post(t, "/dang-xuat", form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("logout with %s: status %d, want 403", name, resp.StatusCode)
		}
		if resp, _ := s.get(t, "/can-bo"); resp.StatusCode != http.StatusOK {
			t.Fatalf("logout with %s ended the session: workspace answers %d", name, resp.StatusCode)
		}
	}
	// With the token it works, which shows the refusals above were the token's.
	if resp, _ := s.post(t, "/dang-xuat", url.Values{"csrf": {sessionToken}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout with the token: status %d", resp.StatusCode)
	}
	if resp, _ := s.get(t, "/can-bo"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout the workspace answers %d, want a redirect", resp.StatusCode)
	}
}

func TestLoginIsThrottledAfterFiveFailures(t *testing.T) {
	s := newTestServer(t, Options{})
	for i := 1; i <= maxFailures; i++ {
		resp, body := s.login(t, "tiepnhan1", "wrong-"+string(rune('0'+i)))
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i, resp.StatusCode)
		}
		if !strings.Contains(body, "Tên đăng nhập hoặc mật khẩu không đúng.") {
			t.Errorf("failure %d: no error message", i)
		}
	}
	// The sixth attempt is refused even with the right password.
	resp, body := s.login(t, "tiepnhan1", demo.Password)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after %d failures: status %d, want 429", maxFailures, resp.StatusCode)
	}
	if !strings.Contains(body, "Đăng nhập sai quá nhiều lần") {
		t.Error("the throttled page does not say why")
	}
	if cookieNamed(resp, middleware.SessionCookie) != nil {
		t.Error("a throttled login set a session cookie")
	}
	// A colleague behind the office's shared address is not locked out by
	// one officer's typing: the address has a much larger allowance.
	if resp, _ := s.login(t, "tiepnhan2", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another username from the same address: status %d, want 303", resp.StatusCode)
	}
}

func TestLoginBelowTheThrottleSucceeds(t *testing.T) {
	s := newTestServer(t, Options{})
	for i := 1; i < maxFailures; i++ {
		if resp, _ := s.login(t, "tiepnhan1", "wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i, resp.StatusCode)
		}
	}
	if resp, _ := s.login(t, "tiepnhan1", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("login after %d failures: status %d, want 303", maxFailures-1, resp.StatusCode)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	for _, secure := range []bool{false, true} {
		s := newTestServer(t, Options{SecureCookie: secure})
		resp, _ := s.login(t, "tiepnhan1", demo.Password)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: status %d", resp.StatusCode)
		}
		c := cookieNamed(resp, middleware.SessionCookie)
		if c == nil {
			t.Fatalf("login set no %s cookie; Set-Cookie: %q", middleware.SessionCookie, resp.Header.Values("Set-Cookie"))
		}
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != secure || c.MaxAge <= 0 {
			t.Errorf("SecureCookie=%v: session cookie HttpOnly=%v SameSite=%v Path=%q Secure=%v MaxAge=%d; "+
				"want HttpOnly, SameSite=Lax, Path=/, Secure=%v, a lifetime", secure, c.HttpOnly, c.SameSite, c.Path, c.Secure, c.MaxAge, secure)
		}

		// The anonymous CSRF cookie is as guarded.
		fresh := newTestServer(t, Options{SecureCookie: secure})
		r, _ := fresh.get(t, "/dang-nhap")
		if c := cookieNamed(r, csrfCookie); c == nil || !c.HttpOnly || c.SameSite == http.SameSiteDefaultMode || c.SameSite == http.SameSiteNoneMode || c.Secure != secure {
			t.Errorf("SecureCookie=%v: CSRF cookie %+v, want HttpOnly and SameSite", secure, c)
		}

		// Logging out expires the cookie with the same flags.
		_, page := s.get(t, "/can-bo")
		out, _ := s.post(t, "/dang-xuat", url.Values{"csrf": {csrfFrom(t, page)}})
		if c := cookieNamed(out, middleware.SessionCookie); c == nil || c.MaxAge >= 0 || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("SecureCookie=%v: logout cookie %+v, want it expired, HttpOnly, SameSite=Lax", secure, c)
		}
	}
}
