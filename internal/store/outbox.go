package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// OutboxState is where an outbox message stands.
type OutboxState string

// Outbox states. A message is queued until a worker claims it (sending, with
// a lease); it ends sent, or failed after the configured attempts or age, when
// it waits for an officer to resend it or an administrator to discard it. A
// sending message whose lease expired (its worker died) is claimed again.
const (
	OutboxQueued    OutboxState = "queued"
	OutboxSending   OutboxState = "sending"
	OutboxSent      OutboxState = "sent"
	OutboxFailed    OutboxState = "failed"
	OutboxDiscarded OutboxState = "discarded"
)

// TopicPortal is the topic of the messages for the national public service
// portal: one per dossier change, keyed by the dossier's id.
const TopicPortal = "portal"

// OutboxMessage is one message owed to an outside system.
type OutboxMessage struct {
	ID      string          `json:"id"`
	UnitID  string          `json:"unit_id"`
	Topic   string          `json:"topic"`
	Key     string          `json:"key"`
	Seq     int             `json:"seq"`
	Payload json.RawMessage `json:"payload"`
	State   OutboxState     `json:"state"`
	// Attempts counts the claims so far, this one included while sending; it
	// is also the claim's fencing token.
	Attempts      int       `json:"attempts"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
	LockedUntil   time.Time `json:"locked_until,omitzero"`
	LastError     string    `json:"last_error,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	QueuedAt      time.Time `json:"queued_at"`
	SentAt        time.Time `json:"sent_at,omitzero"`
	DiscardedBy   string    `json:"discarded_by,omitempty"`
	DiscardReason string    `json:"discard_reason,omitempty"`
}

const outboxColumns = `id, unit_id, topic, key, seq, payload, state, attempts, next_attempt_at, locked_until,
	last_error, created_at, queued_at, sent_at, discarded_by, discard_reason`

func scanOutbox(row interface{ Scan(...any) error }) (*OutboxMessage, error) {
	var m OutboxMessage
	var payload, state string
	var next, locked, created, queued, sent sql.NullInt64
	if err := row.Scan(&m.ID, &m.UnitID, &m.Topic, &m.Key, &m.Seq, &payload, &state, &m.Attempts, &next, &locked,
		&m.LastError, &created, &queued, &sent, &m.DiscardedBy, &m.DiscardReason); err != nil {
		return nil, err
	}
	m.Payload, m.State = json.RawMessage(payload), OutboxState(state)
	m.NextAttemptAt, m.LockedUntil, m.CreatedAt = fromMS(next), fromMS(locked), fromMS(created)
	m.QueuedAt, m.SentAt = fromMS(queued), fromMS(sent)
	return &m, nil
}

// sendLater writes a message for topic, after the key's earlier ones, in the
// caller's transaction: it exists if and only if the change it reports commits.
func (tx *Tx) sendLater(ctx context.Context, topic, unitID, key string, payload any) error {
	// A payload that encodes itself (DossierChange) is asked directly:
	// json.Marshal would re-read its output to check and compact it.
	var b []byte
	var err error
	if m, ok := payload.(json.Marshaler); ok {
		b, err = m.MarshalJSON()
	} else {
		b, err = json.Marshal(payload)
	}
	if err != nil {
		return fmt.Errorf("encode %s message: %w", topic, err)
	}
	// The key's next seq is read in the insert itself: one statement.
	if _, err := tx.exec(ctx, `INSERT INTO outbox (id, unit_id, topic, key, seq, payload, state, next_attempt_at, created_at, queued_at)
		SELECT $1, $2, $3, $4, COALESCE(MAX(seq), 0) + 1, $5, 'queued', CAST($6 AS BIGINT), CAST($6 AS BIGINT), CAST($6 AS BIGINT)
		FROM outbox WHERE topic = $3 AND key = $4`, NewID(), unitID, topic, key, string(b), tx.now.UnixMilli()); err != nil {
		return fmt.Errorf("write %s message of %s: %w", topic, key, err)
	}
	return nil
}

