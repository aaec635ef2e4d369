package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// backupUnderLoad backs tw's database up into dir while goroutines take
// intakes, and returns the codes acknowledged before the backup started.
func backupUnderLoad(t *testing.T, tw *town, dsn, dir string) []string {
	t.Helper()
	ctx := context.Background()
	const workers, perWorker = 3, 25
	var (
		mu    sync.Mutex
		acked []string
		wg    sync.WaitGroup
	)
	started := make(chan struct{})
	var once sync.Once
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				d, err := tw.db.Intake(ctx, tw.request(t, "1.004873", dossier.Counter, tw.reception))
				if err != nil {
					t.Errorf("intake: %v", err)
					return
				}
				mu.Lock()
				acked = append(acked, d.Code)
				mu.Unlock()
				if i == 5 {
					once.Do(func() { close(started) })
				}
			}
		}()
	}
	<-started
	mu.Lock()
	before := append([]string(nil), acked...)
	mu.Unlock()
	m, err := tw.db.Backup(ctx, dsn, dir, "test")
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	t.Logf("%d dossiers acknowledged before the backup, %d in all", len(before), len(acked))
	if len(before) == len(acked) {
		t.Error("the load had finished before the backup: nothing ran concurrently")
	}
	mu.Unlock()
	cur, err := tw.db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.SchemaVersion != cur || m.Engine != tw.db.Dialect() || len(m.Files) != 1 {
		t.Fatalf("manifest = %+v, want schema %d engine %s and one file", m, cur, tw.db.Dialect())
	}
	return before
}

// checkRestored proves every dossier in codes, with its events, is in
// restored as in the source.
func checkRestored(t *testing.T, src, restored *store.DB, codes []string) {
	t.Helper()
	ctx := context.Background()
	want, err := src.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := restored.SchemaVersion(ctx); err != nil || got != want {
		t.Fatalf("restored schema version = %d, %v; want %d", got, err, want)
	}
	if len(codes) == 0 {
		t.Fatal("no dossier to check")
	}
	for _, code := range codes {
		d, err := restored.Dossier(ctx, code)
		if err != nil {
			t.Fatalf("dossier %s acknowledged before the backup: %v", code, err)
		}
		s, err := src.Dossier(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		ge, err := restored.Events(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		we, err := src.Events(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(we, ge); diff != "" || len(ge) == 0 {
			t.Fatalf("events of %s (-source +restored):\n%s", code, diff)
		}
	}
}

func TestBackupRestoreSQLiteUnderLoad(t *testing.T) {
	ctx := context.Background()
	tw := newTown(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	dir := filepath.Join(t.TempDir(), "backup")
	codes := backupUnderLoad(t, tw, "", dir)

	target := filepath.Join(t.TempDir(), "restored.db")
	if _, err := store.Restore(ctx, dir, "sqlite:"+target, false); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+target+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	err = raw.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check)
	raw.Close()
	if err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	restored, err := store.Open(ctx, "sqlite:"+target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	checkRestored(t, tw.db, restored, codes)

	// The target now holds a database: a second restore is refused without --force.
	if _, err := store.Restore(ctx, dir, "sqlite:"+target, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a database = %v, want a refusal naming --force", err)
	}
}

func TestRestoreRefusesDamagedBackup(t *testing.T) {
	ctx := context.Background()
	tw := newTown(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	good := filepath.Join(t.TempDir(), "backup")
	if _, err := tw.db.Backup(ctx, "", good, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.db.Backup(ctx, "", good, "test"); err == nil {
		t.Fatal("a second backup into a non-empty directory was accepted")
	}
	copyDir := func(t *testing.T) string {
		dst := filepath.Join(t.TempDir(), "copy")
		os.MkdirAll(dst, 0o750)
		for _, n := range []string{"manifest.json", "motcua.db"} {
			b, err := os.ReadFile(filepath.Join(good, n))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dst, n), b, 0o640)
		}
		return dst
	}
	for _, tc := range []struct {
		name, want string
		damage     func(db string)
	}{
		{"truncated", "motcua.db is truncated", func(db string) {
			fi, _ := os.Stat(db)
			os.Truncate(db, fi.Size()-4096)
		}},
		{"one byte changed", "motcua.db has been altered", func(db string) {
			b, _ := os.ReadFile(db)
			b[len(b)/2] ^= 1
			os.WriteFile(db, b, 0o640)
		}},
		{"missing", "motcua.db is missing", func(db string) { os.Remove(db) }},
		{"no manifest", "manifest.json", func(db string) { os.Remove(filepath.Join(filepath.Dir(db), "manifest.json")) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyDir(t)
			tc.damage(filepath.Join(dir, "motcua.db"))
			target := filepath.Join(t.TempDir(), "restored.db")
			_, err := store.Restore(ctx, dir, "sqlite:"+target, false)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("restore = %v, want an error containing %q", err, tc.want)
			}
			if _, err := os.Stat(target); !os.IsNotExist(err) {
				t.Fatalf("the refused restore left %s behind (%v)", target, err)
			}
		})
	}
}
