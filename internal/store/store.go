// Package store keeps motcua's data in SQLite (embedded, the default) or
// PostgreSQL. All SQL lives here. Exported methods own their transaction;
// unexported helpers take a *Tx so that several steps commit together.
//
// Portability rules: ids are generated in Go (UUIDv7 text); instants are
// BIGINT Unix milliseconds; calendar dates are TEXT YYYY-MM-DD; structured
// values that are read and written whole (a procedure version, a unit's
// letterhead) are JSON text; placeholders are $1..$n on both engines.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/staff"
)

// Dialect names a database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a handle on the database. It is safe for concurrent use.
type DB struct {
	dialect       Dialect
	write         *sql.DB   // SQLite: one connection, so writers queue in Go, not in busy loops
	read          *readPool // SQLite: a pool of read-only connections (readstmt.go); PostgreSQL: the same as write
	now           func() time.Time
	log           *slog.Logger
	cals          calendars
	versions      versionCache // immutable procedure versions, by id and number
	stmts         stmtCache    // SQLite only: modernc re-parses every unprepared statement
	rollups       rollupCache  // the reports' sums of the roll-ups (stats_cache.go)
	unitsMu       sync.Mutex
	units         *unitsCache   // every unit, while units_version stays (units_cache.go)
	publicVersion atomic.Uint64 // PublicVersion (public_version.go)
	// failoverWait bounds Transact's retries through a PostgreSQL failover (failover.go).
	failoverWait time.Duration
	replica      *sql.DB // UseReplica: a PostgreSQL standby for the reports (replica.go)
	// ServePublicFromReplica (replica.go): the public pages read the replica
	// too; replicaChecked and replicaDown keep its last probe.
	publicOnReplica atomic.Bool
	replicaChecked  atomic.Int64
	replicaDown     atomic.Bool

	feedbackLimit atomic.Pointer[calendar.Limit] // SetFeedbackLimit
	dossierCodes  DossierCoding                  // Options.DossierCodes (units_merge.go)
	// fileStore keeps the bytes of uploads (UseFileStore, files.go); nil:
	// the database's blobs table.
	fileStore atomic.Pointer[filestore.Store]
}

// Options tune Open.
type Options struct {
	// Now is the clock used for created/updated stamps; time.Now when nil.
	Now func() time.Time
	// Logger receives retry notices; slog.Default() when nil.
	Logger *slog.Logger
	// FailoverWait is how long a PostgreSQL transaction that certainly did
	// not commit is retried through a failover: DefaultFailoverWait when
	// zero, no retry when negative.
	FailoverWait time.Duration
	// DossierCodes says which unit's identifier and day counter code a
	// dossier received for another unit: the receiver's (the default) or the
	// competent unit's.
	DossierCodes DossierCoding
}

// Open connects to the database named by dsn: "sqlite:PATH" or a
// "postgres://" / "postgresql://" URL. It does not migrate.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	db := &DB{now: opt.Now, log: opt.Logger, failoverWait: opt.FailoverWait, dossierCodes: opt.DossierCodes}
	if db.failoverWait == 0 {
		db.failoverWait = DefaultFailoverWait
	}
	if db.now == nil {
		db.now = time.Now
	}
	if db.log == nil {
		db.log = slog.Default()
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return nil, fmt.Errorf("open database: empty SQLite path in %q", dsn)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		db.dialect = SQLite
		pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
		w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		w.SetMaxOpenConns(1)
		r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open database: %w", err)
		}
		r.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
		r.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
		r.SetConnMaxIdleTime(5 * time.Minute)
		db.write, db.read = w, newReadPool(r, true)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if _, err := url.Parse(dsn); err != nil {
			return nil, fmt.Errorf("open database: bad PostgreSQL URL: %w", err)
		}
		db.dialect = Postgres
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		p.SetMaxOpenConns(32)
		p.SetMaxIdleConns(16)
		p.SetConnMaxIdleTime(5 * time.Minute)
		db.write, db.read = p, newReadPool(p, false)
	default:
		return nil, fmt.Errorf("open database: %q is neither sqlite:PATH nor a postgres:// URL", redact(dsn))
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", redact(dsn), err)
	}
	return db, nil
}

