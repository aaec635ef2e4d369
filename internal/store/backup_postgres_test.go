package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/testenv"
)

// pgBackupTown returns a town in a new schema of MOTCUA_TEST_POSTGRES, its
// DSN, and the DSN of a new, empty database to restore into (both dropped
// when the test ends). It skips without PostgreSQL or its client tools
// (fails under CI).
func pgBackupTown(t *testing.T) (tw *town, srcDSN, target string) {
	base := storetest.PostgresURL(t)
	if base == "" {
		t.Skip("MOTCUA_TEST_POSTGRES is not set")
	}
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		testenv.Tool(t, tool, "postgresql-client")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	suffix := make([]byte, 6)
	rand.Read(suffix)
	schema := "bk_" + hex.EncodeToString(suffix)
	restoredDB := "rs_" + hex.EncodeToString(suffix)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+restoredDB); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.ExecContext(ctx, "DROP DATABASE "+restoredDB+" WITH (FORCE)")
	})
	withSchema := func(raw, db string) string {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if db != "" {
			u.Path = "/" + db
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	srcDSN = withSchema(base, "")
	open := func(t testing.TB, opt store.Options) *store.DB {
		db, err := store.Open(ctx, srcDSN, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	return newTown(t, storetest.Engine{Name: "postgres", Open: open}), srcDSN, withSchema(base, restoredDB)
}

// TestBackupRestorePostgresUnderLoad is the restore drill on PostgreSQL:
// pg_dump while intakes run, pg_restore into a new, empty database.
func TestBackupRestorePostgresUnderLoad(t *testing.T) {
	ctx := context.Background()
	tw, srcDSN, target := pgBackupTown(t)
	dir := filepath.Join(t.TempDir(), "backup")
	codes := backupUnderLoad(t, tw, srcDSN, dir)

	if _, err := store.Restore(ctx, dir, target, false); err != nil {
		t.Fatal(err)
	}
	restored, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	checkRestored(t, tw.db, restored, codes)
	if _, err := store.Restore(ctx, dir, target, false); err == nil {
		t.Fatal("a restore into a database that has tables was accepted without --force")
	}
}

// TestRestoreDrillPostgres is restoreDrill (backup_drill_test.go) on
// PostgreSQL: pg_dump while the load runs, pg_restore into a new database.
func TestRestoreDrillPostgres(t *testing.T) {
	tw, srcDSN, target := pgBackupTown(t)
	restoreDrill(t, tw, srcDSN, func(t *testing.T, dir string) *store.DB {
		ctx := context.Background()
		if _, err := store.Restore(ctx, dir, target, false); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, target, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}
