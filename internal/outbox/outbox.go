// Package outbox delivers the messages motcua owes outside systems. The store
// writes each message in the transaction of the change it reports (so a
// message exists if and only if its change committed); a Worker per topic
// claims due messages, hands each to the topic's Sender, and records the
// outcome: sent, retried later with exponential backoff and jitter, or failed
// after the configured attempts or age, when it waits for an officer to
// resend it or an administrator to discard it.
//
// Delivery is at least once: a worker that dies mid-send leaves the message
// to be claimed again when its lease expires. Senders make a repeat harmless
// (the portal looks the dossier up before creating it).
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/store"
)

// Sender delivers one message to an outside system. It returns nil once the
// system has it; an error wrapped by Permanent when retrying cannot help
// (the message fails at once); any other error to retry later.
type Sender interface {
	Send(ctx context.Context, m *store.OutboxMessage) error
}

// permanent marks an error that retrying cannot cure.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as one that retrying cannot cure (an unmapped
// procedure, a refusal by the partner's rules).
func Permanent(err error) error { return permanent{err} }

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool { var p permanent; return errors.As(err, &p) }

// Config tunes a Worker. Zero fields take the defaults in brackets.
type Config struct {
	Topic       string
	Batch       int           // messages claimed at once, sent in parallel [32]
	Lease       time.Duration // how long a claim holds; longer than Timeout [2m]
	Timeout     time.Duration // one send [30s]
	Poll        time.Duration // wait when nothing is due [1s]
	MaxAttempts int           // then failed [20]
	// MaxAge: then failed [48h], counted from when the message was queued or,
	// if later, from when this worker started: a message written long before
	// any worker could send it (the demo's year, generated on a simulated
	// clock; a backlog from before the portal was configured) gets the whole
	// age limit from the moment a worker first sees it, not none at all.
	MaxAge    time.Duration
	BaseDelay time.Duration // first retry, doubled each time [10s]
	MaxDelay  time.Duration // longest wait between retries [15m]
	// Now is the clock the age limit reads; it should be the store's. [time.Now]
	Now func() time.Time
	// Jitter returns a number in [0, 1); [math/rand/v2.Float64]
	Jitter func() float64
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Batch <= 0 {
		c.Batch = 32
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 20
	}
	def(&c.Timeout, 30*time.Second)
	def(&c.Lease, 2*time.Minute)
	def(&c.Poll, time.Second)
	def(&c.MaxAge, 48*time.Hour)
	def(&c.BaseDelay, 10*time.Second)
	def(&c.MaxDelay, 15*time.Minute)
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Jitter == nil {
		c.Jitter = rand.Float64
	}
}

// Worker delivers one topic's messages.
type Worker struct {
	db   *store.DB
	send Sender
	log  *slog.Logger
	cfg  Config
	reg  *metrics.Registry
	// started is when the worker began, on cfg.Now: the age limit counts
	// from here for messages queued earlier.
	started time.Time
}

// New returns a worker for cfg.Topic; reg may be nil.
func New(db *store.DB, send Sender, log *slog.Logger, reg *metrics.Registry, cfg Config) (*Worker, error) {
	if cfg.Topic == "" {
		return nil, fmt.Errorf("outbox worker: a topic is required")
	}
	cfg.defaults()
	if cfg.Lease <= cfg.Timeout {
		return nil, fmt.Errorf("outbox worker %s: the lease (%s) must be longer than the send timeout (%s)", cfg.Topic, cfg.Lease, cfg.Timeout)
	}
	w := &Worker{db: db, send: send, log: log, cfg: cfg, reg: reg, started: cfg.Now()}
	if reg != nil {
		Register(reg, db, cfg.Topic, cfg.Now)
	}
	return w, nil
}

// Run delivers until ctx ends, then returns nil once the messages in hand are
// settled. Errors of the database are logged and retried after Poll.
//
// It keeps up to Batch messages in flight: it claims as many as there is
// room for, sends each on its own goroutine, and records outcomes as they
// come, all those waiting in one transaction (group commit), so one slow
// send holds up neither the others nor the next claim.
func (w *Worker) Run(ctx context.Context) error {
	results := make(chan store.OutboxOutcome, w.cfg.Batch)
	wake := make(chan struct{}, 1) // a settle happened
	stop := make(chan struct{})
	var inflight atomic.Int64
	var settler sync.WaitGroup
	settler.Add(1)
	go func() {
		defer settler.Done()
		w.settleLoop(ctx, results, &inflight, wake, stop)
	}()
	defer func() {
		for inflight.Load() > 0 {
			<-wake
		}
		close(stop)
		settler.Wait()
	}()
	batch := int64(w.cfg.Batch)
	for {
		// Claim when at least half the room is free (or nothing is in
		// flight): a claim per freed slot would cost a transaction each.
		full := false
		if n := inflight.Load(); ctx.Err() == nil && (n == 0 || batch-n >= (batch+1)/2) {
			free := int(batch - n)
			ms, err := w.db.ClaimOutbox(ctx, w.cfg.Topic, free, w.cfg.Lease)
			if err != nil && ctx.Err() == nil {
				w.log.Error("outbox delivery", "topic", w.cfg.Topic, "err", err)
			}
			inflight.Add(int64(len(ms)))
			for _, m := range ms {
				go func() { results <- w.attempt(ctx, m) }()
			}
			full = len(ms) == free
		}
		if ctx.Err() != nil {
			return nil
		}
		if full && inflight.Load() < batch {
			continue
		}
		// Wait for room (a settle) or for messages to fall due (Poll).
		select {
		case <-ctx.Done():
		case <-wake:
		case <-time.After(w.cfg.Poll):
		}
	}
}

