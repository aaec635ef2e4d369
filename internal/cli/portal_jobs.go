package cli

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/store"
)

// startPortalJobs runs, beside the portal's delivery, the portal's own jobs
// (reconciliations, asked for by the sync page's button or the daily
// schedule) on a job runner of their own, and the daily schedule; when
// after is set, once it is closed.
func startPortalJobs(ctx context.Context, wg *sync.WaitGroup, db *store.DB, client *portal.Client, log *slog.Logger, after <-chan struct{}) {
	runner := jobs.New(db, log, jobs.Handlers{portal.KindReconcile: portal.ReconcileHandler(db, client)})
	wg.Add(1)
	go func() {
		defer wg.Done()
		if !waitFor(ctx, after) {
			return
		}
		if err := runner.Run(ctx); err != nil {
			log.Error("portal job runner stopped", "err", err)
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		if !waitFor(ctx, after) {
			return
		}
		dailyReconciliations(ctx, db, log)
	}()
}

// waitFor waits until after is closed (at once when nil); false when ctx
// ended first.
func waitFor(ctx context.Context, after <-chan struct{}) bool {
	if after == nil {
		return true
	}
	select {
	case <-after:
		return true
	case <-ctx.Done():
		return false
	}
}

// dailyReconciliations asks, at start and then every hour, for each unit's
// reconciliation of the day (the job's key makes it once a day, whatever
// the restarts and instances).
func dailyReconciliations(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := portal.ScheduleReconciliations(ctx, db); err != nil && ctx.Err() == nil {
			log.Warn("scheduling the daily portal reconciliation", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
