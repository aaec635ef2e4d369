package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// TestOutboxMigration24KeepsMessagesAndCountsSent: migration 24 rebuilds
// the outbox's indexes (and, on SQLite, the table) under messages written
// before it. Every message is kept as it was; the sent ones are counted per
// topic and unit, so the summary says what it said before; a key's seq is
// still unique; and a failed message is still found, resent and sent.
func TestOutboxMigration24KeepsMessagesAndCountsSent(t *testing.T) {
	dsns := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "old.db")}
	if base := os.Getenv("MOTCUA_TEST_POSTGRES"); base != "" {
		dsns["postgres"] = freshPostgresSchema(t, base)
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := Open(ctx, dsn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.migrate(ctx, 23); err != nil {
				t.Fatal(err)
			}
			// As versions 10 to 23 wrote them: unit u1 has 3 portal
			// messages sent, 1 queued and 1 failed, and 2 notices sent;
			// unit u2 has 1 portal message sent.
			rows := []struct {
				unit, topic, key string
				seq              int
				state            OutboxState
			}{
				{"u1", TopicPortal, "d1", 1, OutboxSent}, {"u1", TopicPortal, "d1", 2, OutboxSent},
				{"u1", TopicPortal, "d1", 3, OutboxQueued}, {"u1", TopicPortal, "d2", 1, OutboxSent},
				{"u1", TopicPortal, "d3", 1, OutboxFailed}, {"u1", TopicNotify, "d1", 1, OutboxSent},
				{"u1", TopicNotify, "d2", 1, OutboxSent}, {"u2", TopicPortal, "d9", 1, OutboxSent},
			}
			for i, r := range rows {
				var sent any
				if r.state == OutboxSent {
					sent = int64(1000 + i)
				}
				if _, err := db.write.ExecContext(ctx, `INSERT INTO outbox (id, unit_id, topic, key, seq, payload, state, attempts,
					next_attempt_at, last_error, created_at, queued_at, sent_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, 1, 500, $8, 100, 100, $9)`,
					fmt.Sprintf("m%d", i), r.unit, r.topic, r.key, r.seq, fmt.Sprintf(`{"dossier":{"Code":"c%d"}}`, i), string(r.state),
					map[bool]string{true: "HTTP 500", false: ""}[r.state == OutboxFailed], sent); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				m, err := db.OutboxMessageByID(ctx, fmt.Sprintf("m%d", i))
				if err != nil {
					t.Fatal(err)
				}
				if m.UnitID != r.unit || m.Topic != r.topic || m.Key != r.key || m.Seq != r.seq || m.State != r.state ||
					string(m.Payload) != fmt.Sprintf(`{"dossier":{"Code":"c%d"}}`, i) || m.Attempts != 1 || m.CreatedAt.UnixMilli() != 100 {
					t.Errorf("message m%d after the migration: %+v", i, m)
				}
			}
			for _, c := range []struct {
				topic, unit           string
				sent, pending, failed int
			}{
				{TopicPortal, "u1", 2 + 1, 1, 1}, {TopicPortal, "u2", 1, 0, 0}, {TopicPortal, "", 4, 1, 1},
				{TopicNotify, "u1", 2, 0, 0}, {TopicNotify, "u2", 0, 0, 0},
			} {
				st, err := db.OutboxSummary(ctx, c.topic, c.unit)
				if err != nil {
					t.Fatal(err)
				}
				if st.Sent != c.sent || st.Pending != c.pending || st.Failed != c.failed {
					t.Errorf("%s of %q: sent %d, pending %d, failed %d; want %d, %d, %d",
						c.topic, c.unit, st.Sent, st.Pending, st.Failed, c.sent, c.pending, c.failed)
				}
			}
			if _, err := db.write.ExecContext(ctx, `INSERT INTO outbox (id, unit_id, topic, key, seq, payload, state,
				next_attempt_at, created_at, queued_at) VALUES ('dup', 'u1', 'portal', 'd1', 2, '{}', 'queued', 1, 1, 1)`); err == nil {
				t.Error("a second message 2 of d1 was stored")
			}
			// The failed message: resent, claimed, sent, counted.
			if err := db.ResendOutbox(ctx, "m4", "officer"); err != nil {
				t.Fatal(err)
			}
			ms, err := db.ClaimOutbox(ctx, TopicPortal, 10, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, m := range ms {
				ids = append(ids, m.ID)
			}
			if len(ms) != 2 || ms[0].ID != "m2" || ms[1].ID != "m4" {
				t.Fatalf("claimed %v, want [m2 m4]", ids)
			}
			if err := db.OutboxSent(ctx, ms[1]); err != nil {
				t.Fatal(err)
			}
			if err := db.OutboxSent(ctx, ms[1]); apperr.KindOf(err) != apperr.Conflict {
				t.Errorf("settled twice: %v, want Conflict", err)
			}
			if st, _ := db.OutboxSummary(ctx, TopicPortal, "u1"); st.Sent != 4 || st.Pending != 1 || st.Failed != 0 {
				t.Errorf("after the resend: %+v, want 4 sent, 1 pending (m2, sending), 0 failed", st)
			}
		})
	}
}