// settleLoop records outcomes as they arrive, each time all those waiting
// in one transaction, then lowers inflight and wakes the claimer.
func (w *Worker) settleLoop(ctx context.Context, results <-chan store.OutboxOutcome, inflight *atomic.Int64, wake chan<- struct{}, stop <-chan struct{}) {
	for {
		var batch []store.OutboxOutcome
		select {
		case o := <-results:
			batch = append(batch, o)
		case <-stop:
			return
		}
	more:
		for len(batch) < 4*w.cfg.Batch {
			select {
			case o := <-results:
				batch = append(batch, o)
			default:
				break more
			}
		}
		if err := w.settle(ctx, batch); err != nil {
			// Those messages stay sending until their lease ends, then are
			// claimed again.
			w.log.Error("outbox delivery", "topic", w.cfg.Topic, "err", err)
		}
		inflight.Add(-int64(len(batch)))
		select {
		case wake <- struct{}{}:
		default:
		}
	}
}

// RunOnce claims one batch of due messages, sends them in parallel and
// records the outcomes in one transaction. It returns how many it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	ms, err := w.db.ClaimOutbox(ctx, w.cfg.Topic, w.cfg.Batch, w.cfg.Lease)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	outs := make([]store.OutboxOutcome, len(ms))
	for i, m := range ms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i] = w.attempt(ctx, m)
		}()
	}
	wg.Wait()
	return len(ms), w.settle(ctx, outs)
}

// attempt sends one claimed message and says what became of it.
func (w *Worker) attempt(ctx context.Context, m *store.OutboxMessage) store.OutboxOutcome {
	sctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	err := w.send.Send(sctx, m)
	cancel()
	if err == nil {
		return store.OutboxOutcome{Message: m, State: store.OutboxSent}
	}
	if ctx.Err() != nil {
		// Stopping: put it back at once, not counted as the partner's fault.
		return store.OutboxOutcome{Message: m, State: store.OutboxQueued, Error: "interrupted: " + err.Error()}
	}
	age := w.cfg.Now().Sub(later(m.QueuedAt, w.started))
	if IsPermanent(err) || m.Attempts >= w.cfg.MaxAttempts || age >= w.cfg.MaxAge {
		return store.OutboxOutcome{Message: m, State: store.OutboxFailed, Error: err.Error()}
	}
	return store.OutboxOutcome{Message: m, State: store.OutboxQueued, Delay: w.Backoff(m.Attempts), Error: err.Error()}
}

// settle records outcomes, even when ctx ended during the sends (with a
// short context of its own), so a stopping worker leaves nothing claimed
// that it could settle.
func (w *Worker) settle(ctx context.Context, outs []store.OutboxOutcome) error {
	if len(outs) == 0 {
		return nil
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	lost, err := w.db.SettleOutbox(rctx, outs)
	if err != nil {
		return fmt.Errorf("record outcome of %d %s messages: %w", len(outs), w.cfg.Topic, err)
	}
	gone := make(map[string]bool, len(lost))
	for _, id := range lost {
		gone[id] = true
	}
	for _, o := range outs {
		m := o.Message
		if gone[m.ID] {
			w.log.Warn("outbox outcome not recorded: the claim was taken over", "topic", m.Topic, "id", m.ID)
			continue
		}
		switch o.State {
		case store.OutboxSent:
			w.count("outbox_sent_total")
		case store.OutboxFailed:
			w.count("outbox_failed_total")
			w.log.Warn("outbox message failed", "topic", m.Topic, "id", m.ID, "key", m.Key, "seq", m.Seq,
				"attempts", m.Attempts, "err", o.Error)
		case store.OutboxQueued:
			if !strings.HasPrefix(o.Error, "interrupted: ") {
				w.count("outbox_retries_total")
			}
		}
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (w *Worker) count(name string) {
	if w.reg != nil {
		w.reg.Add(name, metrics.Labels("topic", w.cfg.Topic), 1)
	}
}

// Backoff is the wait before the attempt after the given one: BaseDelay
// doubled per attempt up to MaxDelay, with jitter (a uniform draw in
// [d/2, d), "equal jitter") so that messages that failed together do not retry together.
func (w *Worker) Backoff(attempts int) time.Duration {
	d := w.cfg.BaseDelay
	for i := 1; i < attempts && d < w.cfg.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, w.cfg.MaxDelay)
	return d/2 + time.Duration(w.cfg.Jitter()*float64(d/2))
}

// Register adds the topic's gauges to reg: the backlog (queued and sending),
// the failed messages, and the age in seconds of the oldest unsent one. They
// read the database at each scrape.
func Register(reg *metrics.Registry, db *store.DB, topic string, now func() time.Time) {
	read := func() store.OutboxStats {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		st, err := db.OutboxBacklog(ctx, topic)
		if err != nil {
			return store.OutboxStats{}
		}
		return st
	}
	reg.Gauge("outbox_backlog_"+topic, "Messages for "+topic+" waiting to be sent (queued or sending).",
		func() float64 { return float64(read().Pending) })
	reg.Gauge("outbox_failed_"+topic, "Messages for "+topic+" that failed and wait for an officer.",
		func() float64 { return float64(read().Failed) })
	reg.Gauge("outbox_oldest_pending_seconds_"+topic, "Age of the oldest unsent message for "+topic+".",
		func() float64 {
			st := read()
			if st.OldestQueued.IsZero() {
				return 0
			}
			return now().Sub(st.OldestQueued).Seconds()
		})
}
