package web

import (
	"context"
	"math"
	"runtime/debug"
	"sync/atomic"
	"time"
)

// argon2Memory is what one password check holds while it runs (argon2id
// with m=19 MiB, staff.HashPassword's parameters).
const argon2Memory = 19 << 20

// hashSlots bounds how many password checks run at once: each holds 19 MiB,
// so 150 logins at once held 2.9 GB. A login waits for a slot at most
// hashWait (or until its visitor leaves), then is refused with 503.
type hashSlots struct {
	slots chan struct{}
	// entered counts the checks that got a slot, for tests and operations.
	entered atomic.Int64
	// running and peak are the checks running now and the most seen at once.
	running, peak atomic.Int64
}

const hashWait = 20 * time.Second

// newHashSlots sizes the bound from the Go memory limit (GOMEMLIMIT): a
// quarter of it for password checks, between 1 and 16 slots; 4 without a limit.
func newHashSlots() *hashSlots {
	n := 4
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		n = int(min(max(limit/4/argon2Memory, 1), 16))
	}
	return &hashSlots{slots: make(chan struct{}, n)}
}

// do runs check in a slot. It returns false, without running it, when no
// slot freed up within hashWait or ctx ended first.
func (h *hashSlots) do(ctx context.Context, check func()) bool {
	t := time.NewTimer(hashWait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	case <-t.C:
		return false
	}
	defer func() { <-h.slots }()
	h.entered.Add(1)
	n := h.running.Add(1)
	defer h.running.Add(-1)
	for p := h.peak.Load(); n > p && !h.peak.CompareAndSwap(p, n); p = h.peak.Load() {
	}
	check()
	return true
}
