// Package vneid signs citizens in with the national e-ID (VNeID) through
// the national portal's single sign-on, an OpenID Connect provider: the
// authorization code flow with PKCE (S256), state and nonce, the provider's
// configuration from its discovery document, id_tokens verified against its
// key set (refetched when a token names a key it has not seen: rotation),
// and userinfo. The claims are mapped to an identity.Profile by
// configuration. It is called from the web handlers of the sign-in, the one
// exchange that must happen while the citizen waits.
package vneid

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/identity"
)

// Config is how motcua is registered with the provider.
type Config struct {
	Issuer       string // the provider's issuer URL; discovery is read from it
	ClientID     string
	ClientSecret string
	// RedirectURL returns our callback's address, registered with the
	// provider (a function: the public address may be known only once the
	// server is listening).
	RedirectURL func() string
	// PostLogoutURL returns where the provider sends the browser back after
	// its sign-out (registered with it); nil or "": the provider's own page.
	PostLogoutURL func() string
	// SecretInForm sends the client secret in the token request's form
	// (client_secret_post) instead of HTTP Basic (client_secret_basic).
	SecretInForm bool
	// ACR, when set, is sent as acr_values (the level asked for).
	ACR    string
	Claims identity.ClaimNames
	// HTTP is the client for the provider's endpoints; a 10-second timeout when nil.
	HTTP *http.Client
	// Now is the clock of token expiry checks; time.Now when nil.
	Now func() time.Time
}

// ErrUnavailable wraps failures to reach the provider (discovery, token,
// keys, userinfo): the citizen may try again later.
var ErrUnavailable = errors.New("the e-ID provider is unavailable")

// Client talks to one provider. Discovery happens on first use and is kept
// once it succeeds, so motcua starts while the provider is down.
type Client struct {
	cfg Config
	// base is the context of discovery and of key-set refreshes, which
	// outlive the request that triggered them.
	base context.Context

	mu         sync.Mutex
	provider   *oidc.Provider
	verifier   *oidc.IDTokenVerifier
	oauth      oauth2.Config
	endSession string
}

// New returns a client for cfg. It does not contact the provider.
func New(cfg Config) *Client {
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Client{cfg: cfg, base: oidc.ClientContext(context.Background(), cfg.HTTP)}
}

// discover reads the provider's configuration once.
func (c *Client) discover(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return nil
	}
	// The request's deadline bounds the wait; key-set refreshes later use
	// c.base (VerifierContext ignores its cancellation).
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, c.cfg.HTTP), c.cfg.Issuer)
	if err != nil {
		return fmt.Errorf("%w: discovery of %s: %w", ErrUnavailable, c.cfg.Issuer, err)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return fmt.Errorf("%w: discovery document: %w", ErrUnavailable, err)
	}
	c.provider = p
	c.verifier = p.VerifierContext(c.base, &oidc.Config{ClientID: c.cfg.ClientID, Now: c.cfg.Now,
		SupportedSigningAlgs: []string{oidc.ES256, oidc.RS256, oidc.PS256}})
	ep := p.Endpoint()
	// One way of sending the secret, said once: auto-detection would try a
	// refused code a second time the other way, and a code answers once.
	ep.AuthStyle = oauth2.AuthStyleInHeader
	if c.cfg.SecretInForm {
		ep.AuthStyle = oauth2.AuthStyleInParams
	}
	c.oauth = oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret,
		Endpoint: ep, Scopes: []string{oidc.ScopeOpenID}}
	c.endSession = extra.EndSession
	return nil
}

// AuthCodeURL returns the provider's address to send the browser to, with
// state, nonce and the PKCE challenge of verifier.
func (c *Client) AuthCodeURL(ctx context.Context, state, nonce, verifier string) (string, error) {
	if err := c.discover(ctx); err != nil {
		return "", err
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if c.cfg.ACR != "" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", c.cfg.ACR))
	}
	return c.config().AuthCodeURL(state, opts...), nil
}

// config is the OAuth 2 configuration with today's callback address.
func (c *Client) config() *oauth2.Config {
	c.mu.Lock()
	o := c.oauth
	c.mu.Unlock()
	if c.cfg.RedirectURL != nil {
		o.RedirectURL = c.cfg.RedirectURL()
	}
	return &o
}

