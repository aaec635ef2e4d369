package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OldestPendingOutbox returns when the oldest message of topic still owed
// (queued, sending or failed) was queued, or the zero time when none is. It
// reads only the unsent messages (index outbox_due), so health checks may
// call it often.
func (db *DB) OldestPendingOutbox(ctx context.Context, topic string) (time.Time, error) {
	var oldest sql.NullInt64
	if err := db.read.QueryRowContext(ctx, `SELECT MIN(queued_at) FROM outbox
		WHERE topic = $1 AND state IN ('queued', 'sending', 'failed')`, topic).Scan(&oldest); err != nil {
		return time.Time{}, fmt.Errorf("oldest %s message: %w", topic, err)
	}
	return fromMS(oldest), nil
}

// OutboxBacklog counts a topic's unsent messages (Pending: queued or
// sending; Failed) and finds the oldest one's queue time, reading only the
// partial index of unsent messages (outbox_unsent): unlike OutboxSummary it
// costs the same with millions of sent messages, so /metrics may call it at
// every scrape. Sent and FailuresByCause are left empty.
func (db *DB) OutboxBacklog(ctx context.Context, topic string) (OutboxStats, error) {
	var st OutboxStats
	rows, err := db.read.QueryContext(ctx, `SELECT state, COUNT(*), MIN(queued_at) FROM outbox
		WHERE topic = $1 AND state IN ('queued', 'sending', 'failed') GROUP BY state`, topic)
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
