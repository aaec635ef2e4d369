package api

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestIdempotencyKeysBelongToTheirCaller: a key another caller already used
// neither returns that caller's dossier nor drops the new submission; the
// same caller reusing a key for another payload is refused, told nothing of
// the first dossier; a true retry still returns the first one.
func TestIdempotencyKeysBelongToTheirCaller(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		s := server.New(f.db, log, metrics.New(), New(f.db, log, Options{BaseURL: func() string { return "http://motcua.test" }}))
		s.TrustProxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")})
		srv := httptest.NewServer(validating(t, s.Handler()))
		defer srv.Close()
		submit := func(from, key string, body []byte) (int, map[string]any, string) {
			t.Helper()
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/dossiers", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Idempotency-Key", key)
			req.Header.Set("X-Forwarded-For", from)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var out map[string]any
			json.Unmarshal(raw, &out)
			return resp.StatusCode, out, string(raw)
		}
		first := onlineIntake(`"Trần Văn Bình"`)
		c, a, _ := submit("203.0.113.1", "k-1", first)
		if c != 201 {
			t.Fatalf("first submission: %d %v", c, a)
		}
		// Another citizen, from another address, happens to use the same key.
		second := bytes.Replace(bytes.Replace(onlineIntake(`"Lê Thị Cúc"`), []byte("068090001122"), []byte("079188003344"), 1),
			[]byte("0987654321"), []byte("0912345678"), 1)
		c, b, raw := submit("203.0.113.2", "k-1", second)
		if c != 201 || b["code"] == a["code"] || b["applicant"] != "Lê Thị Cúc" {
			t.Errorf("another caller's same key: %d %s; want their own new dossier", c, raw)
		}
		if strings.Contains(raw, "Trần Văn Bình") || strings.Contains(raw, a["code"].(string)) {
			t.Errorf("another caller saw the first dossier: %s", raw)
		}
		// The first caller retries: the same dossier.
		if c, again, _ := submit("203.0.113.1", "k-1", first); c != 201 || again["code"] != a["code"] {
			t.Errorf("a true retry: %d %v, want %v", c, again["code"], a["code"])
		}
		// The first caller reuses the key for something else: refused, nothing revealed, nothing stored.
		c, _, raw = submit("203.0.113.1", "k-1", second)
		if c != 409 {
			t.Errorf("a reused key with another payload: %d %s, want 409", c, raw)
		}
		for _, secret := range []string{a["code"].(string), "Trần Văn Bình", "1122", "status"} {
			if strings.Contains(raw, secret) {
				t.Errorf("the refusal reveals %q: %s", secret, raw)
			}
		}
		if n := f.dossierCount(t); n != 2 {
			t.Errorf("%d dossiers, want 2", n)
		}
	})
}
