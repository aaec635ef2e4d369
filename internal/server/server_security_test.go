package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

// quiet is a route set whose handlers answer without writing anything, or
// with a body.
type quiet struct{}

func (quiet) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /silent", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("GET /text", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "x") })
}

// syncBuffer is a log sink the server's goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// The access log names the officer of a logged-in request (it read the
// principal from the request before identify had resolved it), and a handler
// that writes nothing is logged and counted as 200, not 0.
func TestAccessLogNamesOfficerAndStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		db := e.Open(t, store.Options{})
		u := &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}
		if err := db.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		o := &staff.Officer{UnitID: u.ID, Username: "chutich", FullName: "Chủ tịch", Roles: []staff.Role{staff.Leader}, Active: true}
		if err := db.CreateOfficer(ctx, o, "mat-khau-thu", "test"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, "phien-thu-nghiem", o.ID, "csrf", time.Hour); err != nil {
			t.Fatal(err)
		}
		var sink syncBuffer
		reg := metrics.New()
		srv := New(db, slog.New(slog.NewJSONHandler(&sink, nil)), reg, quiet{})
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		for _, path := range []string{"/silent", "/text"} {
			req, _ := http.NewRequest("GET", ts.URL+path, nil)
			req.AddCookie(&http.Cookie{Name: middleware.SessionCookie, Value: "phien-thu-nghiem"})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", path, resp.StatusCode)
			}
		}
		lines := sink.lines(t)
		if len(lines) != 2 {
			t.Fatalf("%d log lines, want 2: %v", len(lines), lines)
		}
		for _, l := range lines {
			if l["officer_id"] != o.ID || l["unit_id"] != u.ID {
				t.Errorf("%s: officer %v unit %v, want %s %s", l["path"], l["officer_id"], l["unit_id"], o.ID, u.ID)
			}
			if l["status"] != float64(200) {
				t.Errorf("%s: status %v, want 200", l["path"], l["status"])
			}
		}
		var m bytes.Buffer
		reg.WriteTo(&m)
		if strings.Contains(m.String(), `code="0"`) {
			t.Errorf("metrics count a status 0:\n%s", m.String())
		}
		// The route too is read from the request the mux saw.
		if !strings.Contains(m.String(), `http_requests_total{route="GET /silent",code="200"} 1`) {
			t.Errorf("officer's request not counted under its route:\n%s", m.String())
		}
	})
}

// Strict-Transport-Security is sent when the public URL is https, or the
// request came through a trusted proxy over https; never over plain http
// otherwise.
func TestHSTS(t *testing.T) {
	db := storetest.OpenSQLite(t, store.Options{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	get := func(h http.Handler, peer, proto string) string {
		r := httptest.NewRequest("GET", "/text", nil)
		r.RemoteAddr = peer
		if proto != "" {
			r.Header.Set("X-Forwarded-Proto", proto)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Header().Get("Strict-Transport-Security")
	}
	plain := New(db, log, metrics.New(), quiet{})
	if got := get(plain.Handler(), "203.0.113.5:1", ""); got != "" {
		t.Errorf("plain http: HSTS %q, want none", got)
	}
	if got := get(plain.Handler(), "203.0.113.5:1", "https"); got != "" {
		t.Errorf("X-Forwarded-Proto from an untrusted peer: HSTS %q, want none", got)
	}
	plain.TrustProxies([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")})
	if got := get(plain.Handler(), "10.0.0.1:1", "https"); !strings.Contains(got, "max-age=") {
		t.Errorf("https through a trusted proxy: HSTS %q", got)
	}
	secure := New(db, log, metrics.New(), quiet{})
	secure.PublicURL("https://motcua.dateh.gov.vn")
	if got := get(secure.Handler(), "203.0.113.5:1", ""); !strings.Contains(got, "max-age=31536000") {
		t.Errorf("https base URL: HSTS %q", got)
	}
	secure.PublicURL("http://localhost:8080")
	if got := get(secure.Handler(), "203.0.113.5:1", ""); got != "" {
		t.Errorf("http base URL: HSTS %q, want none", got)
	}
}
