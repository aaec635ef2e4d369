package web

import "time"

// BackupStatus is what the administrators' overview says of the scheduled
// backups (Options.Backups; internal/backup takes them).
type BackupStatus struct {
	LastSuccess time.Time // the newest complete backup (zero: none yet)
	LastFailure time.Time // the last failed attempt (zero: none since start)
	LastError   string    // why it failed
	Failures    int64     // failed attempts since start
	WarnAge     time.Duration
}

// Failing reports whether the last attempt failed after the last success.
func (b *BackupStatus) Failing() bool {
	return !b.LastFailure.IsZero() && b.LastFailure.After(b.LastSuccess)
}

// Stale reports whether the newest backup is older than the warning age.
func (b *BackupStatus) Stale(now time.Time) bool {
	return b.WarnAge > 0 && !b.LastSuccess.IsZero() && now.Sub(b.LastSuccess) > b.WarnAge
}

// backupStatus returns the scheduled backups' state for the overview, or
// nil when this motcua takes none.
func (s *Server) backupStatus() *BackupStatus {
	if s.opt.Backups == nil {
		return nil
	}
	return s.opt.Backups()
}
