package store

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// A PostgreSQL failover (Patroni promoting a standby behind HAProxy) shows
// as a few seconds of refused connections, connections cut mid-transaction,
// and, briefly, a server that is read-only. Transact retries a transaction
// through them when it certainly did not commit: the error came before
// COMMIT was sent, so the server rolled it back (or never saw it). An error
// of the COMMIT itself leaves the outcome unknown: it is returned, and the
// caller retries with its idempotency key, which finds the dossier if it was
// committed (see idempotency.go).

// DefaultFailoverWait is how long Transact keeps retrying through a
// failover before it gives up.
const DefaultFailoverWait = 30 * time.Second

// commitError marks the error of a COMMIT: its outcome is unknown.
type commitError struct{ err error }

func (e *commitError) Error() string { return "commit: " + e.err.Error() }
func (e *commitError) Unwrap() error { return e.err }

// uncommitted reports whether err is a PostgreSQL connection failure, a
// server shutting down or a read-only server, met before COMMIT: the
// transaction is certainly not committed and may run again.
func uncommitted(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if ce := (*commitError)(nil); errors.As(err, &ce) {
		// Not even sent: safe. Otherwise the server may have committed.
		return pgconn.SafeToRetry(ce.err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"): // connection_exception
			return true
		case pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03": // admin/crash shutdown, cannot connect now
			return true
		case pe.Code == "25006": // read_only_sql_transaction: a standby, or a demoted primary
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "bad connection")
}
