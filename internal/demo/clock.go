package demo

import (
	"sync"
	"time"
)

// SimClock is the store's clock for the demo: it reads the real time until
// Set is called, then the instant last set, until Release. Construct the
// demo's store with store.Options{Now: clock.Now} so that every transaction
// Generate makes is stamped with the simulated instant. The zero value reads
// the real time. It is safe for concurrent use.
type SimClock struct {
	mu  sync.RWMutex
	at  time.Time
	sim bool
}

// Now returns the simulated instant while simulating, the real time otherwise.
func (c *SimClock) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if !c.sim {
		return time.Now()
	}
	return c.at
}

// Set makes Now return t until the next Set or Release.
func (c *SimClock) Set(t time.Time) {
	c.mu.Lock()
	c.at, c.sim = t, true
	c.mu.Unlock()
}

// Release makes Now read the real time again.
func (c *SimClock) Release() {
	c.mu.Lock()
	c.at, c.sim = time.Time{}, false
	c.mu.Unlock()
}

// Simulating reports whether Now returns a simulated instant.
func (c *SimClock) Simulating() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sim
}
