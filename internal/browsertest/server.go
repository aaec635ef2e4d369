package browsertest

import (
	"context"
	"log/slog"
	"net/http/httptest"
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
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db := storetest.OpenSQLite(t, store.Options{Logger: log})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	town, err := demo.Seed(ctx, db)
	if err != nil {
		t.Fatalf("seed the demo commune: %v", err)
	}
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	w, err := web.New(db, log, web.Options{BaseURL: func() string { return base }})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = server.New(db, log, metrics.New(), w, api.New(db, log, api.Options{BaseURL: func() string { return base }})).Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return &Server{URL: ts.URL, DB: db, Town: town}
}
