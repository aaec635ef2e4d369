package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/feedback"
)

// Config is everything a running motcua is told from outside. It is read
// from flags, whose defaults come from environment variables, and validated
// before anything starts.
type Config struct {
	DB        string        // MOTCUA_DB: sqlite:PATH or postgres://...; default sqlite:<data>/motcua.db
	Data      string        // MOTCUA_DATA: the directory of an embedded deployment (database, files)
	Addr      string        // MOTCUA_ADDR: host:port to listen on
	BaseURL   string        // MOTCUA_BASE_URL: the public URL, printed in QR codes and links
	LogLevel  string        // MOTCUA_LOG_LEVEL: debug, info, warn, error
	LogFormat string        // MOTCUA_LOG_FORMAT: text or json
	UploadMB  int           // MOTCUA_MAX_UPLOAD_MB: largest accepted upload
	Grace     time.Duration // MOTCUA_SHUTDOWN_GRACE: time in-flight requests get on SIGTERM
	// FeedbackDays (MOTCUA_FEEDBACK_DAYS) is the time to answer citizens'
	// feedback and petitions, in working days.
	FeedbackDays int
	// MOTCUA_TRUSTED_PROXIES: reverse proxies (CIDRs or addresses) whose
	// X-Forwarded-For gives the client's address.
	TrustedProxies string
	proxies        []netip.Prefix
	envErr         error          // malformed environment values, reported by validate
	Portal         portalConfig   // --portal-*: the national portal (portal.go)
	Ops            opsConfig      // --backup-*, --disk-*: scheduled backups, /readyz (config_ops.go)
	Identity       identityConfig // --eid-*: citizens' sign-in with the national e-ID (config_identity.go)
	Files          filesConfig    // --file-store, --sign-*: digitised papers, signed results (config_files.go)
	Notify         notifyConfig   // --notify-*: notifications (config_notify.go)
	Payment        paymentConfig  // --vnpay-*, --paygov-*, --payment-*: online payment (config_payment.go)
	Units          unitsConfig    // --dossier-coding: units in time (config_units.go)
	Pprof          pprofConfig    // --pprof-addr: Go's profiler on loopback (config_pprof.go)
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// envInt reads an integer environment variable; a malformed value is kept
// in c.envErr, so that validate refuses to start and names the variable.
func (c *Config) envInt(name string, def int) int {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		c.envErr = errors.Join(c.envErr, usageErr("%s=%q: want a whole number", name, v))
		return def
	}
	return n
}

// envDuration reads a duration environment variable (such as 20s or 1m30s);
// a malformed value is kept in c.envErr like envInt's.
func (c *Config) envDuration(name string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return def
	}
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		c.envErr = errors.Join(c.envErr, usageErr("%s=%q: want a duration such as 20s or 1m30s", name, v))
		return def
	}
	return d
}

