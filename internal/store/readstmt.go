package store

import (
	"context"
	"database/sql"
	"sync"
)

// readPool is the pool the reads use. On SQLite it keeps the statements it
// runs prepared, by text: modernc's SQLite parses an unprepared statement on
// every call, which was a fifth of the officers' dashboard's time and a
// seventh of the reception queue's (docs/performance.md, "Officers' pages").
// PostgreSQL's driver caches statements on its own.
type readPool struct {
	*sql.DB
	cache bool // SQLite

	mu     sync.RWMutex
	m      map[string]*sql.Stmt
	closed bool
}

// maxCachedReads bounds the read statements kept: queries built with a
// variable number of placeholders are many, the fixed ones a few hundred.
const maxCachedReads = 512

func newReadPool(db *sql.DB, cache bool) *readPool { return &readPool{DB: db, cache: cache} }

// stmt returns the prepared statement for query, preparing it on first use,
// or nil when it is not cached (not SQLite, the cache full, or the
// statement does not prepare: the plain call then reports the error).
func (p *readPool) stmt(ctx context.Context, query string) *sql.Stmt {
	if !p.cache {
		return nil
	}
	p.mu.RLock()
	s, ok := p.m[query]
	full := len(p.m) >= maxCachedReads || p.closed
	p.mu.RUnlock()
	if ok || full {
		return s
	}
	s, err := p.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, dup := p.m[query]; dup || p.closed || len(p.m) >= maxCachedReads {
		s.Close()
		return old
	}
	if p.m == nil {
		p.m = map[string]*sql.Stmt{}
	}
	p.m[query] = s
	return s
}

// QueryContext runs query through its prepared statement when cached.
func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := p.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query through its prepared statement when cached.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := p.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// Close closes the statements, then the pool.
func (p *readPool) Close() error {
	p.mu.Lock()
	p.closed = true
	for _, s := range p.m {
		s.Close()
	}
	p.m = nil
	p.mu.Unlock()
	return p.DB.Close()
}
