package outbox_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestAgeCountsFromWorkerStart: a message queued long before any worker
// started (the demo's simulated year, a backlog from before the portal was
// configured) does not fail for age at its first error: its age counts from
// when the worker started; once the limit passes after that, it fails.
func TestAgeCountsFromWorkerStart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		d := tw.intake(t)
		tw.clk.Advance(30 * 24 * time.Hour) // queued a month before the worker
		w, _ := outbox.New(tw.db, &scripted{fail: map[string]bool{d.ID: true}}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
			outbox.Config{Topic: store.TopicPortal, MaxAttempts: 100, MaxAge: time.Hour, BaseDelay: time.Minute, Now: tw.clk.Now})
		w.RunOnce(context.Background())
		if m := tw.messages(t, d.ID)[0]; m.State != store.OutboxQueued {
			t.Fatalf("a month-old message failed at its first error: %s", m.State)
		}
		tw.clk.Advance(time.Hour)
		w.RunOnce(context.Background())
		if m := tw.messages(t, d.ID)[0]; m.State != store.OutboxFailed {
			t.Errorf("an hour after the worker started: %s, want failed", m.State)
		}
	})
}
