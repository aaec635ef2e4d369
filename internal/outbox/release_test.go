package outbox_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestReleasedMessagesGetAFreshAge: a dossier's later messages, held back
// for days behind its failed first one, are not failed for age at their
// first error once an officer resends (or an administrator discards) the
// failed one: they could not be sent while it held them back.
func TestReleasedMessagesGetAFreshAge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		for _, release := range []string{"resend", "discard"} {
			tw := newTown(t, e)
			s := &scripted{fail: map[string]bool{}}
			w, err := outbox.New(tw.db, s, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, outbox.Config{Topic: store.TopicPortal,
				MaxAttempts: 10, MaxAge: 24 * time.Hour, BaseDelay: time.Second, MaxDelay: time.Second, Now: tw.clk.Now,
				Jitter: func() float64 { return 0 }})
			if err != nil {
				t.Fatal(err)
			}
			d := tw.intake(t)
			if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose}, tw.hotich); err != nil {
				t.Fatal(err)
			}
			s.fail[d.ID] = true
			w.RunOnce(ctx) // first message: queued again
			tw.clk.Advance(25 * time.Hour)
			w.RunOnce(ctx) // past the age: failed
			ms := tw.messages(t, d.ID)
			if ms[0].State != store.OutboxFailed || ms[1].State != store.OutboxQueued {
				t.Fatalf("%s: before the release: %s, %s", release, ms[0].State, ms[1].State)
			}
			tw.clk.Advance(3 * 24 * time.Hour) // nobody looks for three days
			if release == "resend" {
				err = tw.db.ResendOutbox(ctx, ms[0].ID, tw.reception.ID)
			} else {
				err = tw.db.DiscardOutbox(ctx, ms[0].ID, tw.leader.ID, "Cổng đã có hồ sơ")
			}
			if err != nil {
				t.Fatal(err)
			}
			// The portal answers the resent first message, then is down again
			// for the second: it is retried, not failed.
			if release == "resend" {
				s.mu.Lock()
				s.fail[d.ID] = false
				s.mu.Unlock()
				w.RunOnce(ctx)
				s.mu.Lock()
				s.fail[d.ID] = true
				s.mu.Unlock()
			}
			w.RunOnce(ctx)
			ms = tw.messages(t, d.ID)
			if ms[1].State != store.OutboxQueued || ms[1].Attempts != 1 {
				t.Errorf("%s: the released message after one error: %s after %d attempts, want queued after 1",
					release, ms[1].State, ms[1].Attempts)
			}
		}
	})
}

// slowFirst holds the sends of one key until released, and records the
// others as they succeed.
type slowFirst struct {
	hold    string
	release chan struct{}
	mu      sync.Mutex
	sent    map[string]int
}

func (s *slowFirst) Send(ctx context.Context, m *store.OutboxMessage) error {
	if m.Key == s.hold {
		select {
		case <-s.release:
		case <-ctx.Done():
			return errors.New("stopped")
		}
	}
	s.mu.Lock()
	s.sent[m.Key]++
	s.mu.Unlock()
	return nil
}

// TestRunDoesNotWaitForASlowSend: while one dossier's send hangs, Run keeps
// delivering the others' messages (each exactly once, each dossier's in
// order, settled as they come), and on stop settles what it holds.
func TestRunDoesNotWaitForASlowSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		var ds []*dossier.Dossier
		for range 6 {
			d := tw.intake(t)
			if _, err := tw.db.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose}, tw.hotich); err != nil {
				t.Fatal(err)
			}
			ds = append(ds, d)
		}
		s := &slowFirst{hold: ds[0].ID, release: make(chan struct{}), sent: map[string]int{}}
		w, err := outbox.New(tw.db, s, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, outbox.Config{Topic: store.TopicPortal,
			Batch: 4, Poll: 10 * time.Millisecond, Now: tw.clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		rctx, stop := context.WithCancel(ctx)
		done := make(chan error)
		go func() { done <- w.Run(rctx) }()
		sentAll := func() bool {
			for _, d := range ds[1:] {
				if ms := tw.messages(t, d.ID); ms[0].State != store.OutboxSent || ms[1].State != store.OutboxSent {
					return false
				}
			}
			return true
		}
		for deadline := time.Now().Add(20 * time.Second); !sentAll(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the other dossiers' messages were not all sent while one send hung")
			}
		}
		if ms := tw.messages(t, ds[0].ID); ms[0].State != store.OutboxSending || ms[1].State != store.OutboxQueued {
			t.Errorf("the hung dossier: %s, %s", ms[0].State, ms[1].State)
		}
		stop()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if ms := tw.messages(t, ds[0].ID); ms[0].State != store.OutboxQueued || ms[0].LastError != "interrupted: stopped" {
			t.Errorf("after stop, the hung message: %s %q, want queued again", ms[0].State, ms[0].LastError)
		}
		for _, d := range ds[1:] {
			if s.sent[d.ID] != 2 {
				t.Errorf("%s sent %d times, want 2 (two messages, once each)", d.Code, s.sent[d.ID])
			}
		}
	})
}
