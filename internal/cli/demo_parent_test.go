package cli

import (
	"context"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

// TestWatchParentStopsWhenTheGoCommandGoes: the demo's context is cancelled
// once its parent changes (it was re-parented), and not before.
func TestWatchParentStopsWhenTheGoCommandGoes(t *testing.T) {
	var ppid atomic.Int64
	ppid.Store(100)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var said atomic.Value
	done := make(chan struct{})
	go func() {
		watchParent(ctx, cancel, 100, func() int { return int(ppid.Load()) }, time.Millisecond, func(s string) { said.Store(s) })
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	if ctx.Err() != nil {
		t.Fatal("cancelled while the parent is there")
	}
	ppid.Store(1)
	<-done
	if ctx.Err() == nil {
		t.Fatal("not cancelled after the parent went")
	}
	if s, _ := said.Load().(string); s == "" {
		t.Error("nothing logged")
	}
}

// TestIsGoCommand: a test binary's parent is the go command under `go test`
// and something else when the binary is run directly; this process itself is
// never the go command.
func TestIsGoCommand(t *testing.T) {
	if isGoCommand(os.Getpid()) {
		t.Error("the test binary reads as the go command")
	}
	if isGoCommand(-1) {
		t.Error("a process that does not exist reads as the go command")
	}
}
