package securitytest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
)

// Client makes requests as one role of one unit (Unit is -1 for anonymous),
// with its own cookies and the CSRF token of its session. Redirects are not
// followed.
type Client struct {
	w     *World
	http  *http.Client
	Role  Role
	Unit  int
	CSRF  string // the form token (web) and X-CSRF-Token (API, cookie sessions)
	Token string // the officer's API token
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (w *World) newClient(t testing.TB, r Role, unit int) *Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{w: w, Role: r, Unit: unit, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	// Every visitor holds a CSRF token for the public forms.
	_, page := c.Do(t, "GET", "/dang-nhap", "", nil)
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token in the login page")
	}
	c.CSRF = m[1]
	return c
}

// Anonymous returns a client that is not logged in but holds the login
// page's CSRF token.
func (w *World) Anonymous(t testing.TB) *Client { return w.newClient(t, Anonymous, -1) }

// Login returns a client logged in through the login form as the officer of
// role r in unit i, with the session's CSRF token.
func (w *World) Login(t testing.TB, r Role, i int) *Client {
	t.Helper()
	c := w.newClient(t, r, i)
	u := w.Units[i]
	resp, _ := c.Do(t, "POST", "/dang-nhap", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"csrf": {c.CSRF}, "username": {u.Logins[r]}, "password": {demo.Password}}.Encode()))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d", u.Logins[r], resp.StatusCode)
	}
	_, page := c.Do(t, "GET", "/can-bo", "", nil)
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in the workspace of %s", u.Logins[r])
	}
	c.CSRF = m[1]
	c.Token = u.Tokens[r]
	return c
}

// Do sends a request with the client's cookies and returns the response
// (body closed) and its body.
func (c *Client) Do(t testing.TB, method, path, contentType string, body io.Reader) (*http.Response, string) {
	t.Helper()
	return c.DoHeader(t, method, path, http.Header{"Content-Type": {contentType}}, body)
}

// DoHeader is Do with request headers; an empty value is not sent.
func (c *Client) DoHeader(t testing.TB, method, path string, h http.Header, body io.Reader) (*http.Response, string) {
	t.Helper()
	resp, text, err := c.Try(method, path, h, body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, text
}

// Try is DoHeader returning a transport error instead of failing the test.
func (c *Client) Try(method, path string, h http.Header, body io.Reader) (*http.Response, string, error) {
	req, err := http.NewRequest(method, c.w.URL+path, body)
	if err != nil {
		return nil, "", fmt.Errorf("%s %s: %w", method, path, err)
	}
	for k, vs := range h {
		for _, v := range vs {
			if v != "" {
				req.Header.Add(k, v)
			}
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, "", fmt.Errorf("%s %s: read: %w", method, path, err)
	}
	return resp, string(b), nil
}
