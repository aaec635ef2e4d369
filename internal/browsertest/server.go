package browsertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/web"
)

// demoLogins is the demo commune's login list, from the seeding of the
// template database that SeededDB copies.
var demoLogins []demo.Login

// SeededDB returns a fresh SQLite database (closed when t ends) holding the
// demo commune as demo.Seed leaves it, and the commune. The commune is
// seeded once per test binary and its database copied for each call.
func SeededDB(t testing.TB, opt store.Options) (*store.DB, *demo.Town) {
	t.Helper()
	db := storetest.OpenSQLiteSeeded(t, opt, "browsertest.demo", func(ctx context.Context, db *store.DB) error {
		town, err := demo.Seed(ctx, db)
		if err != nil {
			return fmt.Errorf("seed the demo commune: %w", err)
		}
		demoLogins = town.Logins
		return nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatalf("the demo commune in the copied database: %v", err)
	}
	return db, &demo.Town{Unit: u, Logins: slices.Clone(demoLogins)}
}

// Server is the real motcua HTTP server, wired as `motcua serve` wires it,
// listening on a loopback port over a fresh SQLite database seeded with the
// demo commune (its catalogue and officers, password demo.Password).
type Server struct {
	URL  string // e.g. http://127.0.0.1:41234, no trailing slash
	DB   *store.DB
	Town *demo.Town
}

// StartServer starts a Server for t and stops it when t ends. Warnings and
// errors the server logs go to the test log.
func StartServer(t testing.TB) *Server {
	t.Helper()
	return StartServerWith(t, nil)
}

// StartServerWith is StartServer with the web's options changed by opt,
// which is given the server's base URL (nil: no change).
func StartServerWith(t testing.TB, opt func(base string, o *web.Options)) *Server {
	t.Helper()
	return startServer(t, nil, opt)
}

// StartServerAt is StartServer with the store's clock now (its sessions,
// stamps and time limits), for tests that move time.
func StartServerAt(t testing.TB, now func() time.Time) *Server {
	t.Helper()
	return startServer(t, now, nil)
}

func startServer(t testing.TB, now func() time.Time, opt func(base string, o *web.Options)) *Server {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, town := SeededDB(t, store.Options{Logger: log, Now: now})
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	wo := web.Options{BaseURL: func() string { return base }}
	if opt != nil {
		opt(base, &wo)
	}
	w, err := web.New(db, log, wo)
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(db, log, metrics.New(), w, api.New(db, log, api.Options{BaseURL: func() string { return base }})).Handler()
	ts.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == AxePath {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "public, max-age=86400, immutable")
			io.WriteString(w, axeSource)
			return
		}
		h.ServeHTTP(w, r)
	})
	ts.Start()
	t.Cleanup(ts.Close)
	return &Server{URL: ts.URL, DB: db, Town: town}
}
