package storetest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
// as its files' bytes, so that no file outlives the test binary.
type template struct {
	once  sync.Once
	files map[string][]byte // base name (motcua.db, motcua.db-wal) -> content
	err   error
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
	tpl.once.Do(func() { tpl.files, tpl.err = buildTemplate(seed) })
	if tpl.err != nil {
		t.Fatalf("storetest: template database %q: %v", name, tpl.err)
	}
	dir := t.TempDir()
	for base, b := range tpl.files {
		if err := os.WriteFile(filepath.Join(dir, base), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// buildTemplate migrates and seeds a database in a temporary directory,
// closes it and returns its files.
func buildTemplate(seed func(ctx context.Context, db *store.DB) error) (map[string][]byte, error) {
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
	// Closing the last connection checkpoints the write-ahead log into the
	// database file; a log left behind is copied with it.
	if err := db.Close(); err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, base := range []string{"motcua.db", "motcua.db-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, base))
		if errors.Is(err, fs.ErrNotExist) && base != "motcua.db" {
			continue
		}
		if err != nil {
			return nil, err
		}
		files[base] = b
	}
	return files, nil
}
