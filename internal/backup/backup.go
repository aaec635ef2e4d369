// Package backup takes scheduled backups of an embedded (or any) deployment
// while it serves: every interval it writes one dated directory with
// store.DB.Backup (a consistent copy and its manifest) and deletes the
// oldest beyond a retention count. What it knows of its last success and
// failure feeds /readyz and /metrics.
package backup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/store"
)

// prefix and stamp name a scheduled backup's directory:
// motcua-20261203T021500Z. Only directories named so are ever deleted.
const (
	prefix = "motcua-"
	stamp  = "20060102T150405Z"
)

// Config says where, how often and how many.
type Config struct {
	Dir     string        // the directory that holds the dated backups
	Every   time.Duration // interval between two backups
	Keep    int           // complete backups kept; older ones are deleted
	DSN     string        // the database's DSN (PostgreSQL's pg_dump needs it)
	Version string        // motcua's version, for the manifest
	// Files is the deployment's disk file store, copied into each backup
	// (its blobs hard-linked from the previous backup when unchanged); nil
	// when files are kept in the database.
	Files *filestore.Disk
	Now   func() time.Time
}

// Status is what the scheduler knows of its work.
type Status struct {
	LastSuccess time.Time // when the newest complete backup was taken (zero: none)
	LastPath    string    // its directory
	LastSize    int64     // its bytes
	LastFailure time.Time // when the last attempt failed (zero: none since start)
	LastError   string    // why
	Failures    int64     // failed attempts since start
}

// Scheduler takes the backups.
type Scheduler struct {
	db  *store.DB
	log *slog.Logger
	cfg Config

	mu     sync.Mutex
	status Status
}

// New checks cfg and reads the newest complete backup already in cfg.Dir,
// so the schedule survives restarts.
func New(db *store.DB, log *slog.Logger, cfg Config) (*Scheduler, error) {
	if cfg.Dir == "" {
		return nil, errors.New("backup: no directory")
	}
	if cfg.Every < time.Minute {
		return nil, fmt.Errorf("backup: interval %s is shorter than a minute", cfg.Every)
	}
	if cfg.Keep < 1 {
		return nil, fmt.Errorf("backup: keep %d: want at least 1", cfg.Keep)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	s := &Scheduler{db: db, log: log, cfg: cfg}
	list, err := s.complete()
	if err != nil {
		return nil, err
	}
	if len(list) > 0 {
		newest := list[len(list)-1]
		s.status.LastSuccess, s.status.LastPath = newest.at, newest.path
		s.status.LastSize = dirSize(newest.path)
	}
	return s, nil
}

// Status returns a copy of the scheduler's state.
func (s *Scheduler) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Run takes a backup whenever the newest is an interval old, until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	for {
		next := s.Status().LastSuccess.Add(s.cfg.Every)
		if f := s.Status().LastFailure; !f.IsZero() && f.After(s.Status().LastSuccess) {
			// After a failure, try again sooner than a whole interval.
			next = f.Add(min(s.cfg.Every, 5*time.Minute))
		}
		wait := next.Sub(s.cfg.Now())
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		if ctx.Err() != nil {
			return
		}
		s.Once(ctx) // its error is logged and kept in Status
	}
}

// Once takes one backup now into a new dated directory, then deletes the
// backups beyond the retention count. A failed attempt leaves nothing.
func (s *Scheduler) Once(ctx context.Context) (string, error) {
	at := s.cfg.Now().UTC()
	path := filepath.Join(s.cfg.Dir, prefix+at.Format(stamp))
	if _, err := os.Stat(path); err == nil {
		// Two attempts in the same second: never write into a used directory.
		path += fmt.Sprintf("-%d", at.Nanosecond())
	}
	start := time.Now()
	var files store.CopyFiles
	if s.cfg.Files != nil {
		s.mu.Lock()
		prev := s.status.LastPath
		s.mu.Unlock()
		files = func(ctx context.Context, dir string) (filestore.CopyStats, error) {
			linkFrom := ""
			if prev != "" {
				linkFrom = filepath.Join(prev, store.FileStoreDir)
			}
			return s.cfg.Files.CopyTo(ctx, dir, linkFrom)
		}
	}
	m, err := s.db.BackupWith(ctx, s.cfg.DSN, path, s.cfg.Version, files)
	if err != nil {
		os.RemoveAll(path)
		err = fmt.Errorf("scheduled backup into %s: %w", path, err)
		s.mu.Lock()
		s.status.LastFailure, s.status.LastError = at, err.Error()
		s.status.Failures++
		s.mu.Unlock()
		if ctx.Err() == nil {
			s.log.ErrorContext(ctx, "backup failed", "err", err)
		}
		return "", err
	}
	size := dirSize(path)
	s.mu.Lock()
	s.status.LastSuccess, s.status.LastPath, s.status.LastSize = m.CreatedAt, path, size
	s.mu.Unlock()
	s.log.InfoContext(ctx, "backup written", "dir", path, "bytes", size, "took", time.Since(start).Round(time.Millisecond))
	if err := s.prune(); err != nil {
		s.log.WarnContext(ctx, "backup retention", "err", err)
	}
	return path, nil
}

type entry struct {
	path string
	at   time.Time
}

// complete lists the dated backups whose manifest verifies, oldest first.
// Checking each file's SHA-256 reads every backup once at start; that is
// the price of never counting a damaged copy as the last good one.
func (s *Scheduler) complete() ([]entry, error) {
	des, err := os.ReadDir(s.cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	var out []entry
	for _, de := range des {
		if !de.IsDir() || !strings.HasPrefix(de.Name(), prefix) {
			continue
		}
		p := filepath.Join(s.cfg.Dir, de.Name())
		m, err := store.VerifyBackup(p)
		if err != nil {
			continue
		}
		out = append(out, entry{path: p, at: m.CreatedAt})
	}
	slices.SortFunc(out, func(a, b entry) int { return a.at.Compare(b.at) })
	return out, nil
}

// prune deletes the complete backups beyond Keep, oldest first. Directories
// without a valid manifest are left for a person to look at.
func (s *Scheduler) prune() error {
	list, err := s.complete()
	if err != nil {
		return err
	}
	var errs []error
	for len(list) > s.cfg.Keep {
		if err := os.RemoveAll(list[0].path); err != nil {
			errs = append(errs, err)
		}
		list = list[1:]
	}
	return errors.Join(errs...)
}

// Register adds the scheduler's gauges to reg.
func (s *Scheduler) Register(reg *metrics.Registry) {
	reg.Gauge("motcua_backup_last_success_timestamp_seconds", "Unix time of the newest complete scheduled backup (0: none).", func() float64 {
		t := s.Status().LastSuccess
		if t.IsZero() {
			return 0
		}
		return float64(t.UnixMilli()) / 1000
	})
	reg.Gauge("motcua_backup_last_size_bytes", "Bytes of the newest complete scheduled backup (its directory).", func() float64 {
		return float64(s.Status().LastSize)
	})
	reg.Gauge("motcua_backup_failures_total", "Scheduled backups that failed since the process started.", func() float64 {
		return float64(s.Status().Failures)
	})
}

func dirSize(dir string) int64 {
	des, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	var n int64
	for _, de := range des {
		if fi, err := de.Info(); err == nil && fi.Mode().IsRegular() {
			n += fi.Size()
		}
	}
	return n
}
