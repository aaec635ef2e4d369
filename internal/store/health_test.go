package store_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestReadOnly: a writable database says so on both engines; a PostgreSQL
// session whose transactions are read-only by default (what a standby, or a
// proxy that routed us to one, gives) is reported with the reason.
func TestReadOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t, store.Options{})
		ro, why, err := db.ReadOnly(context.Background())
		if err != nil || ro {
			t.Fatalf("ReadOnly = %v %q %v, want writable", ro, why, err)
		}
	})
	t.Run("postgres read-only session", func(t *testing.T) {
		dsn := storetest.PostgresSchema(t)
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
		ctx := context.Background()
		db, err := store.Open(ctx, u.String(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ro, why, err := db.ReadOnly(ctx)
		if err != nil || !ro || !strings.Contains(why, "read-only") {
			t.Fatalf("ReadOnly = %v %q %v, want read-only with a reason", ro, why, err)
		}
	})
}

// TestReadOnlySQLiteDirectory: a SQLite database whose directory cannot be
// written is reported. Root writes anywhere, so this needs another user.
func TestReadOnlySQLiteDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which permissions do not stop: the read-only directory cannot be simulated")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	ro, why, err := db.ReadOnly(ctx)
	if err != nil || !ro || !strings.Contains(why, dir) {
		t.Fatalf("ReadOnly = %v %q %v, want read-only naming %s", ro, why, err, dir)
	}
}
