package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// newTestServerOn is newTestServer on a given engine.
func newTestServerOn(t *testing.T, e storetest.Engine) *testServer {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db := e.Open(t, store.Options{Logger: log})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	w, err := New(db, log, Options{BaseURL: func() string { return "http://motcua.test" }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(db, log, metrics.New(), w, api.New(db, log, api.Options{})).Handler())
	t.Cleanup(ts.Close)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &testServer{URL: ts.URL, DB: db, Client: client}
}

// TestWebActionFormsRefuseAbsurdValues: the officers' action forms share the
// domain's bounds with the API (issue 17, defect 2): a 100 kB note or
// reason (a form body is cut at 1 MB before that), 6,000 supplement items or
// one 500 kB item come back with a Vietnamese message
// beside the field, and the dossier is unchanged.
func TestWebActionFormsRefuseAbsurdValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		s := newTestServerOn(t, e)
		reception := s.officeLogin(t, "tiepnhan1")
		specialist := s.officeLogin(t, "hotich")

		online := officeIntake(t, s.DB, officeBirthReg, dossier.Online)
		counter := officeIntake(t, s.DB, officeExtractCopy, dossier.Counter)
		manyItems := strings.TrimSpace(strings.Repeat("Giấy chứng sinh\n", 6000))
		for _, tc := range []struct {
			name    string
			who     *officeSession
			d       *dossier.Dossier
			action  string
			form    url.Values
			errorID string
			want    string
		}{
			{"a 100 kB note", specialist, counter, "propose", url.Values{"note": {strings.Repeat("ghi chu ", 12_500)}},
				"act-propose-note-error", "tối đa 2000 ký tự"},
			{"6,000 supplement items", reception, online, "request_supplement",
				url.Values{"reason": {"Thiếu giấy tờ"}, "items": {manyItems}}, "act-request_supplement-items-error", "tối đa 50"},
			{"a 500 kB supplement item", reception, online, "request_supplement",
				url.Values{"reason": {"Thiếu giấy tờ"}, "items": {strings.Repeat("a", 500_000)}}, "act-request_supplement-items-error", "tối đa 300 ký tự"},
			{"a 100 kB reason", reception, online, "refuse", url.Values{"reason": {strings.Repeat("ly do ", 16_000)}},
				"act-refuse-reason-error", "tối đa 2000 ký tự"},
		} {
			resp, page := tc.who.act(t, "/can-bo/ho-so/"+tc.d.Code+"/"+tc.action, tc.form)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", tc.name, resp.StatusCode)
				continue
			}
			if got := officeFieldError(page, tc.errorID); !strings.Contains(got, tc.want) {
				t.Errorf("%s: %s = %q, want it to say %q", tc.name, tc.errorID, got, tc.want)
			}
		}
		for _, d := range []*dossier.Dossier{online, counter} {
			if got := officeDossierOf(t, s.DB, d.Code); got.Version != d.Version || got.Status != d.Status {
				t.Errorf("%s: refused actions changed it: version %d -> %d, status %d -> %d", d.Code, d.Version, got.Version, d.Status, got.Status)
			}
		}
	})
}
