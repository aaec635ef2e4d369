package cli

import (
	"context"
	"flag"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/backup"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/health"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/web"
)

// opsConfig is the operations side of `motcua serve`: scheduled backups
// the thresholds of /readyz, the reports' read replica. See docs/operations.md.
type opsConfig struct {
	BackupDir     string        // MOTCUA_BACKUP_DIR: where scheduled backups go; empty: none
	BackupEvery   time.Duration // MOTCUA_BACKUP_EVERY
	BackupKeep    int           // MOTCUA_BACKUP_KEEP
	BackupWarnAge time.Duration // MOTCUA_BACKUP_WARN_AGE: /readyz warns past this age; 0: 1.5 × every
	BackupFailAge time.Duration // MOTCUA_BACKUP_FAIL_AGE: /readyz fails past this age; 0: never
	DiskMinFreeMB int           // MOTCUA_DISK_MIN_FREE_MB: /readyz fails below; 0: never
	Replica       string        // MOTCUA_DB_REPLICA: a PostgreSQL standby the reports read from
	PublicReplica bool          // MOTCUA_DB_REPLICA_PUBLIC: the public pages read it too
}

func (c *opsConfig) bind(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&c.BackupDir, "backup-dir", env("MOTCUA_BACKUP_DIR", ""), "`directory` of scheduled backups (one dated directory each); empty: no scheduled backups (env MOTCUA_BACKUP_DIR)")
	fs.DurationVar(&c.BackupEvery, "backup-every", cfg.envDuration("MOTCUA_BACKUP_EVERY", 24*time.Hour), "interval between scheduled backups (env MOTCUA_BACKUP_EVERY)")
	fs.IntVar(&c.BackupKeep, "backup-keep", cfg.envInt("MOTCUA_BACKUP_KEEP", 7), "complete scheduled backups kept; older ones are deleted (env MOTCUA_BACKUP_KEEP)")
	fs.DurationVar(&c.BackupWarnAge, "backup-warn-age", cfg.envDuration("MOTCUA_BACKUP_WARN_AGE", 0), "/readyz warns when the newest backup is older; 0: 1.5 × --backup-every (env MOTCUA_BACKUP_WARN_AGE)")
	fs.DurationVar(&c.BackupFailAge, "backup-fail-age", cfg.envDuration("MOTCUA_BACKUP_FAIL_AGE", 0), "/readyz answers 503 when the newest backup is older; 0: never (env MOTCUA_BACKUP_FAIL_AGE)")
	fs.StringVar(&c.Replica, "db-replica", env("MOTCUA_DB_REPLICA", ""), "PostgreSQL `URL` of a standby (or HAProxy's port over the standbys) the reports read from; empty: the primary (env MOTCUA_DB_REPLICA)")
	fs.BoolVar(&c.PublicReplica, "db-replica-public", env("MOTCUA_DB_REPLICA_PUBLIC", "") == "1", "the public pages (catalogue, procedures, news) read the --db-replica too (env MOTCUA_DB_REPLICA_PUBLIC=1)")
	fs.IntVar(&c.DiskMinFreeMB, "disk-min-free-mb", cfg.envInt("MOTCUA_DISK_MIN_FREE_MB", 512), "/readyz answers 503 when the data or backup file system has fewer MB free (warns below twice that); 0: never (env MOTCUA_DISK_MIN_FREE_MB)")
}

func (c *opsConfig) validate() error {
	if c.DiskMinFreeMB < 0 {
		return usageErr("--disk-min-free-mb %d: must not be negative", c.DiskMinFreeMB)
	}
	if c.Replica != "" && !strings.HasPrefix(c.Replica, "postgres://") && !strings.HasPrefix(c.Replica, "postgresql://") {
		return usageErr("--db-replica: want a postgres:// URL")
	}
	if c.PublicReplica && c.Replica == "" {
		return usageErr("--db-replica-public needs --db-replica")
	}
	if c.BackupDir == "" {
		return nil
	}
	switch {
	case c.BackupEvery < time.Minute:
		return usageErr("--backup-every %s: want a minute or more", c.BackupEvery)
	case c.BackupKeep < 1:
		return usageErr("--backup-keep %d: want at least 1", c.BackupKeep)
	case c.BackupWarnAge < 0 || c.BackupFailAge < 0:
		return usageErr("--backup-warn-age and --backup-fail-age must not be negative")
	}
	return nil
}

// opsState hands what startOps starts to what was built before it: the
// web's overview shows the scheduled backups.
type opsState struct {
	sched atomic.Pointer[backup.Scheduler]
	warn  time.Duration
}

// backups is web.Options.Backups: nil when no backups are scheduled.
func (o *opsState) backups() *web.BackupStatus {
	s := o.sched.Load()
	if s == nil {
		return nil
	}
	st := s.Status()
	return &web.BackupStatus{LastSuccess: st.LastSuccess, LastFailure: st.LastFailure, LastError: st.LastError,
		Failures: st.Failures, WarnAge: o.warn}
}

// startOps starts the scheduled backups, if configured, and adds the
// read-only, disk and backup checks to /readyz and their gauges to /metrics.
func startOps(ctx context.Context, wg *sync.WaitGroup, cfg *Config, db *store.DB, files filestore.Store, log *slog.Logger, srv *server.Server, reg *metrics.Registry, ops *opsState) error {
	c := &cfg.Ops
	if c.Replica != "" {
		if err := db.UseReplica(ctx, c.Replica); err != nil {
			return usageErr("--db-replica: %v", err)
		}
		db.ServePublicFromReplica(c.PublicReplica)
	}
	var paths []string
	file, err := db.File(ctx)
	if err != nil {
		return err
	}
	if file != "" {
		paths = append(paths, filepath.Dir(file))
	}
	if c.BackupDir != "" {
		bc := backup.Config{Dir: c.BackupDir, Every: c.BackupEvery, Keep: c.BackupKeep, DSN: cfg.DB, Version: motcuaVersion()}
		bc.Files, _ = files.(*filestore.Disk)
		s, err := backup.New(db, log, bc)
		if err != nil {
			return err
		}
		paths = append(paths, c.BackupDir)
		s.Register(reg)
		warn := c.BackupWarnAge
		if warn == 0 {
			warn = c.BackupEvery * 3 / 2
		}
		ops.warn = warn
		ops.sched.Store(s)
		srv.AddCheck(server.Check{Name: "backup", Run: health.Backup(s, time.Now(), time.Now, warn, c.BackupFailAge)})
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Run(ctx)
		}()
	}
	srv.AddCheck(server.Check{Name: "database", Run: health.ReadOnly(db)})
	if c.DiskMinFreeMB > 0 && len(paths) > 0 {
		srv.AddCheck(server.Check{Name: "disk", Run: health.Disk(paths, uint64(c.DiskMinFreeMB)<<20)})
	}
	health.Register(reg, db, paths)
	return nil
}