// ClaimOutbox claims up to n due messages of topic for lease: each becomes
// sending, its attempts count one more, and it is locked until now + lease.
// Due means queued with its next attempt reached, or sending with an expired
// lease (its worker died). Only the first unfinished message of each key is
// ever due: a key's next message waits until the previous one is sent or
// discarded, so one dossier's messages go in order. Concurrent claimers never
// get the same message: PostgreSQL skips rows another claimer locked (FOR
// UPDATE SKIP LOCKED); SQLite has one writer.
func (db *DB) ClaimOutbox(ctx context.Context, topic string, n int, lease time.Duration) ([]*OutboxMessage, error) {
	if n <= 0 || lease <= 0 {
		return nil, fmt.Errorf("claim outbox: n and lease must be positive")
	}
	lock := ""
	if db.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var out []*OutboxMessage
	err := db.Transact(ctx, func(tx *Tx) error {
		out = nil
		now := tx.now.UnixMilli()
		// Two claims, each able to walk the index in order and stop at n:
		// first the messages whose worker died, then the due queued ones.
		for _, state := range []OutboxState{OutboxSending, OutboxQueued} {
			if len(out) == n {
				break
			}
			rows, err := tx.query(ctx, claimSQL(state, n-len(out), lock), now, now+lease.Milliseconds(), topic)
			if err != nil {
				return fmt.Errorf("claim outbox: %w", err)
			}
			for rows.Next() {
				m, err := scanOutbox(rows)
				if err != nil {
					rows.Close()
					return fmt.Errorf("claim outbox: %w", err)
				}
				out = append(out, m)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("claim outbox: %w", err)
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *OutboxMessage) int { return strings.Compare(a.ID, b.ID) })
	return out, err
}

// claimSQL claims up to n messages of topic $3 in state (sending: whose
// lease ended; queued: due), at $1, until $2, walking the partial index of
// the state (outbox_sending, outbox_queued) in order.
func claimSQL(state OutboxState, n int, lock string) string {
	due := `o.state = 'queued' AND o.next_attempt_at <= $1 ORDER BY o.next_attempt_at, o.id`
	if state == OutboxSending {
		due = `o.state = 'sending' AND o.locked_until <= $1 ORDER BY o.locked_until, o.id`
	}
	return `UPDATE outbox SET state = 'sending', attempts = attempts + 1, locked_until = $2
		WHERE id IN (SELECT o.id FROM outbox o
			WHERE o.topic = $3 AND NOT EXISTS (SELECT 1 FROM outbox p
				WHERE p.topic = o.topic AND p.key = o.key AND p.seq < o.seq AND p.state IN ('queued', 'sending', 'failed'))
			AND ` + due + ` LIMIT ` + fmt.Sprint(n) + lock + `)
		RETURNING ` + outboxColumns
}

// ResendOutbox queues a failed message again now, with a fresh count of
// attempts and age; by is the officer, audited. Errors: NotFound, Conflict
// (the message is not failed).
func (db *DB) ResendOutbox(ctx context.Context, id, by string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = $2, queued_at = $2
			WHERE id = $1 AND state = 'failed'`, id, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("resend outbox message %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return tx.outboxNotFailed(ctx, id)
		}
		if err := tx.releaseHeld(ctx, id); err != nil {
			return err
		}
		return tx.audit(ctx, by, "outbox_message", id, "resend", "")
	})
}

// DiscardOutbox gives up on a failed message for good, with the reason
// (required), audited; the key's later messages go on. Errors: Invalid
// (reason), NotFound, Conflict (the message is not failed).
func (db *DB) DiscardOutbox(ctx context.Context, id, by, reason string) error {
	reason = strings.TrimSpace(textfold.NFC(reason))
	if reason == "" {
		return apperr.Invalidf("reason", "cần nêu lý do huỷ tin")
	}
	if len([]rune(reason)) > 500 {
		return apperr.Invalidf("reason", "lý do dài quá 500 ký tự")
	}
	return db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE outbox SET state = 'discarded', discarded_by = $2, discard_reason = $3
			WHERE id = $1 AND state = 'failed'`, id, by, reason)
		if err != nil {
			return fmt.Errorf("discard outbox message %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return tx.outboxNotFailed(ctx, id)
		}
		if err := tx.releaseHeld(ctx, id); err != nil {
			return err
		}
		return tx.audit(ctx, by, "outbox_message", id, "discard", reason)
	})
}

// releaseHeld gives the messages a failed message held back (its key's
// later ones, still queued) a fresh age as it is resent or discarded: they
// could not be sent while it failed, so the age limit counts from their
// release. Without it, a dossier's next message, held back for days behind a
// failed one, failed at its first error after the release, having passed its
// age while waiting.
func (tx *Tx) releaseHeld(ctx context.Context, id string) error {
	if _, err := tx.exec(ctx, `UPDATE outbox SET queued_at = $2
		WHERE state = 'queued' AND queued_at < $2 AND (topic, key) IN (SELECT topic, key FROM outbox WHERE id = $1)
		AND seq > (SELECT seq FROM outbox WHERE id = $1)`, id, tx.now.UnixMilli()); err != nil {
		return fmt.Errorf("release the messages held back by %s: %w", id, err)
	}
	return nil
}

func (tx *Tx) outboxNotFailed(ctx context.Context, id string) error {
	var state string
	err := tx.queryRow(ctx, `SELECT state FROM outbox WHERE id = $1`, id).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "không tìm thấy tin %s", id)
	}
	if err != nil {
		return fmt.Errorf("outbox message %s: %w", id, err)
	}
	return apperr.New(apperr.Conflict, "tin không ở trạng thái lỗi (đang là %s)", state)
}

