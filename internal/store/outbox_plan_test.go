package store

import (
	"context"
	"strings"
	"testing"
)

// TestOutboxReadsSkipSentMessages: what the sync page and /metrics read of
// the outbox (the backlog and its oldest message, a unit's summary, the
// failures by cause, the failed messages) is answered from the partial
// indexes of the unsent states and the sent totals (migration 0024), never
// from the table or an index holding every message: with millions of sent
// messages they cost what the backlog costs. These are SQLite's plans, which
// do not depend on the data (no ANALYZE); PostgreSQL's depend on its
// statistics.
func TestOutboxReadsSkipSentMessages(t *testing.T) {
	ctx := context.Background()
	db := planDB(ctx, t)
	type query struct {
		name string
		sql  func() (string, []any)
		want []string // the indexes its plan must use, in order
	}
	unsent := []string{"COVERING INDEX outbox_queued", "COVERING INDEX outbox_sending", "COVERING INDEX outbox_failed"}
	for _, q := range []query{
		{"backlog", func() (string, []any) { return unsentSQL(TopicPortal, "") }, unsent},
		{"a unit's backlog", func() (string, []any) { return unsentSQL(TopicPortal, "u1") }, unsent},
		{"sent", func() (string, []any) { return sentSQL(TopicPortal, "") }, []string{"INDEX sqlite_autoindex_outbox_sent_1"}},
		{"a unit's sent", func() (string, []any) { return sentSQL(TopicPortal, "u1") }, []string{"INDEX sqlite_autoindex_outbox_sent_1"}},
		{"failures by cause", func() (string, []any) { return causesSQL(TopicPortal, "") }, []string{"INDEX outbox_failed"}},
		{"a unit's failures by cause", func() (string, []any) { return causesSQL(TopicPortal, "u1") }, []string{"INDEX outbox_failed"}},
		{"a unit's failed messages", func() (string, []any) {
			return outboxListSQL(OutboxFilter{Topic: TopicPortal, UnitID: "u1", States: []OutboxState{OutboxFailed}, Limit: 200})
		}, []string{"INDEX outbox_failed"}},
		// The claims: the due messages in order from their state's index,
		// each one's predecessors from the key's, then the rows by id.
		{"the claim of the queued", func() (string, []any) {
			return claimSQL(OutboxQueued, 32, ""), []any{0, 0, TopicPortal}
		}, []string{"COVERING INDEX sqlite_autoindex_outbox_1", "INDEX outbox_queued", "INDEX outbox_key"}},
		{"the claim of the expired", func() (string, []any) {
			return claimSQL(OutboxSending, 32, ""), []any{0, 0, TopicPortal}
		}, []string{"COVERING INDEX sqlite_autoindex_outbox_1", "INDEX outbox_sending", "INDEX outbox_key"}},
	} {
		sql, args := q.sql()
		reads := planReads(ctx, t, db, sql, args)
		if len(reads) != len(q.want) {
			t.Errorf("%s reads %q, want %d reads using %q", q.name, reads, len(q.want), q.want)
			continue
		}
		for i, r := range reads {
			if !strings.Contains(r, " USING "+q.want[i]+" ") {
				t.Errorf("%s: %q, want it USING %s", q.name, r, q.want[i])
			}
		}
	}
}
