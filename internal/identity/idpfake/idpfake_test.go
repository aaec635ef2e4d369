package idpfake_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/motcua/motcua/internal/identity/idpfake"
)

func TestFakeSendsBrowsersOnlyToRegisteredAddresses(t *testing.T) {
	f := idpfake.New(idpfake.Client{ID: "c", Secret: "s", RedirectURIs: []string{"http://127.0.0.1/cb"},
		LogoutURIs: []string{"http://127.0.0.1/"}, AnyLoopbackPort: true})
	srv := httptest.NewServer(f)
	defer srv.Close()
	f.SetIssuer(srv.URL)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	var doc map[string]any
	resp, err := http.Get(srv.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if doc["issuer"] != srv.URL || doc["end_session_endpoint"] != srv.URL+"/logout" {
		t.Errorf("discovery: %v", doc)
	}

	for _, tc := range []struct {
		name, path string
		status     int
		location   string
	}{
		{"authorize to an unregistered host", "/authorize?" + url.Values{"client_id": {"c"}, "redirect_uri": {"http://evil.example/cb"},
			"response_type": {"code"}, "scope": {"openid"}, "state": {"s"}, "nonce": {"n"}, "code_challenge": {"x"}, "code_challenge_method": {"S256"}}.Encode(), 400, ""},
		{"authorize on another loopback port", "/authorize?" + url.Values{"client_id": {"c"}, "redirect_uri": {"http://127.0.0.1:8123/cb"},
			"response_type": {"code"}, "scope": {"openid"}, "state": {"s"}, "nonce": {"n"}, "code_challenge": {"x"}, "code_challenge_method": {"S256"}}.Encode(), 200, ""},
		{"sign-out to an unregistered address", "/logout?post_logout_redirect_uri=" + url.QueryEscape("http://evil.example/"), 200, ""},
		{"sign-out to a registered address", "/logout?state=z&post_logout_redirect_uri=" + url.QueryEscape("http://127.0.0.1:8123/"), 302, "http://127.0.0.1:8123/?state=z"},
	} {
		resp, err := noFollow.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Location") != tc.location {
			t.Errorf("%s: %d to %q, want %d to %q", tc.name, resp.StatusCode, resp.Header.Get("Location"), tc.status, tc.location)
		}
	}
	if f.SignOuts() != 2 {
		t.Errorf("%d sign-outs counted, want 2", f.SignOuts())
	}
}
