// Package storetest opens real, migrated databases for tests: SQLite always,
// and PostgreSQL when MOTCUA_TEST_POSTGRES holds a URL. Under CI (the CI
// variable set) a missing PostgreSQL URL fails the test instead of skipping.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
)

// A test binary that opens databases logs officers in hundreds of times:
// their passwords are hashed cheaply (see staff.CheapHashesInTests).
func init() { staff.CheapHashesInTests() }

// Engine is a database engine the tests run against.
type Engine struct {
	Name string
	// Open returns a fresh, empty, migrated database, closed at the end of the test.
	Open func(t testing.TB, opt store.Options) *store.DB
}

// Engines returns SQLite, and PostgreSQL when configured.
func Engines(t testing.TB) []Engine {
	t.Helper()
	engines := []Engine{{Name: "sqlite", Open: OpenSQLite}}
	if PostgresURL(t) != "" {
		engines = append(engines, Engine{Name: "postgres", Open: OpenPostgres})
	}
	return engines
}

// Each runs fn as a subtest on every engine.
func Each(t *testing.T, fn func(t *testing.T, e Engine)) {
	t.Helper()
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) { fn(t, e) })
	}
}

// PostgresURL returns MOTCUA_TEST_POSTGRES, logging that PostgreSQL is
// skipped when it is empty, or failing the test when CI is set.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MOTCUA_TEST_POSTGRES")
	if u == "" {
		if testenv.CI() {
			t.Fatal("MOTCUA_TEST_POSTGRES is not set, and CI requires the PostgreSQL suite")
		}
		t.Log("MOTCUA_TEST_POSTGRES is not set: skipping PostgreSQL, running SQLite only")
	}
	return u
}

// OpenSQLite returns a migrated SQLite database in a temporary directory.
// It is a copy of a database migrated once per test binary.
func OpenSQLite(t testing.TB, opt store.Options) *store.DB {
	t.Helper()
	return OpenSQLiteSeeded(t, opt, "", nil)
}

// OpenPostgres returns a migrated PostgreSQL database in a new schema of the
// MOTCUA_TEST_POSTGRES database, dropped when the test ends.
func OpenPostgres(t testing.TB, opt store.Options) *store.DB {
	t.Helper()
	return openAndMigrate(t, PostgresSchema(t), opt)
}

// PostgresSchema creates an empty schema in the MOTCUA_TEST_POSTGRES
// database, dropped when the test ends, and returns the URL that uses it.
// It skips t when no PostgreSQL is configured (fails it under CI).
func PostgresSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	if base == "" {
		t.Skip("MOTCUA_TEST_POSTGRES is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema on %s: %v", base, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openAndMigrate(t testing.TB, dsn string, opt store.Options) *store.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	db, err := store.Open(ctx, dsn, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}
