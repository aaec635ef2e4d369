package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"
)

// A fakeSystem is one outside system motcua can fake over real HTTP, for the
// demo, the tests and anyone trying failures by hand. Each lives in its own
// file (fake_<name>.go) and registers itself from init.
type fakeSystem struct {
	what string // one line for the usage text
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var fakes = map[string]fakeSystem{}

func registerFake(name, what string, run func(ctx context.Context, args []string, stdout, stderr io.Writer) error) {
	if _, dup := fakes[name]; dup {
		panic("cli: fake registered twice: " + name)
	}
	fakes[name] = fakeSystem{what: what, run: run}
}

// runFake serves the fake named by the first argument.
func runFake(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	names := make([]string, 0, len(fakes))
	for n := range fakes {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 0 || fakes[args[0]].run == nil {
		var b strings.Builder
		b.WriteString("Usage: motcua fake NAME [flags]\n\nSystems:\n")
		for _, n := range names {
			fmt.Fprintf(&b, "  %-8s %s\n", n, fakes[n].what)
		}
		fmt.Fprint(stdout, b.String())
		if len(args) == 0 {
			return usageErr("name the system to fake: %s", strings.Join(names, ", "))
		}
		return usageErr("no fake named %q: want one of %s", args[0], strings.Join(names, ", "))
	}
	return fakes[args[0]].run(ctx, args[1:], stdout, stderr)
}

// serveFake serves h on addr until ctx ends; announce is printed with the
// bound address once the listener is open.
func serveFake(ctx context.Context, name, addr string, h http.Handler, stdout io.Writer, announce func(addr net.Addr) string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("fake %s: %w", name, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintln(stdout, announce(ln.Addr()))
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("fake %s: %w", name, err)
	}
	return nil
}
