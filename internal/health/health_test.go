package health

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/backup"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestBackupAge: no warning while the newest backup is young; a warning
// past the warning age; a failure past the failing age, carrying the last
// attempt's error when it failed after the last success.
func TestBackupAge(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := storetest.OpenSQLite(t, store.Options{Now: clock})
	dir := filepath.Join(t.TempDir(), "b")
	s, err := backup.New(db, quiet, backup.Config{Dir: dir, Every: time.Hour, Keep: 2, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	check := Backup(s, now, clock, 90*time.Minute, 3*time.Hour)
	if w, err := check(ctx); w != "" || err != nil {
		t.Fatalf("at start: %q %v", w, err)
	}
	now = now.Add(2 * time.Hour)
	if w, err := check(ctx); !strings.Contains(w, "no backup has succeeded in 2h0m0s") || err != nil {
		t.Fatalf("two hours without a backup: %q %v, want a warning", w, err)
	}
	if _, err := s.Once(ctx); err != nil {
		t.Fatal(err)
	}
	if w, err := check(ctx); w != "" || err != nil {
		t.Fatalf("after a backup: %q %v", w, err)
	}
	now = now.Add(4 * time.Hour)
	os.RemoveAll(dir)
	os.WriteFile(dir, nil, 0o640) // the next attempt fails
	if _, err := s.Once(ctx); err == nil {
		t.Fatal("backup into a file accepted")
	}
	w, err := check(ctx)
	if w != "" || err == nil || !strings.Contains(err.Error(), "the newest backup is 4h0m0s old; the last attempt failed: scheduled backup into") {
		t.Fatalf("four hours on, after a failure: %q %v, want a failure saying why", w, err)
	}
}

// TestReadyzOfAReadOnlyDatabase: /readyz answers 503 when the database
// refuses writes (here a PostgreSQL session read-only by default, as on a
// standby), and 200 on a writable one.
func TestReadyzOfAReadOnlyDatabase(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	ctx := context.Background()
	for _, tc := range []struct {
		readOnly bool
		code     int
	}{{false, 200}, {true, 503}} {
		u, _ := url.Parse(dsn)
		if tc.readOnly {
			q := u.Query()
			q.Set("default_transaction_read_only", "on")
			u.RawQuery = q.Encode()
		}
		db, err := store.Open(ctx, u.String(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv := server.New(db, quiet, metrics.New())
		srv.AddCheck(server.Check{Name: "database", Run: ReadOnly(db)})
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		db.Close()
		if rec.Code != tc.code || (tc.readOnly && !strings.Contains(rec.Body.String(), "fail: database: the database refuses writes")) {
			t.Errorf("read-only %v: /readyz = %d %q", tc.readOnly, rec.Code, rec.Body.String())
		}
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[uint64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 512 << 20: "512.0 MiB", 3 << 30: "3.0 GiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
