package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// BenchmarkOfficerPages serves the demo commune's officer pages, with 120
// dossiers open, in process (SQLite, the whole server on loopback), one request at a time: the
// time and allocations of a page, to compare two builds more finely than wrk
// on a shared machine can. The public catalogue (cached) is the reference.
func BenchmarkOfficerPages(b *testing.B) {
	officerPages(b, newTestServer(b, Options{}))
}

// BenchmarkOfficerPagesPostgres is BenchmarkOfficerPages on PostgreSQL
// (MOTCUA_TEST_POSTGRES).
func BenchmarkOfficerPagesPostgres(b *testing.B) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db := storetest.OpenPostgres(b, store.Options{Logger: log})
	if _, err := demo.Seed(context.Background(), db); err != nil {
		b.Fatal(err)
	}
	officerPages(b, serveTestDB(b, db, log, Options{}))
}

func officerPages(b *testing.B, s *testServer) {
	// a busy morning: 60 dossiers filed online wait for reception, 60
	// received at the counter are with the civil-status officer
	for range 60 {
		officeIntake(b, s.DB, officeBirthReg, dossier.Online)
		officeIntake(b, s.DB, officeBirthReg, dossier.Counter)
	}
	reception := s.officeLogin(b, "tiepnhan1")
	specialist := s.officeLogin(b, "hotich")
	leader := s.officeLogin(b, "chutich")
	_, work := specialist.get(b, "/can-bo")
	m := dossierLinkRe.FindStringSubmatch(work)
	if m == nil {
		b.Fatal("no dossier in the specialist's queue")
	}
	for _, c := range []struct {
		name string
		as   *testServer
		path string
	}{
		{"catalogue", s, "/"},
		{"reception-queue", reception.testServer, "/can-bo"},
		{"specialist-queue", specialist.testServer, "/can-bo"},
		{"dossier", specialist.testServer, m[1]},
		{"year-dashboard", leader.testServer, "/can-bo/thong-ke?tu=2025-01-01&den=2025-12-31"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				resp, _ := c.as.get(b, c.path)
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", c.path, resp.StatusCode)
				}
			}
		})
	}
}