// OutboxFilter selects outbox messages; zero fields do not filter.
type OutboxFilter struct {
	Topic  string
	UnitID string
	Key    string
	States []OutboxState
	Limit  int // default 100, at most 1000
}

// OutboxMessages lists messages matching f, oldest first.
func (db *DB) OutboxMessages(ctx context.Context, f OutboxFilter) ([]*OutboxMessage, error) {
	q, args := outboxListSQL(f)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	defer rows.Close()
	var out []*OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("list outbox: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// outboxListSQL is OutboxMessages's query.
func outboxListSQL(f OutboxFilter) (string, []any) {
	where, args := outboxWhere(f)
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	return `SELECT ` + outboxColumns + ` FROM outbox` + where +
		fmt.Sprintf(` ORDER BY created_at, key, seq LIMIT %d`, min(limit, 1000)), args
}

func outboxWhere(f OutboxFilter) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Topic != "" {
		where = append(where, "topic = "+arg(f.Topic))
	}
	if f.UnitID != "" {
		where = append(where, "unit_id = "+arg(f.UnitID))
	}
	if f.Key != "" {
		where = append(where, "key = "+arg(f.Key))
	}
	if len(f.States) > 0 {
		// Literals, not parameters, and one state with =, so that the
		// engines match the partial index of an unsent state (outbox_failed,
		// ...): SQLite takes "state IN ('failed')" for another condition and
		// reads every message of the topic.
		var ps []string
		for _, s := range f.States {
			switch s {
			case OutboxQueued, OutboxSending, OutboxSent, OutboxFailed, OutboxDiscarded:
				ps = append(ps, "'"+string(s)+"'")
			default:
				ps = append(ps, arg(string(s)))
			}
		}
		if len(ps) == 1 {
			where = append(where, "state = "+ps[0])
		} else {
			where = append(where, "state IN ("+strings.Join(ps, ", ")+")")
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// OutboxStats is the state of a topic's delivery.
type OutboxStats struct {
	Pending      int       `json:"pending"` // queued or sending
	Failed       int       `json:"failed"`
	Sent         int       `json:"sent"`
	OldestQueued time.Time `json:"oldest_queued,omitzero"` // of the pending and failed
	// FailuresByCause counts failed messages by their last error.
	FailuresByCause map[string]int `json:"failures_by_cause,omitempty"`
}

// OutboxSummary counts a topic's messages (of a unit when unitID is set).
// It reads the partial indexes of the unsent messages and the counts of the
// sent ones (outbox_sent, kept as messages are settled): never the sent
// messages themselves, millions after a few years.
func (db *DB) OutboxSummary(ctx context.Context, topic, unitID string) (OutboxStats, error) {
	st, err := db.unsentStats(ctx, topic, unitID)
	if err != nil {
		return st, err
	}
	st.FailuresByCause = map[string]int{}
	q, args := sentSQL(topic, unitID)
	if err := db.read.QueryRowContext(ctx, q, args...).Scan(&st.Sent); err != nil {
		return st, fmt.Errorf("outbox summary: %w", err)
	}
	if st.Failed == 0 {
		return st, nil
	}
	q, args = causesSQL(topic, unitID)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return st, fmt.Errorf("outbox failures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cause string
		var n int
		if err := rows.Scan(&cause, &n); err != nil {
			return st, fmt.Errorf("outbox failures: %w", err)
		}
		st.FailuresByCause[cause] += n
	}
	return st, rows.Err()
}

// sentSQL reads a topic's sent total (of a unit when unitID is set).
func sentSQL(topic, unitID string) (string, []any) {
	if unitID == "" {
		return `SELECT COALESCE(SUM(n), 0) FROM outbox_sent WHERE topic = $1`, []any{topic}
	}
	return `SELECT COALESCE(SUM(n), 0) FROM outbox_sent WHERE topic = $1 AND unit_id = $2`, []any{topic, unitID}
}

// causesSQL counts a topic's failed messages by their last error.
func causesSQL(topic, unitID string) (string, []any) {
	where, args := outboxWhere(OutboxFilter{Topic: topic, UnitID: unitID, States: []OutboxState{OutboxFailed}})
	return `SELECT last_error, COUNT(*) FROM outbox` + where + ` GROUP BY last_error`, args
}

// OutboxMessageByID returns one message. Errors: NotFound.
func (db *DB) OutboxMessageByID(ctx context.Context, id string) (*OutboxMessage, error) {
	m, err := scanOutbox(db.read.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy tin %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read outbox message %s: %w", id, err)
	}
	return m, nil
}
