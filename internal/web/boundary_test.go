package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// newTestServerOn is newTestServer over the given engine.
func newTestServerOn(t *testing.T, e storetest.Engine, opt Options) *testServer {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db := e.Open(t, store.Options{Logger: log})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	return serveTestDB(t, db, log, opt)
}

// A NUL byte or invalid UTF-8 in the path, the query or a form is refused
// with 400 before any handler runs (it was a 500 on PostgreSQL): a
// Vietnamese page on the web, the API's JSON error on /api/.
func TestNULAndInvalidUTF8AreRefusedAtTheBoundary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		s := newTestServerOn(t, e, Options{})
		for _, path := range []string{"/thu-tuc/%00", "/tin-tuc/%00", "/thu-tuc/%FF%FE", "/tin-tuc/a%C3", "/tra-cuu?ma=%00",
			"/?q=%00", "/?q=%C3%28", "/tin-tuc?trang=1%00"} {
			resp, body := s.get(t, path)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") ||
				!strings.Contains(body, `lang="vi"`) || !strings.Contains(body, "không hợp lệ") {
				t.Errorf("GET %s: %d %s %q", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
		}
		for _, path := range []string{"/api/v1/units/%00", "/api/v1/lookup?code=%00&last4=1234", "/api/v1/lookup?code=%FF&last4=1234",
			"/api/v1/procedures/%00"} {
			resp, body := s.get(t, path)
			var e struct {
				Error struct{ Kind, Message string }
			}
			if resp.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil || e.Error.Kind != "invalid" || e.Error.Message == "" {
				t.Errorf("GET %s: %d %q", path, resp.StatusCode, body)
			}
		}
		// Forms: the login, the lookup, a rating; nothing reaches the store.
		_, page := s.get(t, "/dang-nhap")
		csrf := csrfFrom(t, page)
		for path, form := range map[string]url.Values{
			"/dang-nhap":        {"csrf": {csrf}, "username": {"chu\x00tich"}, "password": {"x"}},
			"/tra-cuu":          {"csrf": {csrf}, "ma": {"\x00"}, "so": {"1234"}},
			"/tra-cuu/danh-gia": {"csrf": {csrf}, "ma": {"\xff\xfe"}},
		} {
			resp, body := s.post(t, path, form)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "không hợp lệ") {
				t.Errorf("POST %s: %d %q", path, resp.StatusCode, body)
			}
		}
		// A multipart form is checked too, once parsed.
		resp, body := s.postMultipart(t, "/dang-nhap", csrf, url.Values{"username": {"a\x00"}, "password": {"x"}}, nil)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "không hợp lệ") {
			t.Errorf("multipart POST /dang-nhap: %d %q", resp.StatusCode, body)
		}
		// And ordinary text passes.
		if resp, _ := s.get(t, "/tin-tuc?trang=1&q=Đạ%20Tẻh"); resp.StatusCode != http.StatusOK {
			t.Errorf("Vietnamese query: %d", resp.StatusCode)
		}
		resp, err := http.Get(s.URL + "/api/v1/units/" + url.PathEscape("không-có"))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("unknown unit: %d, want 404", resp.StatusCode)
		}
	})
}
