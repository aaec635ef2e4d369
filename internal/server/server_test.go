package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// slow is a route set with one request that waits until released.
type slow struct {
	started, release chan struct{}
}

func (s slow) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		close(s.started)
		<-s.release
		io.WriteString(w, "finished")
	})
}

// TestGracefulShutdown: when the context ends (SIGTERM), the server stops
// taking connections but lets the request in flight finish.
func TestGracefulShutdown(t *testing.T) {
	db := storetest.OpenSQLite(t, store.Options{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := slow{started: make(chan struct{}), release: make(chan struct{})}
	srv := New(db, log, metrics.New(), s)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, "127.0.0.1:0", 10*time.Second, func(a net.Addr) { addrc <- a }) }()
	base := "http://" + (<-addrc).String()

	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d %q", path, resp.StatusCode, body)
		}
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metricsBody, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(metricsBody), `http_requests_total{route="GET /healthz",code="200"} 1`) {
		t.Errorf("metrics do not count the health check:\n%s", metricsBody)
	}

	type result struct {
		body string
		err  error
	}
	inflight := make(chan result, 1)
	go func() {
		resp, err := http.Get(base + "/slow")
		if err != nil {
			inflight <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		inflight <- result{body: string(b)}
	}()
	<-s.started
	cancel() // SIGTERM
	// New connections are refused once shutdown has begun.
	refused := false
	for i := 0; i < 100 && !refused; i++ {
		if _, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second); err != nil {
			refused = true
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if !refused {
		t.Error("the server still accepts connections after shutdown began")
	}
	close(s.release)
	if r := <-inflight; r.err != nil || r.body != "finished" {
		t.Errorf("in-flight request: %q, %v", r.body, r.err)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve returned %v", err)
	}
}
