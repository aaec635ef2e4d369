package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
)

// OutboxOutcome is how the delivery of one claimed message ended.
type OutboxOutcome struct {
	Message *OutboxMessage
	// State is OutboxSent, OutboxQueued (try again after Delay) or
	// OutboxFailed (wait for an officer).
	State OutboxState
	Delay time.Duration
	// Error is the last error of a message queued again or failed.
	Error string
}

// SettleOutbox records the outcomes of claimed messages, all in one
// transaction (one commit for a whole batch is what lets a worker deliver
// thousands of messages a second). Each message moves only if its claim is
// still current (fenced by its attempt count); the ids of those whose claim
// was lost, which nothing changed, are returned. A portal message sent also
// counts its dossier as synced; every message sent counts in its topic's and
// unit's sent total (outbox_sent).
func (db *DB) SettleOutbox(ctx context.Context, outs []OutboxOutcome) (lost []string, err error) {
	if len(outs) == 0 {
		return nil, nil
	}
	err = db.Transact(ctx, func(tx *Tx) error {
		lost = lost[:0]
		sent := map[sentKey]int{}
		for _, o := range outs {
			ok, err := tx.settle(ctx, o)
			if err != nil {
				return err
			}
			if !ok {
				lost = append(lost, o.Message.ID)
			} else if o.State == OutboxSent {
				sent[sentKey{o.Message.Topic, o.Message.UnitID}]++
			}
		}
		return tx.countSent(ctx, sent)
	})
	return lost, err
}

// sentKey is a row of outbox_sent.
type sentKey struct{ topic, unitID string }

// countSent adds to the sent totals, last in its transaction and in the
// order of their keys: on PostgreSQL a total's row stays locked until the
// commit, so two settling transactions can wait for each other's totals
// but never for anything else while holding one.
func (tx *Tx) countSent(ctx context.Context, sent map[sentKey]int) error {
	keys := slices.SortedFunc(maps.Keys(sent), func(a, b sentKey) int {
		return cmp.Or(strings.Compare(a.topic, b.topic), strings.Compare(a.unitID, b.unitID))
	})
	for _, k := range keys {
		if _, err := tx.exec(ctx, `INSERT INTO outbox_sent (topic, unit_id, n) VALUES ($1, $2, $3)
			ON CONFLICT (topic, unit_id) DO UPDATE SET n = outbox_sent.n + excluded.n`, k.topic, k.unitID, sent[k]); err != nil {
			return fmt.Errorf("count sent %s messages: %w", k.topic, err)
		}
	}
	return nil
}

