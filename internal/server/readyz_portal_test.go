package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// TestReadyzWatchesThePortalBacklog: /readyz is plain "ready" while the
// oldest unsent portal message is young, warns (still 200) once it passes
// the warning age, and answers 503 once it passes the failing age.
func TestReadyzWatchesThePortalBacklog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		clk := &testClock{t: time.Date(2025, 3, 3, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
		db := e.Open(t, store.Options{Now: clk.Now})
		srv := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New())
		srv.WatchPortal(PortalHealth{Warn: time.Hour, Fail: 6 * time.Hour})
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		get := func() (int, string) {
			t.Helper()
			resp, err := http.Get(ts.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		if code, body := get(); code != 200 || body != "ready\n" {
			t.Fatalf("no backlog: %d %q", code, body)
		}
		c, err := catalogue.LoadShipped()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
			t.Fatal(err)
		}
		u := &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}
		if err := db.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		pv, err := db.ProcedureByCode(ctx, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		in := dossier.Intake{Channel: dossier.Online, Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234",
			Phone: "0912345678", Address: "Thôn 3"}}
		for _, comp := range pv.Procedure.Components {
			if comp.Required {
				in.Components = append(in.Components, dossier.Component{Name: comp.Name})
			}
		}
		if _, err := db.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: "1.004873", Intake: in}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(30 * time.Minute)
		if code, body := get(); code != 200 || body != "ready\n" {
			t.Errorf("a 30-minute backlog: %d %q", code, body)
		}
		clk.Advance(time.Hour)
		if code, body := get(); code != 200 || !strings.Contains(body, "warning: the oldest national portal message has waited 1h30m0s") {
			t.Errorf("a 90-minute backlog: %d %q, want a warning", code, body)
		}
		clk.Advance(6 * time.Hour)
		if code, body := get(); code != 503 || !strings.Contains(body, "7h30m0s (limit 6h0m0s)") {
			t.Errorf("a 7.5-hour backlog: %d %q, want 503", code, body)
		}
	})
}