// redact hides a password in a database URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Dialect reports the engine.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close stops the statement preparer and waits for it, then closes every
// connection.
func (db *DB) Close() error {
	var err error
	db.stmts.mu.Lock()
	db.stmts.closed = true
	if db.stmts.cancel != nil {
		db.stmts.cancel()
	}
	db.stmts.mu.Unlock()
	db.stmts.wg.Wait()
	db.stmts.mu.Lock()
	for _, s := range db.stmts.m {
		s.Close()
	}
	db.stmts.m = nil
	db.stmts.mu.Unlock()
	if db.read != nil && db.read.DB != db.write {
		err = db.read.Close()
	}
	if db.replica != nil {
		err = errors.Join(err, db.replica.Close())
	}
	if db.write != nil {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// Ping checks that the database answers; /readyz uses it.
// It asks the read pool: the single SQLite writer may be busy with a long
// transaction while the instance is perfectly able to serve.
func (db *DB) Ping(ctx context.Context) error {
	return db.read.PingContext(ctx)
}

// Tx is a write transaction.
type Tx struct {
	tx  *sql.Tx
	db  *DB
	now time.Time

	// What this transaction already knows, so that writing a change's
	// outbox message does not read it again: each dossier's last event
	// number appended here (appendEvents) and the acting officer (actWith).
	eventSeq map[string]int
	actor    *staff.Officer
	// What dossierForUpdate read beside the dossier: units' calendar
	// revisions and names.
	calendarRev map[string]int
	unitName    map[string]string
	// The rows every writer of a unit shares are written at the end
	// (shared.go): the links of the audit chains and the roll-ups' sums.
	chained []chainRow
	stats   report.Contribution
	// The dossiers' moves in stats_pending (pending.go), and where each
	// dossier read or written here counts.
	pending   map[pendingKey]int64
	pendingAt map[string]pendingKey
	// wroteRollups: a statement wrote the roll-ups; the reports' cache of
	// their sums is told once the transaction commits (stats_cache.go).
	wroteRollups bool
	// wrotePublic: a statement wrote a table the public pages show
	// (PublicVersion).
	wrotePublic bool
}

// Transact runs fn in a write transaction and commits it, retrying the whole
// function when the engine reports a busy database (SQLite) or a
// serialisation failure or deadlock (PostgreSQL). fn must not have effects
// outside the transaction: it may run more than once.
func (db *DB) Transact(ctx context.Context, fn func(*Tx) error) error {
	const attempts = 8
	var err error
	if db.dialect == SQLite {
		defer db.prepareSoon()
	}
	var outage time.Time // when a failover's errors began (failover.go)
	for i := 0; ; i++ {
		err = db.transactOnce(ctx, fn)
		if err == nil || ctx.Err() != nil {
			return err
		}
		var backoff time.Duration
		switch {
		case retryable(err) && i < attempts-1:
			backoff = time.Duration(1<<i)*time.Millisecond + time.Duration(rand.IntN(2000))*time.Microsecond
			db.log.DebugContext(ctx, "retrying transaction", "attempt", i+1, "err", err)
		case db.dialect == Postgres && db.failoverWait > 0 && uncommitted(err):
			if outage.IsZero() {
				outage = time.Now()
				db.log.WarnContext(ctx, "database unavailable, retrying the transaction", "err", err)
			} else if time.Since(outage) > db.failoverWait {
				return err
			}
			backoff = min(time.Duration(50<<min(i, 4))*time.Millisecond, time.Second) + time.Duration(rand.IntN(50))*time.Millisecond
		default:
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
	}
}

func (db *DB) transactOnce(ctx context.Context, fn func(*Tx) error) (err error) {
	stx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	// Stamps are kept to the millisecond, in Vietnam's zone, as they read back.
	tx := &Tx{tx: stx, db: db, now: time.UnixMilli(db.now().UnixMilli()).In(Zone)}
	defer func() {
		if p := recover(); p != nil {
			stx.Rollback()
			panic(p)
		}
		if err != nil {
			stx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.writeShared(ctx); err != nil {
		return err
	}
	err = stx.Commit()
	// A failed commit may still have committed: the caches are told either way.
	if tx.wroteRollups {
		db.rollupsChanged()
	}
	if tx.wrotePublic {
		db.publicVersion.Add(1)
	}
	if err != nil {
		return &commitError{err}
	}
	return nil
}

// retryable reports whether err is a transient conflict worth retrying.
func retryable(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01": // serialization_failure, deadlock_detected
			return true
		}
	}
	return false
}

// isUniqueViolation reports whether err is a unique-constraint failure.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// stmtCache keeps prepared write statements by text. SQLite parses a
// statement on every unprepared call, which was a sixth of the time of a
// dossier transaction; PostgreSQL's driver caches on its own.
//
// The writer pool has one connection, held by the running transaction, so a
// statement cannot be prepared while it runs: a statement first seen in a
// transaction runs unprepared there and is prepared right after the
// transaction ends, when the connection is free again.
type stmtCache struct {
	mu        sync.Mutex
	m         map[string]*sql.Stmt
	wanted    map[string]bool
	preparing bool
	// The preparer runs under ctx, which Close cancels before waiting for
	// it on wg; after Close no preparer starts.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed bool
}

// maxCachedStatements bounds the cache: queries built with a variable number
// of placeholders are many, the fixed ones few.
const maxCachedStatements = 256

// stmt returns the transaction's view of a cached prepared statement, or
// nil when the statement is not (yet) cached.
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	db := tx.db
	if db.dialect != SQLite {
		return nil
	}
	c := &db.stmts
	c.mu.Lock()
	s, ok := c.m[query]
	if !ok && len(c.m)+len(c.wanted) < maxCachedStatements {
		if c.wanted == nil {
			c.wanted = map[string]bool{}
		}
		c.wanted[query] = true
	}
	c.mu.Unlock()
	if s == nil {
		return nil
	}
	return tx.tx.StmtContext(ctx, s)
}

// prepareSoon prepares the statements transactions asked for in the
// background, one preparer at a time, so that no caller waits for the
// writer connection a second time.
func (db *DB) prepareSoon() {
	c := &db.stmts
	c.mu.Lock()
	start := len(c.wanted) > 0 && !c.preparing && !c.closed
	if start {
		c.preparing = true
		if c.ctx == nil {
			c.ctx, c.cancel = context.WithCancel(context.Background())
		}
		c.wg.Add(1)
	}
	base := c.ctx
	c.mu.Unlock()
	if !start {
		return
	}
	go func() {
		defer c.wg.Done()
		ctx, cancel := context.WithTimeout(base, 10*time.Second)
		defer cancel()
		db.prepareWanted(ctx)
		c.mu.Lock()
		c.preparing = false
		c.mu.Unlock()
	}()
}

// prepareWanted prepares the statements transactions asked for, once the
// writer connection is free.
func (db *DB) prepareWanted(ctx context.Context) {
	c := &db.stmts
	c.mu.Lock()
	var queries []string
	for q := range c.wanted {
		queries = append(queries, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	// Not under the lock: preparing waits for the writer connection, which a
	// running transaction may hold while it asks the cache for statements.
	for _, q := range queries {
		if ctx.Err() != nil {
			return // closing
		}
		s, err := db.write.PrepareContext(ctx, q)
		if err != nil {
			continue // the plain call reports the error where it happens
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[string]*sql.Stmt{}
		}
		if _, dup := c.m[q]; dup {
			s.Close()
		} else {
			c.m[q] = s
		}
		c.mu.Unlock()
	}
}

// exec runs a statement in the transaction.
func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if touchesRollups(query) {
		tx.wroteRollups = true
	}
	if writesPublic(query) {
		tx.wrotePublic = true
	}
	if s := tx.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, query, args...)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := tx.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return tx.tx.QueryContext(ctx, query, args...)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if s := tx.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, query, args...)
}

// Now is the instant the transaction started, from the store's clock.
func (tx *Tx) Now() time.Time { return tx.now }

// querier is what read helpers need: the read pool or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q returns the querier of the transaction, for helpers shared by reads and writes.
func (tx *Tx) q() querier { return tx.tx }

// NewID returns a new time-ordered identifier (UUIDv7).
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// ms converts an instant to the stored form; the zero time is stored as NULL.
func ms(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

// fromMS converts a stored instant back, in Vietnam's zone.
func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64).In(Zone)
}

// Zone is Vietnam's time zone (UTC+7, no daylight saving), fixed so that no
// tzdata is needed.
var Zone = calendar.Location()

// nullStr stores "" as NULL.
func nullStr(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}