// settle records one outcome; false when the claim is no longer current.
func (tx *Tx) settle(ctx context.Context, o OutboxOutcome) (bool, error) {
	m, now := o.Message, tx.now.UnixMilli()
	var q string
	args := []any{m.ID, m.Attempts, now}
	switch o.State {
	case OutboxSent:
		q = `UPDATE outbox SET state = 'sent', sent_at = $3, last_error = '', locked_until = NULL
			WHERE id = $1 AND attempts = $2 AND state = 'sending'`
	case OutboxQueued:
		q = `UPDATE outbox SET state = 'queued', next_attempt_at = $3, last_error = $4, locked_until = NULL
			WHERE id = $1 AND attempts = $2 AND state = 'sending'`
		args = []any{m.ID, m.Attempts, now + max(o.Delay, 0).Milliseconds(), truncateError(o.Error)}
	case OutboxFailed:
		q = `UPDATE outbox SET state = 'failed', next_attempt_at = $3, last_error = $4, locked_until = NULL
			WHERE id = $1 AND attempts = $2 AND state = 'sending'`
		args = append(args, truncateError(o.Error))
	default:
		return false, fmt.Errorf("settle outbox message %s: no outcome %q", m.ID, o.State)
	}
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("outbox message %s: %w", m.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	if o.State == OutboxSent && m.Topic == TopicPortal {
		return true, tx.portalDelivered(ctx, m)
	}
	return true, nil
}

func errClaimLost(m *OutboxMessage) error {
	return apperr.New(apperr.Conflict, "tin %s đã được tiến trình khác nhận lại (hết thời hạn giữ)", m.ID)
}

// settleOne records one outcome in its own transaction. Errors: Conflict
// when the claim is no longer current.
func (db *DB) settleOne(ctx context.Context, o OutboxOutcome) error {
	lost, err := db.SettleOutbox(ctx, []OutboxOutcome{o})
	if err != nil {
		return err
	}
	if len(lost) > 0 {
		return errClaimLost(o.Message)
	}
	return nil
}

// OutboxSent marks a claimed message sent. Errors: Conflict when the claim is
// no longer current.
func (db *DB) OutboxSent(ctx context.Context, m *OutboxMessage) error {
	return db.settleOne(ctx, OutboxOutcome{Message: m, State: OutboxSent})
}

// OutboxRetry puts a claimed message back in the queue, due after delay,
// keeping errText as its last error.
func (db *DB) OutboxRetry(ctx context.Context, m *OutboxMessage, delay time.Duration, errText string) error {
	return db.settleOne(ctx, OutboxOutcome{Message: m, State: OutboxQueued, Delay: delay, Error: errText})
}

// OutboxFail marks a claimed message failed: it stays, with errText, until
// resent or discarded, and holds back its key's later messages.
func (db *DB) OutboxFail(ctx context.Context, m *OutboxMessage, errText string) error {
	return db.settleOne(ctx, OutboxOutcome{Message: m, State: OutboxFailed, Error: errText})
}

// portalDelivered counts a dossier as synced (report.Counts.ReceivedSynced,
// on its reception day) the first time a portal message sent after its
// reception is delivered. The roll-up key has no officer: the count belongs
// to the unit, field, procedure and channel.
func (tx *Tx) portalDelivered(ctx context.Context, m *OutboxMessage) error {
	// Most messages are of a dossier counted already: one look at the
	// index, no decoding.
	var one int
	err := tx.queryRow(ctx, `SELECT 1 FROM portal_synced WHERE dossier_id = $1`, m.Key).Scan(&one)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sync of %s: %w", m.Key, err)
	}
	// The dossier alone: the events are not needed here.
	var ch struct {
		Dossier *portalDossier `json:"dossier"`
	}
	if err := json.Unmarshal(m.Payload, &ch); err != nil || ch.Dossier == nil {
		return fmt.Errorf("portal message %s: bad payload: %v", m.ID, err)
	}
	d := ch.Dossier
	if d.ReceivedAt.IsZero() || dossier.Status(d.Status) == dossier.Refused {
		return nil
	}
	// The dossier may have been refused since this message was written: a
	// refused dossier is not in Received, so it must not be in ReceivedSynced
	// either. The lock orders this against the refusal (see portalUnsynced).
	lock := ""
	if tx.db.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var now int
	if err := tx.queryRow(ctx, `SELECT status FROM dossiers WHERE id = $1`+lock, d.ID).Scan(&now); err != nil {
		return fmt.Errorf("status of %s: %w", d.ID, err)
	}
	if dossier.Status(now) == dossier.Refused {
		return nil
	}
	res, err := tx.exec(ctx, `INSERT INTO portal_synced (dossier_id, synced_at) VALUES ($1, $2) ON CONFLICT (dossier_id) DO NOTHING`,
		d.ID, tx.now.UnixMilli())
	if err != nil {
		return fmt.Errorf("record sync of %s: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil
	}
	k := report.Key{UnitID: d.ReceivingUnitID, Day: calendar.DateOf(time.Time(d.ReceivedAt)).String(), Field: d.FieldCode,
		Procedure: d.ProcedureCode, Channel: d.Channel}
	return tx.addStats(ctx, report.Contribution{k: report.Counts{ReceivedSynced: 1}})
}

// portalUnsynced takes back the sync count of a dossier being refused after
// its reception: refusal drops it from Received (report.Contribute), so it
// leaves ReceivedSynced too, keeping ReceivedSynced ⊆ Received.
func (tx *Tx) portalUnsynced(ctx context.Context, before *dossier.Dossier) error {
	res, err := tx.exec(ctx, `DELETE FROM portal_synced WHERE dossier_id = $1`, before.ID)
	if err != nil {
		return fmt.Errorf("forget sync of %s: %w", before.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 || before.ReceivedAt.IsZero() {
		return nil
	}
	k := report.Key{UnitID: before.ReceivingUnitID, Day: calendar.DateOf(before.ReceivedAt).String(), Field: before.FieldCode,
		Procedure: before.ProcedureCode, Channel: int(before.Channel)}
	return tx.addStats(ctx, report.Contribution{k: report.Counts{ReceivedSynced: -1}})
}
