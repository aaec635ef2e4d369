package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	cfg.bindServer(fs)
	cfg.Portal.bind(fs, &cfg)
	cfg.Identity.bind(fs, &cfg)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua serve [flags]\n\nServes the web UI, the JSON API (/api/v1) and the background workers until SIGINT or SIGTERM.\nThe database is migrated at start.\n\nFlags:")
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	if err := cfg.validate(true); err != nil {
		return err
	}
	log := cfg.logger(stderr)
	db, err := openStore(ctx, &cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	return serve(ctx, &cfg, db, log, func(a net.Addr) {
		log.Info("motcua is serving", "url", cfg.publicURL(a.String()), "db", db.Dialect())
	})
}

// openStore opens and migrates the configured database.
func openStore(ctx context.Context, cfg *Config, log *slog.Logger) (*store.DB, error) {
	return openStoreWith(ctx, cfg, store.Options{Logger: log})
}

// openStoreWith opens and migrates the configured database with options (a
// simulated clock for the demo's history).
func openStoreWith(ctx context.Context, cfg *Config, opt store.Options) (*store.DB, error) {
	log := opt.Logger
	opt.DossierCodes = cfg.Units.coding
	db, err := store.Open(ctx, cfg.DB, opt)
	if err != nil {
		return nil, err
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("database migrated", "versions_applied", n)
	}
	return db, nil
}

// serve runs the HTTP server and the workers until ctx ends.
func serve(ctx context.Context, cfg *Config, db *store.DB, log *slog.Logger, ready func(net.Addr)) error {
	return serveWith(ctx, cfg, db, log, ready, serveOptions{})
}

// serveOptions are what the demo adds to serve while its year fills.
type serveOptions struct {
	notice    func() (key string, args []any) // a banner on every page (web.Options.Notice)
	jobsAfter <-chan struct{}                 // when set, the job runner and the portal's delivery start once it is closed
}

func serveWith(ctx context.Context, cfg *Config, db *store.DB, log *slog.Logger, ready func(net.Addr), o serveOptions) error {
	if err := db.SetFeedbackLimit(calendar.Days(cfg.FeedbackDays)); err != nil {
		return err
	}
	reg := metrics.New()
	var bound string
	files, err := cfg.Files.runtime(ctx, db, cfg.Data)
	if err != nil {
		return err
	}
	db.UseFileStore(files.files) // uploads go where digitised papers go
	ops := &opsState{}           // config_ops.go
	pay := cfg.Payment.service(db, log, func() string { return cfg.publicURL(bound) })
	mapping, err := cfg.Portal.mapping()
	if err != nil {
		return err
	}
	w, err := web.New(db, log, web.Options{
		Files: files.files, Verify: files.verify, Signing: files.signer != nil,
		Backups:       ops.backups,
		BaseURL:       func() string { return cfg.publicURL(bound) },
		MaxUpload:     int64(cfg.UploadMB) << 20,
		SecureCookie:  strings.HasPrefix(strings.ToLower(cfg.BaseURL), "https://"),
		Notice:        o.notice,
		EID:           cfg.Identity.web(func() string { return cfg.publicURL(bound) }),
		Payments:      pay,
		PortalMapping: mapping,
	})
	if err != nil {
		return err
	}
	inbound, err := cfg.Portal.receiver(db, log)
	if err != nil {
		return err
	}
	srv := server.New(db, log, reg, w, api.New(db, log, api.Options{BaseURL: func() string { return cfg.publicURL(bound) },
		PortalInbound: inbound, NotifyReports: cfg.Notify.reports(db, log),
		Payments: pay, Files: files.files, MaxUpload: int64(cfg.UploadMB) << 20}))
	srv.TrustProxies(cfg.proxies)
	srv.PublicURL(cfg.BaseURL) // HSTS when the configured public URL is https
	srv.WatchPortal(server.PortalHealth{Warn: cfg.Portal.WarnAge, Fail: cfg.Portal.FailAge})

	// The background workers run beside the server: on SIGTERM both stop
	// taking work, the server finishes its requests and the runner its job in
	// hand, and serve returns when both have.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runner := jobs.New(db, log, jobs.DefaultHandlers(db))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if o.jobsAfter != nil {
			select {
			case <-o.jobsAfter:
			case <-ctx.Done():
				return
			}
		}
		if err := runner.Run(ctx); err != nil {
			log.Error("job runner stopped", "err", err)
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		auditCheckpoints(ctx, db, log, time.Hour)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		pendingChecks(ctx, db, log, 24*time.Hour)
	}()
	if err := startOps(ctx, &wg, cfg, db, files.files, log, srv, reg, ops); err != nil {
		cancel()
		wg.Wait()
		return err
	}
	if err := startPprof(ctx, &wg, &cfg.Pprof, log); err != nil {
		cancel()
		wg.Wait()
		return err
	}
	startFiles(ctx, &wg, files, cfg.Files.Title, db, log, func() string { return cfg.publicURL(bound) })
	startPayments(ctx, &wg, &cfg.Payment, pay, log, o.jobsAfter)
	if err := startNotify(ctx, &wg, &cfg.Notify, db, log, reg, o.jobsAfter); err != nil {
		cancel()
		wg.Wait()
		return err
	}
	if err := startPortal(ctx, &wg, &cfg.Portal, db, log, reg, o.jobsAfter); err != nil {
		cancel()
		wg.Wait()
		return err
	}
	err = srv.Serve(ctx, cfg.Addr, cfg.Grace, func(a net.Addr) {
		bound = a.String()
		if ready != nil {
			ready(a)
		}
	})
	cancel()
	wg.Wait()
	return err
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua migrate [flags]\n\nBrings the database to the current schema (forward-only, idempotent).\n\nFlags:")
		fs.PrintDefaults()
	}
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB, store.Options{Logger: cfg.logger(stderr)})
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s); schema version %d\n", n, v)
	return nil
}
