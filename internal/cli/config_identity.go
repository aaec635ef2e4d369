package cli

import (
	"errors"
	"flag"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/identity/vneid"
	"github.com/motcua/motcua/internal/web"
)

// identityConfig says how citizens sign in with the national e-ID (VNeID
// through the national portal's single sign-on). With no issuer the
// sign-in is off and "Hồ sơ của tôi" says so.
type identityConfig struct {
	Issuer       string // MOTCUA_EID_ISSUER: the OpenID Connect issuer URL
	ClientID     string // MOTCUA_EID_CLIENT_ID
	ClientSecret string // MOTCUA_EID_CLIENT_SECRET
	Claims       string // MOTCUA_EID_CLAIMS: claim name overrides, key=Claim,...
	ACR          string // MOTCUA_EID_ACR: acr_values sent to the provider
	SecretInForm bool   // MOTCUA_EID_SECRET_IN_FORM: client_secret_post instead of HTTP Basic
	Level2       string // MOTCUA_EID_LEVEL2: procedure codes whose online submission needs level 2
	claims       identity.ClaimNames
}

func (c *identityConfig) bind(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&c.Issuer, "eid-issuer", env("MOTCUA_EID_ISSUER", ""), "national e-ID (VNeID) OpenID Connect issuer `URL`, e.g. http://127.0.0.1:9200 for `motcua fake idp`; empty: citizens cannot sign in (env MOTCUA_EID_ISSUER)")
	fs.StringVar(&c.ClientID, "eid-client-id", env("MOTCUA_EID_CLIENT_ID", "motcua"), "client id registered with the e-ID provider (env MOTCUA_EID_CLIENT_ID)")
	fs.StringVar(&c.ClientSecret, "eid-client-secret", env("MOTCUA_EID_CLIENT_SECRET", ""), "client secret registered with the e-ID provider (env MOTCUA_EID_CLIENT_SECRET)")
	fs.StringVar(&c.Claims, "eid-claims", env("MOTCUA_EID_CLAIMS", ""), "claim name overrides, `key=Claim,...` (keys: subject, account_kind, id_number, full_name, sex, address, phone, email, tax_code, org_code, level, person_kind; defaults: TechID, LoaiTaiKhoan, SoDinhDanh, HoVaTen, ...) (env MOTCUA_EID_CLAIMS)")
	fs.StringVar(&c.ACR, "eid-acr", env("MOTCUA_EID_ACR", ""), "acr_values to ask the provider for, e.g. 2 (env MOTCUA_EID_ACR)")
	fs.BoolVar(&c.SecretInForm, "eid-secret-in-form", cfg.envBool("MOTCUA_EID_SECRET_IN_FORM", false), "send the client secret in the token request's form instead of HTTP Basic (env MOTCUA_EID_SECRET_IN_FORM)")
	fs.StringVar(&c.Level2, "eid-level2", env("MOTCUA_EID_LEVEL2", ""), "comma-separated procedure `codes` whose online submission needs a level 2 e-ID account (env MOTCUA_EID_LEVEL2)")
}

// envBool reads a true/false environment variable; a malformed value is
// kept in c.envErr like envInt's.
func (c *Config) envBool(name string, def bool) bool {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		c.envErr = errors.Join(c.envErr, usageErr("%s=%q: want true or false", name, v))
		return def
	}
	return b
}

// validate checks the settings; the flags name the environment variables.
func (c *identityConfig) validate() error {
	n, err := identity.ParseClaimNames(c.Claims)
	if err != nil {
		return usageErr("--eid-claims (MOTCUA_EID_CLAIMS): %v", err)
	}
	c.claims = n
	if c.Issuer == "" {
		return nil
	}
	u, err := url.Parse(c.Issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageErr("--eid-issuer (MOTCUA_EID_ISSUER) %q: want an http(s) URL", c.Issuer)
	}
	c.Issuer = strings.TrimSuffix(c.Issuer, "/")
	if c.ClientID == "" {
		return usageErr("--eid-client-id (MOTCUA_EID_CLIENT_ID) is required with --eid-issuer")
	}
	return nil
}

// web returns the web's e-ID settings, or nil when sign-in is off.
// publicURL returns the server's public address once it listens.
func (c *identityConfig) web(publicURL func() string) *web.EID {
	if c.Issuer == "" {
		return nil
	}
	client := vneid.New(vneid.Config{Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret,
		RedirectURL:   func() string { return publicURL() + "/dang-nhap/vneid/ve" },
		PostLogoutURL: func() string { return publicURL() + "/" },
		ACR:           c.ACR, SecretInForm: c.SecretInForm, Claims: c.claims})
	var level2 []string
	for _, code := range strings.Split(c.Level2, ",") {
		if code = strings.TrimSpace(code); code != "" {
			level2 = append(level2, code)
		}
	}
	return &web.EID{Client: client, Level2: level2}
}
