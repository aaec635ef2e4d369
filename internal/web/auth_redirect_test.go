package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/motcua/motcua/internal/demo"
)

// safeNext keeps only paths of this site; every form a browser could read as
// another host goes to the default page.
func TestSafeNextRefusesOffSiteForms(t *testing.T) {
	for next, want := range map[string]string{
		"/can-bo":                    "/can-bo",
		"/can-bo/ho-so?trang=2&q=an": "/can-bo/ho-so?trang=2&q=an",
		"/thu-tuc/1.001%2F2":         "/thu-tuc/1.001%2F2",
		"":                           "",
		"//evil.example/":            "",
		"/\\evil.example/":           "",
		"/\t/evil.example/":          "",
		"/%09/evil.example/":         "/%09/evil.example/", // still percent-encoded: a path, not a host
		"%2F%2Fevil.example":         "",
		"\t/evil.example":            "",
		"/ /evil.example":            "",
		"/\r\n/evil.example":         "",
		"/\n/evil.example":           "",
		"/\x00/evil.example":         "",
		"/can-bo\u00a0":              "",
		"/\u2028/evil.example":       "",
		"/a\\b":                      "",
		"https://evil.example/":      "",
		"https:/evil.example":        "",
		"javascript:alert(1)":        "",
		"/javascript:alert(1)":       "/javascript:alert(1)",
		"\\\\evil.example":           "",
		"/\xff":                      "",
		"http://127.0.0.1/can-bo":    "",
		"/@evil.example":             "/@evil.example",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

// The reported attack end to end: the tab, sent percent-encoded in the
// query, arrives decoded; the login must not send the officer off-site.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, next := range []string{"/%09/evil.example/", "//evil.example/", "/%5Cevil.example/", "https://evil.example/", "/%0D%0A/evil.example/"} {
		s.Client.Jar, _ = adminNewJar()
		_, page := s.get(t, "/dang-nhap?next="+next)
		form := url.Values{"csrf": {csrfFrom(t, page)}, "username": {"chutich"}, "password": {demo.Password}}
		form.Set("next", mustUnescape(t, next)) // and as an attacker's own form would post it
		resp, _ := s.post(t, "/dang-nhap", form)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/can-bo" {
			t.Errorf("next=%s: %d to %q, want 303 to /can-bo", next, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

func mustUnescape(t *testing.T, s string) string {
	t.Helper()
	u, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
