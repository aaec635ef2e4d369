package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// SQLite databases are built once per test binary and copied per test:
// migrating costs tens of milliseconds and seeding (password hashes, the
// catalogue) hundreds, a file copy well under one.
var templates sync.Map // name -> *template

// template is a migrated SQLite database, seeded or not, kept in memory
// as the bytes of its file, so that no file outlives the test binary.
type template struct {
	once sync.Once
	file []byte
	err  error
}

// OpenSQLiteSeeded returns a migrated SQLite database in a temporary
// directory, filled by seed. seed runs once per test binary for each name,
// on a template database; every call gets its own copy of the result, so a
// test may change its database freely. Calls with the same name must pass
// seeds that do the same. The name "" with a nil seed is OpenSQLite's.
func OpenSQLiteSeeded(t testing.TB, opt store.Options, name string, seed func(ctx context.Context, db *store.DB) error) *store.DB {
	t.Helper()
	v, _ := templates.LoadOrStore(name, &template{})
	tpl := v.(*template)
	tpl.once.Do(func() { tpl.file, tpl.err = buildTemplate(seed) })
	if tpl.err != nil {
		t.Fatalf("storetest: template database %q: %v", name, tpl.err)
	}
	path := filepath.Join(t.TempDir(), "motcua.db")
	if err := os.WriteFile(path, tpl.file, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	db, err := store.Open(ctx, "sqlite:"+path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// buildTemplate migrates and seeds a database in a temporary directory and
// returns a snapshot of it.
func buildTemplate(seed func(ctx context.Context, db *store.DB) error) ([]byte, error) {
	dir, err := os.MkdirTemp("", "motcua-storetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if seed != nil {
		if err := seed(ctx, db); err != nil {
			db.Close()
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	// A consistent snapshot in one file, whatever the write-ahead log holds:
	// a connection the store leaves open a moment after Close can checkpoint
	// the log while the files are read, so they are never copied directly.
	snap := filepath.Join(dir, "snapshot.db")
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "motcua.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, "VACUUM INTO '"+snap+"'"); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return os.ReadFile(snap)
}
