package vneid_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/identity/idpfake"
	"github.com/motcua/motcua/internal/identity/vneid"
)

const callback = "http://motcua.test/dang-nhap/vneid/ve"

func setup(t *testing.T) (*idpfake.Provider, *vneid.Client) {
	t.Helper()
	f := idpfake.New(idpfake.Client{ID: "motcua", Secret: "s3cret", RedirectURIs: []string{callback}})
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.SetIssuer(srv.URL)
	c := vneid.New(vneid.Config{Issuer: srv.URL, ClientID: "motcua", ClientSecret: "s3cret", RedirectURL: func() string { return callback },
		Claims: identity.DefaultClaimNames()})
	return f, c
}

// authorize drives the fake's authorize page as a browser would (picking
// the citizen at index who, at level), and returns the code it sends back.
func authorize(t *testing.T, c *vneid.Client, state, nonce, verifier string, who, level int) string {
	t.Helper()
	u, err := c.AuthCodeURL(context.Background(), state, nonce, verifier)
	if err != nil {
		t.Fatal(err)
	}
	return authorizeAt(t, u, who, level)
}

func authorizeAt(t *testing.T, authURL string, who, level int) string {
	t.Helper()
	au, _ := url.Parse(authURL)
	form := au.Query()
	form.Set("citizen", string(rune('0'+who)))
	form.Set("level", string(rune('0'+level)))
	form.Set("decision", "allow")
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(au.Scheme+"://"+au.Host+"/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Query().Get("code") == "" {
		t.Fatalf("authorize answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back.Query().Get("code")
}

func TestSignInThroughTheFake(t *testing.T) {
	_, c := setup(t)
	ctx := context.Background()
	v := oauth2.GenerateVerifier()
	code := authorize(t, c, "st", "nonce-1", v, 0, 2)
	got, err := c.Exchange(ctx, code, v, "nonce-1")
	if err != nil {
		t.Fatal(err)
	}
	p := got.Profile
	if p.Subject != "vneid-lan-0001" || p.IDNumber != "068190001234" || p.FullName != "Nguyễn Thị Lan" || p.Level != identity.Level2 || p.Phone != "0912345678" {
		t.Errorf("profile: %+v", p)
	}
	if got.Nonce != "nonce-1" || got.IDToken == "" || got.Expiry.IsZero() {
		t.Errorf("sign-in: nonce %q, token %d bytes, expiry %v", got.Nonce, len(got.IDToken), got.Expiry)
	}
	// The organisation at level 1.
	v = oauth2.GenerateVerifier()
	got, err = c.Exchange(ctx, authorize(t, c, "st2", "nonce-2", v, 2, 1), v, "nonce-2")
	if err != nil || got.Profile.TaxCode != "5801234567" || got.Profile.Level != identity.Level1 {
		t.Errorf("organisation: %+v, %v", got.Profile, err)
	}
}

// TestRefusedSignIns: each way a sign-in can be forged or replayed is refused.
func TestRefusedSignIns(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		// prepare may tamper with the fake; exchange does the client's part.
		prepare  func(f *idpfake.Provider)
		exchange func(t *testing.T, c *vneid.Client, code, verifier string) error
		want     apperr.Kind
	}{
		{"forged signature", func(f *idpfake.Provider) { f.Forge(true) }, nil, apperr.Unauthenticated},
		{"expired id_token", func(f *idpfake.Provider) {
			f.Tamper(func(c map[string]any) { c["exp"] = time.Now().Add(-time.Minute).Unix() })
		}, nil, apperr.Unauthenticated},
		{"wrong audience", func(f *idpfake.Provider) { f.Tamper(func(c map[string]any) { c["aud"] = "another-app" }) }, nil, apperr.Unauthenticated},
		{"wrong issuer", func(f *idpfake.Provider) { f.Tamper(func(c map[string]any) { c["iss"] = "https://evil.example" }) }, nil, apperr.Unauthenticated},
		{"nonce of another sign-in", nil, func(t *testing.T, c *vneid.Client, code, v string) error {
			_, err := c.Exchange(ctx, code, v, "some-other-nonce")
			return err
		}, apperr.Unauthenticated},
		{"code used twice", nil, func(t *testing.T, c *vneid.Client, code, v string) error {
			if _, err := c.Exchange(ctx, code, v, "n"); err != nil {
				t.Fatalf("first use: %v", err)
			}
			_, err := c.Exchange(ctx, code, v, "n")
			return err
		}, apperr.Unauthenticated},
		{"missing PKCE verifier", nil, func(t *testing.T, c *vneid.Client, code, v string) error {
			_, err := c.Exchange(ctx, code, "", "n")
			return err
		}, apperr.Unauthenticated},
		{"wrong PKCE verifier", nil, func(t *testing.T, c *vneid.Client, code, v string) error {
			_, err := c.Exchange(ctx, code, oauth2.GenerateVerifier(), "n")
			return err
		}, apperr.Unauthenticated},
		{"no subject", func(f *idpfake.Provider) {
			f.SetCitizens([]idpfake.Citizen{{Label: "x", Claims: map[string]any{"LoaiTaiKhoan": 1, "SoDinhDanh": "068190001234", "HoVaTen": "A"}}})
		}, nil, apperr.Invalid},
		{"malformed personal number", func(f *idpfake.Provider) {
			f.SetCitizens([]idpfake.Citizen{{Label: "x", Claims: map[string]any{"TechID": "t", "LoaiTaiKhoan": 1, "SoDinhDanh": "12345", "HoVaTen": "A"}}})
		}, nil, apperr.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := setup(t)
			if tc.prepare != nil {
				tc.prepare(f)
			}
			v := oauth2.GenerateVerifier()
			code := authorize(t, c, "st", "n", v, 0, 2)
			var err error
			if tc.exchange != nil {
				err = tc.exchange(t, c, code, v)
			} else {
				_, err = c.Exchange(ctx, code, v, "n")
			}
			t.Logf("refused: %v", err)
			if err == nil || apperr.KindOf(err) != tc.want {
				t.Errorf("got %v (%v), want %v", err, apperr.KindOf(err), tc.want)
			}
		})
	}
}

