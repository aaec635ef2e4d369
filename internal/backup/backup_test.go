package backup

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func dated(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

// TestSchedulerKeepsTheNewest: each backup is a dated directory that
// verifies; beyond Keep the oldest go; a new scheduler (a restart) knows
// the newest one; a directory that is not a complete backup is never
// deleted.
func TestSchedulerKeepsTheNewest(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)}
	db := storetest.OpenSQLite(t, store.Options{Now: clk.Now})
	dir := t.TempDir()
	stranger := filepath.Join(dir, "motcua-20200101T000000Z")
	if err := os.Mkdir(stranger, 0o750); err != nil {
		t.Fatal(err)
	}
	s, err := New(db, quiet, Config{Dir: dir, Every: time.Hour, Keep: 2, Version: "test", Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); !st.LastSuccess.IsZero() {
		t.Fatalf("status before any backup = %+v", st)
	}
	var paths []string
	for i := range 4 {
		// A unit per round, so each backup holds something the previous lacks.
		u := &unit.Unit{Code: "000.00.00.H5" + string(rune('0'+i)), Name: "UBND xã " + string(rune('A'+i)), Kind: unit.Commune}
		if err := db.CreateUnit(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		p, err := s.Once(ctx)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		clk.Advance(time.Hour)
	}
	want := []string{"motcua-20200101T000000Z", "motcua-20261203T030000Z", "motcua-20261203T040000Z"}
	if got := dated(t, dir); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("backup directory holds %v, want %v", got, want)
	}
	for _, p := range paths[2:] {
		if _, err := store.VerifyBackup(p); err != nil {
			t.Fatal(err)
		}
	}
	// The newest restores with all four units.
	target := filepath.Join(t.TempDir(), "r.db")
	if _, err := store.Restore(ctx, paths[3], "sqlite:"+target, false); err != nil {
		t.Fatal(err)
	}
	r, err := store.Open(ctx, "sqlite:"+target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	units, err := r.Units(ctx)
	if err != nil || len(units) != 4 {
		t.Fatalf("restored units = %d, %v; want 4", len(units), err)
	}

	st := s.Status()
	if !st.LastSuccess.Equal(time.Date(2026, 12, 3, 4, 0, 0, 0, time.UTC)) || st.LastPath != paths[3] || st.LastSize <= 0 || st.Failures != 0 {
		t.Fatalf("status = %+v", st)
	}
	again, err := New(db, quiet, Config{Dir: dir, Every: time.Hour, Keep: 2, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if got := again.Status(); !got.LastSuccess.Equal(st.LastSuccess) || got.LastPath != st.LastPath || got.LastSize != st.LastSize {
		t.Fatalf("after a restart status = %+v, want %+v", got, st)
	}
}

// TestSchedulerRecordsAFailure: a backup that cannot be written is counted,
// its reason kept, and nothing half-written stays behind.
func TestSchedulerRecordsAFailure(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)}
	db := storetest.OpenSQLite(t, store.Options{Now: clk.Now})
	dir := filepath.Join(t.TempDir(), "backups")
	s, err := New(db, quiet, Config{Dir: dir, Every: time.Hour, Keep: 2, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	// The backup directory becomes a file: no dated directory can be made in it.
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, []byte("not a directory"), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Once(ctx); err == nil {
		t.Fatal("a backup into a file was accepted")
	}
	st := s.Status()
	if st.Failures != 1 || !st.LastSuccess.IsZero() || !st.LastFailure.Equal(clk.Now()) || !strings.Contains(st.LastError, "not a directory") {
		t.Fatalf("status = %+v, want one failure saying why", st)
	}
}

// TestRunTakesTheFirstBackupAtOnce: with no backup yet, Run takes one
// without waiting an interval, then waits.
func TestRunTakesTheFirstBackupAtOnce(t *testing.T) {
	db := storetest.OpenSQLite(t, store.Options{})
	dir := t.TempDir()
	s, err := New(db, quiet, Config{Dir: dir, Every: time.Hour, Keep: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	deadline := time.Now().Add(30 * time.Second)
	for s.Status().LastSuccess.IsZero() {
		if time.Now().After(deadline) {
			t.Fatal("no backup after 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if got := dated(t, dir); len(got) != 1 {
		t.Fatalf("backups = %v, want one", got)
	}
}

func TestNewRefusesABadConfig(t *testing.T) {
	db := storetest.OpenSQLite(t, store.Options{})
	for _, c := range []Config{
		{Dir: "", Every: time.Hour, Keep: 1},
		{Dir: t.TempDir(), Every: time.Second, Keep: 1},
		{Dir: t.TempDir(), Every: time.Hour, Keep: 0},
	} {
		if _, err := New(db, quiet, c); err == nil {
			t.Errorf("New(%+v) accepted", c)
		}
	}
}

// TestSchedulerCopiesTheFileStore: each backup holds the disk file store;
// a file unchanged since the previous backup is a hard link to its copy
// there, not a second copy; a file added since is copied.
func TestSchedulerCopiesTheFileStore(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)}
	db := storetest.OpenSQLite(t, store.Options{Now: clk.Now})
	disk, err := filestore.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	put := func(text string) string {
		f, err := filestore.Check(filestoretest.PDF(t, 1, text), filestore.Limits{}, "f")
		if err != nil {
			t.Fatal(err)
		}
		if err := disk.Put(ctx, f); err != nil {
			t.Fatal(err)
		}
		return f.SHA256
	}
	old := put("giay to cu")
	s, err := New(db, quiet, Config{Dir: t.TempDir(), Every: time.Hour, Keep: 3, Version: "test", Now: clk.Now, Files: disk})
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	added := put("giay to moi")
	clk.Advance(time.Hour)
	second, err := s.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := store.VerifyBackup(second)
	if err != nil || m.FileStore == nil || m.FileStore.Count != 2 {
		t.Fatalf("second backup: %+v, %v; want 2 files", m, err)
	}
	at := func(dir, sha string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(dir, store.FileStoreDir, sha[:2], sha[2:4], sha))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	if !os.SameFile(at(first, old), at(second, old)) {
		t.Error("the unchanged file was copied again, not linked to the previous backup's copy")
	}
	if os.SameFile(at(second, added), at(second, old)) || at(second, added).Size() == 0 {
		t.Error("the added file was not copied")
	}
	if err := filestore.CheckCopy(ctx, filepath.Join(second, store.FileStoreDir), *m.FileStore); err != nil {
		t.Fatal(err)
	}
}
