package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

const (
	sessionTTL    = 12 * time.Hour // one working day with margin
	csrfCookie    = "motcua_csrf"
	csrfField     = "csrf"
	maxFailures   = 5                // failed logins per username and address...
	maxIPFailures = 50               // ...or per address (an office shares one)...
	failWindow    = 15 * time.Minute // ...within this window before logins are refused

	// maxFilesPerForm bounds the files one form may carry (a procedure's
	// components); with Options.MaxUpload it bounds a multipart body.
	maxFilesPerForm = 20
)

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfToken returns the token forms must carry: the session's for an
// officer, or a double-submit cookie's for an anonymous visitor.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if p := middleware.PrincipalFrom(r.Context()); p != nil && p.CSRF != "" {
		return p.CSRF
	}
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	tok := randomToken()
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: s.opt.SecureCookie, SameSite: http.SameSiteStrictMode})
	return tok
}

// checkCSRF verifies the form's token against the session or the cookie.
// It reads the token from the X-CSRF-Token header, the query (for a
// multipart form, checked before its body is read) or the form, which
// readPost has read.
func (s *Server) checkCSRF(r *http.Request) error {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" && isMultipart(r) {
		got = r.URL.Query().Get(csrfField)
	}
	if got == "" {
		if r.MultipartForm != nil {
			got = r.FormValue(csrfField)
		} else {
			r.Body = http.MaxBytesReader(nil, r.Body, maxSmallBody)
			got = r.PostFormValue(csrfField)
		}
	}
	want := ""
	if p := middleware.PrincipalFrom(r.Context()); p != nil && p.CSRF != "" {
		want = p.CSRF
	} else if c, err := r.Cookie(csrfCookie); err == nil {
		want = c.Value
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return apperr.New(apperr.Forbidden, "Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và thử lại.")
	}
	return nil
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("login.title")
	p.Nav = "login"
	p.Form = url.Values{"next": {safeNext(r.URL.Query().Get("next"))}}
	return s.render(w, http.StatusOK, "login", p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	username := strings.ToLower(textfold.NFC(r.PostFormValue("username")))
	password := r.PostFormValue("password")
	p := s.newPage(w, r, "")
	p.Title = p.T("login.title")
	p.Nav = "login"
	p.Form = url.Values{"username": {username}, "next": {safeNext(r.PostFormValue("next"))}}
	p.Errors = map[string]string{}
	if username == "" {
		p.Errors["username"] = p.T("login.username.required")
	}
	if password == "" {
		p.Errors["password"] = p.T("login.password.required")
	}
	if len(p.Errors) > 0 {
		p.FormError = p.T("form.has_errors")
		return s.render(w, http.StatusBadRequest, "login", p)
	}
	// One officer's failures from one address lock that pair (so nobody can
	// lock an officer out from elsewhere); an address has a larger allowance.
	// The attempt is counted before the password is checked, in the same
	// transaction as the check of the allowance, so that logins arriving at
	// once are counted one after the other; a successful one is uncounted.
	ip := middleware.ClientIP(r)
	res, err := s.db.ReserveAttempt(ctx, p.T("login.throttled"),
		store.Allowance{Key: "user:" + username + "@" + ip, Max: maxFailures, Window: failWindow},
		store.Allowance{Key: "ip:" + ip, Max: maxIPFailures, Window: failWindow})
	if apperr.KindOf(err) == apperr.Throttled {
		p.FormError = p.T("login.throttled")
		return s.render(w, http.StatusTooManyRequests, "login", p)
	}
	if err != nil {
		return err
	}
	var o *staff.Officer
	if !s.hashing.do(ctx, func() { o, err = s.db.Authenticate(ctx, username, password) }) {
		if rerr := s.db.ReleaseAttempt(ctx, res); rerr != nil {
			return rerr
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.Header().Set("Retry-After", "5")
		p.FormError = p.T("login.busy")
		return s.render(w, http.StatusServiceUnavailable, "login", p)
	}
	if apperr.KindOf(err) == apperr.Unauthenticated {
		p.FormError = p.T("login.failed")
		return s.render(w, http.StatusUnauthorized, "login", p)
	}
	if rerr := s.db.ReleaseAttempt(ctx, res); rerr != nil {
		return rerr
	}
	if err != nil {
		return err
	}
	id := randomToken()
	if err := s.db.CreateSession(ctx, id, o.ID, randomToken(), sessionTTL); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: middleware.SessionCookie, Value: id, Path: "/", HttpOnly: true,
		Secure: s.opt.SecureCookie, SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL.Seconds())})
	s.log.InfoContext(ctx, "login", "officer_id", o.ID, "unit_id", o.UnitID)
	next := p.Form.Get("next")
	if next == "" {
		next = "/can-bo"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	p := middleware.PrincipalFrom(r.Context())
	if p.SessionID != "" {
		if err := s.db.DeleteSession(r.Context(), p.SessionID); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: middleware.SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.opt.SecureCookie, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-login redirect on this site: a path that starts with
// a single "/" (not "//" nor "/\", which browsers read as another host),
// holds no backslash, control character or white space anywhere (browsers
// drop tabs and newlines from URLs, so "/\t/evil.example" is "//evil.example"),
// is valid UTF-8, and parses to no scheme and no host. Anything else is "",
// the default page.
func safeNext(next string) string {
	if len(next) > 2000 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') ||
		!utf8.ValidString(next) || strings.IndexFunc(next, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	return next
}
