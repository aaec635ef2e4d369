package middleware

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAFailureIsLoggedOnce: a handler that fails with a 500 and reports its
// error through LogError gives one ERROR line, the access log's, carrying
// the error; without the chain, LogError writes the line itself.
func TestAFailureIsLoggedOnce(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		LogError(r.Context(), log, "api", errors.New("connection refused"))
		http.Error(w, "unavailable", http.StatusInternalServerError)
	})
	Chain(h, Options{Logger: log}).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var errs []string
	for _, l := range lines {
		if strings.Contains(l, "level=ERROR") {
			errs = append(errs, l)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], `err="connection refused"`) || !strings.Contains(errs[0], "status=500") {
		t.Fatalf("ERROR lines = %q, want one access line carrying the error", errs)
	}
	buf.Reset()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	if got := buf.String(); strings.Count(got, "level=ERROR") != 1 || !strings.Contains(got, "connection refused") {
		t.Fatalf("without the chain: %q, want one ERROR line", got)
	}
}
