package cli

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync"
	"time"
)

// pprofConfig is Go's profiler on a separate listener of its own, for
// measuring the server under load (scripts/bench.sh, docs/performance.md):
// never on the public address, and only on a loopback one.
type pprofConfig struct {
	Addr string // MOTCUA_PPROF_ADDR: loopback host:port; empty: no profiler
}

func (c *pprofConfig) bind(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "pprof-addr", env("MOTCUA_PPROF_ADDR", ""), "loopback `host:port` serving Go's profiler (/debug/pprof/) for performance work; empty: none (env MOTCUA_PPROF_ADDR)")
}

func (c *pprofConfig) validate() error {
	if c.Addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return usageErr("--pprof-addr %q: want host:port", c.Addr)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return usageErr("--pprof-addr %q: the profiler listens on a loopback address only (127.0.0.1:PORT)", c.Addr)
	}
	return nil
}

// startPprof serves the profiler until ctx ends; a listener that cannot be
// opened fails the start.
func startPprof(ctx context.Context, wg *sync.WaitGroup, c *pprofConfig, log *slog.Logger) error {
	if c.Addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return usageErr("--pprof-addr %q: %v", c.Addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Info("profiler listening", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("profiler stopped", "err", err)
		}
	}()
	go func() {
		defer wg.Done()
		<-ctx.Done()
		srv.Close()
	}()
	return nil
}
