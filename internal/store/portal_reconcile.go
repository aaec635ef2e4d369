package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Reconciliation is one comparison of a unit's dossiers received in a
// period with what the national portal holds.
type Reconciliation struct {
	ID         string    `json:"id"`
	UnitID     string    `json:"unit_id"`
	From       time.Time `json:"from"` // receipt in [From, To)
	To         time.Time `json:"to"`
	StartedBy  string    `json:"started_by"` // an officer's id, or "schedule"
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Checked    int       `json:"checked"`
	// Differences counts the dossiers found different; Requeued those a
	// new message was queued for.
	Differences int    `json:"differences"`
	Requeued    int    `json:"requeued"`
	Error       string `json:"error,omitempty"`
}

// Kinds of PortalDifference.
const (
	DiffMissing     = "missing"     // the portal does not have the dossier
	DiffStatus      = "status"      // its status there differs from ours
	DiffAppointment = "appointment" // its appointment (or new appointment) differs
	DiffSteps       = "steps"       // it lacks some of the dossier's progress steps
)

// PortalDifference is one way a dossier differs on the portal.
type PortalDifference struct {
	DossierID string `json:"dossier_id"`
	Code      string `json:"code"`
	Kind      string `json:"kind"`
	Ours      string `json:"ours"`
	Theirs    string `json:"theirs"`
	// Requeued: a message bringing the portal up to date was queued. False
	// when one was already waiting (or failed) for the dossier.
	Requeued bool `json:"requeued"`
}

