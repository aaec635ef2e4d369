package cli

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/store"
)

// startPortalJobs runs, beside the portal's delivery, the portal's own jobs
// (reconciliations, asked for by the sync page's button or the daily
// schedule) on a job runner of their own, and the daily schedule; when
// after is set, once it is closed.
func startPortalJobs(ctx context.Context, wg *sync.WaitGroup, c *portalConfig, db *store.DB, client *portal.Client, log *slog.Logger,
	reg *metrics.Registry, after <-chan struct{}) error {
	lease := c.Lease
	if lease <= 0 {
		lease = c.Timeout + time.Minute
	}
	ratings, err := outbox.New(db, portal.RatingsSender{Client: client}, log, reg, outbox.Config{Topic: store.TopicPortalRatings,
		Batch: 4, MaxAttempts: c.MaxAttempts, MaxAge: c.MaxAge, Timeout: c.Timeout, Lease: lease,
		BaseDelay: min(10*time.Second, c.RetryMax), MaxDelay: c.RetryMax, Poll: 10 * time.Second, Now: db.Now})
	if err != nil {
		return err
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if waitFor(ctx, after) {
			ratings.Run(ctx)
		}
	}()
	runner := jobs.New(db, log, jobs.Handlers{portal.KindReconcile: portal.ReconcileHandler(db, client),
		portal.KindFetchProcedures: portal.FetchProceduresHandler(db, client)})
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
		hourly(ctx, db, log)
	}()
	return nil
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

// hourly asks, at start and then every hour, for each unit's reconciliation
// of the day (the job's key makes it once a day, whatever the restarts and
// instances; not while more than 100 portal messages wait) and queues last month's ratings aggregate (once, and again
// when a late rating changed it).
func hourly(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := portal.ScheduleReconciliations(ctx, db, 100); err != nil && ctx.Err() == nil {
			log.Warn("scheduling the daily portal reconciliation", "err", err)
		}
		if err := portal.QueueMonthlyRatings(ctx, db); err != nil && ctx.Err() == nil {
			log.Warn("queueing the monthly ratings for the portal", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// refreshMapping reads the administrator's mapping entries at start and
// every 30 seconds, so an edit on the mapping page takes effect within 30
// seconds without a restart.
func refreshMapping(ctx context.Context, live *portal.LiveMapping, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		if err := live.Refresh(ctx, db); err != nil && ctx.Err() == nil {
			log.Warn("reading the portal mapping", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