// TestAuthorizeWithoutPKCE: the fake refuses an authorize request without a
// challenge, as the real provider must, so such a flow cannot even start.
func TestAuthorizeWithoutPKCE(t *testing.T) {
	_, c := setup(t)
	u, err := c.AuthCodeURL(context.Background(), "st", "n", oauth2.GenerateVerifier())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u, "code_challenge_method=S256") || !strings.Contains(u, "nonce=n") || !strings.Contains(u, "state=st") {
		t.Errorf("authorize URL lacks PKCE, nonce or state: %s", u)
	}
	au, _ := url.Parse(u)
	q := au.Query()
	q.Del("code_challenge")
	au.RawQuery = q.Encode()
	resp, err := http.Get(au.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("authorize without code_challenge: %d, want 400", resp.StatusCode)
	}
}

// TestKeyRotation: tokens signed by a new key verify, whether the old key
// stays published or is withdrawn at once (the client refetches the key set
// for a key id it has not seen).
func TestKeyRotation(t *testing.T) {
	f, c := setup(t)
	ctx := context.Background()
	for i, keepOld := range []bool{false, true, false} {
		v := oauth2.GenerateVerifier()
		if _, err := c.Exchange(ctx, authorize(t, c, "st", "n", v, 0, 2), v, "n"); err != nil {
			t.Fatalf("sign-in %d: %v", i, err)
		}
		f.Rotate(keepOld)
	}
	v := oauth2.GenerateVerifier()
	if _, err := c.Exchange(ctx, authorize(t, c, "st", "n", v, 1, 2), v, "n"); err != nil {
		t.Fatalf("after the last rotation: %v", err)
	}
}

func TestProviderDown(t *testing.T) {
	f, c := setup(t)
	ctx := context.Background()
	v := oauth2.GenerateVerifier()
	code := authorize(t, c, "st", "n", v, 0, 2)
	f.SetFaults(idpfake.Faults{Token5xx: 1}, 1)
	_, err := c.Exchange(ctx, code, v, "n")
	if err == nil || !isUnavailable(err) {
		t.Errorf("token endpoint down: %v, want ErrUnavailable", err)
	}
	f.SetFaults(idpfake.Faults{Userinfo5xx: 1}, 1)
	v = oauth2.GenerateVerifier()
	if _, err := c.Exchange(ctx, authorize(t, c, "st", "n", v, 0, 2), v, "n"); err == nil || !isUnavailable(err) {
		t.Errorf("userinfo down: %v, want ErrUnavailable", err)
	}
	down := vneid.New(vneid.Config{Issuer: "http://127.0.0.1:1", ClientID: "x", Claims: identity.DefaultClaimNames()})
	if _, err := down.AuthCodeURL(ctx, "s", "n", "v"); err == nil || !isUnavailable(err) {
		t.Errorf("discovery unreachable: %v, want ErrUnavailable", err)
	}
}

func isUnavailable(err error) bool {
	for e := err; e != nil; {
		if e == vneid.ErrUnavailable {
			return true
		}
		switch x := e.(type) {
		case interface{ Unwrap() []error }:
			for _, w := range x.Unwrap() {
				if isUnavailable(w) {
					return true
				}
			}
			return false
		case interface{ Unwrap() error }:
			e = x.Unwrap()
		default:
			return false
		}
	}
	return false
}
