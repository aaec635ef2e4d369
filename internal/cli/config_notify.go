package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
)

// notifyConfig says how `motcua serve` sends notifications (docs/notify.md).
// The providers' accounts are per unit, in the database
// (`motcua notify account`); these are the process's settings.
type notifyConfig struct {
	Off             bool          // MOTCUA_NOTIFY_OFF: send nothing; the notices wait in the outbox
	Timeout         time.Duration // MOTCUA_NOTIFY_TIMEOUT: one send
	Lease           time.Duration // MOTCUA_NOTIFY_LEASE: how long a claim holds [timeout + 1m]
	ChannelAttempts int           // MOTCUA_NOTIFY_CHANNEL_ATTEMPTS: failures before falling back
	MaxAge          time.Duration // MOTCUA_NOTIFY_MAX_AGE: a notice older than this is given up
	DigestAt        string        // MOTCUA_NOTIFY_DIGEST_AT: HH:MM, when the officers' digest goes
	digestMinute    int
}

func (c *notifyConfig) bind(fs *flag.FlagSet, cfg *Config) {
	off := env("MOTCUA_NOTIFY_OFF", "")
	fs.BoolVar(&c.Off, "notify-off", off == "1" || off == "true", "send no notifications (they wait in the outbox) (env MOTCUA_NOTIFY_OFF)")
	fs.DurationVar(&c.Timeout, "notify-timeout", cfg.envDuration("MOTCUA_NOTIFY_TIMEOUT", 30*time.Second), "time one notification send may take (env MOTCUA_NOTIFY_TIMEOUT)")
	fs.DurationVar(&c.Lease, "notify-lease", cfg.envDuration("MOTCUA_NOTIFY_LEASE", 0), "how long a worker holds a notification it claimed, after which another takes it; 0: --notify-timeout + 1m (env MOTCUA_NOTIFY_LEASE)")
	fs.IntVar(&c.ChannelAttempts, "notify-channel-attempts", cfg.envInt("MOTCUA_NOTIFY_CHANNEL_ATTEMPTS", 3), "failed attempts on one channel before falling back to the next (env MOTCUA_NOTIFY_CHANNEL_ATTEMPTS)")
	fs.DurationVar(&c.MaxAge, "notify-max-age", cfg.envDuration("MOTCUA_NOTIFY_MAX_AGE", 24*time.Hour), "age after which an unsent notification is given up (env MOTCUA_NOTIFY_MAX_AGE)")
	fs.StringVar(&c.DigestAt, "notify-digest-at", env("MOTCUA_NOTIFY_DIGEST_AT", "07:00"), "`HH:MM` (Vietnam time) when officers get their daily digest, on working days; empty: no digest (env MOTCUA_NOTIFY_DIGEST_AT)")
}

func (c *notifyConfig) validate() error {
	if c.Timeout <= 0 || c.MaxAge <= 0 {
		return usageErr("--notify-timeout and --notify-max-age must be positive")
	}
	if c.Lease == 0 {
		c.Lease = c.Timeout + time.Minute
	}
	if c.Lease <= c.Timeout {
		return usageErr("--notify-lease %s: must be longer than --notify-timeout %s", c.Lease, c.Timeout)
	}
	if c.ChannelAttempts < 1 {
		return usageErr("--notify-channel-attempts %d: want at least 1", c.ChannelAttempts)
	}
	c.digestMinute = -1
	if c.DigestAt == "" {
		return nil
	}
	h, m, ok := strings.Cut(c.DigestAt, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return usageErr("--notify-digest-at (MOTCUA_NOTIFY_DIGEST_AT) %q: want HH:MM, e.g. 07:00", c.DigestAt)
	}
	c.digestMinute = hh*60 + mm
	return nil
}

// reports takes the providers' delivery reports (nil when off: 404).
func (c *notifyConfig) reports(db *store.DB, log *slog.Logger) *notify.Reports {
	if c.Off {
		return nil
	}
	return &notify.Reports{DB: db, Log: log}
}

// startNotify starts the notifications' delivery and the daily digest
// beside the server; when after is set, once it is closed.
func startNotify(ctx context.Context, wg *sync.WaitGroup, c *notifyConfig, db *store.DB, log *slog.Logger, reg *metrics.Registry, after <-chan struct{}) error {
	if c.Off {
		outbox.Register(reg, db, store.TopicNotify, db.Now)
		return nil
	}
	d := &notify.Dispatcher{DB: db, Log: log, ChannelAttempts: c.ChannelAttempts,
		HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32, IdleConnTimeout: time.Minute}}}
	w, err := outbox.New(db, d, log, reg, outbox.Config{Topic: store.TopicNotify, MaxAttempts: 1000, MaxAge: c.MaxAge,
		Timeout: c.Timeout, Lease: c.Lease, BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Minute, Now: db.Now})
	if err != nil {
		return err
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if after != nil {
			select {
			case <-after:
			case <-ctx.Done():
				return
			}
		}
		log.Info("sending notifications")
		wg.Add(1)
		go func() {
			defer wg.Done()
			digests(ctx, db, log, c.digestMinute)
		}()
		if err := w.Run(ctx); err != nil {
			log.Error("notifications stopped", "err", fmt.Errorf("outbox: %w", err))
		}
	}()
	return nil
}

// digests queues each unit's officers' digest once a working day, from
// minute (after midnight, Vietnam time) on; -1: never.
func digests(ctx context.Context, db *store.DB, log *slog.Logger, minute int) {
	if minute < 0 {
		return
	}
	for {
		now := db.Now().In(store.Zone)
		if now.Hour()*60+now.Minute() >= minute {
			units, err := db.Units(ctx)
			if err != nil && ctx.Err() == nil {
				log.Error("digest: units", "err", err)
			}
			for _, u := range units {
				if n, err := db.QueueDigests(ctx, u.ID, now); err != nil && ctx.Err() == nil {
					log.Error("digest", "unit", u.Code, "err", err)
				} else if n > 0 {
					log.Info("digests queued", "unit", u.Code, "officers", n)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}
