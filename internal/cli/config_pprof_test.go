package cli

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
)

// TestPprofListensOnLoopbackOnly: --pprof-addr serves Go's profiler on its
// own loopback listener, not on the public address; an address that is not
// loopback is refused at start, naming the flag.
func TestPprofListensOnLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:6060", ":6060", "10.1.2.3:6060", "example.org:6060", "6060"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var stdout, stderr bytes.Buffer
		code := Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--pprof-addr", addr}, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), "--pprof-addr") {
			t.Errorf("--pprof-addr %s: exit %d, stderr %q; want exit 2 naming --pprof-addr", addr, code, stderr.String())
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pprofAddr := ln.Addr().String()
	ln.Close()
	base, _ := startOpsServe(t, "--data", t.TempDir(), "--pprof-addr", pprofAddr)
	if code, body := opsGet(t, "http://"+pprofAddr+"/debug/pprof/"); code != 200 || !strings.Contains(body, "goroutine") {
		t.Errorf("profiler index: %d %.200q", code, body)
	}
	if code, body := opsGet(t, "http://"+pprofAddr+"/debug/pprof/cmdline"); code != 200 || body == "" {
		t.Errorf("profiler cmdline: %d %q", code, body)
	}
	if code, _ := opsGet(t, base+"/debug/pprof/"); code != 404 {
		t.Errorf("the public address serves the profiler: %d", code)
	}
}
