// Package jobs runs motcua's background jobs: the rows of the jobs table that
// a change enqueued in its own transaction (a letter when a dossier is
// resolved; later notifications and the portal sync).
//
// A Runner polls the store, claims one due job at a time under a lease (so
// several motcua instances can run side by side, and a job whose worker died
// is picked up again when the lease expires), runs the handler registered
// for the job's kind, and records the outcome: done; queued again after an
// exponential backoff; or failed, with the last error, after MaxAttempts.
// Handlers must be idempotent: a job may run more than once (a lease that
// expired mid-run, a crash between the work and its record).
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
)

// Handler does one job. It returns nil when the job is done, an error to
// have it retried later, or an error wrapped by Permanent when retrying
// cannot help.
type Handler func(ctx context.Context, job *store.Job) error

// Handlers maps job kinds to their handlers.
type Handlers map[string]Handler

// DefaultHandlers returns the handlers of every job kind motcua enqueues.
func DefaultHandlers(db *store.DB) Handlers {
	return Handlers{KindLetter: LetterHandler(db)}
}

// permanent marks an error that retrying will not cure.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps err so that the runner fails the job at once instead of
// retrying it. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err was marked by Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// Runner claims and runs jobs. Set its fields before Run; zero values take
// the defaults documented on each.
type Runner struct {
	db       *store.DB
	log      *slog.Logger
	handlers Handlers

	// Poll is how long Run waits when no job is due. Default 2s.
	Poll time.Duration
	// Lease is how long a claim lasts, and so the longest a handler may run
	// (its context ends then). Default 5m.
	Lease time.Duration
	// MaxAttempts is how many times a job is tried before it fails. Default 8.
	MaxAttempts int
	// Backoff is the delay before the first retry; each later retry waits
	// twice as long as the one before, up to MaxBackoff. Defaults 30s and 6h.
	Backoff, MaxBackoff time.Duration
}

// New returns a runner for the given handlers; log receives one line per
// failed attempt (nil: slog.Default()).
func New(db *store.DB, log *slog.Logger, handlers Handlers) *Runner {
	if log == nil {
		log = slog.Default()
	}
	return &Runner{db: db, log: log, handlers: handlers}
}

func (r *Runner) poll() time.Duration     { return orDefault(r.Poll, 2*time.Second) }
func (r *Runner) lease() time.Duration    { return orDefault(r.Lease, 5*time.Minute) }
func (r *Runner) backoff() time.Duration  { return orDefault(r.Backoff, 30*time.Second) }
func (r *Runner) maxDelay() time.Duration { return orDefault(r.MaxBackoff, 6*time.Hour) }
func (r *Runner) maxAttempts() int {
	if r.MaxAttempts > 0 {
		return r.MaxAttempts
	}
	return 8
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Delay returns the wait before retrying a job that has failed attempts
// times: Backoff, doubled for each attempt after the first, at most
// MaxBackoff.
func (r *Runner) Delay(attempts int) time.Duration {
	d := r.backoff()
	for i := 1; i < attempts && d < r.maxDelay(); i++ {
		d *= 2
	}
	return min(d, r.maxDelay())
}

// kinds lists the kinds this runner has handlers for, sorted.
func (r *Runner) kinds() []string {
	ks := make([]string, 0, len(r.handlers))
	for k := range r.handlers {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Run runs due jobs until ctx ends, waiting Poll between empty polls. When
// ctx ends it lets the job in hand finish (under its lease), starts no
// other, and returns nil. A store failure is logged and retried at the next
// poll, so a database restart does not stop the runner.
func (r *Runner) Run(ctx context.Context) error {
	r.log.InfoContext(ctx, "job runner started", "kinds", r.kinds())
	for {
		n, err := r.RunDue(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.ErrorContext(ctx, "job runner: claiming jobs", "err", err)
		}
		if ctx.Err() != nil {
			r.log.InfoContext(context.WithoutCancel(ctx), "job runner stopped")
			return nil
		}
		if n > 0 && err == nil {
			continue // there may be more due
		}
		t := time.NewTimer(r.poll())
		select {
		case <-ctx.Done():
			t.Stop()
			r.log.InfoContext(context.WithoutCancel(ctx), "job runner stopped")
			return nil
		case <-t.C:
		}
	}
}

// RunDue claims and runs due jobs, one at a time, until none is due or ctx
// ends, and returns how many it ran (whatever their outcome). The job in
// hand when ctx ends is finished and recorded. Errors are the store's:
// claiming or recording an outcome failed.
func (r *Runner) RunDue(ctx context.Context) (int, error) {
	kinds := r.kinds()
	ran := 0
	if _, err := r.db.FailAbandonedJobs(ctx, kinds, r.maxAttempts()); err != nil {
		return ran, err
	}
	for ctx.Err() == nil {
		js, err := r.db.ClaimJobs(ctx, kinds, 1, r.lease())
		if err != nil {
			return ran, err
		}
		if len(js) == 0 {
			return ran, nil
		}
		// The job in hand drains: it keeps running (and is recorded) after
		// ctx ends, bounded by its lease.
		jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.lease())
		err = r.runOne(jctx, js[0])
		cancel()
		ran++
		if apperr.KindOf(err) == apperr.Conflict {
			// The lease ran out and another worker holds the job now: its outcome counts.
			r.log.WarnContext(ctx, "job outcome not recorded", "kind", js[0].Kind, "key", js[0].Key, "err", err)
			continue
		}
		if err != nil {
			return ran, err
		}
	}
	return ran, nil
}

// runOne runs a claimed job and records the outcome.
func (r *Runner) runOne(ctx context.Context, j *store.Job) error {
	h := r.handlers[j.Kind]
	herr := safeRun(ctx, h, j)
	switch {
	case herr == nil:
		return r.db.CompleteJob(ctx, j)
	case IsPermanent(herr) || j.Attempts >= r.maxAttempts():
		r.log.ErrorContext(ctx, "job failed", "kind", j.Kind, "key", j.Key, "attempts", j.Attempts, "err", herr)
		return r.db.FailJob(ctx, j, herr.Error())
	default:
		delay := r.Delay(j.Attempts)
		r.log.WarnContext(ctx, "job attempt failed, will retry", "kind", j.Kind, "key", j.Key,
			"attempts", j.Attempts, "retry_in", delay, "err", herr)
		return r.db.RetryJob(ctx, j, delay, herr.Error())
	}
}

// safeRun calls h, turning a panic into an error so that one bad job does
// not stop the runner.
func safeRun(ctx context.Context, h Handler, j *store.Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job %s panicked: %v", j.Key, p)
		}
	}()
	return h(ctx, j)
}