// StartReconciliation records the start of a reconciliation of unitID's
// dossiers received in [from, to).
func (db *DB) StartReconciliation(ctx context.Context, unitID string, from, to time.Time, by string) (*Reconciliation, error) {
	if !from.Before(to) {
		return nil, apperr.Invalidf("to", "ngày kết thúc phải sau ngày bắt đầu")
	}
	r := &Reconciliation{ID: NewID(), UnitID: unitID, From: from, To: to, StartedBy: by}
	err := db.Transact(ctx, func(tx *Tx) error {
		r.StartedAt = tx.now
		_, err := tx.exec(ctx, `INSERT INTO portal_reconciliations (id, unit_id, period_from, period_to, started_by, started_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, unitID, from.UnixMilli(), to.UnixMilli(), by, tx.now.UnixMilli())
		if err != nil {
			return fmt.Errorf("start reconciliation: %w", err)
		}
		return nil
	})
	return r, err
}

// FinishReconciliation records how r ended: its counts, its differences,
// and errText when it could not finish (the portal unreachable).
func (db *DB) FinishReconciliation(ctx context.Context, r *Reconciliation, diffs []PortalDifference, errText string) error {
	byDossier, requeued := map[string]bool{}, map[string]bool{}
	for _, d := range diffs {
		byDossier[d.DossierID] = true
		if d.Requeued {
			requeued[d.DossierID] = true
		}
	}
	r.Differences, r.Requeued, r.Error = len(byDossier), len(requeued), truncateError(errText)
	return db.Transact(ctx, func(tx *Tx) error {
		r.FinishedAt = tx.now
		for _, d := range diffs {
			if _, err := tx.exec(ctx, `INSERT INTO portal_differences (reconciliation_id, dossier_id, code, kind, ours, theirs, requeued)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
				r.ID, d.DossierID, d.Code, d.Kind, d.Ours, d.Theirs, boolInt(d.Requeued)); err != nil {
				return fmt.Errorf("record difference of %s: %w", d.Code, err)
			}
		}
		_, err := tx.exec(ctx, `UPDATE portal_reconciliations SET finished_at = $2, checked = $3, differences = $4,
			requeued = $5, error = $6 WHERE id = $1`, r.ID, tx.now.UnixMilli(), r.Checked, r.Differences, r.Requeued, r.Error)
		if err != nil {
			return fmt.Errorf("finish reconciliation %s: %w", r.ID, err)
		}
		return nil
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const reconciliationColumns = `id, unit_id, period_from, period_to, started_by, started_at, finished_at, checked,
	differences, requeued, error`

func scanReconciliation(row interface{ Scan(...any) error }) (*Reconciliation, error) {
	var r Reconciliation
	var from, to, started, finished sql.NullInt64
	if err := row.Scan(&r.ID, &r.UnitID, &from, &to, &r.StartedBy, &started, &finished, &r.Checked,
		&r.Differences, &r.Requeued, &r.Error); err != nil {
		return nil, err
	}
	r.From, r.To, r.StartedAt, r.FinishedAt = fromMS(from), fromMS(to), fromMS(started), fromMS(finished)
	return &r, nil
}

// Reconciliations lists a unit's latest reconciliations, newest first.
func (db *DB) Reconciliations(ctx context.Context, unitID string, limit int) ([]*Reconciliation, error) {
	if limit <= 0 || limit > 100 {
		limit = 10
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+reconciliationColumns+` FROM portal_reconciliations
		WHERE unit_id = $1 ORDER BY started_at DESC, id DESC LIMIT `+fmt.Sprint(limit), unitID)
	if err != nil {
		return nil, fmt.Errorf("list reconciliations: %w", err)
	}
	defer rows.Close()
	var out []*Reconciliation
	for rows.Next() {
		r, err := scanReconciliation(rows)
		if err != nil {
			return nil, fmt.Errorf("list reconciliations: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReconciliationByID returns one reconciliation. Errors: NotFound.
func (db *DB) ReconciliationByID(ctx context.Context, id string) (*Reconciliation, error) {
	r, err := scanReconciliation(db.read.QueryRowContext(ctx, `SELECT `+reconciliationColumns+`
		FROM portal_reconciliations WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy lần đối soát %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read reconciliation %s: %w", id, err)
	}
	return r, nil
}

// PortalDifferences lists the differences a reconciliation found, by code.
func (db *DB) PortalDifferences(ctx context.Context, reconciliationID string) ([]PortalDifference, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT dossier_id, code, kind, ours, theirs, requeued FROM portal_differences
		WHERE reconciliation_id = $1 ORDER BY code, kind LIMIT 5000`, reconciliationID)
	if err != nil {
		return nil, fmt.Errorf("list differences: %w", err)
	}
	defer rows.Close()
	var out []PortalDifference
	for rows.Next() {
		var d PortalDifference
		var req int
		if err := rows.Scan(&d.DossierID, &d.Code, &d.Kind, &d.Ours, &d.Theirs, &req); err != nil {
			return nil, fmt.Errorf("list differences: %w", err)
		}
		d.Requeued = req != 0
		out = append(out, d)
	}
	return out, rows.Err()
}

// ResyncPortal queues a portal message carrying the dossier with this code
// as it stands and its whole history, marked Resync so that the adapter
// looks it up and sends what the portal lacks. It does nothing and returns
// false when one of the dossier's portal messages is still queued, sending
// or failed: that one will bring the portal up to date, or an officer will
// resend it. Errors: NotFound.
func (db *DB) ResyncPortal(ctx context.Context, code string) (bool, error) {
	queued := false
	err := db.Transact(ctx, func(tx *Tx) error {
		queued = false
		d, err := tx.dossierForUpdate(ctx, code)
		if err != nil {
			return err
		}
		var waiting int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE topic = $1 AND key = $2
			AND state IN ('queued', 'sending', 'failed')`, TopicPortal, d.ID).Scan(&waiting); err != nil {
			return fmt.Errorf("messages of %s: %w", code, err)
		}
		if waiting > 0 {
			return nil
		}
		// The history, read in the transaction that holds the dossier, so
		// that no change slips between it and the message.
		events, err := tx.events(ctx, d.ID)
		if err != nil {
			return err
		}
		change, err := tx.portalChange(ctx, d, events)
		if err != nil {
			return err
		}
		change.Resync = true
		queued = true
		return tx.sendLater(ctx, TopicPortal, d.ReceivingUnitID, d.ID, change)
	})
	return queued, err
}
