package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
)

// Responses that can carry personal data are Cache-Control: no-store:
// officers' pages, lookup results, the submission confirmation, the API's
// dossier routes and lookup. Public catalogue pages read anonymously stay
// cacheable (no no-store).
func TestPersonalDataIsNeverCached(t *testing.T) {
	s := newTestServer(t, Options{})
	d := submitOnline(t, s.DB, "")
	noStore := func(t *testing.T, what string, resp *http.Response) {
		t.Helper()
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("%s: %d, Cache-Control %q, want no-store", what, resp.StatusCode, cc)
		}
	}
	// Public, anonymous: cacheable.
	for _, path := range []string{"/", "/thu-tuc/" + portalBirth, "/tin-tuc", "/api/v1/procedures", "/api/v1/units"} {
		resp, _ := s.get(t, path)
		if resp.StatusCode != http.StatusOK || strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
			t.Errorf("public %s: %d, Cache-Control %q", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
	// The lookup's result (the applicant's dossier), and its API twin.
	_, page := s.get(t, "/tra-cuu")
	last4 := d.Applicant.Phone[len(d.Applicant.Phone)-4:]
	resp, body := s.post(t, "/tra-cuu", url.Values{"csrf": {csrfFrom(t, page)}, "ma": {d.Code}, "so": {last4}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, d.Code) {
		t.Fatalf("lookup: %d", resp.StatusCode)
	}
	noStore(t, "lookup result", resp)
	resp, _ = s.get(t, "/api/v1/lookup?code="+url.QueryEscape(d.Code)+"&last4="+last4)
	noStore(t, "API lookup", resp)
	resp, _ = s.get(t, "/dang-nhap")
	noStore(t, "login page", resp)

	// An officer: every page, even the catalogue (it names the officer), and
	// the API's dossier routes with a token.
	s.login(t, "tiepnhan1", demo.Password)
	for _, path := range []string{"/can-bo", "/", "/thu-tuc/" + portalBirth, "/can-bo/ho-so/" + d.Code} {
		resp, _ := s.get(t, path)
		noStore(t, "officer "+path, resp)
	}
	o, err := s.DB.OfficerByUsername(context.Background(), "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.DB.CreateToken(context.Background(), o.ID, "cache-test", "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/dossiers", "/api/v1/dossiers/" + d.Code, "/api/v1/dossiers/" + d.Code + "/events", "/api/v1/me"} {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("API %s: %d", path, resp.StatusCode)
		}
		noStore(t, "API "+path, resp)
	}
}
