// Package idpfake is a fake of the national portal's single sign-on (VNeID
// through OpenID Connect) over real HTTP: discovery, an authorize page to
// pick a test citizen and a level, the token endpoint (authorization code
// with PKCE S256, each code usable once), userinfo, JWKS with ES256 keys
// that can rotate, and sign-out. Tests and the demo sign in through it;
// fault injection and token tampering let tests try what a real provider
// (or an attacker) might send.
package idpfake

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"math/big"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Citizen is a test account the authorize page offers.
type Citizen struct {
	Label  string         // what the page shows
	Claims map[string]any // the claims of its tokens and userinfo (TechID, SoDinhDanh...)
}

// DemoCitizens are the accounts the fake offers by default: two people and
// an organisation, with the claims the national portal sends.
func DemoCitizens() []Citizen {
	return []Citizen{
		{Label: "Nguyễn Thị Lan (công dân)", Claims: map[string]any{"TechID": "vneid-lan-0001", "LoaiTaiKhoan": 1,
			"SoDinhDanh": "068190001234", "HoVaTen": "Nguyễn Thị Lan", "GioiTinh": "Nữ", "DiaChi": "Thôn 3, xã Đạ Tẻh, tỉnh Lâm Đồng",
			"SoDienThoai": "0912345678", "ThuDienTu": "lan.nguyen@example.vn"}},
		{Label: "Trần Văn Bình (công dân)", Claims: map[string]any{"TechID": "vneid-binh-0002", "LoaiTaiKhoan": 1,
			"SoDinhDanh": "068085004321", "HoVaTen": "Trần Văn Bình", "GioiTinh": "Nam", "DiaChi": "Thôn 5, xã Đạ Tẻh, tỉnh Lâm Đồng",
			"SoDienThoai": "0987654321"}},
		{Label: "Công ty TNHH Cà phê Đạ Tẻh (tổ chức)", Claims: map[string]any{"TechID": "vneid-org-0003", "LoaiTaiKhoan": 2,
			"HoVaTen": "Công ty TNHH Cà phê Đạ Tẻh", "MaSoThue": "5801234567", "MaSoDoanhNghiep": "5801234567",
			"DiaChi": "Thôn 1, xã Đạ Tẻh, tỉnh Lâm Đồng", "SoDienThoai": "0263388001"}},
	}
}

// Client is a registered relying party.
type Client struct {
	ID, Secret string
	// RedirectURIs and LogoutURIs are the only addresses the fake sends
	// browsers back to.
	RedirectURIs, LogoutURIs []string
	// AnyLoopbackPort accepts a registered address on a loopback host with
	// any port (RFC 8252 §7.3), so a demo on a port chosen at start works.
	AnyLoopbackPort bool
}

// allowed reports whether uri is one of list, allowing any loopback port.
func (c Client) allowed(list []string, uri string) bool {
	if uri == "" {
		return false
	}
	if slices.Contains(list, uri) {
		return true
	}
	if !c.AnyLoopbackPort {
		return false
	}
	u, err := url.Parse(uri)
	if err != nil || !loopback(u.Hostname()) {
		return false
	}
	for _, r := range list {
		ru, err := url.Parse(r)
		if err == nil && loopback(ru.Hostname()) && ru.Scheme == u.Scheme && ru.Path == u.Path && u.RawQuery == "" && u.Fragment == "" {
			return true
		}
	}
	return false
}

func loopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// Faults are failures to inject; probabilities from 0 to 1.
type Faults struct {
	Token5xx    float64 // the token endpoint answers 503
	Userinfo5xx float64 // userinfo answers 503
	JWKS5xx     float64 // the key set answers 503
}

// Provider is the fake. Its zero value is not usable: call New.
type Provider struct {
	mu       sync.Mutex
	issuer   string
	clients  map[string]Client
	citizens []Citizen
	keys     []*signingKey // the first signs; the others are still published
	codes    map[string]*grant
	access   map[string]*grant
	faults   Faults
	rnd      *mrand.Rand
	// Tamper, when set, edits the claims of the next id_tokens before they
	// are signed (tests: a wrong audience, an expired token, no subject).
	tamper func(claims map[string]any)
	// forge signs with a key the JWKS does not publish.
	forge    bool
	now      func() time.Time
	signOuts int
}

type signingKey struct {
	id  string
	key *ecdsa.PrivateKey
}

