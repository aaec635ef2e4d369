// Package server assembles the HTTP server: the web pages, the JSON API, the
// operational endpoints (/healthz, /readyz, /metrics) and the plumbing, and
// runs it with a graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/store"
)

// Registrar adds routes to a mux: the web and the API each are one.
type Registrar interface {
	Register(mux *http.ServeMux)
}

// Server is motcua's HTTP server.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	metrics *metrics.Registry
	mux     *http.ServeMux
	chain   middleware.Options
	handler http.Handler
	portal  PortalHealth
	checks  []Check // AddCheck (checks.go)
}

// PortalHealth is when /readyz speaks of the national portal's backlog: a
// warning (still 200) once the oldest unsent message is older than Warn, and
// not ready (503) once it is older than Fail. Zero disables each. Failing is
// off by default: a portal outage should not take the one-stop desk out of
// its load balancer, only tell whoever watches it.
type PortalHealth struct {
	Warn, Fail time.Duration
}

// WatchPortal sets the thresholds of /readyz on the portal's backlog.
func (s *Server) WatchPortal(h PortalHealth) { s.portal = h }

// New builds the handler tree over db with the given route sets.
func New(db *store.DB, log *slog.Logger, reg *metrics.Registry, parts ...Registrar) *Server {
	s := &Server{db: db, log: log, metrics: reg}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	for _, p := range parts {
		p.Register(mux)
	}
	s.mux = mux
	s.chain = middleware.Options{Logger: log, Metrics: reg, Identities: db}
	s.handler = middleware.Chain(mux, s.chain)
	return s
}

// TrustProxies makes the server believe the X-Forwarded-For of requests
// coming from these reverse proxies, so that throttles see the citizen's
// address rather than the proxy's. Call it before Serve.
func (s *Server) TrustProxies(ps []netip.Prefix) {
	s.chain.TrustedProxies = ps
	s.handler = middleware.Chain(s.mux, s.chain)
}

// PublicURL tells the server the address citizens reach it at: when it is
// https, every response carries Strict-Transport-Security, so browsers never
// again try plain http. Call it before Serve.
func (s *Server) PublicURL(base string) {
	s.chain.HSTS = strings.HasPrefix(strings.ToLower(strings.TrimSpace(base)), "https://")
	s.handler = middleware.Chain(s.mux, s.chain)
}

// Handler returns the whole handler tree, for tests with httptest.
func (s *Server) Handler() http.Handler { return s.handler }

// healthz answers while the process is alive.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 when the database answers, 503 otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	warning, err := s.portalBacklog(ctx)
	if err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(err.Error() + "\n"))
		return
	}
	warnings, failures := s.runChecks(ctx)
	if warning != "" {
		warnings = append([]string{warning}, warnings...)
	}
	if len(failures) > 0 {
		s.log.WarnContext(ctx, "not ready", "failures", failures)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("not ready\n"))
		for _, f := range failures {
			w.Write([]byte("fail: " + f + "\n"))
		}
		for _, x := range warnings {
			w.Write([]byte("warning: " + x + "\n"))
		}
		return
	}
	if len(warnings) > 0 {
		s.log.WarnContext(ctx, "readiness warning", "warnings", warnings)
		w.Write([]byte("ready\n"))
		for _, x := range warnings {
			w.Write([]byte("warning: " + x + "\n"))
		}
		return
	}
	w.Write([]byte("ready\n"))
}

// portalBacklog checks the age of the oldest unsent portal message against
// the thresholds: past Warn it returns a warning, past Fail an error.
func (s *Server) portalBacklog(ctx context.Context) (string, error) {
	if s.portal.Warn <= 0 && s.portal.Fail <= 0 {
		return "", nil
	}
	oldest, err := s.db.OldestPendingOutbox(ctx, store.TopicPortal)
	if err != nil {
		return "", err
	}
	if oldest.IsZero() {
		return "", nil
	}
	age := s.db.Now().Sub(oldest).Round(time.Second)
	msg := fmt.Sprintf("the oldest national portal message has waited %s", age)
	switch {
	case s.portal.Fail > 0 && age > s.portal.Fail:
		return "", fmt.Errorf("%s (limit %s)", msg, s.portal.Fail)
	case s.portal.Warn > 0 && age > s.portal.Warn:
		return fmt.Sprintf("%s (threshold %s)", msg, s.portal.Warn), nil
	}
	return "", nil
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.WriteTo(w)
}

// Serve listens on addr until ctx is cancelled, then stops accepting, lets
// in-flight requests finish within grace, and returns. ready, when not nil,
// receives the bound address once listening.
func (s *Server) Serve(ctx context.Context, addr string, grace time.Duration, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads on slow rural links
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing in-flight requests", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
