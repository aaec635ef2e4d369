package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"
)

// A demo started by `go run` is a child of the go command. Ctrl+C in a
// terminal reaches both, but a script that kills only the go command
// (`kill $!`) leaves the demo behind, re-parented, filling its year and
// serving to nobody while the script goes on (a newcomer's test run then
// competes with it for the CPU). stopWithGoRun ends such a demo as if
// interrupted. A demo started any other way (the built binary, systemd,
// nohup) is left alone: its parent may go on purpose.

// stopWithGoRun cancels ctx's work (through cancel) once the go command
// that started this process is gone, when it was one.
func stopWithGoRun(ctx context.Context, cancel context.CancelFunc, log func(string)) {
	parent := os.Getppid()
	if !isGoCommand(parent) {
		return
	}
	go watchParent(ctx, cancel, parent, os.Getppid, time.Second, log)
}

// watchParent calls cancel when getppid stops returning parent.
func watchParent(ctx context.Context, cancel context.CancelFunc, parent int, getppid func() int, every time.Duration, log func(string)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if getppid() != parent {
				log(fmt.Sprintf("the go command that started the demo (process %d) is gone: stopping", parent))
				cancel()
				return
			}
		}
	}
}

// isGoCommand reports whether process pid runs the go command (Linux's
// /proc; elsewhere it reports false and the demo is never stopped this way).
func isGoCommand(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	return err == nil && strings.TrimSpace(string(b)) == "go"
}
