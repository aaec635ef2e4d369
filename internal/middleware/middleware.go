// Package middleware is the HTTP plumbing every request passes through:
// request ids, structured logs, panic recovery, metrics, security headers,
// and resolving who is calling (a session cookie or an API token).
package middleware

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	principalKey
	logAttrsKey
	clientIPKey
	httpsKey
)

// SessionCookie is the name of the web session cookie.
const SessionCookie = "motcua_session"

// Principal is who is calling: an officer through a web session or an API token.
type Principal struct {
	Officer   *staff.Officer
	SessionID string // the cookie value, for logout; empty with a token
	CSRF      string // the session's CSRF token; empty with a token
	ViaToken  bool
}

// PrincipalFrom returns the caller, or nil for an anonymous request.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey).(*Principal)
	return p
}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// RequestID returns the request's id.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

// logAttrs is a mutable bag the handlers fill (dossier id...) and the access
// log prints. It also carries the caller once identify has resolved it: the
// access log runs outside identify and sees only the request it was given,
// not the one identify passes on with the principal in its context.
type logAttrs struct {
	attrs     []slog.Attr
	principal *Principal
	// inner is the request the mux was given, on which it records the
	// matched pattern (the metrics' route label).
	inner *http.Request
}

// AddLogAttrs attaches attributes to the request's access-log line.
func AddLogAttrs(ctx context.Context, attrs ...slog.Attr) {
	if la, ok := ctx.Value(logAttrsKey).(*logAttrs); ok {
		la.attrs = append(la.attrs, attrs...)
	}
}

// LogError records a request's failure once: on its access-log line (which
// a 5xx prints at ERROR) when the request has one, else as its own ERROR
// line. Logging it both ways gave two ERROR lines per failure, which during
// a database outage doubled an already loud log.
func LogError(ctx context.Context, log *slog.Logger, msg string, err error) {
	if la, ok := ctx.Value(logAttrsKey).(*logAttrs); ok {
		la.attrs = append(la.attrs, slog.String("err", err.Error()))
		return
	}
	log.ErrorContext(ctx, msg, "request_id", RequestID(ctx), "err", err)
}

// Identities is what resolving callers needs from the store.
type Identities interface {
	OfficerByToken(ctx context.Context, token string) (*staff.Officer, error)
	SessionByID(ctx context.Context, id string) (*store.Session, error)
}

// Options configure the chain.
type Options struct {
	Logger     *slog.Logger
	Metrics    *metrics.Registry
	Identities Identities
	// Route names a request for metrics (the mux pattern); optional.
	Route func(r *http.Request) string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For (and
	// X-Forwarded-Proto) is believed.
	TrustedProxies []netip.Prefix
	// HSTS sends Strict-Transport-Security on every response: set it when
	// the public base URL is https. A request that arrived over TLS, or
	// through a trusted proxy that says it did, gets it anyway.
	HSTS bool
}

// Chain wraps h with the whole plumbing, outermost first: client address,
// request id and recovery, access log and metrics, security headers,
// refusal of NUL bytes and invalid UTF-8, caller identity, cache policy.
func Chain(h http.Handler, o Options) http.Handler {
	h = markInner(h)
	h = cachePolicy(h)
	h = identify(h, o)
	h = validInput(h)
	h = securityHeaders(h, o.HSTS)
	h = observe(h, o)
	h = clientAddress(h, o.TrustedProxies)
	return h
}

type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func observe(next http.Handler, o Options) http.Handler {
	if o.Metrics != nil {
		o.Metrics.Help("http_requests_total", "HTTP requests served, by route and status code.")
		o.Metrics.Help("http_request_duration_seconds", "HTTP request latency, by route.")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		la := &logAttrs{}
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey, id), logAttrsKey, la)
		r = r.WithContext(ctx)
		rec := &recorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				o.Logger.ErrorContext(ctx, "panic", "request_id", id, "panic", p, "stack", string(debug.Stack()))
				if rec.status == 0 {
					http.Error(rec, "Hệ thống đang gặp sự cố, vui lòng thử lại sau.", http.StatusInternalServerError)
				}
			}
			if rec.status == 0 {
				rec.status = http.StatusOK // a handler that writes nothing: net/http answers 200
			}
			d := time.Since(start)
			route := r.Pattern
			if la.inner != nil {
				route = la.inner.Pattern
			}
			if o.Route != nil {
				route = o.Route(r)
			}
			if route == "" {
				route = "unmatched"
			}
			if o.Metrics != nil {
				o.Metrics.Add("http_requests_total", metrics.Labels("route", route, "code", strconv.Itoa(rec.status)), 1)
				o.Metrics.Observe("http_request_duration_seconds", metrics.Labels("route", route), d.Seconds())
			}
			if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" || strings.HasPrefix(r.URL.Path, "/static/") {
				return
			}
			attrs := []slog.Attr{slog.String("request_id", id), slog.String("method", r.Method),
				slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Int("bytes", rec.bytes),
				slog.Duration("duration", d)}
			if p := la.principal; p != nil {
				attrs = append(attrs, slog.String("officer_id", p.Officer.ID), slog.String("unit_id", p.Officer.UnitID))
			}
			attrs = append(attrs, la.attrs...)
			level := slog.LevelInfo
			if rec.status >= 500 {
				level = slog.LevelError
			}
			o.Logger.LogAttrs(ctx, level, "request", attrs...)
		}()
		next.ServeHTTP(rec, r)
	})
}