type grant struct {
	client, redirect, challenge, nonce string
	citizen                            int
	level                              int
	expires                            time.Time
	used                               bool
	accessToken                        string
}

// New returns a fake whose issuer is the URL it is served at (set it with
// SetIssuer once the listener is bound), with the given clients.
func New(clients ...Client) *Provider {
	p := &Provider{clients: map[string]Client{}, citizens: DemoCitizens(), codes: map[string]*grant{},
		access: map[string]*grant{}, rnd: mrand.New(mrand.NewPCG(1, 2)), now: time.Now}
	for _, c := range clients {
		p.clients[c.ID] = c
	}
	p.keys = []*signingKey{newKey()}
	return p
}

func newKey() *signingKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err) // the system's randomness failed
	}
	return &signingKey{id: randomString(8), key: k}
}

func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SetIssuer sets the issuer URL (no trailing slash).
func (p *Provider) SetIssuer(u string) {
	p.mu.Lock()
	p.issuer = strings.TrimSuffix(u, "/")
	p.mu.Unlock()
}

// Issuer returns the issuer URL.
func (p *Provider) Issuer() string { p.mu.Lock(); defer p.mu.Unlock(); return p.issuer }

// SetCitizens replaces the test accounts.
func (p *Provider) SetCitizens(cs []Citizen) { p.mu.Lock(); p.citizens = cs; p.mu.Unlock() }

// SetFaults sets the failures to inject, with a seed for their draws.
func (p *Provider) SetFaults(f Faults, seed uint64) {
	p.mu.Lock()
	p.faults, p.rnd = f, mrand.New(mrand.NewPCG(seed, seed+1))
	p.mu.Unlock()
}

// SetClock replaces the fake's clock (token times).
func (p *Provider) SetClock(now func() time.Time) { p.mu.Lock(); p.now = now; p.mu.Unlock() }

// Tamper edits the claims of the id_tokens issued from now on (nil: stop).
func (p *Provider) Tamper(fn func(claims map[string]any)) { p.mu.Lock(); p.tamper = fn; p.mu.Unlock() }

// Forge makes the next id_tokens signed by a key the JWKS does not publish.
func (p *Provider) Forge(on bool) { p.mu.Lock(); p.forge = on; p.mu.Unlock() }

// Rotate starts signing with a new key. With keepOld the previous key stays
// published (a graceful rotation); without, it is withdrawn at once.
func (p *Provider) Rotate(keepOld bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := newKey()
	if keepOld {
		p.keys = append([]*signingKey{k}, p.keys...)
	} else {
		p.keys = []*signingKey{k}
	}
}

// SignOuts counts the sign-outs the fake has served.
func (p *Provider) SignOuts() int { p.mu.Lock(); defer p.mu.Unlock(); return p.signOuts }

func (p *Provider) fault(prob float64) bool { return prob > 0 && p.rnd.Float64() < prob }

// ServeHTTP routes the provider's endpoints.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case r.URL.Path == "/.well-known/openid-configuration" && r.Method == http.MethodGet:
		p.discovery(w)
	case r.URL.Path == "/authorize" && r.Method == http.MethodGet:
		p.authorizePage(w, r)
	case r.URL.Path == "/authorize" && r.Method == http.MethodPost:
		p.authorize(w, r)
	case r.URL.Path == "/token" && r.Method == http.MethodPost:
		p.token(w, r)
	case r.URL.Path == "/userinfo":
		p.userinfo(w, r)
	case r.URL.Path == "/jwks" && r.Method == http.MethodGet:
		p.jwks(w)
	case r.URL.Path == "/logout" && r.Method == http.MethodGet:
		p.logout(w, r)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func (p *Provider) discovery(w http.ResponseWriter) {
	iss := p.Issuer()
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer": iss, "authorization_endpoint": iss + "/authorize", "token_endpoint": iss + "/token",
		"userinfo_endpoint": iss + "/userinfo", "jwks_uri": iss + "/jwks", "end_session_endpoint": iss + "/logout",
		"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"ES256"}, "code_challenge_methods_supported": []string{"S256"},
		"scopes_supported": []string{"openid"}, "token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"acr_values_supported": []string{"1", "2"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter) {
	p.mu.Lock()
	if p.fault(p.faults.JWKS5xx) {
		p.mu.Unlock()
		http.Error(w, "key set unavailable", http.StatusServiceUnavailable)
		return
	}
	var keys []map[string]string
	for _, k := range p.keys {
		keys = append(keys, map[string]string{"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": k.id,
			"x": b64(k.key.PublicKey.X, 32), "y": b64(k.key.PublicKey.Y, 32)})
	}
	p.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}

