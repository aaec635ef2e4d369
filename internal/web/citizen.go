package web

// Citizens' sign-in with the national e-ID (VNeID through the national
// portal's single sign-on) and their session, kept apart from the officers':
// its own cookie, its own table, its own sign-out. The OpenID Connect
// exchange itself is identity/vneid's; this file holds the browser's side:
// the state, nonce and PKCE verifier of a sign-in under way (stored, bound
// to the browser by a cookie, spent once), the session id minted anew at
// every sign-in, and the provider's sign-out.

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/identity/vneid"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
)

const (
	citizenCookie     = "motcua_citizen"   // the citizen's session
	citizenFlowCookie = "motcua_eid_flow"  // binds a sign-in under way to its browser
	citizenSessionTTL = 2 * time.Hour      // a citizen's visit, not a working day
	citizenFlowTTL    = 10 * time.Minute   // time to sign in at the provider
	citizenHome       = "/ca-nhan/ho-so"   // "Hồ sơ của tôi"
	citizenSignIn     = "/dang-nhap/vneid" // starts a sign-in (under /dang-nhap: the login area)
	citizenCallback   = "/dang-nhap/vneid/ve"
)

// EID configures the sign-in with the national e-ID.
type EID struct {
	Client *vneid.Client
	// Level2 lists the procedure codes whose online submission needs a
	// level 2 account.
	Level2 []string
}

type citizenKey struct{}

// citizenOf returns the signed-in citizen's session, or nil.
func citizenOf(r *http.Request) *store.CitizenSession {
	cs, _ := r.Context().Value(citizenKey{}).(*store.CitizenSession)
	return cs
}

// withCitizen resolves the citizen's session cookie, if any, for every page.
// While a citizen is signed in, the pages allow forms to go to the
// provider's origin too: the sign-out form is answered by a redirect there,
// which Content-Security-Policy form-action governs.
func (s *Server) withCitizen(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(citizenCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		cs, err := s.db.CitizenSessionByID(r.Context(), c.Value)
		switch {
		case err == nil:
			r = r.WithContext(context.WithValue(r.Context(), citizenKey{}, cs))
			if s.opt.EID != nil {
				if o := s.opt.EID.Client.Origin(); o != "" {
					w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self' "+o)
				}
			}
		case apperr.KindOf(err) != apperr.Unauthenticated:
			s.log.ErrorContext(r.Context(), "resolve citizen session", "request_id", middleware.RequestID(r.Context()), "err", err)
		}
		next.ServeHTTP(w, r)
	})
}

// needCitizen answers a request without a citizen's session: a page goes to
// the e-ID sign-in and comes back; anything else is 401.
func (s *Server) needCitizen(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		http.Redirect(w, r, citizenSignIn+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.renderError(w, r, apperr.New(apperr.Unauthenticated, "Vui lòng đăng nhập bằng tài khoản định danh điện tử."))
}

func (s *Server) citizenCookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: s.opt.SecureCookie,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge}
}

// citizenSignInStart sends the browser to the provider with a new state,
// nonce and PKCE challenge; the state is stored, hashed, with the nonce, the
// verifier and where to come back, and bound to a random cookie of this
// browser. Without a configured provider, the page says so.
func (s *Server) citizenSignInStart(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("eid.title")
	p.Nav = "mine"
	if s.opt.EID == nil {
		p.Data = citizenProblem{Message: p.T("eid.off")}
		return s.render(w, http.StatusOK, "citizen_problem", p)
	}
	next := safeNext(r.URL.Query().Get("next"))
	if next == "" || !strings.HasPrefix(next, "/ca-nhan/") && !strings.HasPrefix(next, "/nop-ho-so/") {
		next = citizenHome
	}
	state, nonce, browser, verifier := randomToken(), randomToken(), randomToken(), oauth2.GenerateVerifier()
	u, err := s.opt.EID.Client.AuthCodeURL(r.Context(), state, nonce, verifier)
	if err != nil {
		return s.citizenSignInFailed(w, r, err)
	}
	if err := s.db.BeginLogin(r.Context(), state, browser, store.PendingLogin{Nonce: nonce, Verifier: verifier, Next: next}, citizenFlowTTL); err != nil {
		return err
	}
	http.SetCookie(w, s.citizenCookie(citizenFlowCookie, browser, int(citizenFlowTTL.Seconds())))
	http.Redirect(w, r, u, http.StatusSeeOther)
	return nil
}

