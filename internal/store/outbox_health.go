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
