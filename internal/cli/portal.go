package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
)

// portalConfig says how `motcua serve` reaches the national portal. With no
// URL nothing is sent: the messages wait in the outbox (and show as pending).
type portalConfig struct {
	URL         string        // MOTCUA_PORTAL_URL: the adapter's base URL
	Username    string        // MOTCUA_PORTAL_USERNAME
	Password    string        // MOTCUA_PORTAL_PASSWORD
	MappingFile string        // MOTCUA_PORTAL_MAPPING: JSON of portal.Mapping
	MaxAttempts int           // MOTCUA_PORTAL_MAX_ATTEMPTS
	MaxAge      time.Duration // MOTCUA_PORTAL_MAX_AGE
	Timeout     time.Duration // MOTCUA_PORTAL_TIMEOUT
	Lease       time.Duration // MOTCUA_PORTAL_LEASE: how long a claimed message is held; 0: Timeout + 1 minute
	RetryMax    time.Duration // MOTCUA_PORTAL_RETRY_MAX: the longest wait between attempts
	Secret      string        // MOTCUA_PORTAL_INBOUND_SECRET: what the portal's pushes carry
	PullEvery   time.Duration // MOTCUA_PORTAL_PULL_EVERY: how often to ask the portal for new dossiers
	WarnAge     time.Duration // MOTCUA_PORTAL_WARN_AGE: /readyz warns past this backlog age
	FailAge     time.Duration // MOTCUA_PORTAL_FAIL_AGE: /readyz fails past this backlog age

	// live is the mapping file with the administrator's entries over it,
	// shared by the client and the receiver (liveMapping).
	live *portal.LiveMapping
}

// liveMapping returns the mapping the portal's client and receiver use:
// --portal-mapping, with the entries an administrator made on the mapping
// page over it (refreshed by startPortal).
func (c *portalConfig) liveMapping() (*portal.LiveMapping, error) {
	if c.live != nil {
		return c.live, nil
	}
	m, err := c.mapping()
	if err != nil {
		return nil, err
	}
	c.live = portal.NewLiveMapping(m)
	return c.live, nil
}

// bind registers the --portal-* flags; malformed environment values are
// kept in cfg's envErr, like every other number or duration.
func (c *portalConfig) bind(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&c.URL, "portal-url", env("MOTCUA_PORTAL_URL", ""), "national portal adapter `URL`, e.g. http://127.0.0.1:9100 for `motcua fake portal`; empty: send nothing (env MOTCUA_PORTAL_URL)")
	fs.StringVar(&c.Username, "portal-username", env("MOTCUA_PORTAL_USERNAME", ""), "national portal login (env MOTCUA_PORTAL_USERNAME)")
	fs.StringVar(&c.Password, "portal-password", env("MOTCUA_PORTAL_PASSWORD", ""), "national portal password (env MOTCUA_PORTAL_PASSWORD)")
	fs.StringVar(&c.MappingFile, "portal-mapping", env("MOTCUA_PORTAL_MAPPING", ""), "JSON `file` mapping our statuses, procedures and units to the portal's codes (env MOTCUA_PORTAL_MAPPING)")
	fs.IntVar(&c.MaxAttempts, "portal-max-attempts", cfg.envInt("MOTCUA_PORTAL_MAX_ATTEMPTS", 20), "attempts before a portal message is marked failed (env MOTCUA_PORTAL_MAX_ATTEMPTS)")
	fs.DurationVar(&c.MaxAge, "portal-max-age", cfg.envDuration("MOTCUA_PORTAL_MAX_AGE", 48*time.Hour), "age after which an unsent portal message is marked failed (env MOTCUA_PORTAL_MAX_AGE)")
	fs.DurationVar(&c.RetryMax, "portal-retry-max", cfg.envDuration("MOTCUA_PORTAL_RETRY_MAX", 15*time.Minute), "longest wait between two attempts of a portal message (env MOTCUA_PORTAL_RETRY_MAX)")
	fs.StringVar(&c.Secret, "portal-inbound-secret", env("MOTCUA_PORTAL_INBOUND_SECRET", ""), "shared `secret` the portal's pushes to POST /api/v1/portal/inbound carry in X-Portal-Secret; empty: pushes refused (env MOTCUA_PORTAL_INBOUND_SECRET)")
	fs.DurationVar(&c.PullEvery, "portal-pull-every", cfg.envDuration("MOTCUA_PORTAL_PULL_EVERY", 5*time.Minute), "how often to pull the dossiers submitted on the portal (needs --portal-url); 0: never (env MOTCUA_PORTAL_PULL_EVERY)")
	fs.DurationVar(&c.WarnAge, "portal-warn-age", cfg.envDuration("MOTCUA_PORTAL_WARN_AGE", time.Hour), "/readyz warns when the oldest unsent portal message is older; 0: never (env MOTCUA_PORTAL_WARN_AGE)")
	fs.DurationVar(&c.FailAge, "portal-fail-age", cfg.envDuration("MOTCUA_PORTAL_FAIL_AGE", 0), "/readyz answers 503 when the oldest unsent portal message is older; 0: never (env MOTCUA_PORTAL_FAIL_AGE)")
	fs.DurationVar(&c.Lease, "portal-lease", cfg.envDuration("MOTCUA_PORTAL_LEASE", 0), "how long a claimed portal message is held before another worker (or this one after a crash) may send it again; must exceed --portal-timeout; 0: the timeout plus 1 minute (env MOTCUA_PORTAL_LEASE)")
	fs.DurationVar(&c.Timeout, "portal-timeout", cfg.envDuration("MOTCUA_PORTAL_TIMEOUT", 30*time.Second), "time one portal delivery may take (env MOTCUA_PORTAL_TIMEOUT)")
}