// SignIn is what a successful exchange gives.
type SignIn struct {
	Profile identity.Profile
	IDToken string    // the raw id_token, the hint of the provider's sign-out
	Nonce   string    // the token's nonce, to be spent once
	Expiry  time.Time // the id_token's expiry
}

// Exchange trades the code for tokens with the PKCE verifier, verifies the
// id_token (signature against the provider's keys, issuer, audience,
// expiry, and that its nonce is the one sent), reads userinfo, and maps the
// claims. Errors: Unauthenticated (a code refused, a token that does not
// verify), Invalid (claims the mapping refuses, naming the claim), or
// ErrUnavailable wrapped (the provider did not answer).
func (c *Client) Exchange(ctx context.Context, code, verifier, nonce string) (SignIn, error) {
	if err := c.discover(ctx); err != nil {
		return SignIn{}, err
	}
	hctx := oidc.ClientContext(ctx, c.cfg.HTTP)
	tok, err := c.config().Exchange(hctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			return SignIn{}, apperr.Wrap(apperr.Unauthenticated, err, "Cổng dịch vụ công không xác nhận lần đăng nhập này; vui lòng đăng nhập lại")
		}
		return SignIn{}, fmt.Errorf("%w: token: %w", ErrUnavailable, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return SignIn{}, apperr.New(apperr.Unauthenticated, "Cổng dịch vụ công không gửi id_token; vui lòng đăng nhập lại")
	}
	idt, err := c.verifier.Verify(hctx, raw)
	if err != nil {
		if strings.Contains(err.Error(), "fetching keys") {
			return SignIn{}, fmt.Errorf("%w: keys: %w", ErrUnavailable, err)
		}
		return SignIn{}, apperr.Wrap(apperr.Unauthenticated, err, "mã xác thực của Cổng dịch vụ công không hợp lệ; vui lòng đăng nhập lại")
	}
	if nonce == "" || idt.Nonce != nonce {
		return SignIn{}, apperr.New(apperr.Unauthenticated, "mã xác thực không thuộc lần đăng nhập này; vui lòng đăng nhập lại")
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return SignIn{}, apperr.Wrap(apperr.Unauthenticated, err, "mã xác thực của Cổng dịch vụ công không đọc được")
	}
	if c.provider.UserInfoEndpoint() != "" {
		ui, err := c.provider.UserInfo(hctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return SignIn{}, fmt.Errorf("%w: userinfo: %w", ErrUnavailable, err)
		}
		if ui.Subject != idt.Subject {
			return SignIn{}, apperr.New(apperr.Unauthenticated, "thông tin tài khoản không khớp với mã xác thực; vui lòng đăng nhập lại")
		}
		more := map[string]any{}
		if err := ui.Claims(&more); err != nil {
			return SignIn{}, fmt.Errorf("%w: userinfo: %w", ErrUnavailable, err)
		}
		// The id_token's signed claims win over userinfo's.
		for k, v := range more {
			if _, ok := claims[k]; !ok {
				claims[k] = v
			}
		}
	}
	p, err := c.cfg.Claims.Map(claims)
	if err != nil {
		return SignIn{}, err
	}
	return SignIn{Profile: p, IDToken: raw, Nonce: idt.Nonce, Expiry: idt.Expiry}, nil
}

// LogoutURL returns the provider's sign-out address for the session of
// idToken, coming back to Config.PostLogoutURL; "" when the provider has no
// sign-out endpoint or discovery has not happened.
func (c *Client) LogoutURL(idToken string) string {
	c.mu.Lock()
	end := c.endSession
	c.mu.Unlock()
	if end == "" {
		return ""
	}
	u, err := url.Parse(end)
	if err != nil {
		return ""
	}
	q := u.Query()
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	if c.cfg.PostLogoutURL != nil {
		if back := c.cfg.PostLogoutURL(); back != "" {
			q.Set("post_logout_redirect_uri", back)
		}
	}
	q.Set("client_id", c.cfg.ClientID)
	u.RawQuery = q.Encode()
	return u.String()
}

// Origin is the scheme and host of the provider's sign-out endpoint (else
// its issuer), for the Content-Security-Policy form-action of the page
// whose sign-out form is redirected there.
func (c *Client) Origin() string {
	c.mu.Lock()
	end := c.endSession
	c.mu.Unlock()
	if end == "" {
		end = c.cfg.Issuer
	}
	u, err := url.Parse(end)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// Issuer returns the configured issuer.
func (c *Client) Issuer() string { return c.cfg.Issuer }
