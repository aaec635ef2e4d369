// Package health holds the readiness checks of a running motcua beyond "the
// database answers": a database that refuses writes, a file system nearly
// full, a scheduled backup that is too old. Each check says why in words an
// operator acts on, and each has a gauge for /metrics.
package health

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/backup"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/store"
)

// ErrUnsupported is DiskFree's error where free space is not measured.
var ErrUnsupported = errors.New("free space is only measured on Linux")

// ReadOnly fails when the database would refuse writes (a standby, a
// read-only mount): the desk cannot take dossiers there.
func ReadOnly(db *store.DB) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		ro, why, err := db.ReadOnly(ctx)
		if err != nil {
			return "", err
		}
		if ro {
			return "", fmt.Errorf("the database refuses writes: %s", why)
		}
		return "", nil
	}
}

// Disk fails when a file system holding one of paths has less than minFree
// bytes available, and warns below twice that.
func Disk(paths []string, minFree uint64) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		var warn string
		for _, p := range paths {
			free, err := DiskFree(p)
			if errors.Is(err, ErrUnsupported) {
				return "", nil
			}
			if err != nil {
				return "", fmt.Errorf("free space of %s: %w", p, err)
			}
			switch {
			case free < minFree:
				return "", fmt.Errorf("%s has %s free, less than the %s required", p, Bytes(free), Bytes(minFree))
			case free < 2*minFree && warn == "":
				warn = fmt.Sprintf("%s has %s free, near the %s required", p, Bytes(free), Bytes(minFree))
			}
		}
		return warn, nil
	}
}

// Backup warns when the newest scheduled backup is older than warn (or
// there is none and the scheduler has run for that long), and fails past
// fail when fail > 0. The last failure's reason is in the message.
func Backup(s *backup.Scheduler, started time.Time, now func() time.Time, warn, fail time.Duration) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		st := s.Status()
		since := st.LastSuccess
		what := "the newest backup is %s old"
		if since.IsZero() {
			since, what = started, "no backup has succeeded in %s"
		}
		age := now().Sub(since).Round(time.Second)
		msg := fmt.Sprintf(what, age)
		if st.LastError != "" && st.LastFailure.After(st.LastSuccess) {
			msg += "; the last attempt failed: " + st.LastError
		}
		switch {
		case fail > 0 && age > fail:
			return "", fmt.Errorf("%s (limit %s)", msg, fail)
		case warn > 0 && age > warn:
			return fmt.Sprintf("%s (threshold %s)", msg, warn), nil
		}
		return "", nil
	}
}

// Register adds the gauges of the read-only and disk checks to reg.
func Register(reg *metrics.Registry, db *store.DB, paths []string) {
	reg.Gauge("motcua_db_read_only", "1 when the database would refuse writes (standby, read-only mount), else 0; -1 when unknown.", func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		ro, _, err := db.ReadOnly(ctx)
		switch {
		case err != nil:
			return -1
		case ro:
			return 1
		}
		return 0
	})
	reg.Gauge("motcua_disk_free_bytes", "Bytes available on the fullest file system motcua writes to (data, backups).", func() float64 {
		var least float64 = -1
		for _, p := range paths {
			if free, err := DiskFree(p); err == nil && (least < 0 || float64(free) < least) {
				least = float64(free)
			}
		}
		return least
	})
}

// Bytes writes n in binary units: 512 MiB, 3.2 GiB.
func Bytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
