package store

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/report"
)

// rollupCache keeps the sums of the roll-ups that reports read (ReportCounts,
// ReportBreakdown) by query and arguments, so that a dashboard viewed again
// does not sum a year of roll-ups again: those sums were half of the
// officers' dashboard's time (docs/performance.md, "Officers' pages").
//
// An entry holds while no transaction of this process has written the
// roll-ups since it was read (version), and for rollupCacheTTL at most:
// another process sharing the database (a second node on PostgreSQL, the
// demo's generator) is seen within that time.
type rollupCache struct {
	version atomic.Uint64
	mu      sync.Mutex
	m       map[string]rollupEntry
}

type rollupEntry struct {
	version uint64
	expires time.Time
	counts  report.Counts
	rows    []Breakdown
}

// rollupCacheTTL bounds how long a sum read is used when no write of this
// process changed the roll-ups.
const rollupCacheTTL = 5 * time.Second

// maxRollupEntries bounds the cache; when full it starts again empty.
const maxRollupEntries = 1024

// touchesRollups reports whether a statement writes (or may write) the
// roll-up tables, whose sums the cache keeps.
func touchesRollups(query string) bool { return strings.Contains(query, "stats_") }

// rollupsChanged tells the cache that the roll-ups changed: every entry read
// before is stale.
func (db *DB) rollupsChanged() { db.rollups.version.Add(1) }

func rollupKey(q string, args []any) string {
	var b strings.Builder
	b.WriteString(q)
	for _, a := range args {
		b.WriteByte(0)
		fmt.Fprint(&b, a)
	}
	return b.String()
}

// cachedRollup returns the entry for key if it is still good, and the
// version a new entry read now must carry.
func (db *DB) cachedRollup(key string) (rollupEntry, bool, uint64) {
	c := &db.rollups
	v := c.version.Load()
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.version == v && time.Now().Before(e.expires) {
		return e, true, v
	}
	return rollupEntry{}, false, v
}

// keepRollup stores an entry read at version v.
func (db *DB) keepRollup(key string, v uint64, e rollupEntry) {
	c := &db.rollups
	e.version, e.expires = v, time.Now().Add(rollupCacheTTL)
	e.rows = slices.Clone(e.rows)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxRollupEntries {
		c.m = map[string]rollupEntry{}
	}
	c.m[key] = e
	c.mu.Unlock()
}