// bindStorage registers --db and --data, the flags of every command that
// opens the database.
func (c *Config) bindStorage(fs *flag.FlagSet, defaultData string) {
	fs.StringVar(&c.Data, "data", env("MOTCUA_DATA", defaultData), "data `directory` of an embedded deployment (env MOTCUA_DATA)")
	fs.StringVar(&c.DB, "db", env("MOTCUA_DB", ""), "database: sqlite:PATH or postgres://user@host/db (env MOTCUA_DB; default sqlite:<data>/motcua.db)")
	fs.StringVar(&c.LogLevel, "log-level", env("MOTCUA_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env MOTCUA_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("MOTCUA_LOG_FORMAT", "text"), "log format: text or json (env MOTCUA_LOG_FORMAT)")
	c.Units.bind(fs)
	c.Files.bind(fs, c)
}

// bindServer registers the flags of the commands that serve HTTP.
func (c *Config) bindServer(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("MOTCUA_ADDR", ":8080"), "`host:port` to listen on (env MOTCUA_ADDR)")
	fs.StringVar(&c.BaseURL, "base-url", env("MOTCUA_BASE_URL", ""), "public `URL` of this server, for QR codes and links (env MOTCUA_BASE_URL; default http://localhost<addr>)")
	fs.IntVar(&c.UploadMB, "max-upload-mb", c.envInt("MOTCUA_MAX_UPLOAD_MB", 10), "largest accepted upload in MB (env MOTCUA_MAX_UPLOAD_MB)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("MOTCUA_TRUSTED_PROXIES", ""), "comma-separated `CIDRs` of reverse proxies whose X-Forwarded-For is believed, e.g. 10.0.0.0/8 (env MOTCUA_TRUSTED_PROXIES)")
	c.Ops.bind(fs, c)
	c.Pprof.bind(fs)
	c.Notify.bind(fs, c)
	fs.IntVar(&c.FeedbackDays, "feedback-days", c.envInt("MOTCUA_FEEDBACK_DAYS", feedback.DefaultTimeLimit.N), "working days to answer citizens' feedback and petitions (env MOTCUA_FEEDBACK_DAYS)")
	c.Payment.bind(fs, c)
	fs.DurationVar(&c.Grace, "shutdown-grace", c.envDuration("MOTCUA_SHUTDOWN_GRACE", 20*time.Second), "time in-flight requests get to finish on SIGTERM (env MOTCUA_SHUTDOWN_GRACE)")
}

// validate fills derived defaults and checks every value.
func (c *Config) validate(serving bool) error {
	if c.envErr != nil {
		return c.envErr
	}
	if c.DB == "" {
		if c.Data == "" {
			return usageErr("either --db or --data is required")
		}
		c.DB = "sqlite:" + filepath.Join(c.Data, "motcua.db")
	}
	if !strings.HasPrefix(c.DB, "sqlite:") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		return usageErr("--db %q: want sqlite:PATH or a postgres:// URL", c.DB)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return usageErr("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return usageErr("--log-format %q: want text or json", c.LogFormat)
	}
	if err := c.Units.validate(); err != nil {
		return err
	}
	if err := c.Files.validate(); err != nil {
		return err
	}
	if !serving {
		return nil
	}
	if err := c.Identity.validate(); err != nil {
		return err
	}
	if _, port, err := splitAddr(c.Addr); err != nil || port == "" {
		return usageErr("--addr %q: want host:port, e.g. :8080 or 127.0.0.1:8080", c.Addr)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageErr("--base-url %q: want an http(s) URL", c.BaseURL)
		}
		c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	}
	if c.FeedbackDays < 1 || c.FeedbackDays > 90 {
		return usageErr("--feedback-days %d: want 1 to 90 working days", c.FeedbackDays)
	}
	if c.UploadMB < 1 || c.UploadMB > 200 {
		return usageErr("--max-upload-mb %d: want 1 to 200", c.UploadMB)
	}
	if err := c.Pprof.validate(); err != nil {
		return err
	}
	if err := c.Ops.validate(); err != nil {
		return err
	}
	if err := c.Notify.validate(); err != nil {
		return err
	}
	if err := c.Payment.validate(); err != nil {
		return err
	}
	if c.Grace < 0 {
		return usageErr("--shutdown-grace %s: must not be negative", c.Grace)
	}
	c.proxies = nil
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return usageErr("--trusted-proxies: %q is neither a CIDR nor an address", p)
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		c.proxies = append(c.proxies, prefix)
	}
	return nil
}

func splitAddr(addr string) (host, port string, err error) {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return "", "", fmt.Errorf("no port")
	}
	host, port = addr[:i], addr[i+1:]
	if _, err := strconv.Atoi(port); err != nil {
		return "", "", fmt.Errorf("bad port")
	}
	return host, port, nil
}

// publicURL is the base URL for links: the configured one, or one made from
// the listening address.
func (c *Config) publicURL(bound string) string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	host, port, _ := splitAddr(bound)
	if host == "" || host == "0.0.0.0" || host == "::" || host == "[::]" {
		host = "localhost"
	}
	return "http://" + host + ":" + port
}

func (c *Config) logger(w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
