package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// OldestPendingOutbox returns when the oldest message of topic still owed
// (queued, sending or failed) was queued, or the zero time when none is. It
// reads only the partial indexes of the unsent messages, so health checks
// may call it often.
func (db *DB) OldestPendingOutbox(ctx context.Context, topic string) (time.Time, error) {
	st, err := db.unsentStats(ctx, topic, "")
	if err != nil {
		return time.Time{}, fmt.Errorf("oldest %s message: %w", topic, err)
	}
	return st.OldestQueued, nil
}

// OutboxBacklog counts a topic's unsent messages (Pending: queued or
// sending; Failed) and finds the oldest one's queue time, reading only the
// partial indexes of the unsent messages: it costs the same with millions of
// sent messages, so /metrics may call it at every scrape. Sent and
// FailuresByCause are left empty.
func (db *DB) OutboxBacklog(ctx context.Context, topic string) (OutboxStats, error) {
	return db.unsentStats(ctx, topic, "")
}

// unsentStats counts a topic's unsent messages (of a unit when unitID is
// set) and finds the oldest one's queue time: one query per unsent state,
// each answered from that state's partial index (outbox_queued,
// outbox_sending, outbox_failed), which carries the unit and the queue time.
func (db *DB) unsentStats(ctx context.Context, topic, unitID string) (OutboxStats, error) {
	var st OutboxStats
	q, args := unsentSQL(topic, unitID)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return st, fmt.Errorf("%s backlog: %w", topic, err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		var oldest sql.NullInt64
		if err := rows.Scan(&state, &n, &oldest); err != nil {
			return st, fmt.Errorf("%s backlog: %w", topic, err)
		}
		if OutboxState(state) == OutboxFailed {
			st.Failed += n
		} else {
			st.Pending += n
		}
		if t := fromMS(oldest); !t.IsZero() && (st.OldestQueued.IsZero() || t.Before(st.OldestQueued)) {
			st.OldestQueued = t
		}
	}
	return st, rows.Err()
}

// unsentSQL is unsentStats's query.
func unsentSQL(topic, unitID string) (string, []any) {
	unit, args := "", []any{topic}
	if unitID != "" {
		unit, args = " AND unit_id = $2", append(args, unitID)
	}
	var parts []string
	for _, s := range []OutboxState{OutboxQueued, OutboxSending, OutboxFailed} {
		// The state is a literal, so that each part matches its index.
		parts = append(parts, `SELECT '`+string(s)+`', COUNT(*), MIN(queued_at) FROM outbox WHERE topic = $1 AND state = '`+string(s)+`'`+unit)
	}
	return strings.Join(parts, " UNION ALL "), args
}