func securityHeaders(next http.Handler, hsts bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if https, _ := r.Context().Value(httpsKey).(bool); hsts || https {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

// identify resolves the caller. A bad bearer token is refused at once;
// a stale cookie is simply ignored (the request is anonymous).
func identify(next http.Handler, o Options) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if auth := r.Header.Get("Authorization"); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				writeAuthError(w, "tiêu đề Authorization phải có dạng Bearer <mã truy cập>")
				return
			}
			officer, err := o.Identities.OfficerByToken(ctx, strings.TrimSpace(token))
			if err != nil {
				if apperr.KindOf(err) == apperr.Internal {
					LogError(ctx, o.Logger, "resolve token", err)
					http.Error(w, apperr.PublicMessage(err), http.StatusServiceUnavailable)
					return
				}
				writeAuthError(w, apperr.PublicMessage(err))
				return
			}
			p := &Principal{Officer: officer, ViaToken: true}
			notePrincipal(ctx, p)
			r = r.WithContext(WithPrincipal(ctx, p))
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			sess, err := o.Identities.SessionByID(ctx, c.Value)
			if err == nil {
				p := &Principal{Officer: sess.Officer, SessionID: c.Value, CSRF: sess.CSRF}
				notePrincipal(ctx, p)
				r = r.WithContext(WithPrincipal(ctx, p))
			} else if apperr.KindOf(err) == apperr.Internal {
				o.Logger.ErrorContext(ctx, "resolve session", "err", err)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// markInner tells the access log which request the mux is given: the mux
// records the matched route on it, not on the access log's own.
func markInner(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if la, ok := r.Context().Value(logAttrsKey).(*logAttrs); ok {
			la.inner = r
		}
		next.ServeHTTP(w, r)
	})
}

// notePrincipal tells the access log who is calling.
func notePrincipal(ctx context.Context, p *Principal) {
	if la, ok := ctx.Value(logAttrsKey).(*logAttrs); ok {
		la.principal = p
	}
}

func writeAuthError(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("WWW-Authenticate", `Bearer realm="motcua"`)
	w.WriteHeader(http.StatusUnauthorized)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"kind": "unauthenticated", "message": msg}})
}

// ClientIP is the address of the client: the peer's, or, when the peer is a
// trusted reverse proxy (Options.TrustedProxies), the last address it added
// to X-Forwarded-For. Throttles are keyed by it.
func ClientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey).(string); ok {
		return ip
	}
	return peerIP(r)
}

func peerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// clientAddress resolves the client's address once per request, and
// whether it reached us over https.
func clientAddress(next http.Handler, trusted []netip.Prefix) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := peerIP(r)
		https := r.TLS != nil
		if addr, err := netip.ParseAddr(ip); err == nil && inAny(addr, trusted) {
			https = https || strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
			// The proxy appends the address it saw; earlier entries are the client's word.
			parts := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); last != "" {
				if _, err := netip.ParseAddr(last); err == nil {
					ip = last
				}
			}
		}
		ctx := context.WithValue(context.WithValue(r.Context(), clientIPKey, ip), httpsKey, https)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func inAny(a netip.Addr, ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}