// worker returns the portal's outbox worker and its client, or nils when no
// URL is set.
func (c *portalConfig) worker(db *store.DB, log *slog.Logger, reg *metrics.Registry) (*outbox.Worker, *portal.Client, error) {
	if c.URL == "" {
		outbox.Register(reg, db, store.TopicPortal, db.Now)
		return nil, nil, nil
	}
	live, err := c.liveMapping()
	if err != nil {
		return nil, nil, err
	}
	client, err := c.client(live)
	if err != nil {
		return nil, nil, err
	}
	lease := c.Lease
	if lease <= 0 {
		lease = c.Timeout + time.Minute
	}
	w, err := outbox.New(db, client, log, reg, outbox.Config{Topic: store.TopicPortal, MaxAttempts: c.MaxAttempts,
		MaxAge: c.MaxAge, Timeout: c.Timeout, Lease: lease, BaseDelay: min(10*time.Second, c.RetryMax),
		MaxDelay: c.RetryMax, Now: db.Now})
	return w, client, err
}

// client returns a client of the portal's adapter.
func (c *portalConfig) client(live *portal.LiveMapping) (*portal.Client, error) {
	client, err := portal.New(portal.Config{URL: c.URL, Username: c.Username, Password: c.Password, Live: live,
		HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32, IdleConnTimeout: time.Minute}}})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return client, nil
}

// mapping reads --portal-mapping, or returns the default mapping.
func (c *portalConfig) mapping() (portal.Mapping, error) {
	var m portal.Mapping
	if c.MappingFile == "" {
		return m, nil
	}
	b, err := os.ReadFile(c.MappingFile)
	if err != nil {
		return m, usageErr("--portal-mapping: %v", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, usageErr("--portal-mapping %s: %v", c.MappingFile, err)
	}
	return m, nil
}

// receiver returns what takes in the portal's dossiers (pushed and pulled).
func (c *portalConfig) receiver(db *store.DB, log *slog.Logger) (*portal.Receiver, error) {
	live, err := c.liveMapping()
	if err != nil {
		return nil, err
	}
	return &portal.Receiver{DB: db, Live: live, Secret: c.Secret, Log: log}, nil
}

// startPortal starts the portal's delivery beside the server, if configured;
// when after is set, once it is closed (the demo's year is generated).
func startPortal(ctx context.Context, wg *sync.WaitGroup, c *portalConfig, db *store.DB, log *slog.Logger, reg *metrics.Registry, after <-chan struct{}) error {
	live, err := c.liveMapping()
	if err != nil {
		return err
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		refreshMapping(ctx, live, db, log)
	}()
	w, client, err := c.worker(db, log, reg)
	if err != nil || w == nil {
		return err
	}
	if err := startPortalJobs(ctx, wg, c, db, client, log, reg, after); err != nil {
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
		log.Info("sending dossier changes to the national portal", "url", c.URL)
		if err := w.Run(ctx); err != nil {
			log.Error("portal delivery stopped", "err", fmt.Errorf("outbox: %w", err))
		}
	}()
	if c.PullEvery <= 0 {
		return nil
	}
	rc, err := c.receiver(db, log)
	if err != nil {
		return err
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		pullPortal(ctx, rc, client, log, c.PullEvery, after)
	}()
	return nil
}

// pullPortal takes in the dossiers submitted on the portal at once, then
// every interval, until ctx ends. A failed pull is logged and tried at the
// next tick: what the portal holds stays there.
func pullPortal(ctx context.Context, rc *portal.Receiver, client *portal.Client, log *slog.Logger, every time.Duration, after <-chan struct{}) {
	if after != nil {
		select {
		case <-after:
		case <-ctx.Done():
			return
		}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := rc.Pull(ctx, client)
		if err != nil && ctx.Err() == nil {
			log.Warn("pulling the portal's new dossiers", "err", err)
		}
		if n > 0 {
			log.Info("dossiers received from the national portal", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// startFakePortal serves a fake national portal on a loopback port for the
// demo, and points c at it. The caller stops it.
// arrivals, when given, are dossiers citizens submitted on the fake portal,
// for the demo's pull to take in.
func startFakePortal(c *portalConfig, log *slog.Logger, arrivals ...portal.Arrival) (*http.Server, net.Addr, error) {
	const user, pass = "motcua", "motcua-demo"
	fake := portalfake.New(user, pass)
	if err := serveNationalList(fake); err != nil {
		return nil, nil, err
	}
	for _, a := range arrivals {
		if err := fake.Submit(a.MaDonVi, a); err != nil {
			return nil, nil, fmt.Errorf("fake portal: %w", err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, fmt.Errorf("fake portal: %w", err)
	}
	srv := &http.Server{Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("fake portal stopped", "err", err)
		}
	}()
	c.URL, c.Username, c.Password = "http://"+ln.Addr().String(), user, pass
	return srv, ln.Addr(), nil
}