// citizenSignInCallback is where the provider sends the browser back. The
// state must be one this browser started and not yet used; the code is
// exchanged with its verifier; the id_token must verify and carry the
// nonce, which is then spent; the claims must map. Only then is the citizen
// saved and a new session opened (the former session id, if any, ended).
// Every refusal is a page that says what went wrong and creates nothing.
func (s *Server) citizenSignInCallback(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if s.opt.EID == nil {
		return s.citizenSignInStart(w, r) // the page that says sign-in is off
	}
	q := r.URL.Query()
	browser := ""
	if c, err := r.Cookie(citizenFlowCookie); err == nil {
		browser = c.Value
	}
	http.SetCookie(w, s.citizenCookie(citizenFlowCookie, "", -1))
	if q.Get("state") == "" {
		return s.citizenSignInFailed(w, r, apperr.New(apperr.Unauthenticated, "phiên đăng nhập không hợp lệ hoặc đã hết hạn"))
	}
	// The state is spent whoever presents it, even a browser that did not
	// start the sign-in (and is refused): it answers once.
	pending, err := s.db.ConsumeLogin(ctx, q.Get("state"), browser)
	if err != nil {
		return s.citizenSignInFailed(w, r, err)
	}
	if e := q.Get("error"); e != "" {
		return s.citizenSignInFailed(w, r, apperr.New(apperr.Unauthenticated, "Cổng dịch vụ công trả lời: %s", clipText(e, 80)))
	}
	if q.Get("code") == "" {
		return s.citizenSignInFailed(w, r, apperr.New(apperr.Unauthenticated, "Cổng dịch vụ công không gửi mã xác thực"))
	}
	in, err := s.opt.EID.Client.Exchange(ctx, q.Get("code"), pending.Verifier, pending.Nonce)
	if err != nil {
		return s.citizenSignInFailed(w, r, err)
	}
	if err := s.db.UseNonce(ctx, in.Nonce, in.Expiry.Add(time.Hour)); err != nil {
		return s.citizenSignInFailed(w, r, err)
	}
	c, err := s.db.SaveCitizen(ctx, s.opt.EID.Client.Issuer(), in.Profile)
	if err != nil {
		return s.citizenSignInFailed(w, r, err)
	}
	old := ""
	if oc, err := r.Cookie(citizenCookie); err == nil {
		old = oc.Value
	}
	id := randomToken()
	if err := s.db.CreateCitizenSession(ctx, id, old, c.ID, in.Profile.Level, in.IDToken, citizenSessionTTL); err != nil {
		return err
	}
	http.SetCookie(w, s.citizenCookie(citizenCookie, id, int(citizenSessionTTL.Seconds())))
	s.log.InfoContext(ctx, "citizen sign-in", "citizen_id", c.ID, "level", int(in.Profile.Level))
	http.Redirect(w, r, pending.Next, http.StatusSeeOther)
	return nil
}

// citizenProblem is the data of the page that explains a refused sign-in.
type citizenProblem struct {
	Message string
	Retry   bool
	// RetryURL and RetryLabel offer another sign-in (a level 2 one).
	RetryURL, RetryLabel string
}

// citizenSignInFailed shows why a sign-in was refused: the provider
// unreachable (503), claims we cannot use (400, naming what is wrong), or a
// sign-in that does not verify (401). Nothing was created.
func (s *Server) citizenSignInFailed(w http.ResponseWriter, r *http.Request, err error) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("eid.failed.title")
	p.Nav = "mine"
	status := http.StatusUnauthorized
	msg := apperr.PublicMessage(err)
	switch kind := apperr.KindOf(err); {
	case errors.Is(err, vneid.ErrUnavailable):
		status, msg = http.StatusServiceUnavailable, p.T("eid.unavailable")
		s.log.WarnContext(r.Context(), "e-ID provider unavailable", "request_id", middleware.RequestID(r.Context()), "err", err)
	case kind == apperr.Invalid:
		status, msg = http.StatusBadRequest, p.T("eid.bad_claims", msg)
	case kind == apperr.Conflict:
		status = http.StatusConflict
	case kind == apperr.Internal:
		return err
	}
	if status == http.StatusUnauthorized || status == http.StatusBadRequest {
		s.log.InfoContext(r.Context(), "e-ID sign-in refused", "request_id", middleware.RequestID(r.Context()), "err", err)
	}
	p.Data = citizenProblem{Message: msg, Retry: true}
	return s.render(w, status, "citizen_problem", p)
}

// citizenSignOut ends our session and, where the provider has a sign-out
// endpoint, sends the browser there to end the provider's session too; it
// comes back to the home page.
func (s *Server) citizenSignOut(w http.ResponseWriter, r *http.Request) error {
	cs := citizenOf(r)
	c, _ := r.Cookie(citizenCookie)
	if err := s.db.DeleteCitizenSession(r.Context(), c.Value); err != nil {
		return err
	}
	http.SetCookie(w, s.citizenCookie(citizenCookie, "", -1))
	p := s.newPage(w, r, "")
	s.flash(w, p.T("eid.signed_out"))
	to := "/"
	if s.opt.EID != nil {
		if u := s.opt.EID.Client.LogoutURL(cs.IDToken); u != "" {
			to = u
		}
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// level2Required reports whether the procedure's online submission needs a
// level 2 account.
func (s *Server) level2Required(procedureCode string) bool {
	return s.opt.EID != nil && slices.Contains(s.opt.EID.Level2, procedureCode)
}

// levelOf is the assurance level of the request's citizen session, 0 without one.
func levelOf(r *http.Request) identity.Level {
	if cs := citizenOf(r); cs != nil {
		return cs.Level
	}
	return 0
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