func b64(n *big.Int, size int) string {
	b := make([]byte, size)
	n.FillBytes(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// authRequest is what an authorize request must carry.
type authRequest struct {
	client                                                  Client
	redirect, state, nonce, challenge, acr, scope, rawQuery string
}

// checkAuthRequest validates an authorize request's parameters. Before the
// redirect URI is known good, errors are shown to the user, never sent back.
func (p *Provider) checkAuthRequest(q url.Values) (authRequest, string) {
	p.mu.Lock()
	c, ok := p.clients[q.Get("client_id")]
	p.mu.Unlock()
	a := authRequest{client: c, redirect: q.Get("redirect_uri"), state: q.Get("state"), nonce: q.Get("nonce"),
		challenge: q.Get("code_challenge"), acr: q.Get("acr_values"), scope: q.Get("scope")}
	switch {
	case !ok:
		return a, "unknown client_id"
	case !c.allowed(c.RedirectURIs, a.redirect):
		return a, "redirect_uri is not registered"
	case q.Get("response_type") != "code":
		return a, "response_type must be code"
	case !slices.Contains(strings.Fields(a.scope), "openid"):
		return a, "scope must include openid"
	case a.challenge == "" || q.Get("code_challenge_method") != "S256":
		return a, "PKCE is required: code_challenge with code_challenge_method=S256"
	case a.state == "" || a.nonce == "":
		return a, "state and nonce are required"
	}
	return a, ""
}

var page = template.Must(template.New("authorize").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập bằng tài khoản định danh điện tử (giả lập)</title></head>
<body><main>
<h1>Đăng nhập bằng tài khoản định danh điện tử</h1>
<p>Máy chủ giả lập của Cổng Dịch vụ công quốc gia: chọn một công dân thử nghiệm.</p>
{{if .Error}}<p role="alert">{{.Error}}</p>{{else}}
<form method="post" action="/authorize">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">{{end}}
<fieldset><legend>Tài khoản</legend>
{{range $i, $c := .Citizens}}<p><input type="radio" id="citizen-{{$i}}" name="citizen" value="{{$i}}"{{if eq $i 0}} checked{{end}}>
<label for="citizen-{{$i}}">{{$c.Label}}</label></p>{{end}}
</fieldset>
<fieldset><legend>Mức độ xác thực</legend>
<p><input type="radio" id="level-2" name="level" value="2" checked><label for="level-2">Mức 2</label></p>
<p><input type="radio" id="level-1" name="level" value="1"><label for="level-1">Mức 1</label></p>
</fieldset>
<button type="submit" name="decision" value="allow">Đồng ý và đăng nhập</button>
<button type="submit" name="decision" value="deny">Từ chối</button>
</form>{{end}}
</main></body></html>`))

func (p *Provider) authorizePage(w http.ResponseWriter, r *http.Request) {
	_, problem := p.checkAuthRequest(r.URL.Query())
	hidden := map[string]string{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			hidden[k] = v[0]
		}
	}
	p.mu.Lock()
	citizens := slices.Clone(p.citizens)
	p.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if problem != "" {
		w.WriteHeader(http.StatusBadRequest)
	}
	page.Execute(w, map[string]any{"Error": problem, "Hidden": hidden, "Citizens": citizens})
}

func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	a, problem := p.checkAuthRequest(r.PostForm)
	if problem != "" {
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	back, _ := url.Parse(a.redirect)
	q := back.Query()
	q.Set("state", a.state)
	if r.PostForm.Get("decision") != "allow" {
		q.Set("error", "access_denied")
		back.RawQuery = q.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
		return
	}
	p.mu.Lock()
	idx := 0
	fmt.Sscan(r.PostForm.Get("citizen"), &idx)
	if idx < 0 || idx >= len(p.citizens) {
		p.mu.Unlock()
		http.Error(w, "no such test citizen", http.StatusBadRequest)
		return
	}
	level := 1
	if r.PostForm.Get("level") == "2" {
		level = 2
	}
	code := randomString(24)
	p.codes[code] = &grant{client: a.client.ID, redirect: a.redirect, challenge: a.challenge, nonce: a.nonce,
		citizen: idx, level: level, expires: p.now().Add(time.Minute)}
	p.mu.Unlock()
	q.Set("code", code)
	back.RawQuery = q.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// clientAuth reads the client's credentials (HTTP Basic or the form).
func (p *Provider) clientAuth(r *http.Request) (Client, bool) {
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	p.mu.Lock()
	c, known := p.clients[id]
	p.mu.Unlock()
	return c, known && subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) == 1
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	c, ok := p.clientAuth(r)
	if !ok {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "only authorization_code")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fault(p.faults.Token5xx) {
		http.Error(w, "token endpoint unavailable", http.StatusServiceUnavailable)
		return
	}
	g := p.codes[r.PostForm.Get("code")]
	switch {
	case g == nil || g.client != c.ID || p.now().After(g.expires):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown or expired code")
		return
	case g.used:
		// A code presented twice: refuse, and revoke what the first use got (RFC 6749 §4.1.2).
		delete(p.access, g.accessToken)
		oauthError(w, http.StatusBadRequest, "invalid_grant", "code already used")
		return
	case g.redirect != r.PostForm.Get("redirect_uri"):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri differs from the authorize request")
		return
	}
	g.used = true
	verifier := r.PostForm.Get("code_verifier")
	sum := sha256.Sum256([]byte(verifier))
	if verifier == "" || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed")
		return
	}
	now := p.now()
	claims := maps.Clone(p.citizens[g.citizen].Claims)
	claims["loAs"] = fmt.Sprint(g.level)
	idClaims := maps.Clone(claims)
	idClaims["iss"], idClaims["aud"], idClaims["sub"] = p.issuer, c.ID, claims["TechID"]
	idClaims["iat"], idClaims["exp"], idClaims["nonce"] = now.Unix(), now.Add(10*time.Minute).Unix(), g.nonce
	idClaims["acr"] = fmt.Sprint(g.level)
	if p.tamper != nil {
		p.tamper(idClaims)
	}
	key := p.keys[0]
	if p.forge {
		key = newKey()
		key.id = p.keys[0].id // claims to be the published key
	}
	idToken, err := sign(key, idClaims)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	g.accessToken = randomString(24)
	p.access[g.accessToken] = &grant{citizen: g.citizen, level: g.level, expires: now.Add(10 * time.Minute)}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": g.accessToken, "token_type": "Bearer",
		"expires_in": 600, "id_token": idToken, "scope": "openid"})
}

// sign makes a compact JWS (ES256) of claims.
func sign(k *signingKey, claims map[string]any) (string, error) {
	h, _ := json.Marshal(map[string]string{"alg": "ES256", "typ": "JWT", "kid": k.id})
	body, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	input := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(body)
	sum := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, k.key, sum[:])
	if err != nil {
		return "", err
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return input + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

func (p *Provider) userinfo(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fault(p.faults.Userinfo5xx) {
		http.Error(w, "userinfo unavailable", http.StatusServiceUnavailable)
		return
	}
	g := p.access[tok]
	if !ok || g == nil || p.now().After(g.expires) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		oauthError(w, http.StatusUnauthorized, "invalid_token", "unknown or expired access token")
		return
	}
	claims := maps.Clone(p.citizens[g.citizen].Claims)
	claims["sub"], claims["loAs"] = claims["TechID"], fmt.Sprint(g.level)
	writeJSON(w, http.StatusOK, claims)
}

// logout ends the provider's session (it keeps none: it counts) and sends
// the browser back to a registered address.
func (p *Provider) logout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back := q.Get("post_logout_redirect_uri")
	p.mu.Lock()
	p.signOuts++
	allowed := false
	for _, c := range p.clients {
		allowed = allowed || c.allowed(c.LogoutURIs, back)
	}
	p.mu.Unlock()
	if !allowed {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đã đăng xuất</title></head><body><main><h1>Bạn đã đăng xuất khỏi tài khoản định danh điện tử.</h1></main></body></html>`)
		return
	}
	u, _ := url.Parse(back)
	if st := q.Get("state"); st != "" {
		v := u.Query()
		v.Set("state", st)
		u.RawQuery = v.Encode()
	}
	http.Redirect(w, r, u.String(), http.StatusFound)
}
